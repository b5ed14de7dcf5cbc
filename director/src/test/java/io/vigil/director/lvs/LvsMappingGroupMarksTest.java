package io.vigil.director.lvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Diagnostic;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.Protocol;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.nft.IpvsFirewall;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * nftables_ipvs in the mapping: a virtual server group of addresses becomes one fwmark service per
 * protocol (and family), its entries map elements with the mark, as keepalived 2.2.7 made them in
 * the lab VM (keepalived-nft-ipvs.hex, a configuration like this one: G4's TCP and UDP servers 1000
 * and 1001, G6's 1002; the real servers' ports 0 but NAT's); a reload keeps the marks given out.
 */
class LvsMappingGroupMarksTest {
  private static final Environment ENV = Environment.fixed("node1", Set.of("eth0"));

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static final String GROUPS =
      """
      virtual_server_group G4 {
        192.0.2.10-12 80
        192.0.2.20 80
      }
      virtual_server group G4 {
        lb_algo rr
        lb_kind NAT
        protocol TCP
        real_server 203.0.113.5 8080 {
          weight 2
        }
      }
      virtual_server group G4 {
        lb_algo wlc
        lb_kind DR
        protocol UDP
        real_server 203.0.113.5 80 {
        }
      }
      virtual_server_group G6 {
        2001:db8::10-12 443
      }
      virtual_server group G6 {
        lb_algo wlc
        lb_kind DR
        protocol TCP
        real_server 2001:db8:1::5 443 {
        }
      }
      virtual_server_group marks {
        fwmark 7
      }
      virtual_server group marks {
        lb_algo wlc
        lb_kind DR
        protocol TCP
        real_server 203.0.113.6 {
        }
      }
      """;

  static LvsMapping.Result map(String text, LvsModel.GroupMarks previous) {
    LoadResult r = ConfigLoader.loadString(text, "t.conf", Path.of("/nonexistent"), ENV);
    assertThat(r.diagnostics())
        .allSatisfy(d -> assertThat(d.severity()).isEqualTo(Diagnostic.Severity.WARNING));
    LvsMapping.Result m = LvsMapping.map(r.config(), previous);
    assertThat(m.errors()).isEmpty();
    return m;
  }

  @Test
  void groupsOfAddressesBecomeOneFwmarkServicePerProtocolAsKeepalivedMakesThem() {
    LvsMapping.Result r =
        map("global_defs {\n  nftables_ipvs\n}\n" + GROUPS, LvsModel.GroupMarks.NONE);
    assertThat(r.model().serviceKeys())
        .containsExactly(
            ServiceKey.fwmark(1000, ServiceKey.AF_INET),
            ServiceKey.fwmark(1001, ServiceKey.AF_INET),
            ServiceKey.fwmark(1002, ServiceKey.AF_INET6),
            // a group with a fwmark entry is served as before
            ServiceKey.fwmark(7, ServiceKey.AF_INET));
    LvsModel.GroupMarks marks = r.model().groupMarks();
    assertThat(marks.settings()).contains(new IpvsFirewall.Settings("keepalived_ipvs", -1, false));
    assertThat(marks.elements())
        .containsExactly(
            new IpvsFirewall.Element(6, ip("192.0.2.10"), ip("192.0.2.12"), 80, 1000),
            new IpvsFirewall.Element(6, ip("192.0.2.20"), ip("192.0.2.20"), 80, 1000),
            new IpvsFirewall.Element(17, ip("192.0.2.10"), ip("192.0.2.12"), 80, 1001),
            new IpvsFirewall.Element(17, ip("192.0.2.20"), ip("192.0.2.20"), 80, 1001),
            new IpvsFirewall.Element(6, ip("2001:db8::10"), ip("2001:db8::12"), 443, 1002));
    assertThat(marks.next()).isEqualTo(1003);
    // ipvsadm -Ln in the capture: 203.0.113.5:8080 Masq, 203.0.113.5:0 and [2001:db8:1::5]:0 Route
    assertThat(r.model().virtualServers())
        .extracting(v -> v.backends().get(0).destination())
        .containsExactly(
            new DestKey(ip("203.0.113.5"), 8080),
            new DestKey(ip("203.0.113.5"), 0),
            new DestKey(ip("2001:db8:1::5"), 0),
            new DestKey(ip("203.0.113.6"), 0));
    // the health checks still go to the real servers' own ports
    assertThat(r.checks()).extracting(s -> s.id()).contains("group G4 203.0.113.5:80");
  }

  static final String MIXED =
      """
      virtual_server_group G46 {
        192.0.2.30 80
        2001:db8::30 80
      }
      virtual_server group G46 {
        lb_algo rr
        lb_kind TUN
        protocol TCP
        persistence_timeout 300
        persistence_granularity 255.255.255.0
        real_server 203.0.113.5 80 {
        }
      }
      """;

  /**
   * keepalived 2.2.7 (ipvswrapper.c, ipvs_cmd) gives nftables_ipvs's IPv6 service of a group with
   * both families netmask 128; its IPv4 one keeps the granularity. Both are persistent.
   */
  @Test
  void theOtherFamilysServiceOfAMixedGroupHasItsFullNetmask() {
    LvsModel.VirtualService vs =
        map("global_defs {\n  nftables_ipvs\n}\n" + MIXED, LvsModel.GroupMarks.NONE)
            .model()
            .virtualServers()
            .get(0);
    assertThat(vs.keys())
        .containsExactly(
            ServiceKey.fwmark(1000, ServiceKey.AF_INET),
            ServiceKey.fwmark(1000, ServiceKey.AF_INET6));
    assertThat(vs.settingsFor(vs.keys().get(0)).netmaskPrefix()).isEqualTo(24);
    assertThat(vs.settingsFor(vs.keys().get(1)).netmaskPrefix()).isEqualTo(128);
    assertThat(vs.keys()).allSatisfy(k -> assertThat(vs.settingsFor(k).persistent()).isTrue());
    assertThat(vs.keys())
        .allSatisfy(k -> assertThat(vs.settingsFor(k).persistenceTimeoutS()).isEqualTo(300));
    // without nftables_ipvs: one service per address, the IPv6 one with 128 likewise
    LvsModel.VirtualService plain =
        map(MIXED, LvsModel.GroupMarks.NONE).model().virtualServers().get(0);
    assertThat(plain.keys())
        .extracting(k -> plain.settingsFor(k).netmaskPrefix())
        .containsExactly(24, 128);
  }

  @Test
  void haSuspendWaitsForTheAddressesOfAMarkedGroup() {
    LvsMapping.Result r =
        map(
            "global_defs {\n  nftables_ipvs\n}\n"
                + GROUPS.replace("protocol UDP\n", "protocol UDP\n  ha_suspend\n"),
            LvsModel.GroupMarks.NONE);
    LvsModel.VirtualService udp = r.model().virtualServers().get(1);
    assertThat(udp.haSuspend()).isTrue();
    assertThat(HaSuspend.addresses(udp))
        .containsExactly(ip("192.0.2.10"), ip("192.0.2.11"), ip("192.0.2.12"), ip("192.0.2.20"));
    assertThat(HaSuspend.uses(r.model())).isTrue();
    assertThat(HaSuspend.addresses(r.model().virtualServers().get(3))).isEmpty();
  }

  @Test
  void withoutItEachAddressIsAServiceOfItsOwn() {
    LvsMapping.Result r = map(GROUPS, LvsModel.GroupMarks.NONE);
    assertThat(r.model().serviceKeys())
        .contains(
            ServiceKey.of(Protocol.TCP, ip("192.0.2.11"), 80),
            ServiceKey.of(Protocol.UDP, ip("192.0.2.20"), 80));
    assertThat(r.model().groupMarks()).isEqualTo(LvsModel.GroupMarks.NONE);
  }

  @Test
  void theFirstMarkTheTableAndItsPriorityAsConfigured() {
    LvsMapping.Result r =
        map(
            "global_defs {\n  nftables_ipvs vigil_ipvs\n  nftables_ipvs_priority -5\n"
                + "  nftables_ipvs_start_fwmark 2000\n  nftables_counters\n}\n"
                + GROUPS,
            LvsModel.GroupMarks.NONE);
    assertThat(r.model().serviceKeys()).contains(ServiceKey.fwmark(2002, ServiceKey.AF_INET6));
    assertThat(r.model().groupMarks().settings())
        .contains(new IpvsFirewall.Settings("vigil_ipvs", -5, true));
  }

  @Test
  void aReloadKeepsTheMarksGivenOutAndGivesNewGroupsTheNextOnes() {
    String on = "global_defs {\n  nftables_ipvs\n}\n";
    LvsModel.GroupMarks first = map(on + GROUPS, LvsModel.GroupMarks.NONE).model().groupMarks();
    // a new group written first, G4's UDP server gone: the others keep theirs
    String next =
        on
            + """
            virtual_server_group G0 {
              198.51.100.1 25
            }
            virtual_server group G0 {
              lb_algo wlc
              lb_kind DR
              protocol TCP
              real_server 203.0.113.7 25 {
              }
            }
            """
            + GROUPS.replace(
                """
                virtual_server group G4 {
                  lb_algo wlc
                  lb_kind DR
                  protocol UDP
                  real_server 203.0.113.5 80 {
                  }
                }
                """,
                "");
    LvsMapping.Result r = map(next, first);
    assertThat(r.model().serviceKeys())
        .containsExactly(
            ServiceKey.fwmark(1003, ServiceKey.AF_INET),
            ServiceKey.fwmark(1000, ServiceKey.AF_INET),
            ServiceKey.fwmark(1002, ServiceKey.AF_INET6),
            ServiceKey.fwmark(7, ServiceKey.AF_INET));
    assertThat(r.model().groupMarks().assigned())
        .isEqualTo(Map.of("G0/TCP", 1003, "G4/TCP", 1000, "G6/TCP", 1002));
    assertThat(r.model().groupMarks().next()).isEqualTo(1004);
    // a fresh start numbers them in the file's order
    assertThat(map(next, LvsModel.GroupMarks.NONE).model().serviceKeys())
        .startsWith(ServiceKey.fwmark(1000, ServiceKey.AF_INET));
  }
}
