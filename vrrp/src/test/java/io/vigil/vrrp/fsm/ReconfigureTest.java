package io.vigil.vrrp.fsm;

import static io.vigil.vrrp.fsm.Fixtures.HIGHER;
import static io.vigil.vrrp.fsm.Fixtures.LOWER;
import static io.vigil.vrrp.fsm.Fixtures.MS;
import static io.vigil.vrrp.fsm.Fixtures.S;
import static io.vigil.vrrp.fsm.Fixtures.T0;
import static io.vigil.vrrp.fsm.Fixtures.VIPS;
import static io.vigil.vrrp.fsm.Fixtures.advert;
import static io.vigil.vrrp.fsm.Fixtures.has;
import static io.vigil.vrrp.fsm.Fixtures.ip;
import static io.vigil.vrrp.fsm.Fixtures.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.vrrp.fsm.Action.AddVips;
import io.vigil.vrrp.fsm.Action.RemoveVips;
import io.vigil.vrrp.fsm.Action.RunNotify;
import io.vigil.vrrp.fsm.Action.ScheduleAt;
import io.vigil.vrrp.fsm.Action.SendAdvert;
import io.vigil.vrrp.fsm.Action.SendGarp;
import io.vigil.vrrp.fsm.Action.WriteFifo;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reload in place ({@link Event.Reconfigure}) in each state, on a manual clock. */
class ReconfigureTest {
  static final InetAddress VIP2 = ip("192.0.2.101");
  static final InetAddress VIP3 = ip("192.0.2.102");
  static final long DOWN_V3 = VrrpInstanceTest.DOWN_V3;

  /** Master since {@code T0 + DOWN_V3}. */
  static VrrpInstance master(InstanceConfig c) {
    return VrrpInstanceTest.master(c);
  }

  static List<Action> reload(VrrpInstance i, InstanceConfig next, long nowNs) {
    return i.handle(new Event.Reconfigure(next), nowNs);
  }

  static final long TM = T0 + DOWN_V3; // when master() became master
  static final long T1 = TM + 300 * MS; // the reload, between two adverts

  @Test
  void anUnchangedReloadOfAMasterDoesNothing() {
    InstanceConfig c = Fixtures.v3().build();
    VrrpInstance i = master(c);
    assertThat(reload(i, Fixtures.v3().build(), T1)).containsExactly(new ScheduleAt(TM + S));
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
  }

  @Test
  void aMasterWithANewPriorityAdvertisesItAtOnceAndKeepsItsState() {
    VrrpInstance i = master(Fixtures.v3().build());
    List<Action> a = reload(i, Fixtures.v3().priority(150).build(), T1);
    assertThat(a).containsExactly(new SendAdvert(150, 100), new ScheduleAt(T1 + S));
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
    assertThat(i.effectivePriority()).isEqualTo(150);
    assertThat(i.handle(Event.TIMER, T1 + S - 1)).containsExactly(new ScheduleAt(T1 + S));
    assertThat(only(i.handle(Event.TIMER, T1 + S), SendAdvert.class))
        .containsExactly(new SendAdvert(150, 100));
  }

  @Test
  void aMasterWithAFasterAdvertIntervalSendsOneAtOnceThenOnTheNewInterval() {
    VrrpInstance i = master(Fixtures.v3().build());
    List<Action> a = reload(i, Fixtures.v3().advertIntervalCs(20).build(), T1);
    assertThat(a).containsExactly(new SendAdvert(100, 20), new ScheduleAt(T1 + 200 * MS));
    assertThat(i.masterAdverIntervalCs()).isEqualTo(20);
    assertThat(only(i.handle(Event.TIMER, T1 + 200 * MS - 1), SendAdvert.class)).isEmpty();
    assertThat(only(i.handle(Event.TIMER, T1 + 200 * MS), SendAdvert.class))
        .containsExactly(new SendAdvert(100, 20));
    assertThat(only(i.handle(Event.TIMER, T1 + 400 * MS), SendAdvert.class))
        .containsExactly(new SendAdvert(100, 20));
  }

  @Test
  void aMasterAddsAndAnnouncesOnlyTheNewAddress() {
    VrrpInstance i = master(Fixtures.v3().build());
    InstanceConfig next =
        InstanceConfig.builder("VI_1", 51, 3, Fixtures.ME, List.of(VIPS.get(0), VIP2)).build();
    List<Action> a = reload(i, next, T1);
    assertThat(a)
        .containsExactly(
            new AddVips(List.of(VIP2), List.of(), true),
            new SendGarp(List.of(VIP2), 5),
            new SendAdvert(100, 100),
            new ScheduleAt(T1 + S));
    // the second burst garp_master_delay (5 s) later, for every address, as keepalived sends it
    List<Action> later = i.handle(Event.TIMER, T1 + 5 * S);
    assertThat(only(later, SendGarp.class))
        .containsExactly(new SendGarp(List.of(VIPS.get(0), VIP2), 5));
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
  }

