package io.vigil.vrrp.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.vrrp.fsm.Action;
import io.vigil.vrrp.fsm.Event;
import io.vigil.vrrp.fsm.InstanceConfig;
import io.vigil.vrrp.fsm.Timing;
import io.vigil.vrrp.wire.DropCounters;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The runner's loop on a twin of the sockets and a clock it drives: a backup (priority 100, VRRPv3
 * advert 10 ms, Master_Down_Interval 36.09 ms) hears a master (priority 200) every 10 ms, then its
 * thread comes back 60 ms after its wait ended, past its deadline, with the master's advert queued
 * in the socket.
 */
class VrrpRunnerTest {
  private static final long MS = 1_000_000L;
  private static final InetAddress ME = ip("192.0.2.2");
  private static final InetAddress MASTER = ip("192.0.2.1");
  private static final List<InetAddress> VIPS = List.of(ip("192.0.2.100"));
  private static final long DOWN_INTERVAL = Timing.masterDownIntervalNs(3, 100, 1, 3);

  private long now = 7_000_000 * MS;
  private final List<Action> effects = new ArrayList<>();
  private final List<Long> takeovers = new ArrayList<>(); // when AddVips came, on the clock

  private void effect(Action a) {
    effects.add(a);
    if (a instanceof Action.AddVips) {
      takeovers.add(now);
    }
  }

  private Consumer<VrrpRunner> beforeRun = r -> {};

  @Test
  void anAdvertQueuedWhileTheThreadWasLateKeepsItBackup() {
    run(new Event.AdvertReceived(200, 1, MASTER));
    assertThat(effects).noneMatch(Action.AddVips.class::isInstance);
  }

  @Test
  void withNothingQueuedTheLateTimerStillTakesOverAsLongAsItWasLateLater() {
    Twin twin = new Twin(null, 60 * MS);
    twin.watchNs = 70 * MS;
    VrrpRunner runner = runWith(twin);
    assertThat(takeovers)
        .as(
            "60 ms late, more than the master's 10 ms interval: this host had stopped, the master"
                + " gets as long, up to two down intervals")
        .containsExactly(twin.lateTurnAt + 60 * MS);
    assertThat(runner.stallWaits()).isEqualTo(1);
    assertThat(runner.lateMaxNs()).as("the late turn").isBetween(60 * MS, 61 * MS);
    // 60 ms late: over 1 ms and 10 ms, not over 100 ms; the five turns on time count nowhere
    assertThat(runner.lateTurnsOver(0)).isEqualTo(1);
    assertThat(runner.lateTurnsOver(1)).isEqualTo(1);
    assertThat(runner.lateTurnsOver(2)).isZero();
    assertThat(runner.lateTurnsOver(3)).isZero();
  }

  @Test
  void aQueuedAdvertThatDoesNotCountIsReadOnceAndTheTimerRuns() {
    // a lower priority is no master for a backup that preempts: the timer must still run (after
    // the wait a stall gets, as long as it was late)
    Twin twin = new Twin(new Event.AdvertReceived(50, 1, MASTER), 60 * MS);
    twin.watchNs = 70 * MS;
    runWith(twin);
    assertThat(takeovers).containsExactly(twin.lateTurnAt + 60 * MS);
    assertThat(twin.queuedReads).isEqualTo(1);
  }

  /**
   * The soak's case: the machine stops for ~110 ms, the master (on it too) with it; the backup's
   * timer turn comes first after it, before the master's own late advert.
   */
  @Test
  void aBackupThatWasStoppedHearsTheMastersLateAdvertInTheIntervalItWaits() {
    Twin twin = new Twin(null, 60 * MS);
    twin.duringWait = new Event.AdvertReceived(200, 1, MASTER);
    VrrpRunner runner = runWith(twin);
    assertThat(effects).noneMatch(Action.AddVips.class::isInstance);
    assertThat(runner.stallWaits()).isEqualTo(1);
  }

