package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import io.vigil.config.model.Vrrp;
import org.junit.jupiter.api.Test;

/** {@code old_unicast_checksum [never]} as keepalived 2.2.7 reads it (vrrp_parser.c). */
class OldUnicastChecksumConfigTest {
  static final String CONF =
      """
      vrrp_instance VI_1 {
        interface eth0
        virtual_router_id 51
        version 3
        %s
        unicast_peer {
          192.0.2.2
        }
        virtual_ipaddress {
          192.0.2.100
        }
      }
      """;

  static Vrrp.UnicastChecksum of(LoadResult r) {
    return r.config().instances().get(0).unicastChecksum();
  }

  @Test
  void detectUnlessWrittenOldAloneNeverWithTheWord() {
    assertThat(of(Cfg.load(CONF.formatted("")))).isEqualTo(Vrrp.UnicastChecksum.DETECT);
    LoadResult old = Cfg.load(CONF.formatted("old_unicast_checksum"));
    assertThat(Cfg.findings(old)).as("no longer 'not implemented'").isEmpty();
    assertThat(of(old)).isEqualTo(Vrrp.UnicastChecksum.OLD);
    assertThat(of(Cfg.load(CONF.formatted("old_unicast_checksum never"))))
        .isEqualTo(Vrrp.UnicastChecksum.NEVER);
  }

  @Test
  void anUnknownModeIsReportedWithKeepalivedsWordsAndIgnored() {
    LoadResult r = Cfg.load(CONF.formatted("old_unicast_checksum sometimes"));
    assertThat(Cfg.findings(r))
        .containsExactly("5 error: Unknown old_unicast_chksum mode sometimes - ignoring");
    assertThat(of(r)).isEqualTo(Vrrp.UnicastChecksum.DETECT);
  }

  @Test
  void theDumpSaysItAndReadsBackTheSame() {
    for (String line : new String[] {"old_unicast_checksum", "old_unicast_checksum never"}) {
      String dump = ConfigDump.dump(Cfg.load(CONF.formatted(line)).config());
      assertThat(dump).contains("  " + line + "\n");
      assertThat(ConfigDump.dump(Cfg.load(dump).config())).isEqualTo(dump);
    }
  }
}
