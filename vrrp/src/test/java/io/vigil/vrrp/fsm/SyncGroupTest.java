package io.vigil.vrrp.fsm;

import static io.vigil.vrrp.fsm.Fixtures.HIGHER;
import static io.vigil.vrrp.fsm.Fixtures.S;
import static io.vigil.vrrp.fsm.Fixtures.T0;
import static io.vigil.vrrp.fsm.Fixtures.advert;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** vrrp_sync_group: members move together, a member's fault holds the whole group in FAULT. */
class SyncGroupTest {
  VrrpInstance a = new VrrpInstance(Fixtures.v3().track(Tracker.iface("eth0", 0)).build());
  VrrpInstance b =
      new VrrpInstance(
          InstanceConfig.builder("VI_2", 52, 3, Fixtures.ME, List.of(Fixtures.ip("198.51.100.100")))
              .advertIntervalCs(200)
              .track(Tracker.iface("eth1", 0))
              .build());
  SyncGroup g = new SyncGroup("G1", List.of(a, b));

  void startBoth() {
    g.handle(a, Event.STARTUP, T0);
    g.handle(b, Event.STARTUP, T0);
  }

  @Test
  void whenOneMemberBecomesMasterTheOtherFollowsAtOnce() {
    startBoth();
    List<SyncGroup.Tagged> out = g.handle(a, Event.TIMER, T0 + a.masterDownIntervalNs());
    assertThat(a.state()).isEqualTo(VrrpState.MASTER);
    assertThat(b.state()).as("b's own timer is longer").isEqualTo(VrrpState.MASTER);
    assertThat(out)
        .contains(
            new SyncGroup.Tagged("VI_2", new Action.SendAdvert(100, 200)),
            // keepalived (vrrp_notify.c): a group's priority is given as 0, in the script's $4 and
            // in the FIFO line ("%s \"%s\" %s %d\n")
            new SyncGroup.Tagged("G1", new Action.RunNotify("GROUP", "G1", "MASTER", 0)),
            new SyncGroup.Tagged("G1", new Action.WriteFifo("GROUP \"G1\" MASTER 0")));
    assertThat(g.state()).isEqualTo(VrrpState.MASTER);
  }

  @Test
  void whenOneMemberYieldsTheOtherFollowsToBackup() {
    startBoth();
    g.handle(a, Event.TIMER, T0 + a.masterDownIntervalNs());
    long t = T0 + 10 * S;
    g.handle(a, advert(200, 100, HIGHER), t);
    assertThat(a.state()).isEqualTo(VrrpState.BACKUP);
    assertThat(b.state()).isEqualTo(VrrpState.BACKUP);
    assertThat(b.nextDeadlineNs()).isEqualTo(t + b.masterDownIntervalNs());
  }

  @Test
  void aMembersFaultHoldsTheGroupUntilEveryMemberRecovers() {
    startBoth();
    g.handle(a, Event.TIMER, T0 + a.masterDownIntervalNs());
    long t = T0 + 10 * S;
    g.handle(b, new Event.TrackerStatus("eth1", false), t);
    assertThat(a.state()).isEqualTo(VrrpState.FAULT);
    assertThat(b.state()).isEqualTo(VrrpState.FAULT);
    g.handle(a, new Event.TrackerStatus("eth0", false), t + 1);
    g.handle(a, new Event.TrackerStatus("eth0", true), t + 2);
    assertThat(a.state()).as("b is still faulty").isEqualTo(VrrpState.FAULT);
    assertThat(g.state()).isEqualTo(VrrpState.FAULT);

    g.handle(b, new Event.TrackerStatus("eth1", true), t + 3);
    assertThat(a.state()).isEqualTo(VrrpState.BACKUP);
    assertThat(b.state()).isEqualTo(VrrpState.BACKUP);
    assertThat(g.state()).isEqualTo(VrrpState.BACKUP);
    g.handle(a, Event.TIMER, t + 3 + a.masterDownIntervalNs());
    assertThat(b.state()).isEqualTo(VrrpState.MASTER);
  }
}