  @Test
  void aTurnLaterThanTwoDownIntervalsWaitsTwoDownIntervals() {
    // the longest a takeover is put off: a host stopped for seconds (a hypervisor's pause) does
    // not wait seconds more for a master that may have died meanwhile
    Twin twin = new Twin(null, 500 * MS);
    twin.watchNs = 2 * DOWN_INTERVAL + 10 * MS;
    VrrpRunner runner = runWith(twin);
    assertThat(takeovers).containsExactly(twin.lateTurnAt + 2 * DOWN_INTERVAL);
    assertThat(runner.stallWaits()).isEqualTo(1);
  }

  @Test
  void aTurnLateByLessThanADownIntervalWaitsAsLongAsItWasLate() {
    Twin twin = twin(null, 15 * MS);
    assertThat(takeovers).containsExactly(twin.lateTurnAt + 15 * MS);
    assertThat(twin.runner.stallWaits()).isEqualTo(1);
  }

  @Test
  void aTurnLateByLessThanTheMastersIntervalTakesOverAtOnce() {
    Twin twin = twin(null, 5 * MS);
    assertThat(takeovers).containsExactly(twin.lateTurnAt);
    assertThat(twin.runner.stallWaits()).isZero();
  }

  @Test
  void theWaitIsGivenOncePerDeadline() {
    Twin twin = new Twin(null, 60 * MS);
    twin.stallInWaitNs = 60 * MS; // the machine stops again during the wait
    twin.watchNs = 130 * MS;
    VrrpRunner runner = runWith(twin);
    assertThat(takeovers).containsExactly(twin.lateTurnAt + 60 * MS + 60 * MS);
    assertThat(runner.stallWaits()).isEqualTo(1);
  }

  @Test
  void priorityZeroAdvertsAreCountedBothWays() {
    // the master steps down: its priority 0 advert is the sixth received; the backup, master
    // Skew_Time later, sends adverts of its own priority, then one of priority 0 as it stops
    Twin twin = twin(new Event.AdvertReceived(0, 1, MASTER), 60 * MS);
    assertThat(takeovers).hasSize(1);
    assertThat(twin.runner.advertsReceived()).isEqualTo(6);
    assertThat(twin.runner.priorityZeroReceived()).isEqualTo(1);
    assertThat(twin.sent).isPositive();
    assertThat(twin.runner.advertsSent()).isEqualTo(twin.sent);
    assertThat(twin.zeroSent).isEqualTo(1);
    assertThat(twin.runner.priorityZeroSent()).isEqualTo(1);
  }

  @Test
  void aTurnOnTimeRunsTheTimerWithoutReadingTheQueue() {
    // 0.2 ms after the deadline the wait has just ended with nothing to read: as keepalived's loop,
    // the timer runs; the advert that came in since is read on the next turn (one system call less
    // per turn)
    Twin twin = twin(new Event.AdvertReceived(200, 1, MASTER), 200_000L);
    assertThat(effects).anyMatch(Action.AddVips.class::isInstance);
    assertThat(twin.queuedReads).isZero();
  }

  @Test
  void aTurnLaterThanTheHooksBoundCallsItOnTheRunnersThreadWithHowLate() {
    List<Long> calls = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    beforeRun =
        r ->
            r.onLate(
                50 * MS,
                lateNs -> {
                  calls.add(lateNs);
                  threads.add(Thread.currentThread());
                });
    run(null); // the one late turn: 60 ms
    assertThat(calls).hasSize(1).allSatisfy(ns -> assertThat(ns).isBetween(60 * MS, 61 * MS));
    assertThat(threads).containsOnly(Thread.currentThread()); // run() ran on this one

    calls.clear();
    effects.clear();
    beforeRun = r -> r.onLate(100 * MS, calls::add);
    run(null);
    assertThat(calls).as("60 ms is not over 100 ms").isEmpty();
  }

