package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import io.vigil.config.model.Vrrp;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code garp_extra_if [all] SECONDS} and the global {@code vrrp_garp_extra_if}, with their
 * deprecated names, as keepalived 2.2.7 reads them (its words).
 */
class GarpExtraIfConfigTest {
  static String conf(String global, String line) {
    return """
        global_defs {
          %s
        }
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          %s
          virtual_ipaddress {
            192.0.2.100/24
            198.51.100.100/24 dev eth1
          }
        }
        """
        .formatted(global, line);
  }

  static Optional<Vrrp.GarpExtraIf> of(LoadResult r) {
    return r.config().instances().get(0).garpExtraIf();
  }

  @Test
  void theInstancesElseTheGlobalOne() {
    assertThat(of(Cfg.load(conf("", "")))).isEmpty();
    LoadResult own = Cfg.load(conf("vrrp_garp_extra_if 300", "garp_extra_if all 100"));
    assertThat(Cfg.findings(own)).as("no longer 'not implemented'").isEmpty();
    assertThat(of(own)).contains(new Vrrp.GarpExtraIf(100, true));
    assertThat(of(Cfg.load(conf("vrrp_garp_extra_if all 300", ""))))
        .contains(new Vrrp.GarpExtraIf(300, true));
    assertThat(of(Cfg.load(conf("vrrp_garp_extra_if all 300", "garp_extra_if 0"))))
        .as("0: off for this instance")
        .contains(new Vrrp.GarpExtraIf(0, false));
  }

  @Test
  void badValuesAndOldNamesAreReportedWithKeepalivedsWords() {
    assertThat(Cfg.findings(Cfg.load(conf("", "garp_extra_if all"))))
        .containsExactly("7 error: (VI_1): garp_extra_if specified without time - ignoring");
    assertThat(Cfg.findings(Cfg.load(conf("", "garp_extra_if 86401"))))
        .containsExactly("7 error: (VI_1): garp_extra_if '86401' invalid - ignoring");
    assertThat(Cfg.findings(Cfg.load(conf("vrrp_garp_extra_if 0", ""))))
        .containsExactly("2 error: vrrp_garp_extra_if '0' invalid - ignoring");
    LoadResult old = Cfg.load(conf("vrrp_vmac_garp_intvl 60", "vmac_garp_intvl all 30"));
    assertThat(Cfg.findings(old))
        .containsExactly(
            "2 warning: Keyword \"vrrp_vmac_garp_intvl\" is deprecated - please use"
                + " \"vrrp_garp_extra_if\"",
            "7 warning: Keyword \"vmac_garp_intvl\" is deprecated - please use \"garp_extra_if\"");
    assertThat(of(old)).contains(new Vrrp.GarpExtraIf(30, true));
  }

  @Test
  void theDumpSaysItAndReadsBackTheSame() {
    String dump =
        ConfigDump.dump(Cfg.load(conf("vrrp_garp_extra_if all 300", "garp_extra_if 100")).config());
    assertThat(dump).contains("  vrrp_garp_extra_if all 300\n").contains("  garp_extra_if 100\n");
    assertThat(ConfigDump.dump(Cfg.load(dump).config())).isEqualTo(dump);
  }
}
