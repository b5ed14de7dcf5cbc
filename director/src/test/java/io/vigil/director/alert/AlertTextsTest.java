package io.vigil.director.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.spec.CheckerKind;
import org.junit.jupiter.api.Test;

/** keepalived 2.2.7's subjects and bodies (vrrp_notify.c, ipwrapper.c, the checkers' files). */
class AlertTextsTest {
  @Test
  void instanceTransitions() {
    assertThat(AlertTexts.instance("VI_1", "MASTER"))
        .isEqualTo(
            new Alert(
                "VRRP Instance VI_1 - Entering MASTER state",
                "=> VRRP Instance is now owning VRRP VIPs <="));
    assertThat(AlertTexts.instance("VI_1", "BACKUP"))
        .isEqualTo(
            new Alert(
                "VRRP Instance VI_1 - Entering BACKUP state",
                "=> VRRP Instance is no longer owning VRRP VIPs <="));
    assertThat(AlertTexts.instance("VI_1", "FAULT"))
        .isEqualTo(
            new Alert(
                "VRRP Instance VI_1 - Entering FAULT state",
                "=> VRRP Instance is no longer owning VRRP VIPs <=",
                true));
    assertThat(AlertTexts.instance("VI_1", "STOP"))
        .isEqualTo(new Alert("VRRP Instance VI_1 - Stopping", "=> VRRP Instance stopping <="));
    assertThat(AlertTexts.instance("VI_1", "DELETED")) // notify_deleted, at a reload
        .isEqualTo(new Alert("VRRP Instance VI_1 - Deleted", "=> VRRP Deleted at reload <="));
    assertThat(AlertTexts.instance("VI_1", "INIT")).isNull();
  }

  @Test
  void groupTransitions() {
    assertThat(AlertTexts.group("G1", "MASTER"))
        .isEqualTo(
            new Alert(
                "VRRP Group G1 - Entering MASTER state",
                "=> All VRRP group instances are now in MASTER state <="));
    assertThat(AlertTexts.group("G1", "FAULT").body())
        .isEqualTo("=> All VRRP group instances are now in FAULT state <=");
    assertThat(AlertTexts.group("G1", "FAULT").fault()).as("no_email_faults skips it").isTrue();
    assertThat(AlertTexts.group("G1", "MASTER").fault()).isFalse();
    assertThat(AlertTexts.group("G1", "STOP"))
        .isEqualTo(
            new Alert(
                "VRRP Group G1 - Stopping", "=> All VRRP group instances are now stopping <="));
  }

  @Test
  void eachCheckersLine() {
    assertThat(AlertTexts.checkerLine(CheckerKind.TCP_CHECK, false))
        .isEqualTo("=> TCP CHECK failed on service <=");
    assertThat(AlertTexts.checkerLine(CheckerKind.HTTP_GET, false))
        .isEqualTo("=> CHECK failed on service : HTTP request failed <=");
    assertThat(AlertTexts.checkerLine(CheckerKind.SSL_GET, true))
        .isEqualTo("=> CHECK succeed on service <=");
    assertThat(AlertTexts.checkerLine(CheckerKind.MISC_CHECK, true))
        .isEqualTo("=> MISC CHECK succeeded on service <=");
    assertThat(AlertTexts.checkerLine(CheckerKind.DNS_CHECK, false))
        .isEqualTo("=> DNS_CHECK: failed on service <=");
    assertThat(AlertTexts.checkerLine(CheckerKind.PING_CHECK, true))
        .isEqualTo("=> ICMP CHECK succeed on service <=");
    assertThat(AlertTexts.checkerLine(CheckerKind.UDP_CHECK, false))
        .isEqualTo("=> UDP CHECK failed on service <=");
    assertThat(AlertTexts.checkerLine(null, false)).isEqualTo("=> CHECK failed on service <=");
  }

  @Test
  void quorumThresholdIsQuorumPlusHysteresisWhenGainedAndMinusWhenLost() {
    assertThat(AlertTexts.quorum("[192.0.2.10]:tcp:80", true, false, 3, 1, 4))
        .isEqualTo(
            new Alert("Virtualserver [192.0.2.10]:tcp:80 - UP", "=> Gained quorum 3+1=4 <= 4 <="));
    assertThat(AlertTexts.quorum("FWM 7", false, true, 1, 0, 0))
        .isEqualTo(
            new Alert("Virtualserver FWM 7 - DOWN", "=> Starting with quorum down 1+0=1 <= 0 <="));
    assertThat(AlertTexts.quorum("FWM 7", false, false, 3, 1, 1).body())
        .isEqualTo("=> Lost quorum 3+1=2 <= 1 <=");
  }
}
