package io.vigil.director.vrrp;

import io.vigil.netlink.rtnl.IfAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The address an instance sends its adverts from, and when it has none, as keepalived 2.2.7 has
 * them (vrrp.c, set_vrrp_src_addr; keepalived_netlink.c, netlink_if_address_filter):
 *
 * <ul>
 *   <li>without {@code unicast_src_ip}, its interface's first IPv4 address that is not one of its
 *       virtual addresses (IPv6: the interface's link-local address). An interface without one
 *       holds the instance in FAULT ("no IPv4 address for interface") until one is added; when the
 *       address it sends from is deleted it moves to another that is left, silently, or to FAULT
 *       when none is;
 *   <li>with {@code unicast_src_ip} (or {@code mcast_src_ip}), that address, bound as keepalived
 *       binds it: while no interface of the host has it the instance is in FAULT. keepalived 2.2.7
 *       stays in FAULT for good when it is missing at start (its bind failed); Vigil brings the
 *       instance up when the address comes. Deleted while running, it is a FAULT only with {@code
 *       track_src_ip} (the man page's promise, which 2.2.7 keeps only when the address is its
 *       interface's primary); without, the instance carries on as keepalived's does.
 * </ul>
 */
final class VrrpSources {
  private VrrpSources() {}

  /**
   * The tracker (weight 0) that holds an instance in FAULT while it has no address to send from.
   */
  static final String TRACKER = "address:source";

  /**
   * The address {@code s} sends from among {@code host}'s addresses (all interfaces): {@code
   * current} while it is there, else the one keepalived would take; empty when there is none.
   *
   * @param ifindex the instance's interface
   * @param current what it sends from now, or null
   */
  static Optional<InetAddress> choose(
      VrrpSpec s, int ifindex, List<IfAddress> host, InetAddress current) {
    if (s.unicastSrc().isPresent()) {
      InetAddress want = s.unicastSrc().get();
      return host.stream().anyMatch(a -> usable(a) && a.address().equals(want))
          ? Optional.of(want)
          : Optional.empty();
    }
    Set<InetAddress> vips = Set.copyOf(s.advertisedVips());
    boolean ipv6 = s.source().isIpv6();
    Optional<InetAddress> first = Optional.empty();
    for (IfAddress a : host) {
      InetAddress ip = a.address();
      if (a.index() != ifindex
          || !usable(a)
          || vips.contains(ip)
          || (ipv6
              ? !(ip instanceof Inet6Address v6 && v6.isLinkLocalAddress())
              : !(ip instanceof Inet4Address))) {
        continue;
      }
      if (ip.equals(current)) {
        return Optional.of(ip);
      }
      if (first.isEmpty()) {
        first = Optional.of(ip);
      }
    }
    return first;
  }

  private static boolean usable(IfAddress a) {
    return (a.flags() & IfAddress.F_DADFAILED) == 0;
  }

  /**
   * What an instance is given as its address while it has none: the any address of its family
   * (never sent from: it is in FAULT until a real one comes).
   */
  static InetAddress none(VrrpSpec s) {
    try {
      return InetAddress.getByAddress(new byte[s.source().isIpv6() ? 16 : 4]);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** Whether the deletion of the address it sends from puts {@code s} in FAULT. */
  static boolean removalTracked(VrrpSpec s) {
    return s.unicastSrc().isEmpty() || s.source().trackSrcIp();
  }

  /** Why {@code s} is in FAULT without an address, in keepalived's words where it has them. */
  static String missing(VrrpSpec s) {
    return s.unicastSrc().isPresent()
        ? "src address " + s.unicastSrc().get().getHostAddress() + " not configured"
        : "no IPv" + (s.source().isIpv6() ? 6 : 4) + " address for interface " + s.iface();
  }
}
