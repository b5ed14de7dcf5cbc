package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import org.junit.jupiter.api.Test;

/**
 * {@code process_name} names the process, truncated to 15 characters with keepalived 2.2.7's
 * message (checked with {@code keepalived -t}); the names of keepalived's child processes have
 * nothing to name in Vigil and are warned about.
 */
class ProcessNameConfigTest {
  static LoadResult global(String line) {
    return Cfg.load("global_defs {\n  " + line + "\n}\n");
  }

  @Test
  void processNameAndItsTruncation() {
    assertThat(global("").config().globalDefs().processName()).isEmpty();
    LoadResult r = global("process_name lb-director");
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(r.config().globalDefs().processName()).contains("lb-director");
    LoadResult longer = global("process_name averyveryverylongname");
    assertThat(Cfg.findings(longer))
        .containsExactly(
            "2 error: Process name averyveryverylongname more than 15 characters, truncating");
    assertThat(longer.config().globalDefs().processName()).contains("averyveryverylo");
    String dump = ConfigDump.dump(r.config());
    assertThat(dump).contains("  process_name lb-director\n");
    assertThat(ConfigDump.dump(Cfg.load(dump).config())).isEqualTo(dump);
  }

  @Test
  void childProcessNamesHaveNothingToName() {
    for (String k :
        new String[] {
          "process_names",
          "vrrp_process_name v",
          "checker_process_name c",
          "lvs_process_name l",
          "bfd_process_name b"
        }) {
      String keyword = k.split(" ")[0];
      assertThat(Cfg.findings(global(k)))
          .containsExactly(
              "2 warning: "
                  + keyword
                  + " names keepalived's child processes: vigil runs as one process, whose threads"
                  + " are named vrrp-INSTANCE, vigil-lvs and bfd (process_name names the process)"
                  + " - ignored");
    }
  }
}
