package io.vigil.director.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which destinations of one virtual server belong in the kernel, and at what weight, given health
 * verdicts: keepalived's rules, as one pure function plus the quorum's memory.
 *
 * <ul>
 *   <li>An alive real server is in the pool at its effective weight (the configured weight, or the
 *       one a dynamic checker set).
 *   <li>A dead one is removed, or kept at weight 0 when {@code inhibit_on_failure} is set, so its
 *       established connections drain instead of being cut.
 *   <li>Quorum: the summed weight of alive servers. It is gained at {@code quorum + hysteresis} and
 *       lost below {@code quorum - hysteresis} (or at zero), so a pool hovering at the edge does
 *       not flap. While it is lost and a sorry server is configured, the sorry server replaces the
 *       alive servers (inhibited ones stay at weight 0); once regained, the sorry server leaves (or
 *       drops to weight 0 with {@code inhibit}).
 * </ul>
 *
 * @param <D> the destination identity (an IPVS destination)
 */
public final class PoolPlanner<D> {
  /** A configured real server with its health. */
  public record Member<D>(D destination, boolean alive, int effectiveWeight, boolean inhibit) {}

  /** A destination the kernel should hold, at this weight. */
  public record Placement<D>(D destination, int weight) {}

  /** The plan for one round: what the kernel should hold, and the quorum state to remember. */
  public record Plan<D>(List<Placement<D>> placements, boolean quorumUp, boolean sorryActive) {}

  private final long quorum;
  private final long hysteresis;

  /** keepalived's defaults are quorum 1, hysteresis 0. */
  public PoolPlanner(long quorum, long hysteresis) {
    if (quorum < 1 || hysteresis < 0) {
      throw new IllegalArgumentException("quorum " + quorum + " hysteresis " + hysteresis);
    }
    this.quorum = quorum;
    this.hysteresis = hysteresis;
  }

  /** The quorum state at start-up, before anything was remembered. */
  public boolean initialQuorum(List<Member<D>> members) {
    return aliveWeight(members) >= quorum + hysteresis;
  }

  /** The next quorum state, from the previous one and the alive weight. */
  public boolean nextQuorum(boolean wasUp, long aliveWeight) {
    if (wasUp) {
      return aliveWeight != 0 && aliveWeight >= quorum - hysteresis;
    }
    return aliveWeight >= quorum + hysteresis;
  }

  /**
   * The placements for this round. {@code sorry} is the sorry server, if configured, with its own
   * inhibit flag (keepalived's {@code sorry_server_inhibit}).
   */
  public Plan<D> plan(List<Member<D>> members, Optional<Member<D>> sorry, boolean quorumWasUp) {
    boolean up = nextQuorum(quorumWasUp, aliveWeight(members));
    boolean sorryActive = !up && sorry.isPresent();
    List<Placement<D>> out = new ArrayList<>();
    for (Member<D> m : members) {
      if (m.alive() && !sorryActive) {
        out.add(new Placement<>(m.destination(), Math.max(0, m.effectiveWeight())));
      } else if (m.inhibit()) {
        out.add(new Placement<>(m.destination(), 0));
      }
    }
    if (sorry.isPresent()) {
      Member<D> s = sorry.get();
      if (sorryActive) {
        out.add(new Placement<>(s.destination(), Math.max(1, s.effectiveWeight())));
      } else if (s.inhibit()) {
        out.add(new Placement<>(s.destination(), 0));
      }
    }
    return new Plan<>(List.copyOf(out), up, sorryActive);
  }

  static <D> long aliveWeight(List<Member<D>> members) {
    long sum = 0;
    for (Member<D> m : members) {
      if (m.alive()) {
        sum += Math.max(0, m.effectiveWeight());
      }
    }
    return sum;
  }
}
