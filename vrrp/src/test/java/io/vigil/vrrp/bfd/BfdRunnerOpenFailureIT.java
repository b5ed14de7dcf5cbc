package io.vigil.vrrp.bfd;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.kernel.KernelException;
import io.vigil.kernel.process.OpenFiles;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An apply whose first start fails half way leaves no socket open and the runner able to start
 * later: here port 3784's socket (on a port of the kernel's choosing) opens and the thread's
 * wake-up cannot, under a soft limit on open descriptors just above the lowest free one.
 */
class BfdRunnerOpenFailureIT {
  private static BfdRunner.SessionSpec passive(String name) throws Exception {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    return new BfdRunner.SessionSpec(
        new BfdSession.Config(name, 10_000, 10_000, 1_000_000, 3, true), lo, lo, 255, 255);
  }

  @Test
  void aWakeupThatCannotOpenClosesTheListeningSocket() throws Exception {
    List<BfdRunner.SessionSpec> specs = List.of(passive("a"));
    try (BfdRunner warm = new BfdRunner((n, up) -> {}, () -> {}, 0, 1_000_000_000L)) {
      warm.apply(specs); // classes and native bindings load here, not under the limit
    }
    BfdRunner runner = new BfdRunner((n, up) -> {}, () -> {}, 0, 1_000_000_000L);
    try {
      int lowest = OpenFiles.lowestFree();
      long soft = OpenFiles.limit()[0];
      RuntimeException thrown = null;
      OpenFiles.limitSoft(lowest + 1); // the socket gets the lowest, the eventfd nothing
      try {
        runner.apply(specs);
      } catch (RuntimeException e) {
        thrown = e;
      } finally {
        OpenFiles.limitSoft(soft); // before anything else may need a descriptor
      }
      assertThat(thrown)
          .isInstanceOf(KernelException.class)
          .hasMessageStartingWith("eventfd: EMFILE");
      assertThat(OpenFiles.lowestFree())
          .as("the socket's descriptor is free again")
          .isEqualTo(lowest);
      assertThat(runner.sessions()).isEmpty();

      runner.apply(specs);
      for (int i = 0; i < 200 && runner.sessions().isEmpty(); i++) {
        Thread.sleep(50);
      }
      assertThat(runner.sessions()).extracting(BfdRunner.SessionState::name).containsExactly("a");
    } finally {
      runner.close();
    }
  }
}
