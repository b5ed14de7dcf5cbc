package io.vigil.vrrp.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.kernel.KernelException;
import io.vigil.vrrp.fsm.Action;
import io.vigil.vrrp.fsm.Event;
import io.vigil.vrrp.fsm.InstanceConfig;
import io.vigil.vrrp.wire.DropCounters;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A socket whose every receive fails at once (the kernel's error, not a bad advert) does not end
 * the instance, nor spin its thread: the runner rests between tries and its timers still run, so a
 * master (priority 255, advert 1 s) goes on sending its adverts. Each failing receive here also
 * moves the runner's clock on by one advert interval, so each turn after a rest finds its deadline
 * passed.
 */
class VrrpRunnerReceiveFailureTest {
  private static final long SECOND_NS = 1_000_000_000L;
  private static final InetAddress ME = ip("192.0.2.2");

  @Test
  void aFailingReceiveRestsTheThreadAndTheMasterGoesOnSendingAdverts() throws Exception {
    Failing sockets = new Failing();
    VrrpRunner runner = runner(sockets, 255);
    Thread t = started(runner, "vrrp-receive-failure-test");

    long restMs = VrrpRunner.RECEIVE_REST_NS / 1_000_000;
    Thread.sleep(4 * restMs);
    int failures = sockets.receives.get();
    int advertsAfterFirst = sockets.advertsAfterAFailure.get();
    runner.stop();
    t.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(failures).as("receives in %d ms", 4 * restMs).isBetween(1, 8);
    assertThat(runner.receiveFailures()).isGreaterThanOrEqualTo(failures);
    assertThat(advertsAfterFirst).as("adverts sent after a receive failed").isPositive();
    assertThat(t.isAlive()).as("run() returned at the stop").isFalse();
  }

  /**
   * A stop ends the rest at once: with a rest that parks for a minute whatever it is asked (the
   * runner asks for 500 ms at most), run() returns within the join's 10 s only if the stop's
   * wake-up ends the rest (it ended the socket's wait alone before, and a stop waited the rest
   * out).
   */
  @Test
  void aStopEndsTheRestAfterAFailedReceive() throws Exception {
    Failing sockets = new Failing();
    sockets.step = 0;
    VrrpRunner runner = runner(sockets, 100);
    runner.rest = ns -> LockSupport.parkNanos(TimeUnit.MINUTES.toNanos(1));
    Thread t = started(runner, "vrrp-receive-rest-test");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (sockets.receives.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(sockets.receives.get()).as("a receive failed").isPositive();
    Thread.sleep(50); // into its rest

    runner.stop();
    t.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(t.isAlive()).as("run() returned at the stop, its rest cut short").isFalse();
    assertThat(sockets.receives.get()).as("no receive after the stop").isEqualTo(1);
  }

  /** VI_1 (advert 1 s) at {@code priority} on {@code sockets}, whose clock it reads. */
  private static VrrpRunner runner(Failing sockets, int priority) {
    InstanceConfig config =
        InstanceConfig.builder("VI_1", 51, 2, ME, List.of(ip("192.0.2.100")))
            .priority(priority)
            .advertIntervalCs(100)
            .build();
    return new VrrpRunner(config, sockets, new DropCounters(), a -> {}, () -> sockets.now);
  }

  private static Thread started(VrrpRunner runner, String name) {
    Thread t = new Thread(runner::run, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static final class Failing extends QuietChannel {
    volatile long now = 7_000 * SECOND_NS;
    volatile long step = SECOND_NS; // the clock's move at each receive
    final AtomicInteger receives = new AtomicInteger();
    final AtomicInteger advertsAfterAFailure = new AtomicInteger();

    @Override
    public Event.AdvertReceived receive(long timeoutNs) {
      receives.incrementAndGet();
      now += step;
      throw new KernelException("recv(raw eth0)", 100); // ENETDOWN
    }

    @Override
    public void send(Action.SendAdvert advert) {
      if (receives.get() > 0) {
        advertsAfterAFailure.incrementAndGet();
      }
    }
  }

  private static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
