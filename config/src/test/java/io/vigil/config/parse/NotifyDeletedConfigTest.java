package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import io.vigil.config.model.Vrrp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code notify_deleted [SCRIPT [USER [GROUP]]]} in a {@code vrrp_instance}, as keepalived 2.2.7
 * reads it (vrrp_parser.c): a flag with an optional script, once (a second is an error and
 * ignored); not in a sync group.
 */
class NotifyDeletedConfigTest {
  static String instance(String name, int vrid, String lines) {
    return """
        vrrp_instance %s {
          interface eth0
          virtual_router_id %d
          virtual_ipaddress {
            192.0.2.%d
          }
        %s
        }
        """
        .formatted(name, vrid, vrid, lines);
  }

  static final String CONF =
      instance("VI_1", 51, "  notify_deleted")
          + instance("VI_2", 52, "  notify_deleted \"/usr/local/bin/gone VI_2\" nobody")
          + instance("VI_3", 53, "");

  @Test
  void aFlagWithAnOptionalScript() {
    LoadResult r = Cfg.load(CONF);
    assertThat(Cfg.findings(r)).isEmpty();
    List<Vrrp.Notify> n =
        r.config().instances().stream().map(Vrrp.Instance::notifyScripts).toList();
    assertThat(n).extracting(Vrrp.Notify::deletedNotified).containsExactly(true, true, false);
    assertThat(n.get(0).deleted()).isEmpty();
    assertThat(n.get(1).deleted().orElseThrow().argv())
        .containsExactly("/usr/local/bin/gone", "VI_2");
    assertThat(n.get(1).deleted().orElseThrow().user()).contains("nobody");
  }

  @Test
  void theDumpSaysItAndReadsBackTheSame() {
    String dump = ConfigDump.dump(Cfg.load(CONF).config());
    assertThat(dump)
        .contains("  notify_deleted\n")
        .contains("  notify_deleted \"/usr/local/bin/gone VI_2\" nobody\n");
    assertThat(ConfigDump.dump(Cfg.load(dump).config())).isEqualTo(dump);
  }

  @Test
  void aSecondIsAnErrorAndIgnoredAndASyncGroupHasNone() {
    LoadResult r =
        Cfg.load(
            """
            vrrp_sync_group G1 {
              group {
                VI_1
              }
              notify_deleted
            }
            """
                + instance("VI_1", 51, "  notify_deleted\n  notify_deleted /bin/true"));
    assertThat(Cfg.findings(r))
        .anySatisfy(f -> assertThat(f).startsWith("5 warning: 'notify_deleted'"))
        .anySatisfy(
            f -> assertThat(f).endsWith("error: notify_deleted already specified - ignoring"));
    assertThat(r.config().instances().get(0).notifyScripts().deleted()).isEmpty();
  }
}
