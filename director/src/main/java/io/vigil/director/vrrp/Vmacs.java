package io.vigil.director.vrrp;

import io.vigil.config.model.Vrrp;
import io.vigil.kernel.Errno;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.rtnl.IfAddress;
import io.vigil.netlink.rtnl.Link;
import io.vigil.netlink.rtnl.Rtnl;
import io.vigil.netlink.rtnl.RtnlClient;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VMACs of {@code use_vmac}, made as keepalived 2.2.7 makes them (vrrp_vmac.c,
 * vrrp_if_config.c): a macvlan in private mode on the instance's interface with the virtual
 * router's MAC; on it arp_ignore 1 (it answers ARP only for its own addresses, the VIPs),
 * accept_local 1 and rp_filter 0 (it hears the other router's adverts while it has no address),
 * promote_secondaries 1, no IPv6 address made from its MAC, and up; on the interface under it
 * arp_ignore 1 and arp_filter 1 (only the VMAC answers for the VIPs), put back when its last VMAC
 * goes (keepalived 2.2.7 means to, but puts back the values it has just set). The values go over
 * rtnetlink, as keepalived sends them: /proc/sys is read only under the unit's
 * ProtectKernelTunables.
 *
 * <p>An IPv6 instance's VMAC (00:00:5e:00:02:VRID) gets none of the IPv4 settings; unless {@code
 * vmac_xmit_base}, it gets the address its adverts leave from ({@code unicast_src_ip}, else the
 * interface's link-local address, else the one the interface's MAC makes), nodad and deprecated, as
 * keepalived adds it (a raw socket sends only from an address of its own device).
 *
 * <p>A VMAC is made before its instance starts and deleted after it stops. One that is there
 * already (left by a daemon that was killed) is taken over when it is a macvlan on the same
 * interface with the same MAC, made again when it is a macvlan otherwise, and refused when it is
 * another kind of interface. Calls are made under the caller's lock on the rtnetlink client.
 */
final class Vmacs {
  private static final Logger log = LoggerFactory.getLogger(Vmacs.class);

  private final RtnlClient rtnl;

  /** By base interface: how many VMACs sit on it, and its arp_ignore / arp_filter before them. */
  private final Map<String, Base> bases = new HashMap<>();

  /** The VMACs made, by name: the base interface each sits on. */
  private final Map<String, String> made = new LinkedHashMap<>();

  /**
   * Their interface indexes, by name: a deleted link of that name and another index is not ours.
   */
  private final Map<String, Integer> indexes = new HashMap<>();

  private static final class Base {
    int vmacs;
    Map<Integer, Integer> before; // null when they were 1 and 1 already: nothing to put back
  }

  Vmacs(RtnlClient rtnl) {
    this.rtnl = rtnl;
  }

  /**
   * One VMAC: an instance's ({@code use_vmac}) or its addresses' ({@code use_vmac} on an address,
   * {@code use_vmac_addr}), on {@code base}; an IPv6 one gets {@code from}'s address (else the
   * base's link-local one) unless {@code xmitBase}.
   */
  record Vmac(
      String instance,
      String name,
      String mac,
      String base,
      boolean v6,
      boolean xmitBase,
      Optional<InetAddress> from,
      Optional<Vrrp.Ipvlan> ipvlan) {
    /** The instance's own. */
    static Vmac of(VrrpSpec s) {
      Vrrp.Vmac m = s.source().vmac().orElseThrow();
      return new Vmac(
          s.name(),
          m.name(),
          m.mac(),
          s.iface(),
          s.source().isIpv6(),
          m.xmitBase(),
          s.unicastSrc(),
          m.ipvlan());
    }

    /** One of its addresses' (keepalived makes those as an instance's without a source). */
    static Vmac of(VrrpSpec s, Vrrp.AddressVmac a) {
      return new Vmac(
          s.name(),
          a.name(),
          a.mac(),
          a.base(),
          a.ipv6(),
          false,
          Optional.empty(),
          Optional.empty());
    }
  }

  /** Makes (or takes over) the VMAC of an instance; throws when it cannot. */
  void make(VrrpSpec s) {
    make(Vmac.of(s), false);
  }

  /** Makes (or takes over) a VMAC; throws when it cannot. */
  void make(Vmac m) {
    make(m, false);
  }

  /**
   * Makes an instance's VMAC again after the kernel deleted it (its base interface's settings,
   * still ours, are not read again as if they were the original ones).
   */
  void makeAgain(VrrpSpec s) {
    Vmac m = Vmac.of(s);
    if (made.remove(m.name()) != null) {
      make(m, true);
    }
  }

  /** The interface index of the VMAC {@code name} as this made it, or 0 when it made none. */
  int index(String name) {
    return indexes.getOrDefault(name, 0);
  }