  @Test
  void aMasterRemovesOnlyTheAddressNoLongerConfigured() {
    InstanceConfig two =
        InstanceConfig.builder("VI_1", 51, 3, Fixtures.ME, List.of(VIPS.get(0), VIP2))
            .excludedVips(List.of(VIP3))
            .build();
    VrrpInstance i = master(two);
    List<Action> a = reload(i, Fixtures.v3().excludedVips(List.of(VIP3)).build(), T1);
    assertThat(a)
        .containsExactly(
            new RemoveVips(List.of(VIP2), List.of()),
            new SendAdvert(100, 100),
            new ScheduleAt(T1 + S));
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
  }

  @Test
  void anAddressMovedToTheExcludedListIsNeitherRemovedNorAdded() {
    InstanceConfig two =
        InstanceConfig.builder("VI_1", 51, 3, Fixtures.ME, List.of(VIPS.get(0), VIP2)).build();
    VrrpInstance i = master(two);
    List<Action> a = reload(i, Fixtures.v3().excludedVips(List.of(VIP2)).build(), T1);
    assertThat(has(a, RemoveVips.class)).isFalse();
    assertThat(has(a, AddVips.class)).isFalse();
    assertThat(only(a, SendAdvert.class)).containsExactly(new SendAdvert(100, 100));
  }

  @Test
  void aMasterLoweredBelowItsPeerIsPreemptedNormallyWithoutAGoodbye() {
    VrrpInstance i = master(Fixtures.v3().build());
    List<Action> a = reload(i, Fixtures.v3().priority(50).build(), T1);
    assertThat(a).containsExactly(new SendAdvert(50, 100), new ScheduleAt(T1 + S));
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
    // the backup (100, preempting) takes over and its first advert makes us backup
    List<Action> b = i.handle(advert(100, 100, LOWER), T1 + 3 * S);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    assertThat(b).contains(new RemoveVips(VIPS, List.of()));
    assertThat(only(b, SendAdvert.class)).isEmpty();
  }

  @Test
  void aMasterRestartsItsGarpRefreshWhenTheRefreshChanges() {
    VrrpInstance i = master(Fixtures.v3().garpMaster(0, 5).build());
    List<Action> a =
        reload(i, Fixtures.v3().garpMaster(0, 5).garpMasterRefresh(10 * S, 2).build(), T1);
    assertThat(a).containsExactly(new ScheduleAt(TM + S));
    assertThat(only(i.handle(Event.TIMER, T1 + 10 * S - 1), SendGarp.class)).isEmpty();
    assertThat(only(i.handle(Event.TIMER, T1 + 10 * S), SendGarp.class))
        .containsExactly(new SendGarp(VIPS, 2));
  }

  @Test
  void aMasterTakesNewTrackerWeightsAsIfTheTrackersHadReported() {
    VrrpInstance i = master(Fixtures.v3().track(Tracker.iface("eth1", 10)).build());
    assertThat(i.effectivePriority()).isEqualTo(110);
    List<Action> a = reload(i, Fixtures.v3().track(Tracker.iface("eth1", 30)).build(), T1);
    assertThat(a).containsExactly(new SendAdvert(130, 100), new ScheduleAt(T1 + S));
    // the link's reported status is kept: down, the new weight is not added
    i.handle(new Event.TrackerStatus("eth1", false), T1 + 1);
    assertThat(i.effectivePriority()).isEqualTo(100);
    reload(i, Fixtures.v3().track(Tracker.iface("eth1", 50)).build(), T1 + 2);
    assertThat(i.effectivePriority()).isEqualTo(100);
  }

  @Test
  void aMasterWhoseNewTrackerIsDownGoesToFaultAsIfItHadReported() {
    VrrpInstance i = master(Fixtures.v3().build());
    List<Action> a =
        reload(i, Fixtures.v3().track(Tracker.iface("eth1", 0).initiallyDown()).build(), T1);
    assertThat(i.state()).isEqualTo(VrrpState.FAULT);
    assertThat(a)
        .containsExactly(
            new SendAdvert(0, 100),
            new RemoveVips(VIPS, List.of()),
            new RunNotify("INSTANCE", "VI_1", "FAULT", 100),
            new WriteFifo("INSTANCE \"VI_1\" FAULT 100"));
  }

