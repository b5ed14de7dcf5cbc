package io.vigil.director.vrrp;

import io.vigil.config.model.Vrrp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code vrrp_track_process} as keepalived 2.2.7 decides it (core/track_process.c), pure: what each
 * process looks like comes in ({@link #seen}, {@link #gone}, {@link #resync}) with the time, and
 * the tracked processes whose status changed come out. A tracked process is up while {@code quorum}
 * to {@code quorum_max} matching processes run; a change waits {@code fork_delay} (up) or {@code
 * terminate_delay} (down) and is dropped if it turns back before then ({@link #due}). The statuses
 * after the first {@link #resync} are published at once.
 */
final class TrackedProcesses {
  /** A process as /proc shows it: its name ({@code comm}) and command line. */
  record Info(String comm, List<String> argv) {}

  /** A tracked process's status changed. */
  record Change(String name, boolean up) {}

  private final List<Vrrp.TrackProcessDef> defs;
  private final boolean needsCommandLine;
  private final Map<String, Set<Integer>> members = new LinkedHashMap<>();
  private final Map<Integer, Set<String>> ofPid = new HashMap<>();
  private final Map<String, Boolean> published = new LinkedHashMap<>();
  private final Map<String, Long> pending = new HashMap<>(); // name -> deadline
  private boolean started;

  TrackedProcesses(List<Vrrp.TrackProcessDef> defs) {
    this.defs = List.copyOf(defs);
    this.needsCommandLine = defs.stream().anyMatch(Vrrp.TrackProcessDef::fullCommand);
    for (Vrrp.TrackProcessDef d : defs) {
      members.put(d.name(), new HashSet<>());
    }
  }

  /** Whether any tracked process needs the command line ({@code full_command}). */
  boolean needsCommandLine() {
    return needsCommandLine;
  }

  /** The status of {@code name} now, once known. */
  Optional<Boolean> status(String name) {
    return Optional.ofNullable(published.get(name));
  }

  /** keepalived's match: the name exactly, or the command line and its parameters. */
  static boolean matches(Vrrp.TrackProcessDef d, Info p) {
    if (!d.fullCommand()) {
      return d.process().equals(p.comm());
    }
    List<String> argv = p.argv();
    if (argv.isEmpty() || !argv.get(0).equals(d.process())) {
      return false;
    }
    List<String> have = argv.subList(1, argv.size());
    List<String> want = d.params();
    return switch (d.paramMatch()) {
      case NONE -> true;
      case EXACT -> have.equals(want);
      case PARTIAL -> have.size() >= want.size() && have.subList(0, want.size()).equals(want);
      case INITIAL -> {
        if (want.isEmpty()) {
          yield true;
        }
        int last = want.size() - 1;
        yield have.size() >= want.size()
            && have.subList(0, last).equals(want.subList(0, last))
            && have.get(last).startsWith(want.get(last));
      }
    };
  }

  /** Process {@code pid} looks like {@code p} now (new, exec'd, renamed or forked). */
  List<Change> seen(int pid, Info p, long nowNs) {
    return evaluate(update(pid, p), nowNs);
  }

  /** Process {@code pid} ended. */
  List<Change> gone(int pid, long nowNs) {
    return evaluate(update(pid, null), nowNs);
  }

  /** Counts {@code pid} as it looks now ({@code p} null: gone); the names whose count moved. */
  private Set<String> update(int pid, Info p) {
    Set<String> now = new HashSet<>();
    if (p != null) {
      for (Vrrp.TrackProcessDef d : defs) {
        if (matches(d, p)) {
          now.add(d.name());
        }
      }
    }
    Set<String> before = ofPid.getOrDefault(pid, Set.of());
    if (now.equals(before)) {
      return Set.of();
    }
    Set<String> touched = new HashSet<>(before);
    touched.addAll(now);
    for (String n : before) {
      members.get(n).remove(pid);
    }
    for (String n : now) {
      members.get(n).add(pid);
    }
    if (now.isEmpty()) {
      ofPid.remove(pid);
    } else {
      ofPid.put(pid, now);
    }
    return touched;
  }

  /**
   * Every process running now (a read of /proc: at start, after lost events, or each poll where
   * events cannot be had). The first one publishes every status at once.
   */
  List<Change> resync(Map<Integer, Info> running, long nowNs) {
    Set<String> touched = new HashSet<>();
    for (Integer pid : new ArrayList<>(ofPid.keySet())) {
      if (!running.containsKey(pid)) {
        touched.addAll(update(pid, null));
      }
    }
    for (Map.Entry<Integer, Info> e : running.entrySet()) {
      touched.addAll(update(e.getKey(), e.getValue()));
    }
    if (started) {
      return evaluate(touched, nowNs); // once, on the counts as they are now
    }
    started = true;
    List<Change> out = new ArrayList<>();
    for (Vrrp.TrackProcessDef d : defs) {
      boolean up = ok(d);
      published.put(d.name(), up);
      out.add(new Change(d.name(), up));
    }
    return out;
  }

  /** The delayed changes whose time has come. */
  List<Change> due(long nowNs) {
    List<Change> out = new ArrayList<>();
    for (Vrrp.TrackProcessDef d : defs) {
      Long at = pending.get(d.name());
      if (at != null && nowNs - at >= 0) {
        pending.remove(d.name());
        boolean up = ok(d);
        if (!Boolean.valueOf(up).equals(published.get(d.name()))) {
          published.put(d.name(), up);
          out.add(new Change(d.name(), up));
        }
      }
    }
    return out;
  }

  /** When {@link #due} has something to do next, if ever. */
  OptionalLong nextDeadlineNs() {
    return pending.values().stream().mapToLong(Long::longValue).min();
  }

  /** How many matching processes run now (tests, status). */
  int count(String name) {
    return members.get(name).size();
  }

  private boolean ok(Vrrp.TrackProcessDef d) {
    int n = members.get(d.name()).size();
    return n >= d.quorum() && n <= d.quorumMax();
  }

  private List<Change> evaluate(Set<String> names, long nowNs) {
    if (!started) {
      return List.of();
    }
    List<Change> out = new ArrayList<>();
    for (Vrrp.TrackProcessDef d : defs) {
      if (!names.contains(d.name())) {
        continue;
      }
      boolean up = ok(d);
      boolean was = published.getOrDefault(d.name(), !up);
      if (up == was) {
        pending.remove(d.name()); // turned back within its delay
        continue;
      }
      long delayUs = up ? d.forkDelayUs() : d.terminateDelayUs();
      if (delayUs > 0) {
        pending.putIfAbsent(d.name(), nowNs + delayUs * 1_000);
      } else {
        pending.remove(d.name());
        published.put(d.name(), up);
        out.add(new Change(d.name(), up));
      }
    }
    return out;
  }
}
