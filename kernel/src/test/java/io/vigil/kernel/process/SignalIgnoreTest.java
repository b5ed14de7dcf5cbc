package io.vigil.kernel.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * keepalived's JSON signal (SIGRTMIN+2) ignored in this very JVM, then sent to it: were it not
 * ignored, its default action would end the test run here.
 */
class SignalIgnoreTest {
  @Test
  void theCLibrarysRealtimeRangeIsLinuxs() {
    assertThat(SignalIgnore.realtimeMin()).isBetween(32, 40); // glibc: 34
    assertThat(SignalIgnore.realtimeMax()).isEqualTo(64);
  }

  @Test
  void anIgnoredRealtimeSignalLeavesTheProcessRunning() throws Exception {
    int json = SignalIgnore.realtimeMin() + 2;
    SignalIgnore.ignore(json);
    long self = ProcessHandle.current().pid();
    Process kill = new ProcessBuilder("kill", "-" + json, Long.toString(self)).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
    Thread.sleep(200); // delivery is asynchronous: a default action would have ended us by now
    assertThat(ProcessHandle.current().isAlive()).isTrue();
  }
}
