package io.vigil.vrrp.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.vrrp.fsm.Event;
import io.vigil.vrrp.fsm.InstanceConfig;
import io.vigil.vrrp.wire.DropCounters;
import io.vigil.vrrp.wire.ReceiveRules;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What other threads hand a runner ends its wait on the socket at once ({@link
 * AdvertChannel#wakeUp}), however far its next deadline: an injected event, a reload, a stop.
 */
class VrrpRunnerWakeupTest {
  private static final InetAddress ME = ip("192.0.2.2");

  /** Far longer than the runner's longest wait: a wait not woken up runs to its end and fails. */
  private static final long WAIT_REAL_S = 30;

  private static final long WITHIN_S = 10;

  private final Sockets sockets = new Sockets();
  private final InstanceConfig config =
      InstanceConfig.builder("VI_1", 51, 2, ME, List.of(ip("192.0.2.100")))
          .priority(100)
          .advertIntervalCs(100)
          .build();
  private final VrrpRunner runner =
      new VrrpRunner(config, sockets, new DropCounters(), a -> {}, () -> sockets.now);

  @Test
  void anEventAReloadAndAStopEachEndTheWaitInProgress() throws Exception {
    Thread t = new Thread(runner::run, "vrrp-wakeup-test");
    t.setDaemon(true);
    t.start();

    assertThat(sockets.nextWait()).isEqualTo("waiting");
    runner.inject(new Event.TrackerStatus("eth9", false));
    assertThat(sockets.nextWait()).as("after inject").isEqualTo("woken");

    assertThat(sockets.nextWait()).isEqualTo("waiting");
    runner.reconfigure(config, ReceiveRules.of(51, 2, 100, config.vips()), () -> {});
    assertThat(sockets.nextWait()).as("after reconfigure").isEqualTo("woken");
    // the runner applies the reload after its wait ends and before it waits again
    assertThat(sockets.nextWait()).isEqualTo("waiting");
    assertThat(sockets.reconfigured).isEqualTo(1);
    runner.stop();
    assertThat(sockets.nextWait()).as("after stop").isEqualTo("woken");
    t.join(TimeUnit.SECONDS.toMillis(WITHIN_S));
    assertThat(t.isAlive()).as("run() returned").isFalse();
  }

  /**
   * A twin of the sockets whose waits block for real until woken up (or {@link #WAIT_REAL_S}), on a
   * clock that moves only when a wait runs to its end; each wait's start and end are reported.
   */
  private static final class Sockets extends QuietChannel {
    final Semaphore wakeups = new Semaphore(0);
    final BlockingQueue<String> waits = new LinkedBlockingQueue<>();
    volatile long now = 7_000_000_000_000L;
    volatile int reconfigured;

    String nextWait() throws InterruptedException {
      String w = waits.poll(WITHIN_S, TimeUnit.SECONDS);
      return w == null ? "nothing within " + WITHIN_S + " s" : w;
    }

    @Override
    public Event.AdvertReceived receive(long timeoutNs) {
      waits.add("waiting");
      boolean woken;
      try {
        woken = wakeups.tryAcquire(WAIT_REAL_S, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        woken = false;
      }
      if (!woken) {
        now += timeoutNs;
      }
      waits.add(woken ? "woken" : "ran to its end");
      return null;
    }

    @Override
    public void wakeUp() {
      wakeups.release();
    }

    @Override
    public void reconfigure(InstanceConfig next, ReceiveRules rules) {
      reconfigured++;
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
