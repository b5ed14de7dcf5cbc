package io.vigil.config.model;

import io.vigil.config.Origin;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One line of {@code static_routes}, as keepalived 2.2.7's {@code alloc_route} reads it, with its
 * defaults filled in (table main, scope global, type unicast, prepended, tracked with protocol
 * keepalived unless {@code no_track}).
 *
 * @param dst the destination; {@code default} is 0.0.0.0/0 or ::/0
 * @param ipv6 the route's family (IPv4 unless an IPv6 address or {@code inet6} says otherwise)
 * @param src {@code src}: the preferred source address
 * @param via {@code via} (or the deprecated {@code gw})
 * @param from {@code from}: the source prefix (IPv6 only)
 * @param dev {@code dev} / {@code oif}
 * @param table the routing table number (main 254)
 * @param scope rtnetlink's scope number (global 0)
 * @param metric {@code metric} / {@code priority} / {@code preference}
 * @param protocol rtnetlink's protocol number; 18 (keepalived) for a tracked route
 * @param tos {@code tos} / {@code dsfield}
 * @param tracked false with {@code no_track}
 * @param metrics RTAX_* values and the like by their word ({@code mtu}, {@code hoplimit}, {@code
 *     advmss}, ..., {@code rtt} in 1/8 ms, {@code rttvar} in 1/4 ms, {@code rto_min} in ms, {@code
 *     features} 1 is ecn, ..., {@code pref}, {@code expires}; {@code realms} FROM &lt;&lt; 16 | TO)
 * @param locked the metrics written with {@code lock} ({@code congctl} too)
 * @param congctl {@code congctl}: the TCP congestion control algorithm, by name
 * @param vrf {@code vrf}: the VRF device whose table the route goes in (in place of {@code table},
 *     when written after it), as the kernel has it when the route is applied
 * @param encap {@code encap ip|ip6 ...}: a lightweight tunnel's encapsulation
 * @param nexthops the {@code nexthop}s of a multipath route, in order
 * @param trackGroup {@code track_group} (static routes only, tracked ones): the group's VRRP
 *     instances are in FAULT while its {@code dev} is down or gone, and the route is put back when
 *     deleted (keepalived 2.2.7)
 */
