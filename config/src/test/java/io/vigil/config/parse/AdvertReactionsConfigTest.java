package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import io.vigil.config.model.Vrrp;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a master does on another router's advert, where keepalived 2.2.7 reads it: {@code
 * higher_prio_send_advert} in a {@code vrrp_instance} (a flag with an optional on/off word) and its
 * default {@code vrrp_higher_prio_send_advert} in {@code global_defs}; {@code
 * notify_master_rx_lower_pri SCRIPT [USER [GROUP]]} in a {@code vrrp_instance} only.
 */
class AdvertReactionsConfigTest {
  static final String CONF =
      """
      global_defs {
        vrrp_higher_prio_send_advert
      }
      vrrp_instance VI_1 {
        interface eth0
        virtual_router_id 51
        virtual_ipaddress {
          192.0.2.100
        }
        higher_prio_send_advert off
        notify_master_rx_lower_pri "/usr/local/bin/reclaim --vips" nobody
      }
      vrrp_instance VI_2 {
        interface eth0
        virtual_router_id 52
        virtual_ipaddress {
          192.0.2.101
        }
        higher_prio_send_advert
      }
      vrrp_instance VI_3 {
        interface eth0
        virtual_router_id 53
        virtual_ipaddress {
          192.0.2.102
        }
      }
      """;

  @Test
  void readInGlobalDefsAndInstances() {
    LoadResult r = Cfg.load(CONF);
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(r.config().globalDefs().vrrpHigherPrioSendAdvert()).isTrue();
    assertThat(r.config().instances())
        .extracting(Vrrp.Instance::higherPrioSendAdvert)
        .containsExactly(Optional.of(false), Optional.of(true), Optional.empty());
    Vrrp.Notify n = r.config().instances().get(0).notifyScripts();
    assertThat(n.masterRxLowerPri().orElseThrow().argv())
        .isEqualTo(List.of("/usr/local/bin/reclaim", "--vips"));
    assertThat(n.masterRxLowerPri().orElseThrow().user()).contains("nobody");
    assertThat(r.config().instances().get(1).notifyScripts().masterRxLowerPri()).isEmpty();
    assertThat(Cfg.load("").config().globalDefs().vrrpHigherPrioSendAdvert())
        .as("keepalived's default")
        .isFalse();
  }

  @Test
  void theDumpSaysItAsKeepalivedReadsItAndReadsBackTheSame() {
    String dump = ConfigDump.dump(Cfg.load(CONF).config());
    assertThat(dump)
        .contains("  vrrp_higher_prio_send_advert\n")
        .contains("  higher_prio_send_advert false\n")
        .contains("  higher_prio_send_advert true\n")
        .contains("  notify_master_rx_lower_pri \"/usr/local/bin/reclaim --vips\" nobody\n");
    assertThat(ConfigDump.dump(Cfg.load(dump).config())).isEqualTo(dump);
  }

  @Test
  void aSyncGroupHasNoLowerPriorityNotifyAndABadWordIsAnError() {
    LoadResult r =
        Cfg.load(
            """
            vrrp_sync_group G1 {
              group {
                VI_1
              }
              notify_master_rx_lower_pri /bin/true
            }
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 51
              virtual_ipaddress {
                192.0.2.100
              }
              higher_prio_send_advert maybe
            }
            """);
    assertThat(Cfg.findings(r))
        .anySatisfy(f -> assertThat(f).startsWith("5 warning: 'notify_master_rx_lower_pri'"))
        .contains(
            "13 error: higher_prio_send_advert: invalid value 'maybe' - expected on/off,"
                + " true/false, yes/no");
  }
}
