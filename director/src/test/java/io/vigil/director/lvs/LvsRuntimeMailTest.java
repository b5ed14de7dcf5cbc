package io.vigil.director.lvs;

import static io.vigil.director.lvs.LvsRuntimes.downOnly;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.alert.Alert;
import io.vigil.director.reconcile.InMemoryIpvsKernel;
import io.vigil.director.status.Metrics;
import io.vigil.healthcheck.CheckResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Alert mail of the IPVS side: a real server is mailed as it leaves and rejoins its pool (real
 * servers mail by default once mail is configured), a virtual server's quorum only with {@code
 * smtp_alert} (its own, {@code smtp_alert_checker} or {@code smtp_alert}), at start as {@code
 * quorum_up} runs; {@code smtp_alert off} and no {@code smtp_server} mail nothing. The health comes
 * from the pure core, the kernel is the in-memory twin.
 */
class LvsRuntimeMailTest {
  private static final String RS5 = "192.0.2.10:80 203.0.113.5:80";
  private static final String MAIL =
      """
      global_defs {
        notification_email {
          ops@example.org
        }
        smtp_server 127.0.0.1
      %s
      }
      """;

  private final InMemoryIpvsKernel kernel = new InMemoryIpvsKernel();
  private final List<Alert> mailed = Collections.synchronizedList(new ArrayList<>());
  private LvsRuntime runtime;
  private CoreHealthDriver health;

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.stop(false);
    }
  }

  private static String web(String options, String rsOptions) {
    return """
        virtual_server 192.0.2.10 80 {
          delay_loop 2
          lb_algo wrr
          lb_kind NAT
          protocol TCP
          quorum 2
          hysteresis 1
        %s
          real_server 203.0.113.5 80 {
            weight 2
        %s
            TCP_CHECK {
              connect_timeout 3
              retry 0
            }
          }
          real_server 203.0.113.6 80 {
            weight 1
            TCP_CHECK {
              connect_timeout 3
              retry 0
            }
          }
        }
        """
        .formatted(options, rsOptions);
  }

  private void start(String text) {
    LvsMapping.Result m = LvsRuntimes.map(text);
    runtime =
        new LvsRuntime(
            m.model(), kernel, new LvsRuntime.Options(3_600_000, false), new Metrics(), run -> {});
    runtime.alerts(mailed::add);
    health = LvsRuntimes.start(runtime, m);
    runtime.reconcile();
  }

  private List<String> subjects() {
    return mailed.stream().map(Alert::subject).toList();
  }

  @Test
  void aRealServerIsMailedAsItLeavesAndRejoinsItsPoolWithTheCheckersLineAndReason() {
    start(MAIL.formatted("") + web("", ""));
    assertThat(mailed).as("nothing at start: no virtual server asks").isEmpty();
    health.runEveryCheck(downOnly(RS5));
    runtime.reconcile();
    assertThat(mailed)
        .containsExactly(
            new Alert(
                "Realserver [203.0.113.5]:tcp:80 of virtual server [192.0.2.10]:tcp:80 - DOWN",
                "=> TCP CHECK failed on service <=\n\nconnection refused"));
    mailed.clear();
    health.runEveryCheck(ref -> CheckResult.up("connected"));
    runtime.reconcile();
    assertThat(mailed)
        .containsExactly(
            new Alert(
                "Realserver [203.0.113.5]:tcp:80 of virtual server [192.0.2.10]:tcp:80 - UP",
                "=> TCP CHECK succeed on service <=\n\nconnected"));
  }

  @Test
  void aVirtualServerWithSmtpAlertIsMailedAtStartAndAsItsQuorumGoesAndComes() {
    start(MAIL.formatted("") + web("smtp_alert", ""));
    // quorum 2 + hysteresis 1 = 3 <= weights 2 + 1
    assertThat(mailed)
        .containsExactly(
            new Alert(
                "Virtualserver [192.0.2.10]:tcp:80 - UP",
                "=> Starting with quorum up 2+1=3 <= 3 <="));
    mailed.clear();
    health.runEveryCheck(downOnly(RS5));
    runtime.reconcile();
    // weight 1 left: not under quorum 2 - hysteresis 1 = 1, the quorum holds
    assertThat(subjects())
        .containsExactly(
            "Realserver [203.0.113.5]:tcp:80 of virtual server [192.0.2.10]:tcp:80 - DOWN");
  }

  @Test
  void theQuorumIsMailedWhenLostWithKeepalivedsThreshold() {
    start(MAIL.formatted("  smtp_alert_checker") + web("", ""));
    mailed.clear();
    health.runEveryCheck(ref -> CheckResult.down("connection refused"));
    runtime.reconcile();
    assertThat(mailed)
        .contains(
            new Alert("Virtualserver [192.0.2.10]:tcp:80 - DOWN", "=> Lost quorum 2+1=1 <= 0 <="));
    assertThat(subjects()).hasSize(3); // and each real server
  }

  @Test
  void smtpAlertOffOnARealServerOrNoServerMailsNothing() {
    start(MAIL.formatted("") + web("", "smtp_alert off"));
    health.runEveryCheck(downOnly(RS5));
    runtime.reconcile();
    assertThat(mailed).isEmpty();
    runtime.stop(false);
    runtime = null;

    start(web("smtp_alert", ""));
    health.runEveryCheck(downOnly(RS5));
    runtime.reconcile();
    assertThat(mailed).as("no smtp_server: nothing asks").isEmpty();
  }

  @Test
  void globalSmtpAlertOffSilencesRealServersUnlessTheirOwnSaysOtherwise() {
    start(MAIL.formatted("  smtp_alert off") + web("", "smtp_alert on"));
    health.runEveryCheck(ref -> CheckResult.down("connection refused"));
    runtime.reconcile();
    assertThat(subjects())
        .containsExactly(
            "Realserver [203.0.113.5]:tcp:80 of virtual server [192.0.2.10]:tcp:80 - DOWN");
  }
}
