package io.vigil.vrrp.fsm;

import static io.vigil.vrrp.fsm.Fixtures.HIGHER;
import static io.vigil.vrrp.fsm.Fixtures.LOWER;
import static io.vigil.vrrp.fsm.Fixtures.MS;
import static io.vigil.vrrp.fsm.Fixtures.S;
import static io.vigil.vrrp.fsm.Fixtures.T0;
import static io.vigil.vrrp.fsm.Fixtures.VIPS;
import static io.vigil.vrrp.fsm.Fixtures.advert;
import static io.vigil.vrrp.fsm.Fixtures.has;
import static io.vigil.vrrp.fsm.Fixtures.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.vrrp.fsm.Action.AddVips;
import io.vigil.vrrp.fsm.Action.RemoveVips;
import io.vigil.vrrp.fsm.Action.RunNotify;
import io.vigil.vrrp.fsm.Action.ScheduleAt;
import io.vigil.vrrp.fsm.Action.SendAdvert;
import io.vigil.vrrp.fsm.Action.SendGarp;
import io.vigil.vrrp.fsm.Action.WriteFifo;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every transition of RFC 5798 §6.4 (and keepalived's additions) on a manual clock, checked at t−1,
 * t and t+1 where a timer decides.
 */
class VrrpInstanceTest {
  // v3, priority 100, 1 s: skew = 156 × 100 / 256 cs = 609.375 ms (keepalived's, to the µs)
  static final long DOWN_V3 = 3_609_375_000L;

  /**
   * keepalived 2.2.7's v3 skew ({@code VRRP_TIMER_SKEW_CALC}) of {@code weight} (256 − priority) at
   * {@code cs}: weight × cs × 625 / 16 µs, in ns.
   */
  static long skew(int weight, int cs) {
    return weight * cs * 625L / 16 * 1_000;
  }

  // v2, priority 100, 1 s: skew = 156/256 s
  static final long DOWN_V2 = 3 * S + 156 * S / 256;

  static VrrpInstance started(InstanceConfig c) {
    VrrpInstance i = new VrrpInstance(c);
    i.handle(Event.STARTUP, T0);
    return i;
  }

  static VrrpInstance master(InstanceConfig c) {
    VrrpInstance i = started(c);
    i.handle(Event.TIMER, T0 + i.masterDownIntervalNs());
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
    return i;
  }

  @Test
  void timingFollowsTheRfcFormulas() {
    assertThat(Timing.masterDownIntervalNs(3, 100, 100, 3)).isEqualTo(DOWN_V3);
    assertThat(Timing.masterDownIntervalNs(2, 100, 100, 3)).isEqualTo(DOWN_V2);
    // keepalived 2.2.7's VRRP_TIMER_SKEW_CALC: (256 − priority) × interval in cs × 625 / 16 µs
    assertThat(Timing.skewNs(3, 255, 100)).as("1 × 100 × 625 / 16 µs").isEqualTo(3_906_000L);
    assertThat(Timing.skewNs(3, 1, 400)).isEqualTo(3_984_375_000L);
    assertThat(Timing.skewNs(3, 100, 1))
        .as("a 10 ms interval still skews by priority: 156 × 625 / 16 µs")
        .isEqualTo(6_093_000L);
    assertThat(Timing.skewNs(3, 200, 1)).isEqualTo(2_187_000L);
    assertThat(Timing.minSkewNs(3, 100)).isEqualTo(3_906_000L);
    assertThat(Timing.masterDownIntervalNs(3, 100, 100, 5)).isEqualTo(5 * S + 609_375 * 1_000L);
  }

  @Test
  void startupGoesToBackupAndSchedulesTheMasterDownTimer() {
    VrrpInstance i = new VrrpInstance(Fixtures.v3().build());
    List<Action> a = i.handle(Event.STARTUP, T0);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    assertThat(a)
        .containsExactly(
            new RunNotify("INSTANCE", "VI_1", "BACKUP", 100),
            new WriteFifo("INSTANCE \"VI_1\" BACKUP 100"),
            new ScheduleAt(T0 + DOWN_V3));
  }

  @Test
  void backupBecomesMasterExactlyWhenTheDownTimerFires() {
    VrrpInstance i = started(Fixtures.v3().build());
    assertThat(i.handle(Event.TIMER, T0 + DOWN_V3 - 1))
        .containsExactly(new ScheduleAt(T0 + DOWN_V3));
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);

    List<Action> a = i.handle(Event.TIMER, T0 + DOWN_V3);
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
    assertThat(a)
        .containsExactly(
            new AddVips(VIPS, List.of(), true),
            new SendAdvert(100, 100),
            new SendGarp(VIPS, 5),
            new RunNotify("INSTANCE", "VI_1", "MASTER", 100),
            new WriteFifo("INSTANCE \"VI_1\" MASTER 100"),
            new ScheduleAt(T0 + DOWN_V3 + S));
  }

  @Test
  void backupLateTimerStillFires() {
    VrrpInstance i = started(Fixtures.v2().build());
    i.handle(Event.TIMER, T0 + DOWN_V2 + 1);
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
  }

  @Test
  void ownerIsMasterAtStartup() {
    VrrpInstance i = new VrrpInstance(Fixtures.v3().priority(255).build());
    List<Action> a = i.handle(Event.STARTUP, T0);
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
    assertThat(only(a, SendAdvert.class)).containsExactly(new SendAdvert(255, 100));
    assertThat(only(a, AddVips.class)).containsExactly(new AddVips(VIPS, List.of(), true));
  }

  @Test
  void ownerAcceptsEvenWithNoAccept() {
    VrrpInstance i = new VrrpInstance(Fixtures.v3().priority(255).accept(false).build());
    assertThat(only(i.handle(Event.STARTUP, T0), AddVips.class).get(0).accept()).isTrue();
    VrrpInstance j =
        master(
            Fixtures.v3().accept(false).excludedVips(List.of(Fixtures.ip("192.0.2.200"))).build());
    assertThat(j.state()).isEqualTo(VrrpState.MASTER);
  }

  @Test
  void noAcceptAndExcludedVipsReachTheEdge() {
    VrrpInstance i =
        started(
            Fixtures.v3().accept(false).excludedVips(List.of(Fixtures.ip("192.0.2.200"))).build());
    List<Action> a = i.handle(Event.TIMER, T0 + DOWN_V3);
    assertThat(only(a, AddVips.class))
        .containsExactly(new AddVips(VIPS, List.of(Fixtures.ip("192.0.2.200")), false));
    assertThat(only(a, SendGarp.class).get(0).addresses())
        .containsExactly(VIPS.get(0), Fixtures.ip("192.0.2.200"));
  }

  @Test
  void stateMasterHintShortensTheFirstDownTimerToOneIntervalPlusMinimumSkew() {
    VrrpInstance i = new VrrpInstance(Fixtures.v3().startAsMaster(true).build());
    List<Action> a = i.handle(Event.STARTUP, T0);
    long first = S + skew(1, 100); // 100 cs + 100 cs / 256
    assertThat(a).contains(new ScheduleAt(T0 + first));
    i.handle(Event.TIMER, T0 + first - 1);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    i.handle(Event.TIMER, T0 + first);
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
  }

  @Test
  void stateMasterHintClearsNopreemptAsKeepalivedDoes() {
    assertThat(Fixtures.v3().startAsMaster(true).preempt(false).build().preempt()).isTrue();
  }

  @Test
  void backupResetsTheDownTimerOnAHigherAdvert() {
    VrrpInstance i = started(Fixtures.v3().build());
    long t = T0 + 2 * S;
    assertThat(i.handle(advert(150, 100, HIGHER), t)).containsExactly(new ScheduleAt(t + DOWN_V3));
    i.handle(Event.TIMER, T0 + DOWN_V3);
    assertThat(i.state()).as("old deadline no longer counts").isEqualTo(VrrpState.BACKUP);
    i.handle(Event.TIMER, t + DOWN_V3 - 1);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    i.handle(Event.TIMER, t + DOWN_V3);
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
  }

  @Test
  void backupResetsOnAnEqualPriorityAdvert() {
    VrrpInstance i = started(Fixtures.v3().build());
    long t = T0 + 2 * S;
    assertThat(i.handle(advert(100, 100, LOWER), t)).containsExactly(new ScheduleAt(t + DOWN_V3));
  }

  @Test
  void v3BackupLearnsTheMastersInterval() {
    VrrpInstance i = started(Fixtures.v3().build());
    long t = T0 + S;
    i.handle(advert(200, 25, HIGHER), t);
    assertThat(i.masterAdverIntervalCs()).isEqualTo(25);
    long down = 75 * 10 * MS + skew(156, 25); // 3 × 25 cs + 15.234 cs
    assertThat(i.nextDeadlineNs()).isEqualTo(t + down);
    i.handle(Event.TIMER, t + down - 1);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    i.handle(Event.TIMER, t + down);
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
    assertThat(i.masterAdverIntervalCs()).as("a master uses its own").isEqualTo(100);
  }

  @Test
  void v2BackupDoesNotLearnAnInterval() {
    VrrpInstance i = started(Fixtures.v2().build());
    i.handle(advert(200, 300, HIGHER), T0 + S);
    assertThat(i.masterAdverIntervalCs()).isEqualTo(100);
  }

  @Test
  void backupWithPreemptDiscardsALowerAdvertAndTakesOverOnTime() {
    VrrpInstance i = started(Fixtures.v3().build());
    assertThat(i.handle(advert(50, 100, HIGHER), T0 + S))
        .containsExactly(new ScheduleAt(T0 + DOWN_V3));
    i.handle(Event.TIMER, T0 + DOWN_V3);
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
  }

  @Test
  void nopreemptBackupKeepsALowerMaster() {
    VrrpInstance i = started(Fixtures.v3().preempt(false).build());
    long t = T0 + S;
    assertThat(i.handle(advert(50, 100, LOWER), t)).containsExactly(new ScheduleAt(t + DOWN_V3));
    i.handle(Event.TIMER, T0 + DOWN_V3);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
  }

  @Test
  void preemptDelayToleratesALowerMasterUntilItPasses() {
    VrrpInstance i = started(Fixtures.v3().preemptDelayNs(10 * S).build());
    long first = T0 + S;
    i.handle(advert(50, 100, LOWER), first); // the delay runs until first + 10 s
    assertThat(i.nextDeadlineNs()).as("tolerated: timer reset").isEqualTo(first + DOWN_V3);
    i.handle(advert(50, 100, LOWER), first + 3 * S);
    assertThat(i.nextDeadlineNs()).isEqualTo(first + 3 * S + DOWN_V3);
    long last = first + 10 * S - 1;
    i.handle(advert(50, 100, LOWER), last);
    assertThat(i.nextDeadlineNs()).isEqualTo(last + DOWN_V3);
    i.handle(advert(50, 100, LOWER), last + 1);
    assertThat(i.nextDeadlineNs()).as("delay over: discarded").isEqualTo(last + DOWN_V3);
    i.handle(Event.TIMER, last + DOWN_V3);
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
  }

  @Test
  void backupHearingPriorityZeroTakesOverAfterSkewTime() {
    VrrpInstance i = started(Fixtures.v3().build());
    long t = T0 + S;
    long skew = skew(156, 100); // 609.375 ms
    assertThat(i.handle(advert(0, 100, HIGHER), t)).containsExactly(new ScheduleAt(t + skew));
    i.handle(Event.TIMER, t + skew - 1);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    i.handle(Event.TIMER, t + skew);
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
  }

  @Test
  void masterSendsAnAdvertEveryIntervalOnTheDot() {
    VrrpInstance i = master(Fixtures.v3().garpMaster(0, 1).build());
    long m = T0 + DOWN_V3;
    assertThat(i.handle(Event.TIMER, m + S - 1)).containsExactly(new ScheduleAt(m + S));
    assertThat(i.handle(Event.TIMER, m + S))
        .containsExactly(new SendAdvert(100, 100), new ScheduleAt(m + 2 * S));
    assertThat(i.handle(Event.TIMER, m + S + 1)).containsExactly(new ScheduleAt(m + 2 * S));
    assertThat(only(i.handle(Event.TIMER, m + 5 * S), SendAdvert.class))
        .as("late: one advert, not a burst")
        .hasSize(1);
    assertThat(i.nextDeadlineNs()).isEqualTo(m + 6 * S);
  }

  @Test
  void masterYieldsToAHigherPriority() {
    VrrpInstance i = master(Fixtures.v3().build());
    long t = T0 + DOWN_V3 + 500 * MS;
    List<Action> a = i.handle(advert(101, 50, LOWER), t);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    long down = 150 * 10 * MS + skew(156, 50);
    assertThat(a)
        .containsExactly(
            new RemoveVips(VIPS, List.of()),
            new RunNotify("INSTANCE", "VI_1", "BACKUP", 100),
            new WriteFifo("INSTANCE \"VI_1\" BACKUP 100"),
            new ScheduleAt(t + down));
  }

  @Test
  void withHigherPrioSendAdvertTheMasterAdvertisesOnceBeforeItYields() {
    VrrpInstance i = master(Fixtures.v3().higherPrioSendAdvert(true).build());
    long t = T0 + DOWN_V3 + 500 * MS;
    List<Action> a = i.handle(advert(101, 50, LOWER), t);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    long down = 150 * 10 * MS + skew(156, 50);
    assertThat(a)
        .containsExactly(
            new SendAdvert(100, 100),
            new RemoveVips(VIPS, List.of()),
            new RunNotify("INSTANCE", "VI_1", "BACKUP", 100),
            new WriteFifo("INSTANCE \"VI_1\" BACKUP 100"),
            new ScheduleAt(t + down));
    VrrpInstance j = master(Fixtures.v3().higherPrioSendAdvert(true).build());
    assertThat(only(j.handle(advert(100, 100, HIGHER), t), SendAdvert.class))
        .as("an equal priority from a higher address too")
        .containsExactly(new SendAdvert(100, 100));
    assertThat(j.state()).isEqualTo(VrrpState.BACKUP);
  }

  @Test
  void aLowerAdvertRunsTheMasterRxLowerPriNotifyEachTime() {
    VrrpInstance i = master(Fixtures.v3().build());
    long t = T0 + DOWN_V3 + 500 * MS;
    for (int n = 0; n < 3; n++) {
      List<Action> a = i.handle(advert(99, 100, HIGHER), t + n * MS);
      assertThat(only(a, Action.RunLowerPriorityNotify.class))
          .containsExactly(new Action.RunLowerPriorityNotify("VI_1", 100));
      assertThat(only(a, WriteFifo.class))
          .containsExactly(new WriteFifo("INSTANCE \"VI_1\" MASTER_RX_LOWER_PRI 100"));
    }
    VrrpInstance b = started(Fixtures.v3().build());
    assertThat(has(b.handle(advert(99, 100, HIGHER), T0 + 1), Action.RunLowerPriorityNotify.class))
        .as("a backup runs none")
        .isFalse();
  }

  @Test
  void masterYieldsOnEqualPriorityOnlyToAHigherAddress() {
    VrrpInstance i = master(Fixtures.v3().build());
    long t = T0 + DOWN_V3 + 500 * MS;
    List<Action> a = i.handle(advert(100, 100, LOWER), t);
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
    assertThat(only(a, SendAdvert.class))
        .as("keepalived answers a lower master")
        .containsExactly(new SendAdvert(100, 100));
    i.handle(advert(100, 100, HIGHER), t + 1);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
  }

  @Test
  void equalPriorityComparesIpv6AddressesUnsigned() {
    InstanceConfig c =
        InstanceConfig.builder(
                "VI_6", 51, 3, Fixtures.ip("fe80::1"), List.of(Fixtures.ip("2001:db8::100")))
            .build();
    VrrpInstance i = master(c);
    i.handle(advert(100, 100, Fixtures.ip("fe80::ff00:0")), T0 + DOWN_V3 + 1);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
  }

  @Test
  void masterStaysOnALowerAdvertAndIsQuietWithLowerPrioNoAdvert() {
    VrrpInstance i = master(Fixtures.v3().lowerPrioNoAdvert(true).garpLowerPrioRepeat(2).build());
    long m = T0 + DOWN_V3;
    List<Action> a = i.handle(advert(99, 100, HIGHER), m + 1);
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
    assertThat(has(a, SendAdvert.class)).isFalse();
    assertThat(only(a, SendGarp.class)).containsExactly(new SendGarp(VIPS, 2));
    assertThat(i.nextDeadlineNs()).as("advert timer untouched").isEqualTo(m + S);
  }

  @Test
  void masterAnswersPriorityZeroAndResetsTheAdvertTimer() {
    VrrpInstance i = master(Fixtures.v3().garpMaster(0, 1).build());
    long t = T0 + DOWN_V3 + 300 * MS;
    assertThat(i.handle(advert(0, 100, HIGHER), t))
        .containsExactly(new SendAdvert(100, 100), new ScheduleAt(t + S));
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
  }

  @Test
  void masterShutdownSendsPriorityZeroAndRemovesVips() {
    VrrpInstance i = master(Fixtures.v3().build());
    List<Action> a = i.handle(Event.SHUTDOWN, T0 + DOWN_V3 + 1);
    assertThat(i.state()).isEqualTo(VrrpState.INITIALIZE);
    assertThat(a)
        .containsExactly(
            new SendAdvert(0, 100),
            new RemoveVips(VIPS, List.of()),
            new RunNotify("INSTANCE", "VI_1", "STOP", 100),
            new WriteFifo("INSTANCE \"VI_1\" STOP 100"));
    assertThat(i.handle(Event.TIMER, T0 + 100 * S)).isEmpty();
  }

  @Test
  void masterShutdownKeepingAddressesSendsNothingAndOnlyNotifiesStop() {
    VrrpInstance i = master(Fixtures.v3().build());
    List<Action> a = i.handle(Event.SHUTDOWN_KEEPING_ADDRESSES, T0 + DOWN_V3 + 1);
    assertThat(i.state()).isEqualTo(VrrpState.INITIALIZE);
    assertThat(a)
        .as("keepalived --dont-release-vrrp: no priority 0, the addresses stay, STOP notified")
        .containsExactly(
            new RunNotify("INSTANCE", "VI_1", "STOP", 100),
            new WriteFifo("INSTANCE \"VI_1\" STOP 100"));
    assertThat(i.handle(Event.TIMER, T0 + 100 * S)).isEmpty();
  }

  @Test
  void backupShutdownGoesQuietlyToInitialize() {
    VrrpInstance i = started(Fixtures.v3().build());
    List<Action> a = i.handle(Event.SHUTDOWN, T0 + 1);
    assertThat(i.state()).isEqualTo(VrrpState.INITIALIZE);
    assertThat(has(a, SendAdvert.class)).isFalse();
    assertThat(i.handle(Event.TIMER, T0 + DOWN_V3)).isEmpty();
  }

  @Test
  void adoptsTheGarpScheduleWhileMaster() {
    VrrpInstance i =
        master(Fixtures.v2().garpMaster(5 * S, 3).garpMasterRefresh(60 * S, 2).build());
    long m = T0 + DOWN_V2;
    assertThat(only(i.handle(Event.TIMER, m + 5 * S - 1), SendGarp.class)).isEmpty();
    assertThat(only(i.handle(Event.TIMER, m + 5 * S), SendGarp.class))
        .containsExactly(new SendGarp(VIPS, 3));
    assertThat(only(i.handle(Event.TIMER, m + 6 * S), SendGarp.class))
        .as("the delayed burst is once")
        .isEmpty();
    assertThat(only(i.handle(Event.TIMER, m + 60 * S - 1), SendGarp.class)).isEmpty();
    assertThat(only(i.handle(Event.TIMER, m + 60 * S), SendGarp.class))
        .containsExactly(new SendGarp(VIPS, 2));
    assertThat(only(i.handle(Event.TIMER, m + 120 * S), SendGarp.class))
        .containsExactly(new SendGarp(VIPS, 2));
  }

  @Test
  void garpExtraIfAnnouncesElsewhereEveryIntervalWhileMasterOnly() {
    VrrpInstance i = master(Fixtures.v2().garpExtraIfNs(100 * S).build());
    long m = T0 + DOWN_V2;
    assertThat(only(i.handle(Event.TIMER, m + 100 * S - 1), Action.AnnounceElsewhere.class))
        .as("keepalived: one interval after becoming master")
        .isEmpty();
    assertThat(only(i.handle(Event.TIMER, m + 100 * S), Action.AnnounceElsewhere.class)).hasSize(1);
    assertThat(only(i.handle(Event.TIMER, m + 200 * S), Action.AnnounceElsewhere.class)).hasSize(1);
    i.handle(Event.SHUTDOWN, m + 201 * S);
    assertThat(only(i.handle(Event.TIMER, m + 300 * S), Action.AnnounceElsewhere.class))
        .as("not after leaving master")
        .isEmpty();
    VrrpInstance off = master(Fixtures.v2().build());
    assertThat(only(off.handle(Event.TIMER, m + 100 * S), Action.AnnounceElsewhere.class))
        .as("0: never")
        .isEmpty();
  }

  @Test
  void timersSurviveNanoTimeOverflow() {
    VrrpInstance i = new VrrpInstance(Fixtures.v3().build());
    long start = Long.MAX_VALUE - S;
    i.handle(Event.STARTUP, start);
    i.handle(Event.TIMER, start + DOWN_V3 - 1);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    i.handle(Event.TIMER, start + DOWN_V3);
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
  }

  @Test
  void ignoresAdvertsBeforeStartupAndInFault() {
    VrrpInstance i = new VrrpInstance(Fixtures.v3().track(Tracker.iface("eth0", 0)).build());
    assertThat(i.handle(advert(200, 100, HIGHER), T0)).isEmpty();
    i.handle(Event.STARTUP, T0);
    i.handle(new Event.TrackerStatus("eth0", false), T0 + 1);
    assertThat(i.handle(advert(200, 100, HIGHER), T0 + 2)).isEmpty();
    assertThat(i.state()).isEqualTo(VrrpState.FAULT);
  }
}
