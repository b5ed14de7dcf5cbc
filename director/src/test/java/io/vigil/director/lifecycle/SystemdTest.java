package io.vigil.director.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.kernel.SdNotify;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

  @Test
  void statusIsOneLine() {
    assertThat(Systemd.oneLine("a\nb")).isEqualTo("a b");
  }
}
