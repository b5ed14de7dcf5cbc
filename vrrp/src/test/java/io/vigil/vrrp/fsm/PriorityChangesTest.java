package io.vigil.vrrp.fsm;

import static io.vigil.vrrp.fsm.Fixtures.HIGHER;
import static io.vigil.vrrp.fsm.Fixtures.MS;
import static io.vigil.vrrp.fsm.Fixtures.T0;
import static io.vigil.vrrp.fsm.Fixtures.advert;
import static io.vigil.vrrp.fsm.Fixtures.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.vrrp.fsm.Action.WriteFifo;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code notify_priority_changes}: keepalived's {@code vrrp_set_effective_priority} writes {@code
 * INSTANCE "VI_1" MASTER_PRIORITY|BACKUP_PRIORITY N} when a tracker moves the effective priority,
 * never for a move into or out of FAULT; a backup's down timer follows its new skew.
 */
class PriorityChangesTest {
  static VrrpInstance started(InstanceConfig c) {
    VrrpInstance i = new VrrpInstance(c);
    i.handle(Event.STARTUP, T0);
    return i;
  }

  static List<String> lines(List<Action> actions) {
    return only(actions, WriteFifo.class).stream().map(WriteFifo::line).toList();
  }

  static InstanceConfig.Builder tracked() {
    return Fixtures.v3()
        .notifyPriorityChanges(true)
        .track(Tracker.script("chk", 20))
        .track(Tracker.file("f", 1));
  }

  @Test
  void aBackupWritesBackupPriorityAndAMasterMasterPriority() {
    VrrpInstance i = started(tracked().build());
    assertThat(i.effectivePriority()).isEqualTo(120);
    assertThat(lines(i.handle(new Event.TrackerStatus("chk", false), T0 + 1)))
        .containsExactly("INSTANCE \"VI_1\" BACKUP_PRIORITY 100");
    assertThat(lines(i.handle(new Event.TrackerValue("f", 30), T0 + 2)))
        .containsExactly("INSTANCE \"VI_1\" BACKUP_PRIORITY 130");
    i.handle(Event.TIMER, T0 + 2 + i.masterDownIntervalNs());
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
    long m = T0 + 10_000 * MS;
    assertThat(lines(i.handle(new Event.TrackerValue("f", -5), m)))
        .containsExactly("INSTANCE \"VI_1\" MASTER_PRIORITY 95");
  }

  @Test
  void nothingWithoutTheSettingOrWhenThePriorityStaysTheSame() {
    VrrpInstance off = started(tracked().notifyPriorityChanges(false).build());
    assertThat(lines(off.handle(new Event.TrackerStatus("chk", false), T0 + 1))).isEmpty();
    assertThat(off.effectivePriority()).isEqualTo(100);
    VrrpInstance on = started(tracked().build());
    assertThat(lines(on.handle(new Event.TrackerStatus("chk", true), T0 + 1)))
        .as("already up")
        .isEmpty();
    assertThat(lines(on.handle(new Event.TrackerValue("nobody", 4), T0 + 2))).isEmpty();
    VrrpInstance clamped = started(tracked().priority(250).build());
    assertThat(clamped.effectivePriority()).isEqualTo(254);
    assertThat(lines(clamped.handle(new Event.TrackerValue("f", 3), T0 + 1)))
        .as("253 + 20 + 3 and 250 + 20 are both 254")
        .isEmpty();
  }

  @Test
  void theAddressOwnerNeverChangesItsPriority() {
    VrrpInstance owner = started(tracked().priority(255).build());
    assertThat(owner.state()).isEqualTo(VrrpState.MASTER);
    assertThat(lines(owner.handle(new Event.TrackerStatus("chk", false), T0 + 1))).isEmpty();
  }

  @Test
  void notBeforeTheInstanceStarts() {
    VrrpInstance i = new VrrpInstance(tracked().build());
    assertThat(lines(i.handle(new Event.TrackerValue("f", 7), T0))).isEmpty();
    assertThat(only(i.handle(Event.STARTUP, T0), WriteFifo.class))
        .containsExactly(new WriteFifo("INSTANCE \"VI_1\" BACKUP 127"));
  }

  @Test
  void aFileTakingTheInstanceToFaultAndBackWritesOnlyTheStates() {
    VrrpInstance i = started(tracked().build());
    i.handle(new Event.TrackerValue("f", 5), T0 + 1);
    assertThat(lines(i.handle(new Event.TrackerValue("f", -300), T0 + 2)))
        .as("keepalived's FAULT line keeps the priority it had")
        .containsExactly("INSTANCE \"VI_1\" FAULT 125");
    assertThat(lines(i.handle(new Event.TrackerStatus("chk", false), T0 + 3)))
        .as("a weighted tracker moving in FAULT: BACKUP_PRIORITY, the file at FAULT counting 0")
        .containsExactly("INSTANCE \"VI_1\" BACKUP_PRIORITY 100");
    assertThat(lines(i.handle(new Event.TrackerValue("f", 0), T0 + 4)))
        .containsExactly("INSTANCE \"VI_1\" BACKUP 100");
  }

  @Test
  void aWeightZeroTrackerGoingDownIsAFaultNotAPriorityChange() {
    VrrpInstance i = started(tracked().track(Tracker.iface("eth1", 0)).build());
    assertThat(lines(i.handle(new Event.TrackerStatus("eth1", false), T0 + 1)))
        .containsExactly("INSTANCE \"VI_1\" FAULT 120");
  }

  @Test
  void aBackupsDownTimerFollowsItsNewSkew() {
    VrrpInstance i = started(Fixtures.v3().track(Tracker.file("f", 1)).build());
    long heard = T0 + 500 * MS;
    i.handle(advert(150, 100, HIGHER), heard);
    // priority 100: skew 156 × 100 / 256 = 60.9 cs; priority 200: 56 × 100 / 256 = 21.9 cs
    i.handle(new Event.TrackerValue("f", 100), heard + 1);
    long down = heard + 3_000 * MS + VrrpInstanceTest.skew(56, 100);
    assertThat(i.nextDeadlineNs()).isEqualTo(down);
    i.handle(Event.TIMER, down - 1);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    i.handle(Event.TIMER, down);
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
  }
}
