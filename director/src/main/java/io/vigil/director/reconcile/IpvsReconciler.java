package io.vigil.director.reconcile;

import io.vigil.netlink.ipvs.DestEntry;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.IpvsTable;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes the kernel's IPVS table what the director wants, and nothing more: dump, plan the
 * difference with {@link TablePlan}, apply it batched. A table that is already right costs one dump
 * and no write, which is also how start-up adopts what a previous run left in place (nothing is
 * flushed, so connections through the VIP survive a restart) and how drift (an entry changed or
 * deleted behind our back) is repaired on the next pass.
 *
 * <p>{@link #reconcileKnown} is the fast pass for a health verdict: it plans against the table as
 * the latest dump and the writes since then left it, so a verdict costs the writes it needs and no
 * dump. A write the kernel refuses there means the kernel is not what we believed (drift): a full
 * pass follows at once. Drift nobody acts on is found by the periodic full pass.
 *
 * <p>Ownership: a service is ours once we have wanted it; when a later desired table drops it, it
 * is deleted. A service we never wanted (set up by hand, or by another tool) is foreign: left alone
 * and reported, unless {@code removeForeign} is set. Not thread-safe: one owner.
 */
public final class IpvsReconciler {
  /**
   * A wanted service: its settings and destinations, kept in the order given (the configuration's),
   * so that a pass adds them, and the log tells them, in that order on every run.
   */
  public record Wanted(ServiceSettings settings, Map<DestKey, DestSettings> destinations) {
    public Wanted {
      destinations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(destinations));
    }
  }

  /** An operation the kernel refused. */
  public record Failure(
      TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings> op,
      RuntimeException error) {}

  /** What one pass did: the operations sent, the refusals among them, the foreign services. */
  public record Outcome(
      List<TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings>> applied,
      List<Failure> failures,
      List<ServiceKey> foreign) {
    /** True when the kernel already matched: nothing was sent. */
    public boolean wasInSync() {
      return applied.isEmpty();
    }
  }

  private final IpvsKernel kernel;
  private final boolean removeForeign;
  private final Set<ServiceKey> owned = new HashSet<>();
  private volatile IpvsTable lastDump;

  /**
   * The kernel's table as we believe it: the latest dump and our accepted writes since; or null.
   */
  private Map<ServiceKey, TablePlan.Service<ServiceSettings, DestKey, DestSettings>> believed;

  public IpvsReconciler(IpvsKernel kernel, boolean removeForeign) {
    this.kernel = kernel;
    this.removeForeign = removeForeign;
  }

  /** One full pass: dumps the kernel and brings it to {@code desired} (services in order). */
  public Outcome reconcile(Map<ServiceKey, Wanted> desired) {
    IpvsTable t = kernel.dump();
    lastDump = t;
    believed = actual(t);
    return pass(desired);
  }

  /**
   * The fast pass: brings the kernel to {@code desired} from the table we believe it has (the
   * latest dump plus our accepted writes), without a dump. When the kernel refuses one of the
   * writes, what we believed was wrong: a full {@link #reconcile} follows, and the outcome holds
   * both passes' writes and the full pass's refusals. Before any full pass, it is one.
   */
  public Outcome reconcileKnown(Map<ServiceKey, Wanted> desired) {
    if (believed == null) {
      return reconcile(desired);
    }
    Outcome fast = pass(desired);
    if (fast.failures().isEmpty()) {
      return fast;
    }
    Outcome full = reconcile(desired);
    List<TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings>> sent =
        new ArrayList<>(fast.applied());
    sent.addAll(full.applied());
    return new Outcome(List.copyOf(sent), full.failures(), full.foreign());
  }

  /**
   * The writes a fast pass would send for {@code desired} now, planned against the table we believe
   * the kernel has; nothing is sent or recorded (none before the first full pass).
   */
  public List<TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings>> plan(
      Map<ServiceKey, Wanted> desired) {
    if (believed == null) {
      return List.of();
    }
    return TablePlan.plan(services(desired), believed, k -> removeForeign || owned.contains(k))
        .ops();
  }

  /**
   * Builds the requests for {@code ops} as a pass would, sending none ({@link
   * IpvsKernel#rehearse}).
   */
  public void rehearse(List<TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings>> ops) {
    kernel.rehearse(ops);
  }

  private static Map<ServiceKey, TablePlan.Service<ServiceSettings, DestKey, DestSettings>>
      services(Map<ServiceKey, Wanted> desired) {
    Map<ServiceKey, TablePlan.Service<ServiceSettings, DestKey, DestSettings>> want =
        new LinkedHashMap<>();
    desired.forEach((k, w) -> want.put(k, new TablePlan.Service<>(w.settings(), w.destinations())));
    return want;
  }

  private Outcome pass(Map<ServiceKey, Wanted> desired) {
    owned.addAll(desired.keySet());
    TablePlan.Result<ServiceKey, ServiceSettings, DestKey, DestSettings> plan =
        TablePlan.plan(services(desired), believed, k -> removeForeign || owned.contains(k));
    List<TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings>> ops = plan.ops();
    List<Failure> failures = new ArrayList<>();
    if (!ops.isEmpty()) {
      List<RuntimeException> results = kernel.apply(ops);
      for (int i = 0; i < ops.size(); i++) {
        if (results.get(i) != null) {
          failures.add(new Failure(ops.get(i), results.get(i)));
        } else {
          believe(ops.get(i));
        }
      }
    }
    for (TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings> op : ops) {
      if (op
              instanceof
              TablePlan.DeleteService<ServiceKey, ServiceSettings, DestKey, DestSettings> d
          && !desired.containsKey(d.service())) {
        owned.remove(d.service());
      }
    }
    return new Outcome(ops, List.copyOf(failures), plan.foreign());
  }

  /** Records in {@link #believed} a write the kernel accepted. */
  private void believe(TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings> op) {
    if (op instanceof TablePlan.AddService<ServiceKey, ServiceSettings, DestKey, DestSettings> a) {
      believed.put(a.service(), new TablePlan.Service<>(a.settings(), new LinkedHashMap<>()));
    } else if (op
        instanceof TablePlan.EditService<ServiceKey, ServiceSettings, DestKey, DestSettings> e) {
      TablePlan.Service<ServiceSettings, DestKey, DestSettings> s = believed.get(e.service());
      believed.put(
          e.service(),
          new TablePlan.Service<>(e.after(), s == null ? new LinkedHashMap<>() : s.destinations()));
    } else if (op
        instanceof TablePlan.DeleteService<ServiceKey, ServiceSettings, DestKey, DestSettings> d) {
      believed.remove(d.service());
    } else if (op
        instanceof TablePlan.AddDestination<ServiceKey, ServiceSettings, DestKey, DestSettings> a) {
      destinationsOf(a.service()).put(a.destination(), a.settings());
    } else if (op
        instanceof
        TablePlan.EditDestination<ServiceKey, ServiceSettings, DestKey, DestSettings> e) {
      destinationsOf(e.service()).put(e.destination(), e.after());
    } else if (op
        instanceof
        TablePlan.DeleteDestination<ServiceKey, ServiceSettings, DestKey, DestSettings> d) {
      destinationsOf(d.service()).remove(d.destination());
    }
  }

  private Map<DestKey, DestSettings> destinationsOf(ServiceKey service) {
    TablePlan.Service<ServiceSettings, DestKey, DestSettings> s = believed.get(service);
    if (s == null) { // cannot happen after an accepted write: the service was added first
      s = new TablePlan.Service<>(null, new LinkedHashMap<>());
      believed.put(service, s);
    }
    return s.destinations();
  }

  /**
   * The table as the latest pass dumped it, before that pass's writes (null before the first): the
   * kernel's counters for metrics, without a dump per scrape. Safe to read from any thread.
   */
  public IpvsTable lastDump() {
    return lastDump;
  }

  /** The kernel's table in the planner's shape (settings only; counters are not state). */
  static Map<ServiceKey, TablePlan.Service<ServiceSettings, DestKey, DestSettings>> actual(
      IpvsTable table) {
    Map<ServiceKey, TablePlan.Service<ServiceSettings, DestKey, DestSettings>> out =
        new LinkedHashMap<>();
    table
        .services()
        .forEach(
            (k, s) -> {
              Map<DestKey, DestSettings> dests = new LinkedHashMap<>();
              for (DestEntry d : s.destinations()) {
                dests.put(d.key(), d.settings());
              }
              out.put(k, new TablePlan.Service<>(s.entry().settings(), dests));
            });
    return out;
  }
}
