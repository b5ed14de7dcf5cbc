package io.vigil.director.lvs;

import io.vigil.config.model.Script;
import io.vigil.director.lvs.LvsModel.Backend;
import io.vigil.director.lvs.LvsModel.VirtualService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which of {@code notify_up}, {@code notify_down}, {@code quorum_up} and {@code quorum_down} to
 * run, as keepalived 2.2.7 decides it (check/ipwrapper.c). Pure: states in, scripts to run out; the
 * scripts take no arguments.
 *
 * <ul>
 *   <li>A real server's {@code notify_up} / {@code notify_down} runs when its checks add it to or
 *       remove it from the pool (with {@code inhibit_on_failure} too: weight 0 is "removed"), and
 *       {@code notify_down} when a reload drops a real server that was up. Not at start-up (the
 *       starting verdicts are not transitions) unless {@code rs_init_notifies} ({@link #initial}).
 *       An alpha checker whose first check fails runs {@code notify_down}.
 *   <li>A virtual server's {@code quorum_up} / {@code quorum_down} runs when it gains or loses its
 *       quorum. At start-up (and for a virtual server a reload adds) keepalived starts it with its
 *       quorum down: {@code quorum_up} runs when it has its quorum ("Gained quorum", seen with
 *       keepalived 2.2.7 in the lab VM), {@code quorum_down} only when it has not and has a sorry
 *       server ("Starting with quorum down"). A reload that drops a virtual server whose quorum was
 *       up runs its {@code quorum_down}.
 *   <li>A reload runs nothing for an unchanged state.
 *   <li>At shutdown, only with {@code omega}: the down scripts ({@link #stopping}).
 * </ul>
 */
public final class LvsNotifications {
  /**
   * What one transition asks for: the script to run ({@code why}: e.g. {@code notify_up for
   * 192.0.2.10:80 203.0.113.5:80}; empty {@code argv} when none is configured), as its own {@code
   * user} words say, and keepalived's line for {@code notify_fifo} / {@code lvs_notify_fifo},
   * written either way ({@link LvsFifoLines}).
   */
  public record Run(String why, List<String> argv, Optional<String> user, String fifoLine) {
    public Run {
      argv = List.copyOf(argv);
    }

    /** Whether a script is configured for it. */
    public boolean hasScript() {
      return !argv.isEmpty();
    }
  }

  private LvsNotifications() {}

  /** A real server's verdict went from {@code wasAlive} to {@code alive}. */
  public static List<Run> server(
      LvsModel model, String realServerId, boolean wasAlive, boolean alive) {
    if (wasAlive == alive) {
      return List.of();
    }
    for (VirtualService vs : model.virtualServers()) {
      for (Backend b : vs.backends()) {
        if (b.id().equals(realServerId)) {
          return rs(vs, b, alive);
        }
      }
    }
    return List.of();
  }

  /**
   * With {@code rs_init_notifies}: {@code notify_up} of each real server of {@code model} that is
   * not in {@code known} (at start: none is; after a reload: the old model's) and starts in the
   * pool (alive at its starting verdict), as keepalived runs it when it adds the real server.
   */
  public static List<Run> initial(
      LvsModel model, java.util.Set<String> known, Predicate<String> alive) {
    List<Run> out = new ArrayList<>();
    if (!model.rsInitNotifies()) {
      return out;
    }
    for (VirtualService vs : model.virtualServers()) {
      for (Backend b : vs.backends()) {
        if (!known.contains(b.id()) && alive.test(b.id())) {
          out.addAll(rs(vs, b, true));
        }
      }
    }
    return out;
  }

  /** Every real server's identity in {@code model}. */
  public static java.util.Set<String> servers(LvsModel model) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (VirtualService vs : model.virtualServers()) {
      for (Backend b : vs.backends()) {
        out.add(b.id());
      }
    }
    return out;
  }

  /**
   * An alpha checker's first check failed: keepalived runs the real server's {@code notify_down}
   * (it is down, as alpha started it) once per such checker.
   */
  public static List<Run> firstCheckFailed(LvsModel model, String realServerId, boolean alive) {
    return alive ? List.of() : server(model, realServerId, true, false);
  }

  /**
   * After a pass: quorum changes between {@code before} (absent: the virtual server is new, at
   * start or from a reload) and {@code after}.
   */
  public static List<Run> quorum(
      LvsModel model, Map<String, Boolean> before, Map<String, Boolean> after) {
    List<Run> out = new ArrayList<>();
    for (VirtualService vs : model.virtualServers()) {
      Boolean was = before.get(vs.name());
      Boolean now = after.get(vs.name());
      if (now != null && quorumChanged(vs, was, now)) {
        out.addAll(vs(vs, now));
      }
    }
    return out;
  }

  /**
   * Whether {@code vs}'s quorum going from {@code was} (null: new, at start or from a reload) to
   * {@code now} is a change that runs its script (and mails its alert). keepalived 2.2.7 starts
   * every virtual server with its quorum down and logs "Gained quorum" at once: at start the change
   * is up for each one with its quorum, down only for one with a sorry server (captured in the lab
   * VM with keepalived -C).
   */
  static boolean quorumChanged(VirtualService vs, Boolean was, boolean now) {
    return was == null ? now || vs.sorry().isPresent() : was != now;
  }

  /**
   * A reload from {@code old} to {@code next}: {@code notify_down} for each real server that was
   * alive and is gone, then {@code quorum_down} for each virtual server that is gone while its
   * quorum was up. Real servers and virtual servers that stay run nothing here (their changes
   * arrive as transitions).
   */
  public static List<Run> reloaded(
      LvsModel old, LvsModel next, Predicate<String> alive, Map<String, Boolean> quorum) {
    java.util.Set<String> nextServers = servers(next);
    java.util.Set<String> nextVs = new java.util.HashSet<>();
    for (VirtualService vs : next.virtualServers()) {
      nextVs.add(vs.name());
    }
    List<Run> out = new ArrayList<>();
    for (VirtualService vs : old.virtualServers()) {
      for (Backend b : vs.backends()) {
        if (!nextServers.contains(b.id()) && alive.test(b.id())) {
          out.addAll(rs(vs, b, false));
        }
      }
      if (!nextVs.contains(vs.name()) && quorum.getOrDefault(vs.name(), false)) {
        out.addAll(vs(vs, false));
      }
    }
    return out;
  }

  /**
   * Shutdown: for each virtual server with {@code omega}, {@code notify_down} of each real server
   * still up, then {@code quorum_down} (keepalived runs it at shutdown whatever the quorum was).
   * Without {@code omega}, nothing.
   */
  public static List<Run> stopping(LvsModel model, Predicate<String> alive) {
    List<Run> out = new ArrayList<>();
    for (VirtualService vs : model.virtualServers()) {
      if (!vs.omega()) {
        continue;
      }
      for (Backend b : vs.backends()) {
        if (alive.test(b.id())) {
          out.addAll(rs(vs, b, false));
        }
      }
      out.addAll(vs(vs, false));
    }
    return out;
  }

  private static List<Run> rs(VirtualService vs, Backend b, boolean up) {
    return run("notify", up, b.id(), b.scripts(), LvsFifoLines.realServer(vs, b, up));
  }

  private static List<Run> vs(VirtualService vs, boolean up) {
    return run("quorum", up, vs.name(), vs.scripts(), LvsFifoLines.virtualServer(vs, up));
  }

  private static List<Run> run(
      String kind, boolean up, String what, LvsModel.Scripts scripts, String fifoLine) {
    Optional<Script> s = up ? scripts.up() : scripts.down();
    return List.of(
        new Run(
            kind + (up ? "_up" : "_down") + " for " + what,
            s.map(Script::argv).orElse(List.of()),
            s.flatMap(Script::user),
            fifoLine));
  }
}
