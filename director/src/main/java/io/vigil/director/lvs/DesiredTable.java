package io.vigil.director.lvs;

import io.vigil.director.lvs.LvsModel.Backend;
import io.vigil.director.lvs.LvsModel.VirtualService;
import io.vigil.director.reconcile.IpvsReconciler.Wanted;
import io.vigil.director.reconcile.PoolPlanner;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.ServiceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The IPVS table the director wants, from the model and the health verdicts: configuration ⊕ health
 * ⊕ inhibit_on_failure ⊕ quorum / hysteresis / sorry server ({@link PoolPlanner}). Pure: the
 * quorum's memory comes in and goes out.
 */
public final class DesiredTable {
  /** The health verdicts as the table needs them. */
  public interface Health {
    /** Whether the real server is alive (unknown ones are: keepalived starts them up). */
    boolean alive(String realServerId);

    /** Its effective weight (configured, or as a dynamic checker set it). */
    int weight(String realServerId, int configured);
  }

  /** A virtual server whose quorum was gained or lost in this computation. */
  public record QuorumChange(String virtualServer, boolean up) {}

  /** The wanted table, the quorum state to remember, and what changed. */
  public record Result(
      Map<ServiceKey, Wanted> table, Map<String, Boolean> quorumUp, List<QuorumChange> changes) {}

  private DesiredTable() {}

  public static Result compute(LvsModel model, Health health, Map<String, Boolean> quorumBefore) {
    Map<ServiceKey, Wanted> table = new LinkedHashMap<>();
    Map<String, Boolean> quorum = new LinkedHashMap<>();
    List<QuorumChange> changes = new ArrayList<>();
    for (VirtualService vs : model.virtualServers()) {
      List<PoolPlanner.Member<Backend>> members = new ArrayList<>();
      for (Backend b : vs.backends()) {
        members.add(
            new PoolPlanner.Member<>(
                b, health.alive(b.id()), health.weight(b.id(), b.base().weight()), b.inhibit()));
      }
      Optional<PoolPlanner.Member<Backend>> sorry =
          vs.sorry().map(s -> new PoolPlanner.Member<>(s, true, 1, s.inhibit()));
      PoolPlanner<Backend> planner =
          new PoolPlanner<>(Math.max(1, vs.quorum()), Math.max(0, vs.hysteresis()));
      Boolean before = quorumBefore.get(vs.name());
      boolean wasUp = before != null ? before : planner.initialQuorum(members);
      PoolPlanner.Plan<Backend> plan = planner.plan(members, sorry, wasUp);
      quorum.put(vs.name(), plan.quorumUp());
      if (before != null && before != plan.quorumUp()) {
        changes.add(new QuorumChange(vs.name(), plan.quorumUp()));
      }
      Map<DestKey, DestSettings> dests = new LinkedHashMap<>();
      for (PoolPlanner.Placement<Backend> p : plan.placements()) {
        dests.put(p.destination().destination(), p.destination().base().withWeight(p.weight()));
      }
      for (ServiceKey k : vs.keys()) {
        table.put(k, new Wanted(vs.settingsFor(k), dests));
      }
    }
    return new Result(table, quorum, changes);
  }
}