  private void make(Vmac m, boolean again) {
    String instance = m.instance();
    String base = m.base();
    boolean v6 = m.v6();
    if (made.containsKey(m.name())) {
      return;
    }
    if (m.ipvlan().isPresent()) {
      makeIpvlan(m, m.ipvlan().get());
      return;
    }
    Link parent = rtnl.link(base);
    byte[] mac = mac(m.mac());
    Link there = find(m.name());
    if (there != null) {
      if (!"macvlan".equals(there.kind())) {
        throw new IllegalStateException(
            "VMAC " + m.name() + " conflicts with existing interface (" + kindOf(there) + ")");
      }
      if (there.lowerIndex() == parent.index() && m.mac().equals(there.mac())) {
        log.info("({}) VMAC {} is there already: taken over", instance, m.name());
      } else {
        log.info(
            "({}) Removing old VMAC interface {} due to conflicting interface", instance, m.name());
        rtnl.deleteLink(there.index());
        there = null;
      }
    }
    if (there == null) {
      rtnl.addMacvlan(m.name(), parent.index(), mac);
    }
    int index = rtnl.indexOf(m.name());
    made.put(m.name(), base);
    indexes.put(m.name(), index);
    if (v6) {
      rtnl.setAddrGenMode(index, Rtnl.IN6_ADDR_GEN_MODE_NONE);
      rtnl.setLinkUp(index);
      if (!m.xmitBase()) {
        java.net.Inet6Address from = sendsFrom(m, parent);
        if (rtnl.addresses(index).stream().noneMatch(a -> a.address().equals(from))) {
          rtnl.addVmacAddress(index, from);
        }
      }
      log.info("({}) VMAC {} up on {} with {}", instance, m.name(), base, m.mac());
      return;
    }
    Map<Integer, Integer> own = new LinkedHashMap<>();
    own.put(Rtnl.IPV4_DEVCONF_ARP_IGNORE, 1);
    own.put(Rtnl.IPV4_DEVCONF_ACCEPT_LOCAL, 1);
    own.put(Rtnl.IPV4_DEVCONF_RP_FILTER, 0);
    own.put(Rtnl.IPV4_DEVCONF_PROMOTE_SECONDARIES, 1);
    rtnl.setInetDevconf(index, own);
    Base b = bases.computeIfAbsent(base, k -> new Base());
    if (!again && b.vmacs++ == 0) {
      int ignore = sysctl("ipv4", base, "arp_ignore", 1);
      int filter = sysctl("ipv4", base, "arp_filter", 1);
      if (ignore != 1 || filter != 1) {
        b.before = new LinkedHashMap<>();
        b.before.put(Rtnl.IPV4_DEVCONF_ARP_IGNORE, ignore);
        b.before.put(Rtnl.IPV4_DEVCONF_ARPFILTER, filter);
        Map<Integer, Integer> set = new LinkedHashMap<>();
        set.put(Rtnl.IPV4_DEVCONF_ARP_IGNORE, 1);
        set.put(Rtnl.IPV4_DEVCONF_ARPFILTER, 1);
        rtnl.setInetDevconf(parent.index(), set);
        log.info(
            "({}) arp_ignore 1 and arp_filter 1 set on {} for its VMACs (were {} and {})",
            instance,
            base,
            ignore,
            filter);
      }
    }
    disableIpv6(m.name());
    rtnl.setAddrGenMode(index, Rtnl.IN6_ADDR_GEN_MODE_NONE);
    rtnl.setLinkUp(index);
    log.info("({}) VMAC {} up on {} with {}", instance, m.name(), base, m.mac());
    int all = sysctl("ipv4", "all", "rp_filter", 0);
    if (all != 0) {
      log.warn(
          "({}) net.ipv4.conf.all.rp_filter is {}: the kernel drops the adverts that reach VMAC {}"
              + " while it has no address (the backup's); set it to 0 and rp_filter on each"
              + " interface instead (keepalived changes them itself)",
          instance,
          all,
          m.name());
    }
  }

  /**
   * {@code use_ipvlan}'s interface, made as keepalived 2.2.7 makes it (vrrp_vmac.c
   * netlink_link_add_ipvlan): an ipvlan in L2 mode with the configured flags on the instance's
   * interface, up; IPv6 off on it for an IPv4 instance; its address added. None of a VMAC's ARP
   * settings: it answers with its parent's MAC. One that is there already is taken over when it is
   * an L2 ipvlan on the same interface with the same flags, else made again; another kind of
   * interface of that name is refused.
   */
  private void makeIpvlan(Vmac m, Vrrp.Ipvlan l) {
    String instance = m.instance();
    Link parent = rtnl.link(m.base());
    Link there = find(m.name());
    if (there != null) {
      if (!"ipvlan".equals(there.kind())) {
        throw new IllegalStateException(
            "interface " + m.name() + " already exists and is not an l2 ipvlan");
      }
      if (there.lowerIndex() == parent.index()
          && there.mode() == Rtnl.IPVLAN_MODE_L2
          && there.kindFlags() == l.flags()) {
        log.info("({}) ipvlan {} is there already: taken over", instance, m.name());
      } else {
        log.info(
            "({}) IPVLAN {} already exists but is incompatible. It will be deleted/updated",
            instance,
            m.name());
        rtnl.deleteLink(there.index());
        there = null;
      }
    }
    if (there == null) {
      rtnl.addIpvlan(m.name(), parent.index(), l.flags());
    }
    int index = rtnl.indexOf(m.name());
    made.put(m.name(), m.base());
    indexes.put(m.name(), index);
    if (!m.v6()) {
      disableIpv6(m.name()); // keepalived: IPv6 off for an IPv4 instance
    }
    rtnl.setLinkUp(index);
    if (l.address().isPresent()) {
      InetAddress a = l.address().get().address();
      if (rtnl.addresses(index).stream().noneMatch(x -> x.address().equals(a))) {
        IfAddress add = IfAddress.of(index, a, l.address().get().prefixLength());
        if (m.v6()) {
          // as keepalived adds it (measured: nodad, deprecated): sent from at once, and never
          // picked by the kernel as another packet's source
          add = add.withFlags(IfAddress.F_NODAD).withPreferredLifetime(0);
        }
        rtnl.addAddress(add);
      }
    }
    log.info(
        "({}) ipvlan {} up on {} ({} mode{})",
        instance,
        m.name(),
        m.base(),
        l.mode(),
        l.address().map(a -> ", " + a).orElse(""));
  }

