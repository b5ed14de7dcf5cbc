package io.vigil.director.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keepalived's {@code -M}: the pattern written, what was there before put back at exit. */
class CorePatternTest {
  @TempDir Path dir;

  @Test
  void setReturnsTheOldPatternAndRestorePutsItBack() throws Exception {
    Path file = Files.writeString(dir.resolve("core_pattern"), "|/usr/lib/systemd/coredump %P\n");
    String before = CorePattern.set(file, "core.%p");
    assertThat(Files.readString(file)).isEqualTo("core.%p");
    assertThat(before).isEqualTo("|/usr/lib/systemd/coredump %P");
    CorePattern.restore(file, before);
    assertThat(Files.readString(file)).isEqualTo("|/usr/lib/systemd/coredump %P");
  }

  @Test
  void aFileThatCannotBeReadLeavesNothingToRestore() {
    Path missing = dir.resolve("no/such/core_pattern");
    assertThat(CorePattern.set(missing, "core")).isNull();
    CorePattern.restore(missing, null);
    assertThat(missing).doesNotExist();
  }
}
