package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import io.vigil.config.model.IpPrefix;
import io.vigil.config.model.Vrrp;
import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code use_ipvlan [NAME] [ADDRESS[/PREFIX]] [bridge|private|vepa]}, read and completed as
 * keepalived 2.2.7 does (vrrp_parser.c vrrp_ipvlan_handler, vrrp.c vrrp_complete_instance), with
 * its words. The messages were checked with {@code keepalived -t} on the same lines.
 */
class IpvlanConfigTest {
  static String conf(String ipvlan, String vip) {
    return """
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          %s
          virtual_ipaddress {
            %s
          }
        }
        """
        .formatted(ipvlan, vip);
  }

  static String conf(String ipvlan) {
    return conf(ipvlan, "192.0.2.100/24");
  }

  static Vrrp.Instance only(LoadResult r) {
    return r.config().instances().get(0);
  }

  static IpPrefix prefix(String a, int len) throws Exception {
    return new IpPrefix(InetAddress.getByName(a), len);
  }

  @Test
  void anAddressANameAndAModeInAnyOrder() throws Exception {
    Vrrp.Vmac want =
        Vrrp.Vmac.ipvlan("ipv1", new Vrrp.Ipvlan("private", Optional.of(prefix("192.0.2.5", 24))));
    for (String line :
        new String[] {
          "use_ipvlan ipv1 192.0.2.5/24 private", "use_ipvlan private 192.0.2.5/24 ipv1"
        }) {
      LoadResult r = Cfg.load(conf(line));
      assertThat(Cfg.findings(r)).as(line).isEmpty();
      assertThat(only(r).vmac()).as(line).contains(want);
      assertThat(only(r).vmac().get().ipvlan().get().flags()).isEqualTo(1);
    }
  }

  @Test
  void unnamedItIsNamedAsAVmacInBridgeModeAndItsAddressIsTheSource() throws Exception {
    LoadResult r = Cfg.load(conf("use_ipvlan 192.0.2.5"));
    assertThat(Cfg.findings(r)).isEmpty();
    Vrrp.Vmac m = only(r).vmac().orElseThrow();
    assertThat(m.name()).isEqualTo("vrrp.51");
    assertThat(m.isIpvlan()).isTrue();
    assertThat(m.ipvlan().get().mode()).isEqualTo("bridge");
    assertThat(m.ipvlan().get().flags()).isZero();
    assertThat(m.ipvlan().get().address()).contains(prefix("192.0.2.5", 32));
    assertThat(only(r).unicastSrcIp()).contains(InetAddress.getByName("192.0.2.5"));
    assertThat(
            only(Cfg.load(conf("use_ipvlan 192.0.2.5\nunicast_src_ip 192.0.2.9"))).unicastSrcIp())
        .as("a unicast_src_ip stays the source")
        .contains(InetAddress.getByName("192.0.2.9"));
    assertThat(Cfg.load(conf("use_ipvlan vepa 192.0.2.5")).config().instances().get(0).vmac())
        .hasValueSatisfying(x -> assertThat(x.ipvlan().get().flags()).isEqualTo(2));
  }

  @Test
  void anIpv6InstanceNeedsNoAddress() {
    LoadResult r = Cfg.load(conf("use_ipvlan", "2001:db8::100/64"));
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(only(r).vmac().orElseThrow().ipvlan().get().address()).isEmpty();
    assertThat(only(r).unicastSrcIp()).isEmpty();
  }

  @Test
  void anIpv4InstanceWithoutAnAddressIsAFault() {
    assertThat(Cfg.findings(Cfg.load(conf("use_ipvlan"))))
        .containsExactly(
            "4 error: (VI_1) IPv4 ipvlan requires a source ip address to be configured. setting"
                + " instance to fault state");
    assertThat(Cfg.findings(Cfg.load(conf("use_ipvlan 2001:db8::5"))))
        .containsExactly(
            "4 error: (VI_1) ipvlan address [2001:db8::5/128] MUST match vrrp instance family !!!"
                + " Skipping...");
  }

  @Test
  void aSecondOfAKindIsReportedAndIgnored() throws Exception {
    LoadResult r = Cfg.load(conf("use_ipvlan a b bridge vepa 192.0.2.5 192.0.2.6"));
    assertThat(Cfg.findings(r))
        .containsExactly(
            "4 error: (VI_1) IPVLAN interface already specified - ignoring 'b'",
            "4 error: (VI_1) ipvlan type already specified - ignoring 'vepa'",
            "4 error: (VI_1) ipvlan address already specified - ignoring '192.0.2.6'");
    assertThat(Cfg.findings(Cfg.load(conf("use_ipvlan 192.0.2.5\nuse_ipvlan 192.0.2.6"))))
        .containsExactly("5 error: (VI_1) use_ipvlan already specified");
    assertThat(Cfg.findings(Cfg.load(conf("use_ipvlan 192.0.2.5 averyveryverylongname"))))
        .containsExactly(
            "4 error: (VI_1) IPVLAN interface name 'averyveryverylongname' too long - ignoring");
  }

  @Test
  void withUseVmacTheIpvlanIsMadeAndVmacXmitBaseIsNotForIt() {
    LoadResult r = Cfg.load(conf("use_ipvlan 192.0.2.5\nuse_vmac"));
    assertThat(Cfg.findings(r))
        .containsExactly(
            "5 warning: (VI_1) use_vmac ignored: use_ipvlan's interface holds the addresses");
    assertThat(only(r).vmac().orElseThrow().isIpvlan()).isTrue();
    assertThat(Cfg.findings(Cfg.load(conf("use_ipvlan 192.0.2.5\nvmac_xmit_base"))))
        .containsExactly("5 error: (VI_1) vmac_xmit_base is only valid with a vmac");
  }

  @Test
  void twoInstancesOfOneVridGetTwoNames() {
    String two =
        conf("use_ipvlan 192.0.2.5")
            + conf("use_ipvlan 198.51.100.5").replace("VI_1", "VI_2").replace("eth0", "eth1");
    LoadResult r = Cfg.load(two);
    assertThat(r.config().instances().get(1).vmac().orElseThrow().name()).isNotEqualTo("vrrp.51");
    assertThat(r.config().instances().get(1).vmac().orElseThrow().isIpvlan()).isTrue();
  }

  @Test
  void theDumpReadsBackTheSame() {
    LoadResult r = Cfg.load(conf("use_ipvlan ipv1 192.0.2.5/24 vepa"));
    String dump = ConfigDump.dump(r.config());
    assertThat(dump).contains("use_ipvlan ipv1 192.0.2.5/24 vepa");
    LoadResult again = Cfg.load(dump);
    assertThat(Cfg.findings(again)).isEmpty();
    assertThat(only(again).vmac()).isEqualTo(only(r).vmac());
  }
}