  @Test
  void aBackupRecomputesItsDownIntervalFromTheMastersLastAdvert() {
    VrrpInstance i = VrrpInstanceTest.started(Fixtures.v3().build());
    i.handle(advert(200, 100, HIGHER), T0 + S);
    // priority 200: skew 56 × 100 / 256 = 21.9 cs; counted from the advert at T0 + 1 s
    long deadline = T0 + S + 3 * S + VrrpInstanceTest.skew(56, 100);
    assertThat(reload(i, Fixtures.v3().priority(150).build(), T0 + 2 * S))
        .containsExactly(new ScheduleAt(T0 + S + 3 * S + VrrpInstanceTest.skew(106, 100))); // 150
    assertThat(reload(i, Fixtures.v3().priority(200).build(), T0 + 2 * S))
        .containsExactly(new ScheduleAt(deadline));
    assertThat(i.handle(Event.TIMER, deadline - 1)).containsExactly(new ScheduleAt(deadline));
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    i.handle(Event.TIMER, deadline);
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
  }

  @Test
  void aBackupOrAFaultGivenNewAddressesTouchesNoAddressAndKeepsItsTimer() {
    InstanceConfig more =
        InstanceConfig.builder("VI_1", 51, 3, Fixtures.ME, List.of(VIPS.get(0), VIP2)).build();
    VrrpInstance backup = VrrpInstanceTest.started(Fixtures.v3().build());
    backup.handle(advert(200, 100, HIGHER), T0 + S);
    long deadline = T0 + S + VrrpInstanceTest.DOWN_V3;
    assertThat(reload(backup, more, T0 + 2 * S)).containsExactly(new ScheduleAt(deadline));
    assertThat(reload(backup, Fixtures.v3().build(), T0 + 3 * S))
        .containsExactly(new ScheduleAt(deadline));
    assertThat(backup.state()).isEqualTo(VrrpState.BACKUP);

    VrrpInstance fault =
        VrrpInstanceTest.started(
            Fixtures.v3().track(Tracker.iface("eth1", 0).initiallyDown()).build());
    assertThat(
            reload(
                fault,
                more.toBuilder().track(Tracker.iface("eth1", 0).initiallyDown()).build(),
                T0 + S))
        .isEmpty();
    assertThat(fault.state()).isEqualTo(VrrpState.FAULT);
    // once the link is back, the new addresses are the ones a master would add
    assertThat(fault.handle(new Event.TrackerStatus("eth1", true), T0 + 2 * S))
        .contains(new RunNotify("INSTANCE", "VI_1", "BACKUP", 100));
    assertThat(only(fault.handle(Event.TIMER, T0 + 2 * S + DOWN_V3), AddVips.class))
        .containsExactly(new AddVips(List.of(VIPS.get(0), VIP2), List.of(), true));
  }

  @Test
  void aVrrpV3BackupKeepsTheIntervalItLearntFromTheMaster() {
    VrrpInstance i = VrrpInstanceTest.started(Fixtures.v3().build());
    i.handle(advert(200, 50, HIGHER), T0 + S);
    assertThat(i.masterAdverIntervalCs()).isEqualTo(50);
    List<Action> a = reload(i, Fixtures.v3().advertIntervalCs(200).build(), T0 + 2 * S);
    assertThat(i.masterAdverIntervalCs()).isEqualTo(50);
    assertThat(a) // 60.9% of 50
        .containsExactly(new ScheduleAt(T0 + S + 1_500 * MS + VrrpInstanceTest.skew(156, 50)));
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
  }

  @Test
  void aVrrpV2BackupTakesTheNewInterval() {
    VrrpInstance i = VrrpInstanceTest.started(Fixtures.v2().build());
    i.handle(advert(200, 100, HIGHER), T0 + S);
    List<Action> a = reload(i, Fixtures.v2().advertIntervalCs(200).build(), T0 + 2 * S);
    assertThat(i.masterAdverIntervalCs()).isEqualTo(200);
    assertThat(a).containsExactly(new ScheduleAt(T0 + S + 6 * S + 156 * S / 256));
  }

  @Test
  void aBackupMadePreemptingTakesOverFromALowerMasterOnItsNextAdvert() {
    VrrpInstance i = VrrpInstanceTest.started(Fixtures.v3().priority(150).preempt(false).build());
    i.handle(advert(100, 100, LOWER), T0 + S);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    reload(i, Fixtures.v3().priority(150).build(), T0 + 2 * S);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    i.handle(advert(100, 100, LOWER), T0 + 2 * S); // discarded now: the down timer runs out
    long down = T0 + S + 3 * S + VrrpInstanceTest.skew(106, 100); // from the last advert taken
    i.handle(Event.TIMER, down - 1);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    i.handle(Event.TIMER, down);
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
  }

