package io.vigil.director.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {
  @TempDir Path dir;

  static final long SELF = ProcessHandle.current().pid();

  @Test
  void thePidIsWrittenWhileItRunsAndRemovedAfter() throws Exception {
    Path f = dir.resolve("vigil.pid");
    assertThat(PidFile.claim(f)).isNull();
    assertThat(Files.readString(f)).isEqualTo(SELF + "\n");
    PidFile.release(f);
    assertThat(f).doesNotExist();
  }

  @Test
  void aLiveDaemonsPidKeepsASecondOneFromStarting() throws Exception {
    Process other = new ProcessBuilder("sleep", "30").start();
    try {
      Path f = Files.writeString(dir.resolve("vigil.pid"), other.pid() + "\n");
      assertThat(PidFile.claim(f))
          .isEqualTo("daemon is already running (pid " + other.pid() + " in " + f + ")");
      PidFile.release(f); // not ours: left alone
      assertThat(Files.readString(f)).isEqualTo(other.pid() + "\n");
    } finally {
      other.destroy();
      other.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aDeadDaemonsFileOrAnyOtherTextIsTakenOver() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor(10, TimeUnit.SECONDS);
    Path f = Files.writeString(dir.resolve("vigil.pid"), gone.pid() + "\n");
    assertThat(PidFile.claim(f)).isNull();
    assertThat(Files.readString(f)).isEqualTo(SELF + "\n");
    Files.writeString(f, "not a pid\n");
    assertThat(PidFile.claim(f)).isNull();
    assertThat(Files.readString(f)).isEqualTo(SELF + "\n");
  }

  @Test
  void aSymbolicLinkUnderTheNameIsNotFollowed() throws Exception {
    Path victim = Files.writeString(dir.resolve("victim"), "keep\n");
    Path f = Files.createSymbolicLink(dir.resolve("vigil.pid"), victim);
    assertThat(PidFile.claim(f)).startsWith("pid file " + f + " cannot be written");
    assertThat(Files.readString(victim)).isEqualTo("keep\n");
  }

  @Test
  void noFileNoClaim() {
    assertThat(PidFile.claim(null)).isNull();
    PidFile.release(null);
  }
}