public record StaticRoute(
    Origin origin,
    boolean ipv6,
    Type type,
    IpPrefix dst,
    Optional<InetAddress> src,
    Optional<InetAddress> via,
    Optional<IpPrefix> from,
    Optional<String> dev,
    long table,
    int scope,
    OptionalLong metric,
    OptionalInt protocol,
    OptionalInt tos,
    boolean onlink,
    boolean tracked,
    Mode mode,
    SortedMap<String, Long> metrics,
    Set<String> locked,
    Optional<String> congctl,
    Optional<String> vrf,
    Optional<Encap> encap,
    List<Nexthop> nexthops,
    Optional<String> trackGroup) {
  public StaticRoute {
    metrics = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(metrics));
    locked = Set.copyOf(locked);
    nexthops = List.copyOf(nexthops);
  }

  /**
   * {@code encap ip [id ID] [dst ADDR] [src ADDR] [tos TOS] [ttl TTL] [flags N]} or {@code encap
   * ip6 [id ID] [dst ADDR] [src ADDR] [tc TC] [hoplimit HL] [flags N]} (ID or dst at least).
   *
   * @param ip6 {@code ip6} (the tunnel's addresses are IPv6)
   * @param id the tunnel id, a u64
   * @param tos {@code tos} / {@code tc}
   * @param ttl {@code ttl} / {@code hoplimit}
   * @param flags {@code flags}: a u16 sent in host order, as keepalived sends it
   * @param mpls {@code encap mpls L1[/L2]}: the labels (then nothing else is set); empty otherwise
   * @param ila {@code encap ila LOCATOR}: the 64-bit locator, its first group highest (then nothing
   *     else is set); empty otherwise
   */
  public record Encap(
      boolean ip6,
      OptionalLong id,
      Optional<InetAddress> dst,
      Optional<InetAddress> src,
      OptionalInt tos,
      OptionalInt ttl,
      OptionalInt flags,
      List<Integer> mpls,
      OptionalLong ila) {
    public Encap {
      mpls = List.copyOf(mpls);
    }

    /** An {@code ip} or {@code ip6} encapsulation. */
    public Encap(
        boolean ip6,
        OptionalLong id,
        Optional<InetAddress> dst,
        Optional<InetAddress> src,
        OptionalInt tos,
        OptionalInt ttl,
        OptionalInt flags) {
      this(ip6, id, dst, src, tos, ttl, flags, List.of(), OptionalLong.empty());
    }

    /** {@code encap mpls LABELS}. */
    public static Encap mpls(List<Integer> labels) {
      return new Encap(
          false,
          OptionalLong.empty(),
          Optional.empty(),
          Optional.empty(),
          OptionalInt.empty(),
          OptionalInt.empty(),
          OptionalInt.empty(),
          labels,
          OptionalLong.empty());
    }

    /** {@code encap ila LOCATOR}. */
    public static Encap ila(long locator) {
      return new Encap(
          true,
          OptionalLong.empty(),
          Optional.empty(),
          Optional.empty(),
          OptionalInt.empty(),
          OptionalInt.empty(),
          OptionalInt.empty(),
          List.of(),
          OptionalLong.of(locator));
    }

    /** Without flags. */
    public Encap(
        boolean ip6,
        OptionalLong id,
        Optional<InetAddress> dst,
        Optional<InetAddress> src,
        OptionalInt tos,
        OptionalInt ttl) {
      this(ip6, id, dst, src, tos, ttl, OptionalInt.empty());
    }
  }

  /**
   * One {@code nexthop} of a multipath route.
   *
   * @param via {@code via}: the gateway (of the route's family)
   * @param dev {@code dev}
   * @param weight {@code weight}, 1 to 256 (1 when not written)
   * @param onlink {@code onlink}
   * @param realms {@code realms} FROM &lt;&lt; 16 | TO (IPv4)
   * @param encap {@code encap ...}: its own encapsulation, read as a route's
   */
  public record Nexthop(
      Optional<InetAddress> via,
      Optional<String> dev,
      int weight,
      boolean onlink,
      OptionalLong realms,
      Optional<Encap> encap) {
    /** Without an encapsulation. */
    public Nexthop(
        Optional<InetAddress> via,
        Optional<String> dev,
        int weight,
        boolean onlink,
        OptionalLong realms) {
      this(via, dev, weight, onlink, realms, Optional.empty());
    }
  }

  /** The same route without its {@code track_group}. */
  public StaticRoute withoutTrackGroup() {
    return new StaticRoute(
        origin,
        ipv6,
        type,
        dst,
        src,
        via,
        from,
        dev,
        table,
        scope,
        metric,
        protocol,
        tos,
        onlink,
        tracked,
        mode,
        metrics,
        locked,
        congctl,
        vrf,
        encap,
        nexthops,
        Optional.empty());
  }

  /** rtnetlink's route types (RTN_*), by the word iproute2 uses. */
  public enum Type {
    UNICAST("unicast", 1),
    LOCAL("local", 2),
    BROADCAST("broadcast", 3),
    ANYCAST("anycast", 4),
    MULTICAST("multicast", 5),
    BLACKHOLE("blackhole", 6),
    UNREACHABLE("unreachable", 7),
    PROHIBIT("prohibit", 8),
    THROW("throw", 9),
    NAT("nat", 10),
    XRESOLVE("xresolve", 11);

    private final String word;
    private final int number;

    Type(String word, int number) {
      this.word = word;
      this.number = number;
    }

    public String word() {
      return word;
    }

    /** The RTN_* number. */
    public int number() {
      return number;
    }

    /** The type for a word, if it is one. */
    public static Optional<Type> of(String w) {
      for (Type t : values()) {
        if (t.word.equals(w)) {
          return Optional.of(t);
        }
      }
      return Optional.empty();
    }
  }

  /** How the route is added: the kernel's prepend (keepalived's default), add, or append. */
  public enum Mode {
    PREPEND,
    ADD,
    APPEND
  }

  /** The routing table as iproute2 names it. */
  public static String tableWord(long table) {
    return switch ((int) Math.min(table, Integer.MAX_VALUE)) {
      case 253 -> "default";
      case 254 -> "main";
      case 255 -> "local";
      default -> Long.toString(table);
    };
  }

  /** The table names every iproute2 installation knows, with their numbers. */
  public static final Map<String, Long> TABLES =
      Map.of("unspec", 0L, "default", 253L, "main", 254L, "local", 255L);
}
