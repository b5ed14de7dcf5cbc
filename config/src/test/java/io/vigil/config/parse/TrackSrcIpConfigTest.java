package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import org.junit.jupiter.api.Test;

/**
 * {@code track_src_ip} in a vrrp_instance (keepalived 2.2.7, vrrp_parser.c: a flag, no value): in
 * FAULT while its {@code unicast_src_ip} is not an address of the host.
 */
class TrackSrcIpConfigTest {
  static final String CONF =
      """
      vrrp_instance VI_1 {
        interface eth0
        virtual_router_id 51
        unicast_src_ip 192.0.2.1
        %s
        unicast_peer {
          192.0.2.2
        }
        virtual_ipaddress {
          192.0.2.100
        }
      }
      """;

  @Test
  void offUnlessWritten() {
    LoadResult off = Cfg.load(CONF.formatted(""));
    assertThat(Cfg.findings(off)).isEmpty();
    assertThat(off.config().instances().get(0).trackSrcIp()).isFalse();
    LoadResult on = Cfg.load(CONF.formatted("track_src_ip"));
    assertThat(Cfg.findings(on)).as("no longer 'not implemented'").isEmpty();
    assertThat(on.config().instances().get(0).trackSrcIp()).isTrue();
  }

  @Test
  void theDumpSaysItAndReadsBackTheSame() {
    String dump = ConfigDump.dump(Cfg.load(CONF.formatted("track_src_ip")).config());
    assertThat(dump).contains("  track_src_ip\n");
    assertThat(ConfigDump.dump(Cfg.load(dump).config())).isEqualTo(dump);
  }
}