  @Test
  void withAnAnnounceIntervalTheAnnouncementsAreSpacedAndTheAdvertsGoOnMeanwhile() {
    List<Long> at = new ArrayList<>();
    List<List<InetAddress>> what = new ArrayList<>();
    int adverts = silentMaster(5 * MS, at, what);
    // 3 rounds of the two addresses, one frame at a time, 5 ms apart
    assertThat(what).hasSize(6).allSatisfy(a -> assertThat(a).hasSize(1));
    assertThat(repeats).containsOnly(1);
    assertThat(what.stream().map(a -> a.get(0)).toList())
        .containsExactly(
            TWO_VIPS.get(0), TWO_VIPS.get(1),
            TWO_VIPS.get(0), TWO_VIPS.get(1),
            TWO_VIPS.get(0), TWO_VIPS.get(1));
    for (int i = 1; i < at.size(); i++) {
      assertThat(at.get(i) - at.get(i - 1)).isEqualTo(5 * MS);
    }
    assertThat(adverts)
        .as("adverts every 10 ms while the announcements are spaced")
        .isGreaterThan(2);
  }

  @Test
  void withoutAnAnnounceIntervalOneAnnouncementSendsEveryFrameAtOnce() {
    List<Long> at = new ArrayList<>();
    List<List<InetAddress>> what = new ArrayList<>();
    silentMaster(0, at, what);
    assertThat(what).containsExactly(TWO_VIPS);
    assertThat(repeats).containsExactly(3);
  }

  private final List<Integer> repeats = new ArrayList<>();

  private static final List<InetAddress> TWO_VIPS = List.of(ip("192.0.2.100"), ip("192.0.2.101"));

  /**
   * The address owner (master at once) on a silent network with advert 10 ms, 3 announcements per
   * address when it becomes master, no second burst: runs about 40 ms of its clock and records each
   * announcement's time and addresses; returns how many adverts it sent.
   */
  @Test
  void addressesAnnouncedElsewhereAreLeftToTheRuntimeSpacedOrNot() {
    for (long intervalNs : new long[] {0, 5 * MS}) {
      List<List<InetAddress>> what = new ArrayList<>();
      effects.clear();
      beforeRun = r -> r.announceElsewhere(java.util.Set.of(TWO_VIPS.get(1)));
      silentMaster(intervalNs, new ArrayList<>(), what);
      assertThat(what.stream().flatMap(List::stream).distinct().toList())
          .as("interval %d: only the address on the runner's device", intervalNs)
          .containsExactly(TWO_VIPS.get(0));
      assertThat(effects)
          .as("the runtime gets the whole announcement, to send the rest on their devices")
          .anySatisfy(
              a ->
                  assertThat(a)
                      .isInstanceOfSatisfying(
                          Action.SendGarp.class,
                          g -> assertThat(g.addresses()).isEqualTo(TWO_VIPS)));
    }
    beforeRun = r -> r.announceElsewhere(java.util.Set.copyOf(TWO_VIPS));
    List<List<InetAddress>> none = new ArrayList<>();
    silentMaster(0, new ArrayList<>(), none);
    assertThat(none).as("all elsewhere: the runner's device announces nothing").isEmpty();
  }

  private int silentMaster(long intervalNs, List<Long> at, List<List<InetAddress>> what) {
    InstanceConfig config =
        InstanceConfig.builder("VI_1", 51, 3, ME, TWO_VIPS)
            .priority(255)
            .advertIntervalCs(1)
            .garpMaster(0, 3)
            .announceIntervalNs(intervalNs)
            .build();
    long start = now;
    int[] adverts = {0};
    VrrpRunner[] self = {null};
    AdvertChannel silent =
        new Twin(null, 0) {
          @Override
          public Event.AdvertReceived receive(long timeoutNs) {
            if (now - start > 40 * MS) {
              self[0].stop();
              return null;
            }
            now += timeoutNs; // nothing comes in: the wait runs to its end
            return null;
          }

          @Override
          public void send(Action.SendAdvert advert) {
            adverts[0]++;
          }

          @Override
          public void announce(Action.SendGarp garp) {
            at.add(now);
            what.add(garp.addresses());
            repeats.add(garp.repeat());
          }
        };
    self[0] = new VrrpRunner(config, silent, new DropCounters(), effects::add, () -> now);
    beforeRun.accept(self[0]);
    self[0].run();
    return adverts[0];
  }