  @Test
  void aBackupMadeNonPreemptingStaysBackupUnderALowerMaster() {
    VrrpInstance i = VrrpInstanceTest.started(Fixtures.v3().priority(150).build());
    reload(i, Fixtures.v3().priority(150).preempt(false).build(), T0 + S);
    for (long t = T0 + 2 * S; t < T0 + 20 * S; t += S) {
      i.handle(advert(100, 100, LOWER), t);
      i.handle(Event.TIMER, t);
      assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    }
  }

  @Test
  void aLongerPreemptDelayCountsFromTheFirstLowerAdvertAlreadySeen() {
    VrrpInstance i =
        VrrpInstanceTest.started(Fixtures.v3().priority(150).preemptDelayNs(5 * S).build());
    i.handle(advert(100, 100, LOWER), T0 + S); // held from T0 + 1 s until T0 + 6 s
    reload(i, Fixtures.v3().priority(150).preemptDelayNs(10 * S).build(), T0 + 2 * S);
    for (long t = T0 + 2 * S; t < T0 + 11 * S; t += S) {
      i.handle(advert(100, 100, LOWER), t);
      i.handle(Event.TIMER, t);
      assertThat(i.state()).as("held at %d ms", (t - T0) / MS).isEqualTo(VrrpState.BACKUP);
    }
    i.handle(advert(100, 100, LOWER), T0 + 11 * S); // the hold is over: discarded
    i.handle(Event.TIMER, T0 + 10 * S + 3 * S + VrrpInstanceTest.skew(106, 100));
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
  }

  @Test
  void aBackupMadeTheAddressOwnerBecomesMasterAtOnce() {
    VrrpInstance i = VrrpInstanceTest.started(Fixtures.v3().build());
    List<Action> a = reload(i, Fixtures.v3().priority(255).build(), T0 + S);
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
    assertThat(a).contains(new AddVips(VIPS, List.of(), true), new SendAdvert(255, 100));
  }

  @Test
  void aBackupGoesToFaultAndBackWhenATrackerIsAddedAndRemoved() {
    VrrpInstance i = VrrpInstanceTest.started(Fixtures.v3().build());
    reload(i, Fixtures.v3().track(Tracker.script("script:chk", 0).initiallyDown()).build(), T0 + S);
    assertThat(i.state()).isEqualTo(VrrpState.FAULT);
    List<Action> a = reload(i, Fixtures.v3().build(), T0 + 2 * S);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    assertThat(a)
        .containsExactly(
            new RunNotify("INSTANCE", "VI_1", "BACKUP", 100),
            new WriteFifo("INSTANCE \"VI_1\" BACKUP 100"),
            new ScheduleAt(T0 + 2 * S + DOWN_V3));
  }

  @Test
  void aFaultThatStaysStaysQuiet() {
    VrrpInstance i =
        VrrpInstanceTest.started(
            Fixtures.v3().track(Tracker.iface("eth1", 0).initiallyDown()).build());
    assertThat(i.state()).isEqualTo(VrrpState.FAULT);
    assertThat(
            reload(i, Fixtures.v3().priority(200).track(Tracker.iface("eth1", 0)).build(), T0 + S))
        .isEmpty(); // the link's reported status (down) is kept
    assertThat(i.state()).isEqualTo(VrrpState.FAULT);
  }

  @Test
  void anInstanceNotStartedTakesTheNewConfigurationSilently() {
    VrrpInstance i = new VrrpInstance(Fixtures.v3().build());
    assertThat(reload(i, Fixtures.v3().priority(200).advertIntervalCs(50).build(), T0)).isEmpty();
    List<Action> a = i.handle(Event.STARTUP, T0);
    assertThat(a).contains(new RunNotify("INSTANCE", "VI_1", "BACKUP", 200));
    assertThat(i.masterAdverIntervalCs()).isEqualTo(50);
  }

  @Test
  void theSocketsSettingsCannotBeReloaded() {
    VrrpInstance i = VrrpInstanceTest.started(Fixtures.v3().build());
    assertThatThrownBy(
            () -> reload(i, InstanceConfig.builder("VI_1", 52, 3, Fixtures.ME, VIPS).build(), T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reload(i, Fixtures.v2().build(), T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> reload(i, InstanceConfig.builder("VI_1", 51, 3, LOWER, VIPS).build(), T0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