  /**
   * The address an IPv6 VMAC's adverts leave from: {@code unicast_src_ip}, else the base's
   * link-local address, else the one its MAC makes (EUI-64), as keepalived 2.2.7 picks it.
   */
  private java.net.Inet6Address sendsFrom(Vmac m, Link parent) {
    if (m.from().orElse(null) instanceof java.net.Inet6Address a) {
      return a;
    }
    for (io.vigil.netlink.rtnl.IfAddress a : rtnl.addresses(parent.index())) {
      if (a.address() instanceof java.net.Inet6Address v6 && v6.isLinkLocalAddress()) {
        return v6;
      }
    }
    byte[] mac = mac(parent.mac());
    byte[] ll = new byte[16];
    ll[0] = (byte) 0xfe;
    ll[1] = (byte) 0x80;
    ll[8] = (byte) (mac[0] ^ 0x02);
    ll[9] = mac[1];
    ll[10] = mac[2];
    ll[11] = (byte) 0xff;
    ll[12] = (byte) 0xfe;
    ll[13] = mac[3];
    ll[14] = mac[4];
    ll[15] = mac[5];
    try {
      return (java.net.Inet6Address) java.net.InetAddress.getByAddress(ll);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Deletes the VMAC of an instance that stopped, and puts its base back after the last one. */
  void delete(VrrpSpec s) {
    delete(Vmac.of(s));
  }

  /** Deletes a VMAC, and puts its base back after the last one. */
  void delete(Vmac m) {
    String instance = m.instance();
    String base = made.remove(m.name());
    indexes.remove(m.name());
    if (base == null) {
      return;
    }
    try {
      Link there = find(m.name());
      if (there != null) {
        rtnl.deleteLink(there.index());
      }
      log.info(
          "({}) {} {} deleted", instance, m.ipvlan().isPresent() ? "ipvlan" : "VMAC", m.name());
    } catch (RuntimeException e) {
      log.warn("({}) VMAC {} not deleted: {}", instance, m.name(), e.getMessage());
    }
    Base b = bases.get(base);
    if (b != null && --b.vmacs == 0) {
      bases.remove(base);
      if (b.before != null) {
        try {
          rtnl.setInetDevconf(rtnl.indexOf(base), b.before);
          log.info(
              "arp_ignore and arp_filter put back on {} ({} and {})",
              base,
              b.before.get(Rtnl.IPV4_DEVCONF_ARP_IGNORE),
              b.before.get(Rtnl.IPV4_DEVCONF_ARPFILTER));
        } catch (RuntimeException e) {
          log.warn("arp_ignore and arp_filter not put back on {}: {}", base, e.getMessage());
        }
      }
    }
  }

  private Link find(String name) {
    try {
      return rtnl.link(name);
    } catch (NetlinkException e) {
      if (e.errno() == Errno.ENODEV) {
        return null;
      }
      throw e;
    }
  }

  private static String kindOf(Link l) {
    return l.kind() == null ? "not a macvlan" : l.kind();
  }

  /**
   * keepalived writes disable_ipv6 to /proc/sys (there is no rtnetlink for it); read only under the
   * unit, where the address generation mode set after it is what keeps IPv6 off the VMAC.
   */
  private static void disableIpv6(String vmac) {
    try {
      Files.writeString(Path.of("/proc/sys/net/ipv6/conf", vmac, "disable_ipv6"), "1");
    } catch (IOException | RuntimeException e) {
      log.debug("disable_ipv6 not set on {}: {}", vmac, e.toString());
    }
  }

  private static int sysctl(String family, String iface, String name, int otherwise) {
    try {
      return Integer.parseInt(
          Files.readString(Path.of("/proc/sys/net", family, "conf", iface, name)).strip());
    } catch (IOException | RuntimeException e) {
      return otherwise;
    }
  }

  static byte[] mac(String s) {
    String[] o = s.split(":");
    byte[] b = new byte[o.length];
    for (int i = 0; i < o.length; i++) {
      b[i] = (byte) Integer.parseInt(o[i], 16);
    }
    return b;
  }
}
