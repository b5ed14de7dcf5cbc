package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import io.vigil.config.model.Vrrp;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code use_vmac [NAME] [MAC]} and {@code vmac_xmit_base}, read and completed as keepalived 2.2.7
 * does (vrrp_parser.c vrrp_vmac_handler, vrrp.c vrrp_complete_instance), with its words.
 */
class VmacConfigTest {
  static String conf(String vmac, String extra) {
    return """
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          %s
          %s
          virtual_ipaddress {
            192.0.2.100/24
          }
        }
        """
        .formatted(vmac, extra);
  }

  static Optional<Vrrp.Vmac> vmac(LoadResult r) {
    return r.config().instances().get(0).vmac();
  }

  @Test
  void offUnlessWritten() {
    LoadResult r = Cfg.load(conf("", ""));
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(vmac(r)).isEmpty();
  }

  @Test
  void theDefaultNameAndAddressAreTheVirtualRoutersOwn() {
    LoadResult r = Cfg.load(conf("use_vmac", ""));
    assertThat(Cfg.findings(r)).as("no longer 'not implemented'").isEmpty();
    assertThat(vmac(r)).contains(new Vrrp.Vmac("vrrp.51", "00:00:5e:00:01:33", false));
  }

  @Test
  void aNameAndAnAddressInEitherOrder() {
    Vrrp.Vmac want = new Vrrp.Vmac("vmac51", "02:00:00:00:00:0a", true);
    for (String line :
        new String[] {"use_vmac vmac51 02:00:00:00:00:0A", "use_vmac 2:0:0:0:0:a vmac51"}) {
      LoadResult r = Cfg.load(conf(line, "vmac_xmit_base"));
      assertThat(Cfg.findings(r)).as(line).isEmpty();
      assertThat(vmac(r)).as(line).contains(want);
    }
    LoadResult five = Cfg.load(conf("use_vmac 02:00:00:00:01:", ""));
    assertThat(vmac(five).map(Vrrp.Vmac::mac))
        .as("five octets: the VRID")
        .contains("02:00:00:00:01:33");
  }

  @Test
  void badNamesAndAddressesAreReportedAndIgnored() {
    LoadResult r = Cfg.load(conf("use_vmac 01:00:00:00:00:01 a/b", ""));
    assertThat(Cfg.findings(r))
        .containsExactly(
            "4 error: VMAC MAC address is multicast 01:00:00:00:00:01 - ignoring",
            "4 error: VMAC interface name 'a/b' too long or invalid characters - ignoring");
    assertThat(vmac(r)).contains(new Vrrp.Vmac("vrrp.51", "00:00:5e:00:01:33", false));
    assertThat(Cfg.findings(Cfg.load(conf("use_vmac 00:00:5e:00:01:07", ""))))
        .containsExactly(
            "4 error: VMAC MAC address not allowed to be RFC5798 address (00:00:5e:00:01:07) -"
                + " ignoring");
    assertThat(Cfg.findings(Cfg.load(conf("use_vmac 02:00:00:00:00:0g", ""))))
        .containsExactly("4 error: VMAC invalid MAC address 02:00:00:00:00:0g - ignored");
    assertThat(Cfg.findings(Cfg.load(conf("use_vmac averyveryverylongname", ""))))
        .containsExactly(
            "4 error: VMAC interface name 'averyveryverylongname' too long or invalid characters"
                + " - ignoring");
  }

  @Test
  void xmitBaseNeedsAVmacAndIsSetForUnicastPeers() {
    LoadResult alone = Cfg.load(conf("", "vmac_xmit_base"));
    assertThat(Cfg.findings(alone))
        .containsExactly("5 error: (VI_1) vmac_xmit_base is only valid with a vmac");
    String unicast = "unicast_src_ip 192.0.2.1\n  unicast_peer {\n    192.0.2.2\n  }";
    LoadResult u = Cfg.load(conf("use_vmac", unicast));
    assertThat(Cfg.findings(u))
        .containsExactly(
            "4 error: (VI_1) use_vmac with unicast peers needs vmac_xmit_base (the peers' adverts"
                + " reach the base interface, not the VMAC) - setting it");
    assertThat(vmac(u).map(Vrrp.Vmac::xmitBase)).contains(true);
  }

