package io.vigil.director.statics;

import io.vigil.config.model.StaticRoute;
import io.vigil.config.model.StaticRule;
import io.vigil.netlink.rtnl.Route;
import io.vigil.netlink.rtnl.Rtnl;
import io.vigil.netlink.rtnl.Rule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which static routes and rules to add, replace and delete, as keepalived 2.2.7 brings them in step
 * on a reload ({@code clear_diff_static_routes}, {@code clear_diff_static_rules}, then the adds).
 * Pure: what Vigil has in the kernel ("set") and what the configuration wants in, requests out.
 *
 * <ul>
 *   <li>A route is the same route when its key is: destination, tos, metric, table, scope, type,
 *       gateway and device (keepalived's {@code route_exist}); one whose other attributes changed
 *       (mtu, source, protocol, ...) is replaced in place (NLM_F_REPLACE), one unchanged is left
 *       alone, one that went is deleted.
 *   <li>A rule is the same rule only when all of it is; one that changed is deleted and the new one
 *       added.
 *   <li>What is wanted and not set (new, or refused before) is added.
 * </ul>
 *
 * Deletions come first (rules, then routes), then what stays (routes, then rules), then additions
 * (routes, then rules), so a rule is not added before the routes of its table.
 */
public final class StaticRoutingPlan {
  private StaticRoutingPlan() {}

  /** A configured route and the route it is in the kernel. */
  public record RouteEntry(StaticRoute source, Route route) {}

  /** A configured rule and the rule it is in the kernel. */
  public record RuleEntry(StaticRule source, Rule rule) {}

  /** One request, with the configuration line it comes from. */
  public sealed interface Op {
    record AddRoute(RouteEntry entry) implements Op {}

    /** Replace {@code old} by {@code entry} in place; on a refusal delete it and add. */
    record ReplaceRoute(RouteEntry entry, RouteEntry old) implements Op {}

    record DeleteRoute(RouteEntry entry) implements Op {}

    /** Unchanged and in the kernel: nothing to send, still ours. */
    record KeepRoute(RouteEntry entry) implements Op {}

    record AddRule(RuleEntry entry) implements Op {}

    record DeleteRule(RuleEntry entry) implements Op {}

    record KeepRule(RuleEntry entry) implements Op {}
  }

  /**
   * @param setRoutes the routes Vigil has in the kernel (added by it, or found there)
   * @param wantedRoutes the configured routes whose device resolved
   */
  public static List<Op> plan(
      List<RouteEntry> setRoutes,
      List<RouteEntry> wantedRoutes,
      List<RuleEntry> setRules,
      List<RuleEntry> wantedRules) {
    List<Op> deletes = new ArrayList<>();
    List<Op> keeps = new ArrayList<>();
    List<Op> adds = new ArrayList<>();
    List<Op> ruleKeeps = new ArrayList<>();
    List<RuleEntry> rulePool = new ArrayList<>(wantedRules);
    for (RuleEntry o : setRules) {
      RuleEntry n = take(rulePool, x -> x.rule().equals(o.rule()));
      if (n == null) {
        deletes.add(new Op.DeleteRule(o));
      } else {
        ruleKeeps.add(new Op.KeepRule(n));
      }
    }
    List<RouteEntry> routePool = new ArrayList<>(wantedRoutes);
    for (RouteEntry o : setRoutes) {
      RouteEntry n = take(routePool, x -> sameKey(x.route(), o.route()));
      if (n == null) {
        deletes.add(new Op.DeleteRoute(o));
      } else if (n.route().equals(o.route())) {
        keeps.add(new Op.KeepRoute(n));
      } else {
        keeps.add(new Op.ReplaceRoute(n, o));
      }
    }
    for (RouteEntry n : routePool) {
      adds.add(new Op.AddRoute(n));
    }
    for (RuleEntry n : rulePool) {
      adds.add(new Op.AddRule(n));
    }
    List<Op> out = new ArrayList<>(deletes);
    out.addAll(keeps);
    out.addAll(ruleKeeps);
    out.addAll(adds);
    return out;
  }

  private static <T> T take(List<T> pool, java.util.function.Predicate<T> match) {
    for (int i = 0; i < pool.size(); i++) {
      if (match.test(pool.get(i))) {
        return pool.remove(i);
      }
    }
    return null;
  }

  /** keepalived's {@code route_exist}: the attributes that make two routes the same route. */
  static boolean sameKey(Route a, Route b) {
    return a.family() == b.family()
        && a.dst().equals(b.dst())
        && a.dstLen() == b.dstLen()
        && a.tos() == b.tos()
        && a.priority() == b.priority()
        && a.table() == b.table()
        && a.scope() == b.scope()
        && a.type() == b.type()
        && Objects.equals(a.gateway(), b.gateway())
        && a.oif() == b.oif()
        && a.nexthops().equals(b.nexthops());
  }

  /**
   * Whether {@code have}, from a dump, is the route Vigil added as {@code want}: the kernel's key
   * plus protocol, type, gateway, device and next hops (the kernel gives an IPv6 route without a
   * metric 1024).
   */
  public static boolean present(Route want, Route have) {
    want = oneHop(want);
    have = oneHop(have);
    return want.family() == have.family()
        && want.table() == have.table()
        && want.dst().equals(have.dst())
        && want.dstLen() == have.dstLen()
        && want.tos() == have.tos()
        && want.type() == have.type()
        && want.protocol() == have.protocol()
        && priority(want) == priority(have)
        && (want.gateway() == null || want.gateway().equals(have.gateway()))
        && (want.oif() == 0 || want.oif() == have.oif())
        && hops(want).equals(hops(have));
  }

  /**
   * A route of one next hop as the kernel shows it: that hop's gateway and device, no RTA_MULTIPATH
   * (a multipath request of one hop makes a plain route).
   */
  private static Route oneHop(Route r) {
    if (r.nexthops().size() != 1) {
      return r;
    }
    Route.Nexthop n = r.nexthops().get(0);
    return r.via(n.gateway(), n.ifindex()).withNexthops(List.of());
  }

  /**
   * The next hops, in any order, as a dump can be compared with what was added: of their flags only
   * RTNH_F_ONLINK (the kernel adds RTNH_F_LINKDOWN and the like).
   */
  private static Set<Route.Nexthop> hops(Route r) {
    Set<Route.Nexthop> s = new HashSet<>();
    for (Route.Nexthop n : r.nexthops()) {
      s.add(
          new Route.Nexthop(
              n.gateway(), n.ifindex(), n.weight(), n.flags() & Rtnl.RTNH_F_ONLINK, n.realms()));
    }
    return s;
  }

  private static long priority(Route r) {
    return r.priority() >= 0 ? r.priority() : r.family() == Rtnl.AF_INET6 ? 1024 : 0;
  }

  /**
   * Whether {@code have}, from a dump, is the rule Vigil added as {@code want} (the kernel shows a
   * mark without a mask with the mask all ones, and a rule without a protocol as unspec).
   */
  public static boolean present(Rule want, Rule have) {
    long mask = want.fwmark() >= 0 && want.fwmask() < 0 ? 0xffffffffL : want.fwmask();
    Rule w =
        new Rule(
            want.family(),
            want.action(),
            want.table(),
            want.priority(),
            want.src(),
            want.src() == null ? 0 : want.srcLen(),
            want.dst(),
            want.dst() == null ? 0 : want.dstLen(),
            want.invert(),
            want.tos(),
            want.fwmark(),
            mask,
            want.iif(),
            want.oif(),
            want.protocol() < 0 ? have.protocol() : want.protocol(),
            want.ipProto(),
            want.sport(),
            want.dport(),
            want.uidRange(),
            want.gotoTarget(),
            want.suppressPrefixLength(),
            want.suppressIfgroup(),
            want.l3mdev(),
            want.realms(),
            want.tunnelId());
    return w.equals(have);
  }
}
