package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import io.vigil.config.model.Vrrp;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code notify_priority_changes} where keepalived 2.2.7 reads it: {@code
 * vrrp_notify_priority_changes} in {@code global_defs}, {@code notify_priority_changes} in a {@code
 * vrrp_instance} and a {@code vrrp_sync_group}, each a flag with an optional on/off word.
 */
class NotifyPriorityChangesConfigTest {
  static final String CONF =
      """
      global_defs {
        vrrp_notify_priority_changes
        vrrp_lower_prio_no_advert
      }
      vrrp_sync_group G1 {
        group {
          VI_1
        }
        notify_priority_changes off
      }
      vrrp_instance VI_1 {
        interface eth0
        virtual_router_id 51
        virtual_ipaddress {
          192.0.2.100
        }
        notify_priority_changes yes
        lower_prio_no_advert off
      }
      vrrp_instance VI_2 {
        interface eth0
        virtual_router_id 52
        virtual_ipaddress {
          192.0.2.101
        }
      }
      """;

  @Test
  void readInGlobalDefsInstancesAndSyncGroups() {
    LoadResult r = Cfg.load(CONF);
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(r.config().globalDefs().vrrpNotifyPriorityChanges()).isTrue();
    assertThat(r.config().syncGroups().get(0).notifyPriorityChanges()).contains(false);
    assertThat(r.config().instances())
        .extracting(Vrrp.Instance::notifyPriorityChanges)
        .containsExactly(Optional.of(true), Optional.empty());
    assertThat(Cfg.load("").config().globalDefs().vrrpNotifyPriorityChanges())
        .as("keepalived's default")
        .isFalse();
  }

  @Test
  void theDumpSaysItAsKeepalivedReadsItAndReadsBackTheSame() {
    String dump = ConfigDump.dump(Cfg.load(CONF).config());
    assertThat(dump)
        .contains("  vrrp_notify_priority_changes\n")
        .contains("  notify_priority_changes false\n")
        .contains("  notify_priority_changes true\n")
        .contains("  vrrp_lower_prio_no_advert\n")
        .contains("  lower_prio_no_advert false\n");
    assertThat(ConfigDump.dump(Cfg.load(dump).config())).isEqualTo(dump);
  }

  @Test
  void theGlobalSpellingKeepalivedDoesNotKnowIsAWarningThatNamesTheRightOne() {
    LoadResult r = Cfg.load("global_defs {\n  notify_priority_changes\n}\n");
    assertThat(Cfg.findings(r))
        .containsExactly(
            "2 warning: 'notify_priority_changes' is not a global_defs keyword (keepalived: Unknown"
                + " keyword) - ignored; vrrp_notify_priority_changes sets it for every instance");
    assertThat(r.config().globalDefs().vrrpNotifyPriorityChanges()).isFalse();
    assertThat(Cfg.findings(Cfg.load("global_defs {\n  vrrp_notify_priority_changes maybe\n}\n")))
        .containsExactly(
            "2 error: vrrp_notify_priority_changes: invalid value 'maybe' - expected on/off,"
                + " true/false, yes/no");
  }
}