  @Test
  void promoteSecondariesIsTheVmacsAnyway() {
    LoadResult r = Cfg.load(conf("use_vmac", "promote_secondaries"));
    assertThat(Cfg.findings(r))
        .containsExactly(
            "1 error: (VI_1) promote_secondaries is automatically set for vmacs - ignoring");
    assertThat(r.config().instances().get(0).promoteSecondaries()).isFalse();
  }

  @Test
  void aSecondInstanceGetsAnotherNameAsKeepalivedNamesIt() {
    String two =
        conf("use_vmac", "") + conf("use_vmac", "").replace("VI_1", "VI_2").replace("eth0", "eth1");
    LoadResult r = Cfg.load(two);
    assertThat(Cfg.findings(r))
        .containsExactly(
            "10 error: (VI_2) VRRP instance VI_1 is already using vrrp.51 - using vrrp1.51");
    assertThat(r.config().instances().get(1).vmac().map(Vrrp.Vmac::name)).contains("vrrp1.51");
    String v6 =
        conf("use_vmac", "")
            + conf("use_vmac", "")
                .replace("VI_1", "VI_2")
                .replace("192.0.2.100/24", "2001:db8::100/64");
    assertThat(Cfg.load(v6).config().instances().get(1).vmac().map(Vrrp.Vmac::name))
        .as("IPv6: vrrp6 first")
        .contains("vrrp6.51");
  }

  @Test
  void anIpv6InstancesVmacHasTheIpv6VirtualRouterMac() {
    LoadResult r = Cfg.load(conf("use_vmac", "").replace("192.0.2.100/24", "2001:db8::100/64"));
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(vmac(r)).contains(new Vrrp.Vmac("vrrp.51", "00:00:5e:00:02:33", false));
  }

  @Test
  void disableLocalIgmpIsAGlobalFlag() {
    LoadResult r = Cfg.load("global_defs {\n  disable_local_igmp\n}\n" + conf("use_vmac", ""));
    assertThat(Cfg.findings(r)).as("no longer 'not implemented'").isEmpty();
    assertThat(r.config().globalDefs().disableLocalIgmp()).isTrue();
    assertThat(Cfg.load(conf("", "")).config().globalDefs().disableLocalIgmp()).isFalse();
    String dump = ConfigDump.dump(r.config());
    assertThat(dump).contains("  disable_local_igmp\n");
    assertThat(ConfigDump.dump(Cfg.load(dump).config())).isEqualTo(dump);
  }

  @Test
  void vmacPrefixNamesTheVmacsCutToFitAnInterfaceName() {
    LoadResult r =
        Cfg.load(
            "global_defs {\n  vmac_prefix vip\n}\n"
                + conf("use_vmac", "")
                + conf("use_vmac", "").replace("VI_1", "VI_2").replace("eth0", "eth1"));
    assertThat(r.config().instances().get(0).vmac().map(Vrrp.Vmac::name)).contains("vip.51");
    assertThat(r.config().instances().get(1).vmac().map(Vrrp.Vmac::name)).contains("vip1.51");
    String dump = ConfigDump.dump(r.config());
    assertThat(dump).contains("  vmac_prefix vip\n");
    assertThat(InstanceParser.vmacName("averyverylongprefix", "", 255))
        .isEqualTo("averyverylo.255");
    assertThat(InstanceParser.vmacName("averyverylongprefix", "1", 255))
        .isEqualTo("averyveryl1.255");
  }

  @Test
  void nativeIpv6IsRefusedAfterIpv4AddressesAndANoOpOtherwise() {
    assertThat(Cfg.findings(Cfg.load(conf("native_ipv6", ""))))
        .containsExactly("4 error: (VI_1) Cannot specify native_ipv6 with IPv4 addresses");
    LoadResult v6 = Cfg.load(conf("native_ipv6", "").replace("192.0.2.100/24", "2001:db8::100/64"));
    assertThat(Cfg.findings(v6)).isEmpty();
    assertThat(v6.config().instances().get(0).version()).isEqualTo(3);
  }

  @Test
  void theDumpSaysItAndReadsBackTheSame() {
    String dump = ConfigDump.dump(Cfg.load(conf("use_vmac", "vmac_xmit_base")).config());
    assertThat(dump).contains("  use_vmac vrrp.51 00:00:5e:00:01:33\n  vmac_xmit_base\n");
    assertThat(ConfigDump.dump(Cfg.load(dump).config())).isEqualTo(dump);
  }
}
