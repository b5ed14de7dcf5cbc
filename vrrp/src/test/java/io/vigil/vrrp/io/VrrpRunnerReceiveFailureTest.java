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
    InstanceConfig config =
        InstanceConfig.builder("VI_1", 51, 2, ME, List.of(ip("192.0.2.100")))
            .priority(255)
            .advertIntervalCs(100)
            .build();
    VrrpRunner runner =
        new VrrpRunner(config, sockets, new DropCounters(), a -> {}, () -> sockets.now);
    Thread t = new Thread(runner::run, "vrrp-receive-failure-test");
    t.setDaemon(true);
    t.start();

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

  private static final class Failing extends QuietChannel {
    volatile long now = 7_000 * SECOND_NS;
    final AtomicInteger receives = new AtomicInteger();
    final AtomicInteger advertsAfterAFailure = new AtomicInteger();

    @Override
    public Event.AdvertReceived receive(long timeoutNs) {
      receives.incrementAndGet();
      now += SECOND_NS;
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
