package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import io.vigil.config.model.Vrrp;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code vrrp_strict} (global) and {@code strict_mode} (an instance's own, which wins) applied as
 * keepalived 2.2.7 completes an instance: each setting strict mode forbids is reported with
 * keepalived's words and reset, a unicast instance is refused, and the advert reactions default to
 * the RFC's.
 */
class StrictModeConfigTest {
  static final String STRICT =
      """
      global_defs {
        vrrp_strict
      }
      vrrp_instance VI_1 {
        state MASTER
        interface eth0
        virtual_router_id 51
        priority 100
        preempt_delay 5
        garp_lower_prio_repeat 3
        lower_prio_no_advert off
        higher_prio_send_advert
        authentication {
          auth_type PASS
          auth_pass secret
        }
        virtual_ipaddress {
          192.0.2.100
        }
      }
      vrrp_instance VI_2 {
        interface eth0
        virtual_router_id 52
        priority 255
        virtual_ipaddress {
          192.0.2.101
        }
      }
      """;

  @Test
  void whatStrictModeForbidsIsReportedAndReset() {
    LoadResult r = Cfg.load(STRICT);
    assertThat(Cfg.findings(r))
        .containsExactly(
            "4 error: (VI_1) State MASTER must match being address owner",
            "4 error: (VI_1) Strict mode does not support authentication. Ignoring.",
            "4 error: (VI_1) preempt_delay is incompatible with strict mode - resetting",
            "4 error: (VI_1) Strict mode requires no repeat garps. resetting",
            "4 error: (VI_1) Strict mode requires no lower priority advert. resetting",
            "4 error: (VI_1) strict mode requires higher_prio_send_advert to be clear. resetting");
    Vrrp.Instance i = r.config().instances().get(0);
    assertThat(i.state()).isEqualTo(Vrrp.State.BACKUP);
    assertThat(i.authentication()).isEmpty();
    assertThat(i.preemptDelayUs()).isZero();
    assertThat(i.garp().lowerPrioRepeat()).isZero();
    assertThat(i.garp().lowerPrioDelayUs()).isZero();
    assertThat(i.lowerPrioNoAdvert()).contains(true);
    assertThat(i.higherPrioSendAdvert()).contains(false);
    Vrrp.Instance owner = r.config().instances().get(1);
    assertThat(owner.state()).as("the address owner is master").isEqualTo(Vrrp.State.MASTER);
    assertThat(owner.garp().lowerPrioRepeat()).as("keepalived's strict default").isZero();
    assertThat(owner.lowerPrioNoAdvert()).contains(true);
  }

  @Test
  void theDumpReadsBackWithoutFindings() {
    String dump = ConfigDump.dump(Cfg.load(STRICT).config());
    LoadResult again = Cfg.load(dump);
    assertThat(Cfg.findings(again)).isEmpty();
    assertThat(ConfigDump.dump(again.config())).isEqualTo(dump);
  }

  @Test
  void unicastPeersRefuseTheInstanceAndAVipIsRequired() {
    LoadResult r =
        Cfg.load(
            """
            vrrp_instance VI_1 {
              strict_mode
              interface eth0
              virtual_router_id 51
              unicast_peer {
                192.0.2.2
              }
              virtual_ipaddress {
                192.0.2.100
              }
            }
            vrrp_instance VI_2 {
              strict_mode on
              interface eth0
              virtual_router_id 52
            }
            """);
    assertThat(Cfg.findings(r))
        .contains(
            "1 error: (VI_1) Unicast peers are not supported in strict mode",
            "12 error: (VI_2) no VIP specified; at least one is required");
    assertThat(r.config().instances()).isEmpty();
  }

  @Test
  void anInstancesStrictModeOffWinsOverTheGlobalOne() {
    LoadResult r =
        Cfg.load(
            """
            global_defs {
              vrrp_strict
            }
            vrrp_instance VI_1 {
              strict_mode off
              interface eth0
              virtual_router_id 51
              preempt_delay 5
              virtual_ipaddress {
                192.0.2.100
              }
            }
            """);
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(r.config().instances().get(0).preemptDelayUs()).isEqualTo(5_000_000);
    assertThat(r.config().instances().get(0).lowerPrioNoAdvert()).isEqualTo(Optional.empty());
    assertThat(ConfigDump.dump(r.config())).contains("  strict_mode false\n");
  }
}
