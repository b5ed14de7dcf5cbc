package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.status.DirectorStatus;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class VrrpHistoryTest {
  @Test
  void eachTransitionGetsItsReasonAndOnlyTheLastFiveAreKept() throws Exception {
    VrrpHistory h = new VrrpHistory();
    InetAddress peer = InetAddress.getByName("192.0.2.2");
    h.transition("BACKUP", false, null);
    h.transition("MASTER", false, null);
    h.transition("BACKUP", false, peer);
    h.transition("FAULT", true, peer);
    h.transition("BACKUP", true, peer);
    h.transition("STOP", false, peer);
    assertThat(h.state()).isEqualTo("STOP");
    assertThat(h.transitions()).isEqualTo(6);
    assertThat(h.last())
        .extracting(DirectorStatus.Transition::from, DirectorStatus.Transition::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "BACKUP", "no higher advert within the master down interval"),
            org.assertj.core.groups.Tuple.tuple("MASTER", "higher priority advert from 192.0.2.2"),
            org.assertj.core.groups.Tuple.tuple("BACKUP", "a tracker is down or its sync group"),
            org.assertj.core.groups.Tuple.tuple("FAULT", "trackers back up or its sync group"),
            org.assertj.core.groups.Tuple.tuple("BACKUP", "shutdown"));
  }

  @Test
  void becomingAndReleasingMasterAreCountedAsKeepalivedCountsThem() {
    VrrpHistory h = new VrrpHistory();
    h.transition("BACKUP", false, null);
    h.transition("MASTER", false, null); // became
    h.transition("FAULT", false, null); // released
    h.transition("BACKUP", false, null);
    h.transition("MASTER", false, null); // became
    h.transition("STOP", false, null); // released: the stop steps down too
    assertThat(h.becameMaster()).isEqualTo(2);
    assertThat(h.releasedMaster()).isEqualTo(2);
  }

  @Test
  void aReloadInPlaceIsKeptWithWhatChangedButCountsNoTransition() throws Exception {
    VrrpHistory h = new VrrpHistory();
    h.transition("BACKUP", false, null);
    h.transition("MASTER", false, null);
    h.reloaded("priority 100 -> 150, advert_int 1 -> 2");
    assertThat(h.state()).isEqualTo("MASTER");
    assertThat(h.transitions()).isEqualTo(2);
    DirectorStatus.Transition last = h.last().get(h.last().size() - 1);
    assertThat(last.from()).isEqualTo("MASTER");
    assertThat(last.to()).isEqualTo("MASTER");
    assertThat(last.reason())
        .isEqualTo("reloaded in place: priority 100 -> 150, advert_int 1 -> 2");
    for (int i = 0; i < VrrpHistory.KEEP; i++) {
      h.reloaded("priority " + i);
    }
    assertThat(h.last()).hasSize(VrrpHistory.KEEP);
    assertThat(h.last().get(0).reason()).isEqualTo("reloaded in place: priority 0");
  }
}