  /** Five adverts 10 ms apart, then the late turn with {@code queued} in the socket, then stop. */
  private VrrpRunner run(Event.AdvertReceived queued) {
    return twin(queued, 60 * MS).runner;
  }

  /** As {@link #run}, the late turn {@code lateNs} after its deadline; returns the twin. */
  private Twin twin(Event.AdvertReceived queued, long lateNs) {
    Twin twin = new Twin(queued, lateNs);
    runWith(twin);
    return twin;
  }

  /** Runs a backup (priority 100, VRRPv3 advert 10 ms) on {@code twin}; returns its runner. */
  private VrrpRunner runWith(Twin twin) {
    InstanceConfig config =
        InstanceConfig.builder("VI_1", 51, 3, ME, VIPS).priority(100).advertIntervalCs(1).build();
    VrrpRunner runner = new VrrpRunner(config, twin, new DropCounters(), this::effect, () -> now);
    twin.runner = runner;
    beforeRun.accept(runner);
    runner.run();
    assertThat(twin.lateTurnDone).isTrue();
    return runner;
  }

  private class Twin extends QuietChannel {
    final Event.AdvertReceived late;
    final long lateNs;
    final Deque<Event.AdvertReceived> socket = new ArrayDeque<>();
    VrrpRunner runner;
    int waits;
    boolean lateTurnDone;
    long lateTurnAt;
    int queuedReads;
    long sent;
    long zeroSent;

    /** What the first wait after the late turn hears, 2 ms into it (null: nothing). */
    Event.AdvertReceived duringWait;

    /**
     * How long the twin runs after the late turn (and any stall): by default less than a down
     * interval, so an advert read at the late turn keeps the backup to the end.
     */
    long watchNs = 20 * MS;

    /** How much longer than asked the first wait after the late turn takes (another stop). */
    long stallInWaitNs;

    Twin(Event.AdvertReceived late, long lateNs) {
      this.late = late;
      this.lateNs = lateNs;
    }

    @Override
    public Event.AdvertReceived receive(long timeoutNs) {
      waits++;
      if (waits <= 5) {
        now += 10 * MS;
        return new Event.AdvertReceived(200, 1, MASTER);
      }
      if (!lateTurnDone) {
        // the wait ends empty, the advert comes in just after, and the thread is off the CPU
        lateTurnDone = true;
        now += timeoutNs + lateNs;
        lateTurnAt = now;
        if (late != null) {
          socket.add(late);
        }
        return null;
      }
      long stopAt = lateTurnAt + watchNs + stallInWaitNs;
      if (now - stopAt >= 0) {
        runner.stop();
        return null;
      }
      if (duringWait != null) {
        Event.AdvertReceived a = duringWait;
        duringWait = null;
        now += 2 * MS;
        return a;
      }
      now = Math.min(now + timeoutNs + stallInWaitNs, stopAt);
      stallInWaitNs = 0;
      return null;
    }

    @Override
    public void send(Action.SendAdvert advert) {
      sent++;
      if (advert.priority() == 0) {
        zeroSent++;
      }
    }

    @Override
    public int receiveQueued(int limit, Consumer<Event.AdvertReceived> sink) {
      queuedReads++;
      int n = 0;
      while (n < limit && !socket.isEmpty()) {
        sink.accept(socket.poll());
        n++;
      }
      return n;
    }
  }

  private static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }
}
