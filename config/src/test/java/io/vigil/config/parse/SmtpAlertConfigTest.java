package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import io.vigil.config.model.GlobalDefs;
import io.vigil.config.model.Lvs;
import io.vigil.config.model.Vrrp;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Alert mail's keywords where keepalived 2.2.7 reads them: {@code smtp_helo_name}, {@code
 * smtp_alert}, {@code smtp_alert_vrrp}, {@code smtp_alert_checker} and {@code no_checker_emails} in
 * {@code global_defs}; {@code smtp_alert} in instances, sync groups, virtual and real servers, each
 * a flag with an optional on/off word; and how they resolve.
 */
class SmtpAlertConfigTest {
  static final String CONF =
      """
      global_defs {
        router_id LVS_A
        notification_email {
          ops@example.org
        }
        notification_email_from lvs@example.org
        smtp_server 192.0.2.25 2525
        smtp_helo_name director1.example.org
        smtp_alert
        smtp_alert_vrrp off
        no_checker_emails
      }
      vrrp_sync_group G1 {
        group {
          VI_1
        }
        smtp_alert yes
      }
      vrrp_instance VI_1 {
        interface eth0
        virtual_router_id 51
        virtual_ipaddress {
          192.0.2.100
        }
        smtp_alert
      }
      vrrp_instance VI_2 {
        interface eth0
        virtual_router_id 52
        virtual_ipaddress {
          192.0.2.101
        }
      }
      virtual_server 192.0.2.10 80 {
        lb_algo rr
        lb_kind NAT
        protocol TCP
        smtp_alert off
        real_server 203.0.113.5 80 {
          smtp_alert
        }
        real_server 203.0.113.6 80 {
        }
      }
      """;

  @Test
  void readWhereKeepalivedReadsThem() {
    LoadResult r = Cfg.load(CONF);
    assertThat(Cfg.findings(r)).isEmpty();
    GlobalDefs g = r.config().globalDefs();
    assertThat(g.mails()).isTrue();
    assertThat(g.smtpAlerts())
        .isEqualTo(
            new GlobalDefs.SmtpAlerts(
                Optional.of("director1.example.org"),
                Optional.of(true),
                Optional.of(false),
                Optional.empty(),
                true,
                false));
    assertThat(r.config().syncGroups().get(0).smtpAlert()).contains(true);
    assertThat(r.config().instances())
        .extracting(Vrrp.Instance::smtpAlert)
        .containsExactly(Optional.of(true), Optional.empty());
    Lvs.VirtualServer vs = r.config().virtualServers().get(0);
    assertThat(vs.smtpAlert()).contains(false);
    assertThat(vs.realServers())
        .extracting(Lvs.RealServer::smtpAlert)
        .containsExactly(Optional.of(true), Optional.empty());
  }

  @Test
  void resolvedAsKeepalivedDoesOwnThenSpecificGlobalThenSmtpAlertThenTheDefault() {
    GlobalDefs.SmtpAlerts none = GlobalDefs.SmtpAlerts.NONE;
    assertThat(none.forVrrp(Optional.empty())).as("VRRP: off by default").isFalse();
    assertThat(none.forVirtualServer(Optional.empty())).as("virtual server: off").isFalse();
    assertThat(none.forRealServer(Optional.empty())).as("real server: on").isTrue();
    assertThat(none.forRealServer(Optional.of(false))).isFalse();

    GlobalDefs.SmtpAlerts all =
        new GlobalDefs.SmtpAlerts(
            Optional.empty(), Optional.of(false), Optional.empty(), Optional.empty(), false, false);
    assertThat(all.forRealServer(Optional.empty())).as("smtp_alert off").isFalse();
    assertThat(all.forVrrp(Optional.of(true))).as("the instance's own").isTrue();

    GlobalDefs.SmtpAlerts specific =
        new GlobalDefs.SmtpAlerts(
            Optional.empty(),
            Optional.of(false),
            Optional.of(true),
            Optional.of(true),
            false,
            false);
    assertThat(specific.forVrrp(Optional.empty())).as("smtp_alert_vrrp over smtp_alert").isTrue();
    assertThat(specific.forVirtualServer(Optional.empty()))
        .as("smtp_alert_checker over smtp_alert")
        .isTrue();
    assertThat(specific.forVirtualServer(Optional.of(false))).isFalse();
  }

  @Test
  void mailNeedsAServerAndSomebodyToMail() {
    assertThat(Cfg.load("").config().globalDefs().mails()).isFalse();
    assertThat(
            Cfg.load("global_defs {\n  smtp_server 192.0.2.25\n}\n").config().globalDefs().mails())
        .isFalse();
  }

  @Test
  void theDumpSaysItAsKeepalivedReadsItAndReadsBackTheSame() {
    String dump = ConfigDump.dump(Cfg.load(CONF).config());
    assertThat(dump)
        .contains("  smtp_helo_name director1.example.org\n")
        .contains("  smtp_alert true\n")
        .contains("  smtp_alert_vrrp false\n")
        .contains("  no_checker_emails\n")
        .contains("  smtp_alert false\n");
    assertThat(ConfigDump.dump(Cfg.load(dump).config())).isEqualTo(dump);
  }

  @Test
  void aWordThatIsNotOnOrOffIsAnError() {
    assertThat(Cfg.findings(Cfg.load("global_defs {\n  smtp_alert_checker maybe\n}\n")))
        .containsExactly(
            "2 error: smtp_alert_checker: invalid value 'maybe' - expected on/off, true/false,"
                + " yes/no");
  }

  @Test
  void noEmailFaultsIsRead() {
    assertThat(
            Cfg.load("global_defs {\n  no_email_faults\n}\n")
                .config()
                .globalDefs()
                .smtpAlerts()
                .noEmailFaults())
        .isTrue();
  }
}
