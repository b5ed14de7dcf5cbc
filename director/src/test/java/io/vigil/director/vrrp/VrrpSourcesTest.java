package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import io.vigil.netlink.rtnl.IfAddress;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which address an instance sends from, among the host's, and when it has none. */
class VrrpSourcesTest {
  private static final Environment ENV = Environment.fixed("dir1", Set.of("eth0", "eth1"));
  private static final int ETH0 = 2;
  private static final int ETH1 = 3;

  private static VrrpSpec spec(String extra, String vip) {
    String text =
        """
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          %s
          virtual_ipaddress {
            %s
          }
        }
        """
            .formatted(extra, vip);
    LoadResult r = ConfigLoader.loadString(text, "k.conf", Path.of("/tmp"), ENV);
    assertThat(r.diagnostics()).as("the text loads cleanly").isEmpty();
    VrrpMapping.Result m = VrrpMapping.map(r.config());
    assertThat(m.specs()).as(m.toString()).hasSize(1);
    return m.specs().get(0);
  }

  private static IfAddress addr(int index, String ip, int flags) {
    InetAddress a = ip(ip);
    return new IfAddress(index, a, a.getAddress().length == 4 ? 24 : 64, null, 0, null, flags);
  }

  private static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }

  private static Optional<InetAddress> choose(VrrpSpec s, InetAddress current, IfAddress... host) {
    return VrrpSources.choose(s, ETH0, List.of(host), current);
  }

  @Test
  void theInterfacesFirstIpv4AddressThatIsNotAVipAndOnlyOnItsInterface() {
    VrrpSpec s = spec("", "192.0.2.100/24");
    assertThat(
            choose(
                s,
                null,
                addr(ETH1, "198.51.100.1", 0), // another interface
                addr(ETH0, "192.0.2.100", 0), // its VIP, held as master
                addr(ETH0, "2001:db8::1", 0), // another family
                addr(ETH0, "192.0.2.1", 0),
                addr(ETH0, "192.0.2.2", IfAddress.F_SECONDARY)))
        .contains(ip("192.0.2.1"));
    assertThat(choose(s, null, addr(ETH1, "198.51.100.1", 0), addr(ETH0, "192.0.2.100", 0)))
        .as("none: FAULT")
        .isEmpty();
  }

  @Test
  void theAddressItSendsFromIsKeptWhileItIsThere() {
    VrrpSpec s = spec("", "192.0.2.100/24");
    assertThat(choose(s, ip("192.0.2.2"), addr(ETH0, "192.0.2.1", 0), addr(ETH0, "192.0.2.2", 0)))
        .contains(ip("192.0.2.2"));
    assertThat(choose(s, ip("192.0.2.2"), addr(ETH0, "192.0.2.1", 0)))
        .as("deleted: another that is left")
        .contains(ip("192.0.2.1"));
  }

  @Test
  void ipv6SendsFromTheInterfacesLinkLocalAddress() {
    VrrpSpec s = spec("", "2001:db8::100/64");
    assertThat(
            choose(
                s,
                null,
                addr(ETH0, "2001:db8::1", 0),
                addr(ETH1, "fe80::1", 0),
                addr(ETH0, "fe80::5", IfAddress.F_DADFAILED), // a duplicate: not usable
                addr(ETH0, "fe80::2", 0)))
        .contains(ip("fe80::2"));
    assertThat(choose(s, null, addr(ETH0, "2001:db8::1", 0))).isEmpty();
    assertThat(VrrpSources.none(s)).isEqualTo(ip("::"));
    assertThat(VrrpSources.missing(s)).isEqualTo("no IPv6 address for interface eth0");
  }

  @Test
  void aUnicastSrcIpOnAnyInterfaceOfTheHost() {
    VrrpSpec s =
        spec("unicast_src_ip 198.51.100.9\nunicast_peer {\n198.51.100.2\n}", "192.0.2.100");
    assertThat(choose(s, null, addr(ETH0, "192.0.2.1", 0), addr(ETH1, "198.51.100.9", 0)))
        .contains(ip("198.51.100.9"));
    assertThat(choose(s, null, addr(ETH0, "192.0.2.1", 0))).isEmpty();
    assertThat(VrrpSources.none(s)).isEqualTo(ip("0.0.0.0"));
    assertThat(VrrpSources.missing(s)).isEqualTo("src address 198.51.100.9 not configured");
  }

  @Test
  void itsDeletionIsAFaultUnlessAConfiguredSourceIsNotTracked() {
    String peer = "\nunicast_peer {\n192.0.2.2\n}";
    assertThat(VrrpSources.removalTracked(spec("", "192.0.2.100"))).isTrue();
    assertThat(VrrpSources.removalTracked(spec("unicast_src_ip 192.0.2.1" + peer, "192.0.2.100")))
        .isFalse();
    assertThat(
            VrrpSources.removalTracked(
                spec("unicast_src_ip 192.0.2.1\ntrack_src_ip" + peer, "192.0.2.100")))
        .isTrue();
  }
}
