package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.LoadResult;
import org.junit.jupiter.api.Test;

/**
 * keepalived 2.2.7 (vrrp.c, vrrp_complete_instance): an instance whose first VIP is IPv6 speaks
 * VRRPv3 unless it says {@code version 2}, whatever the global {@code vrrp_version}; in strict mode
 * a {@code version 2} is reported and set to 3. Vigil refused such an instance ("VRRPv2 carries
 * IPv4 addresses only") where keepalived runs it.
 */
class Ipv6VersionConfigTest {
  static String conf(String global, String extra, String vip) {
    return """
        global_defs {
          %s
        }
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          advert_int 0.5
          %s
          virtual_ipaddress {
            %s
          }
        }
        """
        .formatted(global, extra, vip);
  }

  @Test
  void anIpv6InstanceSpeaksVersion3UnlessItSaysOtherwise() {
    for (String global : new String[] {"", "vrrp_version 2"}) {
      LoadResult r = Cfg.load(conf(global, "", "2001:db8::100/64"));
      assertThat(Cfg.findings(r)).as(global).isEmpty();
      assertThat(r.config().instances().get(0).version()).isEqualTo(3);
      assertThat(r.config().instances().get(0).advertIntUs()).isEqualTo(500_000);
    }
    LoadResult v4 =
        Cfg.load(conf("", "advert_int 1", "192.0.2.100/24").replace("advert_int 0.5\n", ""));
    assertThat(v4.config().instances().get(0).version()).isEqualTo(2);
  }

  @Test
  void strictModeSetsAVersion2BackTo3WithKeepalivedsWords() {
    LoadResult r = Cfg.load(conf("vrrp_strict", "version 2", "2001:db8::100/64"));
    assertThat(Cfg.findings(r))
        .contains("4 error: (VI_1) cannot use IPv6 with VRRP version 2; setting version 3");
    assertThat(r.config().instances().get(0).version()).isEqualTo(3);
  }
}
