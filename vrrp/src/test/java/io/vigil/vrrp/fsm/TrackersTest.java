package io.vigil.vrrp.fsm;

import static io.vigil.vrrp.fsm.Fixtures.S;
import static io.vigil.vrrp.fsm.Fixtures.T0;
import static io.vigil.vrrp.fsm.Fixtures.VIPS;
import static io.vigil.vrrp.fsm.Fixtures.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.vrrp.fsm.Action.RemoveVips;
import io.vigil.vrrp.fsm.Action.SendAdvert;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Effective priority and FAULT from track_interface / track_script / track_file, as keepalived. */
class TrackersTest {
  static VrrpInstance started(InstanceConfig c) {
    VrrpInstance i = new VrrpInstance(c);
    i.handle(Event.STARTUP, T0);
    return i;
  }

  @Test
  void positiveWeightIsAddedWhileUp() {
    VrrpInstance i = started(Fixtures.v3().track(Tracker.script("chk", 10)).build());
    assertThat(i.effectivePriority()).isEqualTo(110);
    i.handle(new Event.TrackerStatus("chk", false), T0 + 1);
    assertThat(i.effectivePriority()).isEqualTo(100);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
  }

  @Test
  void negativeWeightIsAddedWhileDown() {
    VrrpInstance i = started(Fixtures.v3().track(Tracker.iface("eth1", -30)).build());
    assertThat(i.effectivePriority()).isEqualTo(100);
    i.handle(new Event.TrackerStatus("eth1", false), T0 + 1);
    assertThat(i.effectivePriority()).isEqualTo(70);
  }

  @Test
  void reverseNegatesTheAdjustmentAsKeepalivedsWeightMultiplier() {
    // keepalived: total_priority += weight * weight_multiplier (-1 for reverse)
    VrrpInstance neg = started(Fixtures.v3().track(Tracker.script("chk", -30).reversed()).build());
    assertThat(neg.effectivePriority()).as("up: nothing").isEqualTo(100);
    neg.handle(new Event.TrackerStatus("chk", false), T0 + 1);
    assertThat(neg.effectivePriority()).as("down: -(-30)").isEqualTo(130);
    VrrpInstance pos = started(Fixtures.v3().track(Tracker.iface("eth1", 20).reversed()).build());
    assertThat(pos.effectivePriority()).as("up: -20").isEqualTo(80);
    pos.handle(new Event.TrackerStatus("eth1", false), T0 + 1);
    assertThat(pos.effectivePriority()).as("down: nothing").isEqualTo(100);
  }

  @Test
  void reverseWithWeightZeroMeansFaultWhileUp() {
    VrrpInstance i = started(Fixtures.v3().track(Tracker.script("chk", 0).reversed()).build());
    assertThat(i.state()).isEqualTo(VrrpState.FAULT);
    i.handle(new Event.TrackerStatus("chk", false), T0 + 1);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
  }

  @Test
  void initFailScriptStartsDown() {
    VrrpInstance i = started(Fixtures.v3().track(Tracker.script("chk", 0).initiallyDown()).build());
    assertThat(i.state()).isEqualTo(VrrpState.FAULT);
  }

  @Test
  void fileValueTimesWeightAndFaultRules() {
    VrrpInstance i =
        started(Fixtures.v3().track(Tracker.file("f", 5)).track(Tracker.file("g", 0)).build());
    i.handle(new Event.TrackerValue("f", -4), T0 + 1);
    assertThat(i.effectivePriority()).isEqualTo(80);
    i.handle(new Event.TrackerValue("f", -51), T0 + 2);
    assertThat(i.state()).as("value × weight ≤ -254").isEqualTo(VrrpState.FAULT);
    i.handle(new Event.TrackerValue("f", 3), T0 + 3);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    assertThat(i.effectivePriority()).isEqualTo(115);
    i.handle(new Event.TrackerValue("g", 1), T0 + 4);
    assertThat(i.state()).as("weight 0, non-zero value").isEqualTo(VrrpState.FAULT);
  }

