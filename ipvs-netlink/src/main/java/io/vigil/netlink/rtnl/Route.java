package io.vigil.netlink.rtnl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A route as rtnetlink carries it (struct rtmsg plus RTA_* attributes). The kernel keys an IPv4
 * route by table, destination, tos and priority; the rest (gateway, device, protocol, scope, type)
 * tells routes of one key apart.
 *
 * @param family {@link Rtnl#AF_INET} or {@link Rtnl#AF_INET6}
 * @param type RTN_* ({@link Rtnl#RTN_UNICAST} for an ordinary route)
 * @param from RTA_SRC, the source prefix (IPv6); null for none
 * @param prefSrc RTA_PREFSRC, the preferred source address; null for none
 * @param gateway RTA_GATEWAY, or RTA_VIA when its family is not the route's; null for none
 * @param oif RTA_OIF, the output interface index; 0 for none
 * @param table the table (above 255 it travels in RTA_TABLE)
 * @param priority RTA_PRIORITY (the metric); -1 for none
 * @param flags rtmsg flags (RTNH_F_ONLINK)
 * @param metrics RTAX_* values nested in RTA_METRICS, by RTAX number
 * @param lock the RTAX_LOCK mask: bit 1 << RTAX_* for each locked metric
 * @param pref RTA_PREF (IPv6 router preference); -1 for none
 * @param expires RTA_EXPIRES in seconds (IPv6); -1 for none
 * @param realms RTA_FLOW, the realms FROM &lt;&lt; 16 | TO (IPv4); -1 for none
 * @param congctl RTAX_CC_ALGO in RTA_METRICS: a TCP congestion control algorithm by name (its lock
 *     is bit 1 &lt;&lt; RTAX_CC_ALGO of {@code lock}); null for none
 * @param nexthops RTA_MULTIPATH's next hops, in order; empty for none
 * @param encap RTA_ENCAP_TYPE and RTA_ENCAP (a lightweight tunnel's); null for none
 */
public record Route(
    int family,
    int type,
    InetAddress dst,
    int dstLen,
    InetAddress from,
    int fromLen,
    InetAddress prefSrc,
    InetAddress gateway,
    int oif,
    long table,
    int scope,
    int protocol,
    int tos,
    long priority,
    int flags,
    SortedMap<Integer, Long> metrics,
    int lock,
    int pref,
    long expires,
    long realms,
    String congctl,
    List<Nexthop> nexthops,
    Encap encap) {
  public Route {
    Objects.requireNonNull(dst, "dst");
    int max = family == Rtnl.AF_INET ? 32 : 128;
    if (dstLen < 0 || dstLen > max || fromLen < 0 || fromLen > max) {
      throw new IllegalArgumentException("prefix length " + dstLen + " for " + dst);
    }
    if ((dst instanceof Inet4Address) != (family == Rtnl.AF_INET)) {
      throw new IllegalArgumentException(dst + " in a family " + family + " route");
    }
    metrics = Collections.unmodifiableSortedMap(new TreeMap<>(metrics));
    nexthops = List.copyOf(nexthops);
  }

  /**
   * A lightweight tunnel's encapsulation: IP or IPv6 (LWTUNNEL_ENCAP_IP, LWTUNNEL_ENCAP_IP6), an
   * MPLS label stack (LWTUNNEL_ENCAP_MPLS) or an ILA locator (LWTUNNEL_ENCAP_ILA). The kernel's
   * dump gives every field (0 for one not set); a request carries the ones set.
   *
   * @param type {@link Rtnl#LWTUNNEL_ENCAP_IP} or {@link Rtnl#LWTUNNEL_ENCAP_IP6}
   * @param id LWTUNNEL_IP_ID, the tunnel id (a u64, network order on the wire); null for none
   * @param dst LWTUNNEL_IP_DST; null for none
   * @param src LWTUNNEL_IP_SRC; null for none
   * @param tos LWTUNNEL_IP_TOS (IPv6: the traffic class); -1 for none
   * @param ttl LWTUNNEL_IP_TTL (IPv6: the hop limit); -1 for none
   * @param labels an MPLS encapsulation's labels (MPLS_IPTUNNEL_DST); empty for IP and IPv6
   * @param locator an ILA encapsulation's locator (ILA_ATTR_LOCATOR; the kernel's dump adds its
   *     checksum mode, identifier type and hook, which keepalived never sets: not modelled); null
   *     for the others
   * @param flags LWTUNNEL_IP_FLAGS, a u16 read and written in host order as keepalived writes it
   *     (the kernel reads the TUNNEL_* bits big-endian: {@code ip}'s {@code key}, 0x0004, is 1024
   *     here); -1 for none
   */
  public record Encap(
      int type,
      Long id,
      InetAddress dst,
      InetAddress src,
      int tos,
      int ttl,
      int flags,
      java.util.List<Integer> labels,
      Long locator) {
    public Encap {
      labels = java.util.List.copyOf(labels);
    }

    /** An IP or IPv6 encapsulation. */
    public Encap(int type, Long id, InetAddress dst, InetAddress src, int tos, int ttl, int flags) {
      this(type, id, dst, src, tos, ttl, flags, java.util.List.of(), null);
    }

    /** {@link Rtnl#LWTUNNEL_ENCAP_MPLS}: MPLS_IPTUNNEL_DST's label stack, outermost first. */
    public static Encap mpls(java.util.List<Integer> labels) {
      return new Encap(Rtnl.LWTUNNEL_ENCAP_MPLS, null, null, null, -1, -1, -1, labels, null);
    }

    /** {@link Rtnl#LWTUNNEL_ENCAP_ILA}: ILA_ATTR_LOCATOR. */
    public static Encap ila(long locator) {
      return new Encap(
          Rtnl.LWTUNNEL_ENCAP_ILA, null, null, null, -1, -1, -1, java.util.List.of(), locator);
    }

    /** Without flags. */
    public Encap(int type, Long id, InetAddress dst, InetAddress src, int tos, int ttl) {
      this(type, id, dst, src, tos, ttl, -1);
    }
  }

  /**
   * One next hop of a multipath route (struct rtnexthop and its attributes).
   *
   * @param gateway RTA_GATEWAY, or RTA_VIA when its family is not the route's; null for none
   * @param ifindex rtnh_ifindex; 0 for none
   * @param weight rtnh_hops + 1: 1 to 256
   * @param flags rtnh_flags (RTNH_F_ONLINK; the kernel adds RTNH_F_DEAD, RTNH_F_LINKDOWN, ...)
   * @param realms RTA_FLOW (IPv4); -1 for none
   * @param encap its own RTA_ENCAP and RTA_ENCAP_TYPE; null for none
   */
  public record Nexthop(
      InetAddress gateway, int ifindex, int weight, int flags, long realms, Encap encap) {
    public Nexthop {
      if (weight < 1 || weight > 256) {
        throw new IllegalArgumentException("next hop weight " + weight);
      }
    }

    /** Without an encapsulation. */
    public Nexthop(InetAddress gateway, int ifindex, int weight, int flags, long realms) {
      this(gateway, ifindex, weight, flags, realms, null);
    }
  }

  /** A plain unicast route to {@code dst/dstLen} in the main table, global scope, no protocol. */
  public static Route to(InetAddress dst, int dstLen) {
    return new Route(
        dst instanceof Inet4Address ? Rtnl.AF_INET : Rtnl.AF_INET6,
        Rtnl.RTN_UNICAST,
        dst,
        dstLen,
        null,
        0,
        null,
        null,
        0,
        Rtnl.RT_TABLE_MAIN,
        Rtnl.RT_SCOPE_UNIVERSE,
        0,
        0,
        -1,
        0,
        new TreeMap<>(),
        0,
        -1,
        -1,
        -1,
        null,
        List.of(),
        null);
  }

  public Route via(InetAddress g, int index) {
    return new Route(
        family, type, dst, dstLen, from, fromLen, prefSrc, g, index, table, scope, protocol, tos,
        priority, flags, metrics, lock, pref, expires, realms, congctl, nexthops, encap);
  }

  public Route inTable(long t, int proto, long prio) {
    return new Route(
        family, type, dst, dstLen, from, fromLen, prefSrc, gateway, oif, t, scope, proto, tos, prio,
        flags, metrics, lock, pref, expires, realms, congctl, nexthops, encap);
  }

  public Route withMetrics(SortedMap<Integer, Long> m, int lockMask) {
    return new Route(
        family, type, dst, dstLen, from, fromLen, prefSrc, gateway, oif, table, scope, protocol,
        tos, priority, flags, m, lockMask, pref, expires, realms, congctl, nexthops, encap);
  }

  /** The same route with RTA_FLOW {@code realmsValue} (-1: none) and RTAX_CC_ALGO {@code cc}. */
  public Route withRealmsAndCongctl(long realmsValue, String cc) {
    return new Route(
        family,
        type,
        dst,
        dstLen,
        from,
        fromLen,
        prefSrc,
        gateway,
        oif,
        table,
        scope,
        protocol,
        tos,
        priority,
        flags,
        metrics,
        lock,
        pref,
        expires,
        realmsValue,
        cc,
        nexthops,
        encap);
  }

  /** The same route with encapsulation {@code e} (null: none). */
  public Route withEncap(Encap e) {
    return new Route(
        family, type, dst, dstLen, from, fromLen, prefSrc, gateway, oif, table, scope, protocol,
        tos, priority, flags, metrics, lock, pref, expires, realms, congctl, nexthops, e);
  }

  /** The same route with next hops {@code hops} (RTA_MULTIPATH). */
  public Route withNexthops(List<Nexthop> hops) {
    return new Route(
        family, type, dst, dstLen, from, fromLen, prefSrc, gateway, oif, table, scope, protocol,
        tos, priority, flags, metrics, lock, pref, expires, realms, congctl, hops, encap);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    if (type != Rtnl.RTN_UNICAST) {
      b.append("type ").append(type).append(' ');
    }
    b.append(host(dst)).append('/').append(dstLen);
    if (from != null) {
      b.append(" from ").append(host(from)).append('/').append(fromLen);
    }
    if (gateway != null) {
      b.append(" via ").append(host(gateway));
    }
    if (oif != 0) {
      b.append(" oif ").append(oif);
    }
    for (Nexthop n : nexthops) {
      b.append(" nexthop");
      if (n.gateway() != null) {
        b.append(" via ").append(host(n.gateway()));
      }
      if (n.ifindex() != 0) {
        b.append(" oif ").append(n.ifindex());
      }
      if (n.weight() != 1) {
        b.append(" weight ").append(n.weight());
      }
    }
    b.append(" table ").append(table);
    if (priority >= 0) {
      b.append(" metric ").append(priority);
    }
    return b.toString();
  }

  static String host(InetAddress a) {
    String s = a.getHostAddress();
    int pct = s.indexOf('%');
    return pct >= 0 ? s.substring(0, pct) : s;
  }
}
