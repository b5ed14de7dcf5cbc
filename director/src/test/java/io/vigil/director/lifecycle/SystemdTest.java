package io.vigil.director.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.kernel.SdNotify;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdTest {
  @Test
  void withoutSystemdEverythingIsANoOpAndNoWatchdog() {
    Systemd s = Systemd.fromEnvironment(Map.of());
    assertThat(s.enabled()).isFalse();
    assertThat(s.watchdogPeriodMs()).isZero();
    assertThat(s.keepAlive(() -> true)).isFalse();
    s.ready("x");
    s.reloading();
    s.stopping();
  }

  @Test
  void watchdogPeriodIsHalfTheTimeoutAndOnlyForOurPid() {
    String me = Long.toString(ProcessHandle.current().pid());
    assertThat(
            Systemd.fromEnvironment(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", me))
                .watchdogPeriodMs())
        .isEqualTo(15_000);
    assertThat(
            Systemd.fromEnvironment(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "1"))
                .watchdogPeriodMs())
        .isZero();
    assertThat(Systemd.fromEnvironment(Map.of("WATCHDOG_USEC", "junk")).watchdogPeriodMs())
        .isZero();
  }

  @Test
  void keepAliveIsWithheldWhenTheLoopsAreNotAlive() {
    Systemd s = new Systemd(SdNotify.forSocket(null), 10_000_000, () -> 5);
    assertThat(s.keepAlive(() -> false)).isFalse();
  }

  /**
   * The notify socket gone (nothing bound at $NOTIFY_SOCKET): every notification fails with
   * ECONNREFUSED or ENOENT, and none throws. A throwing STOPPING=1 once killed the stop path of
   * {@code vigil run}, leaving its VRRP thread running and its VIPs up after SIGTERM.
   */
  @Test
  void aNotifySocketThatIsGoneFailsQuietly(@TempDir Path dir) {
    Systemd s =
        Systemd.fromEnvironment(
            Map.of("NOTIFY_SOCKET", dir.resolve("gone.sock").toString(), "WATCHDOG_USEC", "2000"));
    assertThat(s.enabled()).isTrue();
    s.ready("x");
    s.status("y");
    s.reloading();
    s.reloaded("z");
    assertThat(s.keepAlive(() -> true)).isFalse();
    s.stopping();
  }

  @Test
  void statusIsOneLine() {
    assertThat(Systemd.oneLine("a\nb")).isEqualTo("a b");
  }
}
