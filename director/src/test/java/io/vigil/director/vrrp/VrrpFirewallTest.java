package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import io.vigil.kernel.Errno;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.NlMsg;
import io.vigil.netlink.nft.NftCodec;
import io.vigil.netlink.nft.VipFirewall;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which instances drop, what they drop, and how a reload in place and a refusal are handled. */
class VrrpFirewallTest {
  private static final Environment ENV = Environment.fixed("dir1", Set.of("eth0", "eth1"));

  private static final String CONF =
      """
      vrrp_instance VI_1 {
        interface eth0
        virtual_router_id 51
        priority %d
        %s
        virtual_ipaddress {
          2001:db8::10/64
          fe80::10/64
          fe80::11/64 dev eth1
        }
      }
      """;

  static VrrpSpec spec(int priority, String settings) {
    LoadResult r =
        ConfigLoader.loadString(CONF.formatted(priority, settings), "k.conf", Path.of("/tmp"), ENV);
    assertThat(r.diagnostics()).isEmpty();
    return VrrpMapping.map(r.config()).specs().get(0);
  }

  /** Records the set elements each transaction adds (+) or deletes (-), as hex keys. */
  static class Kernel implements VipFirewall.Kernel {
    final List<String> log = new ArrayList<>();
    boolean refuse;

    @Override
    public boolean hasTable(int family, String table) {
      return false;
    }

    @Override
    public void transaction(List<byte[]> messages) {
      if (refuse) {
        throw new NetlinkException(Errno.EPROTONOSUPPORT, null, "add table ip6 keepalived");
      }
      for (byte[] m : messages) {
        int command = m[NlMsg.TYPE_OFFSET] & 0xff;
        if (command == NftCodec.NFT_MSG_NEWSETELEM && !set(m).startsWith("neighbor")) {
          log.add("+" + set(m));
        } else if (command == NftCodec.NFT_MSG_DELSETELEM) {
          log.add("-" + set(m));
        }
      }
    }

    /** The set's name and the message's last 20 bytes (the last key, with its interface). */
    static String set(byte[] m) {
      String name = new String(m, 24, 24, java.nio.charset.StandardCharsets.US_ASCII);
      name = name.substring(0, name.indexOf('\0'));
      return name + " " + HexFormat.of().formatHex(m, m.length - 20, m.length);
    }
  }

  static VrrpFirewall firewall(Kernel k) {
    return new VrrpFirewall(dev -> dev.equals("eth0") ? 3 : 4, () -> k);
  }

  @Test
  void anInstanceDropsUnlessItAcceptsOrOwnsItsAddresses() {
    assertThat(VrrpFirewall.drops(spec(100, "no_accept"))).isTrue();
    assertThat(VrrpFirewall.drops(spec(100, ""))).as("accept by default").isFalse();
    assertThat(VrrpFirewall.drops(spec(255, "no_accept"))).as("the owner").isFalse();
  }

  @Test
  void linkLocalAddressesAreKeyedByIndexUnlessDontTrackPrimaryOnItsInterface() {
    Kernel k = new Kernel();
    VrrpFirewall f = firewall(k);
    VrrpSpec s = spec(100, "no_accept");
    f.drop(s, s.vips());
    // the last element of the link-local set: fe80::11 on eth1, index 4
    assertThat(k.log).contains("+vips_link_local fe80000000000000000000000000001104000000");
    f.pass(s, s.vips());
    assertThat(k.log).last().asString().startsWith("-vips_link_local");

    Kernel k2 = new Kernel();
    VrrpFirewall f2 = firewall(k2);
    VrrpSpec d = spec(100, "no_accept\ndont_track_primary");
    f2.drop(d, d.vips());
    assertThat(k2.log)
        .as("fe80::10 on the instance's interface by name, fe80::11 on eth1 by index")
        .anyMatch(l -> l.startsWith("+vips_link_local_name"))
        .anyMatch(l -> l.startsWith("+vips_link_local "));
  }

  @Test
  void withUseVmacTheInstancesOwnDeviceIsItsVmac() {
    // keepalived 2.2.7 compares the address's interface with vrrp->ifp, the VMAC: fe80::10 (on the
    // VMAC, the instance's own device) by name; fe80::11 on eth1 by index
    Kernel k = new Kernel();
    VrrpFirewall f = firewall(k);
    VrrpSpec v = spec(100, "no_accept\ndont_track_primary\nuse_vmac vrrp.51");
    assertThat(v.vips().get(1).dev()).isEqualTo("vrrp.51");
    f.drop(v, v.vips());
    assertThat(k.log)
        .filteredOn(l -> l.startsWith("+vips_link_local"))
        .hasSize(2)
        .anyMatch(l -> l.startsWith("+vips_link_local_name"))
        .anyMatch(l -> l.startsWith("+vips_link_local "));
  }

  @Test
  void aReloadInPlaceTurningAcceptOnOrOffMovesTheKeptAddresses() {
    Kernel k = new Kernel();
    VrrpFirewall f = firewall(k);
    VrrpSpec noAccept = spec(100, "no_accept");
    VrrpSpec accept = spec(100, "accept");
    f.drop(noAccept, noAccept.vips());
    k.log.clear();
    f.inStep(noAccept, accept, true);
    assertThat(k.log).hasSize(2).allMatch(l -> l.startsWith("-"));
    k.log.clear();
    f.inStep(accept, noAccept, false);
    assertThat(k.log).as("a backup holds nothing").isEmpty();
    f.inStep(accept, noAccept, true);
    assertThat(k.log).hasSize(2).allMatch(l -> l.startsWith("+"));
  }

  @Test
  void aRefusalIsLoggedAndTheNextMasterTriesAgain() {
    Kernel k = new Kernel();
    VrrpFirewall f = firewall(k);
    VrrpSpec s = spec(100, "no_accept");
    k.refuse = true;
    f.drop(s, s.vips()); // logged, not thrown: the instance goes on
    k.refuse = false;
    f.drop(s, s.vips());
    assertThat(k.log).anyMatch(l -> l.startsWith("+vips "));
  }

  @Test
  void aVmacsReportsAreMovedForTheOtherFamilyTooWhenItHasExcludedAddressesOfIt() {
    List<Integer> families = new ArrayList<>();
    VipFirewall.Kernel k =
        new Kernel() {
          @Override
          public void transaction(List<byte[]> messages) {
            for (byte[] m : messages) {
              if ((m[NlMsg.TYPE_OFFSET] & 0xff) == NftCodec.NFT_MSG_NEWTABLE) {
                families.add(m[NlMsg.HEADER_LENGTH] & 0xff);
              }
            }
          }
        };
    VrrpFirewall f = new VrrpFirewall(dev -> 3, () -> k);
    VrrpSpec plain = spec(100, "");
    f.vmacMade(plain, 4, 3, 0);
    assertThat(families).containsExactly(NftCodec.NFPROTO_IPV6);
    LoadResult r =
        ConfigLoader.loadString(
            CONF.formatted(100, "virtual_ipaddress_excluded {\n  192.0.2.10/24\n}"),
            "k.conf",
            Path.of("/tmp"),
            ENV);
    VrrpFirewall g = new VrrpFirewall(dev -> 3, () -> k);
    families.clear();
    g.vmacMade(VrrpMapping.map(r.config()).specs().get(0), 4, 3, 0);
    assertThat(families).containsExactly(NftCodec.NFPROTO_IPV6, NftCodec.NFPROTO_IPV4);
  }
}