  @Test
  void eachFileMovesAtMost253AndReverseNegatesAsKeepalived() {
    VrrpInstance i =
        started(
            Fixtures.v3()
                .track(Tracker.file("f", 10))
                .track(Tracker.file("g", 1))
                .track(Tracker.file("z", 0).reversed())
                .build());
    assertThat(i.state())
        .as("weight 0 reverse: a zero value means FAULT")
        .isEqualTo(VrrpState.FAULT);
    i.handle(new Event.TrackerValue("z", 1), T0 + 1);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    i.handle(new Event.TrackerValue("f", 1000), T0 + 2);
    i.handle(new Event.TrackerValue("g", -200), T0 + 3);
    assertThat(i.effectivePriority()).as("100 + 253 - 200").isEqualTo(153);
    VrrpInstance r = started(Fixtures.v3().track(Tracker.file("f", 5).reversed()).build());
    r.handle(new Event.TrackerValue("f", 4), T0 + 1);
    assertThat(r.effectivePriority()).isEqualTo(80);
  }

  @Test
  void priorityIsClampedTo1Through254AndTheOwnerKeeps255() {
    VrrpInstance low =
        started(Fixtures.v3().priority(10).track(Tracker.iface("eth1", -200)).build());
    low.handle(new Event.TrackerStatus("eth1", false), T0 + 1);
    assertThat(low.effectivePriority()).isEqualTo(1);
    VrrpInstance high =
        started(Fixtures.v3().priority(250).track(Tracker.script("s", 200)).build());
    assertThat(high.effectivePriority()).isEqualTo(254);
    VrrpInstance owner =
        started(Fixtures.v3().priority(255).track(Tracker.iface("eth1", -50)).build());
    owner.handle(new Event.TrackerStatus("eth1", false), T0 + 1);
    assertThat(owner.effectivePriority()).isEqualTo(255);
  }

  @Test
  void masterAdvertisesItsEffectivePriority() {
    VrrpInstance i =
        started(Fixtures.v3().track(Tracker.iface("eth1", -30)).garpMaster(0, 1).build());
    long m = T0 + i.masterDownIntervalNs();
    i.handle(Event.TIMER, m);
    i.handle(new Event.TrackerStatus("eth1", false), m + 1);
    assertThat(only(i.handle(Event.TIMER, m + S), SendAdvert.class))
        .containsExactly(new SendAdvert(70, 100));
  }

  @Test
  void interfaceDownWithWeightZeroTakesAMasterToFaultAndBack() {
    VrrpInstance i = started(Fixtures.v3().track(Tracker.iface("eth0", 0)).build());
    i.handle(Event.TIMER, T0 + i.masterDownIntervalNs());
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
    long t = T0 + 10 * S;

    List<Action> a = i.handle(new Event.TrackerStatus("eth0", false), t);
    assertThat(i.state()).isEqualTo(VrrpState.FAULT);
    assertThat(a)
        .containsExactly(
            new SendAdvert(0, 100),
            new RemoveVips(VIPS, List.of()),
            new Action.RunNotify("INSTANCE", "VI_1", "FAULT", 100),
            new Action.WriteFifo("INSTANCE \"VI_1\" FAULT 100"));
    assertThat(i.handle(Event.TIMER, t + 100 * S)).as("no timers in FAULT").isEmpty();

    List<Action> back = i.handle(new Event.TrackerStatus("eth0", true), t + 20 * S);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    assertThat(back).contains(new Action.ScheduleAt(t + 20 * S + i.masterDownIntervalNs()));
  }

  @Test
  void unknownTrackerNamesChangeNothing() {
    VrrpInstance i = started(Fixtures.v3().track(Tracker.iface("eth0", 0)).build());
    Action same = new Action.ScheduleAt(T0 + i.masterDownIntervalNs());
    assertThat(i.handle(new Event.TrackerStatus("eth9", false), T0 + 1)).containsExactly(same);
    assertThat(i.handle(new Event.TrackerValue("nope", 7), T0 + 1)).containsExactly(same);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
  }
}
