package io.vigil.director.statics;

import io.vigil.config.model.StaticRoute;
import io.vigil.config.model.StaticRule;
import io.vigil.netlink.NlMsg;
import io.vigil.netlink.rtnl.Route;
import io.vigil.netlink.rtnl.Rtnl;
import io.vigil.netlink.rtnl.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * A configured static route or rule as rtnetlink carries it, as keepalived 2.2.7's {@code
 * netlink_route} / {@code netlink_rule} build theirs: a route without {@code protocol} carries
 * keepalived's (18) whether tracked or not; a rule carries one only when tracked or written.
 */
public final class StaticRoutingMapping {
  private StaticRoutingMapping() {}

  /** RTAX_* numbers of the metric words of {@link StaticRoute#metrics()}. */
  static final Map<String, Integer> RTAX =
      Map.ofEntries(
          Map.entry("mtu", Rtnl.RTAX_MTU),
          Map.entry("window", Rtnl.RTAX_WINDOW),
          Map.entry("rtt", Rtnl.RTAX_RTT),
          Map.entry("rttvar", Rtnl.RTAX_RTTVAR),
          Map.entry("ssthresh", Rtnl.RTAX_SSTHRESH),
          Map.entry("cwnd", Rtnl.RTAX_CWND),
          Map.entry("advmss", Rtnl.RTAX_ADVMSS),
          Map.entry("reordering", Rtnl.RTAX_REORDERING),
          Map.entry("hoplimit", Rtnl.RTAX_HOPLIMIT),
          Map.entry("initcwnd", Rtnl.RTAX_INITCWND),
          Map.entry("rto_min", Rtnl.RTAX_RTO_MIN),
          Map.entry("features", Rtnl.RTAX_FEATURES),
          Map.entry("initrwnd", Rtnl.RTAX_INITRWND),
          Map.entry("quickack", Rtnl.RTAX_QUICKACK),
          Map.entry("fastopen_no_cookie", Rtnl.RTAX_FASTOPEN_NO_COOKIE));

  /**
   * The route for {@code s}, its {@code dev} and its next hops' being the interfaces {@code
   * indexOf} gives, its {@code vrf}'s table the one {@code vrfTable} gives (each an error when
   * there is none).
   */
  public static Route route(
      StaticRoute s, ToIntFunction<String> indexOf, ToLongFunction<String> vrfTable) {
    long table = s.vrf().map(vrfTable::applyAsLong).orElse(s.table());
    int oif = s.dev().map(indexOf::applyAsInt).orElse(0);
    List<Route.Nexthop> hops = new ArrayList<>();
    for (StaticRoute.Nexthop n : s.nexthops()) {
      hops.add(
          new Route.Nexthop(
              n.via().orElse(null),
              n.dev().map(indexOf::applyAsInt).orElse(0),
              n.weight(),
              n.onlink() ? Rtnl.RTNH_F_ONLINK : 0,
              n.realms().orElse(-1),
              n.encap().map(StaticRoutingMapping::encap).orElse(null)));
    }
    TreeMap<Integer, Long> metrics = new TreeMap<>();
    int lock = 0;
    int pref = -1;
    long expires = -1;
    long realms = -1;
    for (Map.Entry<String, Long> e : s.metrics().entrySet()) {
      switch (e.getKey()) {
        case "pref" -> pref = e.getValue().intValue();
        case "expires" -> expires = e.getValue();
        case "realms" -> realms = e.getValue();
        default -> {
          Integer rtax = RTAX.get(e.getKey());
          if (rtax == null) {
            throw new IllegalArgumentException("metric " + e.getKey() + " has no RTAX number");
          }
          metrics.put(rtax, e.getValue());
          if (s.locked().contains(e.getKey())) {
            lock |= 1 << rtax;
          }
        }
      }
    }
    if (s.congctl().isPresent() && s.locked().contains("congctl")) {
      lock |= 1 << Rtnl.RTAX_CC_ALGO;
    }
    return new Route(
        s.ipv6() ? Rtnl.AF_INET6 : Rtnl.AF_INET,
        s.type().number(),
        s.dst().address(),
        s.dst().prefixLength(),
        s.from().map(p -> p.address()).orElse(null),
        s.from().map(p -> p.prefixLength()).orElse(0),
        s.src().orElse(null),
        s.via().orElse(null),
        oif,
        table,
        s.scope(),
        s.protocol().orElse(Rtnl.RTPROT_KEEPALIVED),
        s.tos().orElse(0),
        s.metric().orElse(-1),
        s.onlink() ? Rtnl.RTNH_F_ONLINK : 0,
        metrics,
        lock,
        pref,
        expires,
        realms,
        s.congctl().orElse(null),
        hops,
        s.encap().map(StaticRoutingMapping::encap).orElse(null));
  }

  private static Route.Encap encap(StaticRoute.Encap e) {
    if (!e.mpls().isEmpty()) {
      return Route.Encap.mpls(e.mpls());
    }
    if (e.ila().isPresent()) {
      return Route.Encap.ila(e.ila().getAsLong());
    }
    return new Route.Encap(
        e.ip6() ? Rtnl.LWTUNNEL_ENCAP_IP6 : Rtnl.LWTUNNEL_ENCAP_IP,
        e.id().isPresent() ? Long.valueOf(e.id().getAsLong()) : null,
        e.dst().orElse(null),
        e.src().orElse(null),
        e.tos().orElse(-1),
        e.ttl().orElse(-1),
        e.flags().orElse(-1));
  }

  /** NLM_F_* that add the route as its {@code add} / {@code prepend} / {@code append} says. */
  public static int modeFlags(StaticRoute s) {
    return switch (s.mode()) {
      case PREPEND -> 0;
      case ADD -> NlMsg.F_EXCL;
      case APPEND -> NlMsg.F_APPEND;
    };
  }

  public static Rule rule(StaticRule s) {
    int action =
        switch (s.action()) {
          case TABLE -> Rtnl.FR_ACT_TO_TBL;
          case GOTO -> Rtnl.FR_ACT_GOTO;
          case NOP -> Rtnl.FR_ACT_NOP;
          case BLACKHOLE -> Rtnl.FR_ACT_BLACKHOLE;
          case UNREACHABLE -> Rtnl.FR_ACT_UNREACHABLE;
          case PROHIBIT -> Rtnl.FR_ACT_PROHIBIT;
        };
    return new Rule(
        s.ipv6() ? Rtnl.AF_INET6 : Rtnl.AF_INET,
        action,
        s.action() == StaticRule.Action.TABLE ? s.table() : 0,
        s.priority(),
        s.from().map(p -> p.address()).orElse(null),
        s.from().map(p -> p.prefixLength()).orElse(0),
        s.to().map(p -> p.address()).orElse(null),
        s.to().map(p -> p.prefixLength()).orElse(0),
        s.not(),
        s.tos().orElse(0),
        s.fwmark().orElse(-1),
        s.fwmask().orElse(-1),
        s.iif().orElse(null),
        s.oif().orElse(null),
        s.protocol().orElse(-1),
        s.ipProto().orElse(-1),
        s.sport().map(r -> new Rule.Range(r.start(), r.end())).orElse(null),
        s.dport().map(r -> new Rule.Range(r.start(), r.end())).orElse(null),
        s.uidRange().map(r -> new Rule.Range(r.start(), r.end())).orElse(null),
        s.action() == StaticRule.Action.GOTO ? s.gotoTarget() : -1,
        s.suppressPrefixLength().orElse(-1),
        s.suppressIfgroup().orElse(-1),
        s.l3mdev(),
        s.realms().orElse(-1),
        s.tunnelId());
  }
}
