package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.LoadResult;
import io.vigil.config.model.Vrrp;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code use_vmac} on an address and the instance's {@code use_vmac_addr}, completed as keepalived
 * 2.2.7 completes an instance (vrrp.c vrrp_complete_instance, create_vmac_name), with its words.
 * The first case is what keepalived made of the same addresses (measured in a namespace: vrrp.91 on
 * the other interface, vrrp6.91 for the other family).
 */
class AddressVmacConfigTest {
  static String conf(String instance, String vips, String evips) {
    return """
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 91
          %s
          virtual_ipaddress {
            %s
          }
          virtual_ipaddress_excluded {
            %s
          }
        }
        """
        .formatted(instance, vips, evips);
  }

  static List<Vrrp.AddressVmac> vmacs(LoadResult r) {
    return r.config().instances().get(0).addressVmacs();
  }

  static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void anAddressOnAnotherInterfaceOrOfTheOtherFamilyGetsItsOwnAsKeepalivedNamesIt()
      throws Exception {
    LoadResult r =
        Cfg.load(
            conf(
                "",
                "192.0.2.91/24\n198.51.100.91/24 dev eth1 use_vmac\n198.51.100.92/24 dev eth1"
                    + " use_vmac",
                "2001:db8::91/64 use_vmac"));
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(vmacs(r))
        .containsExactly(
            new Vrrp.AddressVmac(
                "vrrp.91",
                "00:00:5e:00:01:5b",
                "eth1",
                false,
                List.of(ip("198.51.100.91"), ip("198.51.100.92"))),
            new Vrrp.AddressVmac(
                "vrrp6.91", "00:00:5e:00:02:5b", "eth0", true, List.of(ip("2001:db8::91"))));
  }

  @Test
  void onTheInstancesOwnVmacItIsReportedAndGoesThere() {
    LoadResult r = Cfg.load(conf("use_vmac", "192.0.2.91/24 use_vmac", ""));
    assertThat(Cfg.findings(r))
        .containsExactly(
            "6 error: (VI_1) use_vmac specified for VIP/eVIP 192.0.2.91/24 and vrrp instance");
    assertThat(vmacs(r)).isEmpty();
  }

  @Test
  void useVmacAddrGivesEveryOtherInterfaceAndFamilyOne() throws Exception {
    LoadResult r =
        Cfg.load(
            conf(
                "use_vmac_addr",
                "192.0.2.91/24\n198.51.100.91/24 dev eth1\n198.51.100.92/24 dev eth1 use_vmac",
                "2001:db8::91/64"));
    assertThat(Cfg.findings(r))
        .containsExactly(
            "8 error: (VI_1) use_vmac_addr specified and use_vmac specified for VIP/eVIP"
                + " 198.51.100.92/24");
    assertThat(vmacs(r))
        .extracting(Vrrp.AddressVmac::name, Vrrp.AddressVmac::base, Vrrp.AddressVmac::addresses)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "vrrp.91", "eth1", List.of(ip("198.51.100.91"), ip("198.51.100.92"))),
            org.assertj.core.groups.Tuple.tuple("vrrp6.91", "eth0", List.of(ip("2001:db8::91"))));
  }

  @Test
  void theirNamesAvoidTheInstancesVmacsAndTakeVmacAddrPrefix() {
    LoadResult r =
        Cfg.load(
            conf("use_vmac", "192.0.2.91/24\n198.51.100.91/24 dev eth1 use_vmac", "")
                + conf("use_vmac", "192.0.2.92/24", "")
                    .replace("VI_1", "VI_2")
                    .replace("virtual_router_id 91", "virtual_router_id 92"));
    assertThat(vmacs(r)).extracting(Vrrp.AddressVmac::name).containsExactly("vrrp1.91");
    LoadResult p =
        Cfg.load(
            "global_defs {\n  vmac_addr_prefix va\n  vmac_addr_prefix vb\n}\n"
                + conf("", "198.51.100.91/24 dev eth1 use_vmac", ""));
    assertThat(Cfg.findings(p))
        .containsExactly("3 error: vmac_addr prefix has already been specified - ignoring vb");
    assertThat(vmacs(p)).extracting(Vrrp.AddressVmac::name).containsExactly("va.91");
  }

  @Test
  void anInstanceVmacWithItsOwnMacLendsItToTheAddresses() {
    LoadResult r =
        Cfg.load(
            conf(
                "use_vmac vm91 02:00:00:00:00:5b",
                "192.0.2.91/24\n198.51.100.91/24 dev eth1 use_vmac",
                ""));
    assertThat(vmacs(r)).extracting(Vrrp.AddressVmac::mac).containsExactly("02:00:00:00:00:5b");
  }
}
