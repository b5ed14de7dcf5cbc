package io.vigil.director.statics;

import io.vigil.config.StaticDump;
import io.vigil.config.model.StaticRoute;
import io.vigil.config.model.StaticRule;
import io.vigil.config.model.VigilConfig;
import io.vigil.director.statics.StaticRoutingPlan.Op;
import io.vigil.director.statics.StaticRoutingPlan.RouteEntry;
import io.vigil.director.statics.StaticRoutingPlan.RuleEntry;
import io.vigil.kernel.Errno;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.NlMsg;
import io.vigil.netlink.rtnl.Route;
import io.vigil.netlink.rtnl.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code static_routes} and {@code static_rules} in {@code vigil run}, as keepalived 2.2.7's VRRP
 * process runs them:
 *
 * <ul>
 *   <li>at start each is added (a route as {@code ip route prepend}, or {@code add} / {@code
 *       append} as written; a rule with NLM_F_EXCL); one the kernel already has (EEXIST) counts as
 *       added, as keepalived counts it;
 *   <li>on reload they are brought in step ({@link StaticRoutingPlan});
 *   <li>at stop every one Vigil added (or found) is deleted, rules first.
 * </ul>
 *
 * A tracked static one ("tracked": no {@code no_track}; for a route, protocol keepalived (18) and a
 * device) deleted behind Vigil's back is put back only while route (rule) deletions are followed,
 * as keepalived 2.2.7 follows them: while a static one has a {@code track_group} or an instance has
 * {@code virtual_routes} ({@code virtual_rules}); otherwise it stays deleted until the next reload
 * ({@link #routesWatched}; checked against keepalived 2.2.7 in a namespace). A VRRP instance's
 * tracked {@code virtual_routes} and {@code virtual_rules} are always put back. {@link
 * #restore(Route)} and {@link #repair} are called by whoever follows route events: the daemon for
 * static ones, the instance's runtime for the others.
 *
 * <p>A refusal is logged with the line's {@code FILE:LINE} and the entry as {@code vigil
 * dump-config} prints it; the rest go on.
 */
public final class StaticRouting implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StaticRouting.class);

  private final Supplier<RoutingKernel> kernels;
  private RoutingKernel kernel;
  private List<RouteEntry> setRoutes = List.of();
  private List<RuleEntry> setRules = List.of();

  private final String routesName;
  private final String rulesName;
  private final boolean statics;
  private boolean routesWatched;
  private boolean rulesWatched;

  /**
   * {@code static_routes} and {@code static_rules}: put back only while {@link #watch} says route
   * or rule deletions are followed.
   */
  public StaticRouting(Supplier<RoutingKernel> kernels) {
    this(kernels, "static_routes", "static_rules", true);
  }

  /**
   * The same machinery for other routes and rules: a VRRP instance's {@code virtual_routes} and
   * {@code virtual_rules}, named so in the log ({@code routesName}, {@code rulesName}), each
   * tracked one put back.
   */
  public StaticRouting(Supplier<RoutingKernel> kernels, String routesName, String rulesName) {
    this(kernels, routesName, rulesName, false);
  }

  private StaticRouting(
      Supplier<RoutingKernel> kernels, String routesName, String rulesName, boolean statics) {
    this.kernels = kernels;
    this.routesName = routesName;
    this.rulesName = rulesName;
    this.statics = statics;
    this.routesWatched = !statics;
    this.rulesWatched = !statics;
  }

  /**
   * Whether keepalived 2.2.7 follows route (and rule) deletions for {@code c}: while a {@code
   * static_routes} line has a {@code track_group} or an instance has {@code virtual_routes} (the
   * same for rules). It then puts back every tracked static route (rule) deleted behind its back,
   * with a track_group or not (checked in a namespace; without either, none).
   */
  public static boolean routesWatched(VigilConfig c) {
    return c.staticRoutes().stream().anyMatch(r -> r.trackGroup().isPresent())
        || c.instances().stream().anyMatch(i -> !i.virtualRoutes().isEmpty());
  }

  /** The same for rules ({@link #routesWatched}). */
  public static boolean rulesWatched(VigilConfig c) {
    return c.staticRules().stream().anyMatch(r -> r.trackGroup().isPresent())
        || c.instances().stream().anyMatch(i -> !i.virtualRules().isEmpty());
  }

  /** Static ones: whether tracked routes and rules are put back now ({@link #routesWatched}). */
  public synchronized void watch(boolean routes, boolean rules) {
    if (statics) {
      routesWatched = routes;
      rulesWatched = rules;
    }
  }

  private boolean restoredRoute(StaticRoute r) {
    return routesWatched && r.tracked();
  }

  private boolean restoredRule(StaticRule r) {
    return rulesWatched && r.tracked();
  }

  /** Whether any route or rule applied now is to be put back when deleted. */
  public synchronized boolean restoring() {
    return setRoutes.stream().anyMatch(e -> restoredRoute(e.source()))
        || setRules.stream().anyMatch(e -> restoredRule(e.source()));
  }

  /**
   * A link was made or changed and is up: when it is the {@code dev} of a route or the {@code iif}
   * of a rule that is put back, a {@link #repair} adds again what the kernel lacks (the kernel
   * drops a route whose interface goes down). Returns how many.
   */
  public synchronized int linkUp(String name) {
    boolean ours =
        setRoutes.stream()
                .anyMatch(
                    e -> restoredRoute(e.source()) && e.source().dev().equals(Optional.of(name)))
            || setRules.stream()
                .anyMatch(
                    e -> restoredRule(e.source()) && e.source().iif().equals(Optional.of(name)));
    return ours ? repair() : 0;
  }

  /**
   * Brings the kernel to {@code routes} and {@code rules}; returns the number of entries not
   * applied (each logged).
   */
  public synchronized int apply(List<StaticRoute> routes, List<StaticRule> rules) {
    if (routes.isEmpty() && rules.isEmpty() && setRoutes.isEmpty() && setRules.isEmpty()) {
      return 0;
    }
    RoutingKernel k = kernel();
    int failed = 0;
    List<RouteEntry> wantR = new ArrayList<>();
    for (StaticRoute s : routes) {
      try {
        wantR.add(new RouteEntry(s, StaticRoutingMapping.route(s, k::indexOf, k::vrfTable)));
      } catch (RuntimeException e) {
        log.error("{}: {} '{}' not added: {}", s.origin(), routesName, line(s), e.getMessage());
        failed++;
      }
    }
    List<RuleEntry> wantU = new ArrayList<>();
    for (StaticRule s : rules) {
      wantU.add(new RuleEntry(s, StaticRoutingMapping.rule(s)));
    }
    List<RouteEntry> nowRoutes = new ArrayList<>();
    List<RuleEntry> nowRules = new ArrayList<>();
    List<Op> ops = StaticRoutingPlan.plan(setRoutes, wantR, setRules, wantU);
    // an unchanged entry deleted behind Vigil's back is added again (keepalived re-sends its
    // routes on a reload, NLM_F_REPLACE, though not its rules)
    List<Route> haveRoutes =
        ops.stream().anyMatch(o -> o instanceof Op.KeepRoute) ? k.routes() : List.of();
    List<Rule> haveRules =
        ops.stream().anyMatch(o -> o instanceof Op.KeepRule) ? k.rules() : List.of();
    for (Op op : ops) {
      if (op instanceof Op.KeepRoute o) {
        RouteEntry e = o.entry();
        if (haveRoutes.stream().anyMatch(h -> StaticRoutingPlan.present(e.route(), h))
            || addRoute(k, e, "was missing from the kernel: added again")) {
          nowRoutes.add(e);
        } else {
          failed++;
        }
      } else if (op instanceof Op.KeepRule o) {
        RuleEntry e = o.entry();
        if (haveRules.stream().anyMatch(h -> StaticRoutingPlan.present(e.rule(), h))
            || addRule(k, e, "was missing from the kernel: added again")) {
          nowRules.add(e);
        } else {
          failed++;
        }
      } else if (op instanceof Op.DeleteRoute o) {
        deleteRoute(k, o.entry());
      } else if (op instanceof Op.DeleteRule o) {
        deleteRule(k, o.entry());
      } else if (op instanceof Op.AddRoute o) {
        if (addRoute(k, o.entry(), "added")) {
          nowRoutes.add(o.entry());
        } else {
          failed++;
        }
      } else if (op instanceof Op.ReplaceRoute o) {
        if (replaceRoute(k, o)) {
          nowRoutes.add(o.entry());
        } else {
          failed++;
        }
      } else if (op instanceof Op.AddRule o) {
        if (addRule(k, o.entry(), "added")) {
          nowRules.add(o.entry());
        } else {
          failed++;
        }
      }
    }
    setRoutes = List.copyOf(nowRoutes);
    setRules = List.copyOf(nowRules);
    return failed;
  }

  /**
   * A route was deleted ({@code gone}, from a route event): one of ours that is tracked (no {@code
   * no_track}) and matches it is added again. Vigil's own deletions find nothing here, since what
   * it deletes has left its list first. Returns whether one was put back.
   */
  public synchronized boolean restore(Route gone) {
    for (RouteEntry e : setRoutes) {
      if (restoredRoute(e.source()) && StaticRoutingPlan.present(e.route(), gone)) {
        return addRoute(kernel(), e, "was deleted behind our back: added again");
      }
    }
    return false;
  }

  /** The same for a rule. */
  public synchronized boolean restore(Rule gone) {
    for (RuleEntry e : setRules) {
      if (restoredRule(e.source()) && StaticRoutingPlan.present(e.rule(), gone)) {
        return addRule(kernel(), e, "was deleted behind our back: added again");
      }
    }
    return false;
  }

  /**
   * After events were lost: every tracked route and rule of ours the kernel no longer has is added
   * again (one dump of each, only when there is something to check). Returns how many.
   */
  public synchronized int repair() {
    int added = 0;
    if (setRoutes.stream().anyMatch(e -> restoredRoute(e.source()))) {
      RoutingKernel k = kernel();
      List<Route> have = k.routes();
      for (RouteEntry e : setRoutes) {
        if (restoredRoute(e.source())
            && have.stream().noneMatch(h -> StaticRoutingPlan.present(e.route(), h))
            && addRoute(k, e, "was deleted behind our back: added again")) {
          added++;
        }
      }
    }
    if (setRules.stream().anyMatch(e -> restoredRule(e.source()))) {
      RoutingKernel k = kernel();
      List<Rule> have = k.rules();
      for (RuleEntry e : setRules) {
        if (restoredRule(e.source())
            && have.stream().noneMatch(h -> StaticRoutingPlan.present(e.rule(), h))
            && addRule(k, e, "was deleted behind our back: added again")) {
          added++;
        }
      }
    }
    return added;
  }

  /** Deletes every route and rule Vigil added or found, rules first. */
  public synchronized void stop() {
    if (setRoutes.isEmpty() && setRules.isEmpty()) {
      return;
    }
    RoutingKernel k = kernel();
    for (RuleEntry e : setRules) {
      deleteRule(k, e);
    }
    for (RouteEntry e : setRoutes) {
      deleteRoute(k, e);
    }
    setRoutes = List.of();
    setRules = List.of();
  }

  /** The routes Vigil has in the kernel now (tests). */
  synchronized List<RouteEntry> setRoutes() {
    return setRoutes;
  }

  @Override
  public synchronized void close() {
    if (kernel != null) {
      kernel.close();
      kernel = null;
    }
  }

  private RoutingKernel kernel() {
    if (kernel == null) {
      kernel = kernels.get();
    }
    return kernel;
  }

  private boolean addRoute(RoutingKernel k, RouteEntry e, String done) {
    StaticRoute s = e.source();
    try {
      k.addRoute(e.route(), StaticRoutingMapping.modeFlags(s));
      log.info("{} '{}' {} ({})", routesName, line(s), done, s.origin());
    } catch (RuntimeException x) {
      if (!exists(x)) {
        log.error("{}: {} '{}' not added: {}", s.origin(), routesName, line(s), x.getMessage());
        return false;
      }
      log.info("{} '{}' already there: counted as ours ({})", routesName, line(s), s.origin());
    }
    return true;
  }

  private boolean replaceRoute(RoutingKernel k, Op.ReplaceRoute o) {
    StaticRoute s = o.entry().source();
    try {
      k.addRoute(o.entry().route(), NlMsg.F_REPLACE);
      log.info("{} '{}' replaced ({})", routesName, line(s), s.origin());
      return true;
    } catch (RuntimeException x) {
      // as keepalived: the old one goes, and the new one is added as if new
      log.info(
          "{} '{}' not replaced in place ({}): deleting it and adding",
          routesName,
          line(s),
          x.getMessage());
      deleteRoute(k, o.old());
      return addRoute(k, o.entry(), "added");
    }
  }

  private void deleteRoute(RoutingKernel k, RouteEntry e) {
    StaticRoute s = e.source();
    try {
      k.deleteRoute(e.route());
      log.info("{} '{}' deleted ({})", routesName, line(s), s.origin());
    } catch (RuntimeException x) {
      if (!hasErrno(x, Errno.ESRCH)) {
        log.error("{}: {} '{}' not deleted: {}", s.origin(), routesName, line(s), x.getMessage());
      }
    }
  }

  private boolean addRule(RoutingKernel k, RuleEntry e, String done) {
    StaticRule s = e.source();
    try {
      k.addRule(e.rule());
      log.info("{} '{}' {} ({})", rulesName, line(s), done, s.origin());
    } catch (RuntimeException x) {
      if (!exists(x)) {
        log.error("{}: {} '{}' not added: {}", s.origin(), rulesName, line(s), x.getMessage());
        return false;
      }
      log.info("{} '{}' already there: counted as ours ({})", rulesName, line(s), s.origin());
    }
    return true;
  }

  private void deleteRule(RoutingKernel k, RuleEntry e) {
    StaticRule s = e.source();
    try {
      k.deleteRule(e.rule());
      log.info("{} '{}' deleted ({})", rulesName, line(s), s.origin());
    } catch (RuntimeException x) {
      if (!hasErrno(x, Errno.ENOENT)) {
        log.error("{}: {} '{}' not deleted: {}", s.origin(), rulesName, line(s), x.getMessage());
      }
    }
  }

  private static boolean exists(RuntimeException e) {
    return hasErrno(e, Errno.EEXIST);
  }

  private static boolean hasErrno(RuntimeException e, int errno) {
    return e instanceof NetlinkException n && n.errno() == errno;
  }

  static String line(StaticRoute s) {
    return StaticDump.route(s);
  }

  static String line(StaticRule s) {
    return StaticDump.rule(s);
  }
}
