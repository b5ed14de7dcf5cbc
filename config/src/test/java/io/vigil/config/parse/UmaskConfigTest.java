package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code umask} in {@code global_defs}, read as keepalived 2.2.7 reads it. Each refused form and
 * its message was checked with {@code keepalived -t} (exit 5 on each, 0 on the accepted ones).
 */
class UmaskConfigTest {
  static LoadResult load(String mask) {
    return Cfg.load("global_defs {\n  umask " + mask + "\n}\n");
  }

  @Test
  void absentUnlessWritten() {
    assertThat(Cfg.load("global_defs {\n}\n").config().globalDefs().umask()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "077; 63", // C's base 0: a leading 0 is octal
        "0177; 127",
        "77; 77", // decimal 77 = 0115
        "0x3f; 63",
        "0; 0",
        "0777; 511",
        "IWGRP|IWOTH; 18",
        "IWGRP | IWOTH; 18",
        "IXUSR|IRGRP|IWGRP|IXGRP|IROTH|IWOTH|IXOTH; 127",
        "IRUSR; 256",
      })
  void numbersAndBitNames(String mask, int bits) {
    LoadResult r = load(mask);
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(r.config().globalDefs().umask()).contains(bits);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "08; invalid umask value 08",
        "1000; invalid umask value 1000",
        "0x; invalid umask value 0x",
        "0-1; invalid umask value 0-1",
        "0077 x; Extra parameter(s) to umask option",
        "IWGRP|; umask missing bit value",
        "IWGRPX; Invalid umask syntax IWGRPX",
        "|IWGRP; Unknown umask bit |IWGRP",
        "IRWXU; Unknown umask bit IRWXU",
        "IRUSRIWUSR; Invalid umask syntax IRUSRIWUSR",
        "IWGRP|IWXYZ; Unknown umask bit IWXYZ",
      })
  void keepalivedsRefusals(String mask, String message) {
    LoadResult r = load(mask);
    assertThat(Cfg.findings(r)).containsExactly("2 error: " + message);
    assertThat(r.config().globalDefs().umask()).isEqualTo(Optional.empty());
  }

  @Test
  void theDumpWritesItInOctalAndReadsBackTheSame() {
    String dump = ConfigDump.dump(load("IWGRP|IWOTH|IXOTH").config());
    assertThat(dump).contains("  umask 0023\n");
    assertThat(ConfigDump.dump(Cfg.load(dump).config())).isEqualTo(dump);
  }
}
