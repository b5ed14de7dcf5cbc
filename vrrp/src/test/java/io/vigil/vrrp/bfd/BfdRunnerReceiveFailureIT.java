package io.vigil.vrrp.bfd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A socket that fails at each receive (here: closed under the BFD thread, so each wait ends at once
 * with EBADF) makes the thread rest between tries, not spin, and the thread still takes up an apply
 * and ends at the close.
 */
class BfdRunnerReceiveFailureIT {
  private static final long MINUTE_NS = 60_000_000_000L;

  private static BfdRunner.SessionSpec passive(String name) throws Exception {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    return new BfdRunner.SessionSpec(
        new BfdSession.Config(name, 10_000, 10_000, 1_000_000, 3, true), lo, lo, 255, 255);
  }

  private static List<String> names(BfdRunner r) {
    return r.sessions().stream().map(BfdRunner.SessionState::name).toList();
  }

  private static void waitFor(BfdRunner r, List<String> expected) throws InterruptedException {
    for (int i = 0; i < 200 && !names(r).equals(expected); i++) {
      Thread.sleep(50);
    }
  }

  @Test
  void aFailingSocketIsTriedAgainAfterARestNotInASpin() throws Exception {
    AtomicReference<Thread> bfd = new AtomicReference<>();
    // no session has a timer and the idle wait is a minute: only the rest paces the tries
    BfdRunner runner =
        new BfdRunner((name, up) -> {}, () -> bfd.set(Thread.currentThread()), 0, MINUTE_NS);
    try {
      List<BfdRunner.SessionSpec> both = List.of(passive("a"), passive("b"));
      runner.apply(both);
      waitFor(runner, List.of("a", "b"));

      runner.input().close(); // a wait on a closed descriptor ends at once, its recvmsg fails
      runner.apply(both); // ends the wait in progress, and opens nothing (nothing changed)
      long restMs = BfdRunner.RECEIVE_REST_NS / 1_000_000;
      Thread.sleep(4 * restMs);
      long failures = runner.receiveFailures();

      assertThat(failures).as("tries in %d ms", 4 * restMs).isBetween(1L, 6L);
      runner.apply(List.of(passive("b")));
      waitFor(runner, List.of("b"));
      assertThat(names(runner)).containsExactly("b");
    } finally {
      runner.close(); // joins the thread for at most 2 s
    }
    assertThat(bfd.get().isAlive()).isFalse();
  }
}
