package io.vigil.vrrp.bfd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The BFD thread is woken by what other threads hand it: here it would otherwise wait a minute (no
 * session has a timer: passive ones send nothing until they hear from their neighbour), so an apply
 * taken up or a close that ends the thread can only be the wake-up's doing. Real sockets on
 * loopback, on a port of the kernel's choosing.
 */
class BfdRunnerWakeupIT {
  private static final long MINUTE_NS = 60_000_000_000L;

  private final AtomicReference<Thread> bfdThread = new AtomicReference<>();
  private final BfdRunner runner =
      new BfdRunner((name, up) -> {}, () -> bfdThread.set(Thread.currentThread()), 0, MINUTE_NS);

  @AfterEach
  void close() {
    runner.close();
  }

  private static BfdRunner.SessionSpec passive(String name) throws Exception {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    return new BfdRunner.SessionSpec(
        new BfdSession.Config(name, 10_000, 10_000, 1_000_000, 3, true), lo, lo, 255, 255);
  }

  private List<String> names() {
    return runner.sessions().stream().map(BfdRunner.SessionState::name).toList();
  }

  private void waitFor(List<String> expected) throws InterruptedException {
    for (int i = 0; i < 200 && !names().equals(expected); i++) {
      Thread.sleep(50);
    }
  }

  @Test
  void anApplyIsTakenUpWhileTheThreadWaits() throws Exception {
    runner.apply(List.of(passive("a")));
    waitFor(List.of("a")); // the thread's first turn: then it waits, a minute
    Thread.sleep(300);

    runner.apply(List.of(passive("a"), passive("b")));
    waitFor(List.of("a", "b"));
    assertThat(names()).containsExactly("a", "b");

    runner.apply(List.of(passive("b")));
    waitFor(List.of("b"));
    assertThat(names()).containsExactly("b");
  }

  @Test
  void closeEndsTheThreadWhileItWaits() throws Exception {
    runner.apply(List.of(passive("a")));
    waitFor(List.of("a"));
    Thread.sleep(300);
    Thread t = bfdThread.get();
    assertThat(t).isNotNull();

    runner.close(); // joins the thread for at most 2 s

    assertThat(t.isAlive()).isFalse();
  }
}
