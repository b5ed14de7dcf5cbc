package io.vigil.healthcheck.core;

import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.CheckerRef;
import io.vigil.healthcheck.HealthEvent;
import io.vigil.healthcheck.HealthEvent.CheckFailed;
import io.vigil.healthcheck.HealthEvent.CheckerChanged;
import io.vigil.healthcheck.HealthEvent.RealServerChanged;
import io.vigil.healthcheck.spec.CheckerSpec;
import io.vigil.healthcheck.spec.RealServerSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * The pure core of the health checks: when each checker runs next, what each result means, and when
 * a real server's verdict changes. The engine feeds it results and the time; it answers with the
 * checks that are due and the events to deliver. No clock, no sockets, no logging.
 *
 * <ul>
 *   <li>Warmup: each checker's first check is at a random point in {@code [0, warmup]} after start
 *       (the random source is injected, so tests are deterministic), so thousands of checks do not
 *       fire together.
 *   <li>A checker is never due again while its check is in flight; its next check is scheduled from
 *       the time its result arrives ({@code delay_loop}, or {@code delay_before_retry} for a
 *       retry), as keepalived does.
 *   <li>A real server is alive only when all its checkers are up; its weight is the configured
 *       weight plus, for every dynamic checker, {@code requested - configured} (keepalived's {@code
 *       cur_weight}).
 *   <li>{@code omega}: at shutdown, alive real servers of an omega virtual server are reported
 *       down.
 *   <li>{@code ha_suspend} ({@link #suspendOnly}): a suspended checker runs no check. As
 *       keepalived's disabled checker, it keeps its timer: when it comes due it is put back one
 *       {@code delay_loop} later, so after a resume it checks at its next turn (at most one {@code
 *       delay_loop} away), with its state, its retries under way and its real server's verdict as
 *       they were. A check in flight when it is suspended finishes and counts. A FILE_CHECK or
 *       BFD_CHECK follows its file or session and is never suspended (keepalived's has no check to
 *       skip).
 * </ul>
 *
 * Deadlines are compared overflow-safe ({@code a - b < 0}).
 */
public final class HealthCore {
  private final Map<String, Server> servers = new LinkedHashMap<>();
  private final Map<CheckerRef, Slot> slots = new HashMap<>();
  private final PriorityQueue<Slot> queue =
      new PriorityQueue<>(
          (a, b) -> {
            long d = a.dueNs - b.dueNs;
            return d != 0 ? Long.signum(d) : Long.compare(a.seq, b.seq);
          });

  /** The most a check goes out before its time to join others ({@link #dueWithin}). */
  public static final long MAX_EARLY_NS = 100_000_000L;

  private long seq;
  private long ignoredResults;
  private long skippedWhileSuspended;

  /** Schedules every checker's first check, spread over its warmup from {@code nowNs}. */
  public HealthCore(List<RealServerSpec> specs, long nowNs, Random warmupRandom) {
    this(specs, null, nowNs, warmupRandom);
  }

  private HealthCore(
      List<RealServerSpec> specs, HealthCore previous, long nowNs, Random warmupRandom) {
    for (RealServerSpec spec : specs) {
      if (servers.containsKey(spec.id())) {
        throw new IllegalArgumentException("duplicate real server id " + spec.id());
      }
      Server s = new Server(spec);
      servers.put(spec.id(), s);
      for (int i = 0; i < spec.checkers().size(); i++) {
        CheckerSpec c = spec.checkers().get(i);
        CheckerRef ref = new CheckerRef(spec.id(), i);
        Slot old = previous == null ? null : previous.slots.get(ref);
        if (old != null && old.spec.equals(c)) {
          // same checker: keep its state, its retries and its place in time
          Slot slot = new Slot(ref, c, old.runner);
          slot.suspended = old.suspended;
          s.slots.add(slot);
          slots.put(ref, slot);
          if (old.inFlight) {
            slot.inFlight = true;
          } else if (old.queued) {
            enqueue(slot, old.dueNs, old.earlyNs);
          }
          continue;
        }
        Slot slot = new Slot(ref, c, new CheckerRunner(c.timing()));
        s.slots.add(slot);
        slots.put(ref, slot);
        long warmup = c.timing().warmupNs();
        long offset = warmup == 0 ? 0 : (long) (warmup * warmupRandom.nextDouble());
        enqueue(slot, nowNs + offset, early(c.timing().delayLoopNs()));
      }
      s.alive = s.computeAlive();
      s.weight = s.computeWeight();
    }
  }

  /** A reloaded core, and the verdicts the reload changed. */
  public record Reloaded(HealthCore core, List<RealServerChanged> events) {}

  /**
   * Reload by identity: a checker with the same real server id, the same position and an equal spec
   * keeps its state (up or down, retries under way, dynamic weight, suspended or not), its
   * in-flight check and its next due time; any other checker starts afresh (alpha, warmup, not
   * suspended: the caller applies {@link #suspendOnly} before the next {@link #due}). Events: the
   * initial verdict of each new real server, and a change for each kept real server whose verdict
   * the reload changed (a checker added or removed, another weight). Removed real servers get no
   * event.
   */
  public static Reloaded reload(
      HealthCore previous, List<RealServerSpec> specs, long nowNs, Random warmupRandom) {
    HealthCore next = new HealthCore(specs, previous, nowNs, warmupRandom);
    List<RealServerChanged> events = new ArrayList<>();
    for (Server s : next.servers.values()) {
      Server old = previous.servers.get(s.spec.id());
      if (old == null) {
        events.add(
            new RealServerChanged(
                s.spec.id(),
                s.alive,
                s.weight,
                s.alive ? "added" : "added, alpha: starts down",
                nowNs));
      } else if (old.alive != s.alive || old.weight != s.weight) {
        events.add(new RealServerChanged(s.spec.id(), s.alive, s.weight, "reload", nowNs));
      }
    }
    next.ignoredResults = previous.ignoredResults;
    next.skippedWhileSuspended = previous.skippedWhileSuspended;
    return new Reloaded(next, List.copyOf(events));
  }

  /** Whether this checker exists (a result may arrive for one a reload removed). */
  public boolean has(CheckerRef ref) {
    return slots.containsKey(ref);
  }

  /** The checker's spec (what the engine needs to run it). */
  public CheckerSpec spec(CheckerRef ref) {
    return slot(ref).spec;
  }

  /** Every checker, in configuration order. */
  public List<CheckerRef> checkers() {
    List<CheckerRef> out = new ArrayList<>();
    for (Server s : servers.values()) {
      for (Slot slot : s.slots) {
        out.add(slot.ref);
      }
    }
    return out;
  }

  /**
   * Each real server's verdict before any check ran: alive unless one of its checkers is in alpha
   * mode, at its configured weight.
   */
  public List<RealServerChanged> initialVerdicts(long nowNs) {
    List<RealServerChanged> out = new ArrayList<>();
    for (Server s : servers.values()) {
      out.add(
          new RealServerChanged(
              s.spec.id(),
              s.alive,
              s.weight,
              s.alive ? "initial state" : "alpha: starts down",
              nowNs));
    }
    return out;
  }

  /** When the next check is due, or {@link Long#MAX_VALUE} when nothing is scheduled. */
  public long nextDueNs() {
    Slot head = queue.peek();
    return head == null ? Long.MAX_VALUE : head.dueNs;
  }

  /** The checks due at {@code nowNs} (due time {@code <= nowNs}), now marked in flight. */
  public List<CheckerRef> due(long nowNs) {
    return due(nowNs, false);
  }

  /**
   * As {@link #due}, and with them every check due soon enough that it may go out now: within 1/50
   * of the delay that scheduled it, at most {@link #MAX_EARLY_NS} early. Checks due close together
   * (thousands of real servers, spread by their warmup) then go out in one wake-up of the engine
   * rather than one each; a check is never more than that early, so {@code delay_loop} holds to
   * within 2%, and the first of them is on time.
   */
  public List<CheckerRef> dueWithin(long nowNs) {
    return due(nowNs, true);
  }

  private List<CheckerRef> due(long nowNs, boolean early) {
    List<CheckerRef> out = new ArrayList<>();
    List<Slot> skipped = new ArrayList<>();
    while (!queue.isEmpty() && queue.peek().dueNs - nowNs <= (early ? queue.peek().earlyNs : 0)) {
      Slot slot = queue.poll();
      slot.queued = false;
      if (slot.suspended) {
        skipped.add(slot);
        continue;
      }
      slot.inFlight = true;
      out.add(slot.ref);
    }
    for (Slot slot : skipped) {
      skippedWhileSuspended++;
      long delay = slot.spec.timing().delayLoopNs();
      enqueue(slot, nowNs + delay, early(delay));
    }
    return out;
  }

  /**
   * Suspends the checkers of exactly these real servers and resumes every other one (the set is the
   * whole truth, so applying it again changes nothing). Returns one event per checker that changed,
   * in configuration order. Nothing else changes: no verdict, no schedule.
   */
  public List<HealthEvent.CheckerSuspended> suspendOnly(Set<String> realServerIds, long nowNs) {
    List<HealthEvent.CheckerSuspended> out = new ArrayList<>();
    for (Server s : servers.values()) {
      boolean want = realServerIds.contains(s.spec.id());
      for (Slot slot : s.slots) {
        boolean next = want && !slot.spec.kind().followsChanges();
        if (slot.suspended != next) {
          slot.suspended = next;
          out.add(new HealthEvent.CheckerSuspended(slot.ref, slot.spec.kind(), next, nowNs));
        }
      }
    }
    return out;
  }

  /**
   * The checkers {@code which} selects are due at {@code nowNs} (what they follow changed: a BFD
   * session went up or down). A checker in flight or suspended is left as it is. Returns how many
   * were moved.
   */
  public int dueNow(java.util.function.Predicate<CheckerSpec> which, long nowNs) {
    int moved = 0;
    for (Slot slot : slots.values()) {
      if (slot.queued && !slot.suspended && which.test(slot.spec) && slot.dueNs - nowNs > 0) {
        queue.remove(slot);
        enqueue(slot, nowNs, 0);
        moved++;
      }
    }
    return moved;
  }

  /** Whether this checker is suspended now ({@link #suspendOnly}). */
  public boolean suspended(CheckerRef ref) {
    return slot(ref).suspended;
  }

  /** Times a suspended checker came due and was put back without a check. */
  public long skippedWhileSuspended() {
    return skippedWhileSuspended;
  }

  /**
   * A check finished. Schedules the next one and returns the events, in this order: a failure that
   * changed nothing (retry, or log_all_failures), the checker's change, the real server's change. A
   * result for a checker that is not in flight is ignored (counted).
   */
  public List<HealthEvent> onResult(CheckerRef ref, CheckResult result, long nowNs) {
    Slot slot = slot(ref);
    if (!slot.inFlight) {
      ignoredResults++;
      return List.of();
    }
    slot.inFlight = false;
    Server server = servers.get(ref.realServerId());
    boolean wasUp = slot.runner.up();
    CheckerRunner.Step step = slot.runner.onResult(result);
    enqueue(slot, nowNs + step.nextDelayNs(), early(step.nextDelayNs()));
    List<HealthEvent> events = new ArrayList<>(3);
    switch (step.change()) {
      case RETRYING ->
          events.add(
              new CheckFailed(
                  ref,
                  slot.spec.kind(),
                  step.reason(),
                  slot.runner.retryIt(),
                  slot.runner.timing.retry(),
                  nowNs));
      case WENT_UP, WENT_DOWN ->
          events.add(new CheckerChanged(ref, slot.spec.kind(), !wasUp, step.reason(), nowNs));
      case NONE -> {
        if (!result.up() && slot.runner.timing.logAllFailures()) {
          events.add(new CheckFailed(ref, slot.spec.kind(), step.reason(), 0, 0, nowNs));
        }
      }
      case CONFIRMED -> {
        if (!result.up()) { // alpha: the first check failed, the checker stays down
          events.add(new HealthEvent.FirstCheckFailed(ref, slot.spec.kind(), step.reason(), nowNs));
        }
      }
    }
    boolean alive = server.computeAlive();
    int weight = server.computeWeight();
    if (alive != server.alive || weight != server.weight) {
      String reason =
          alive == server.alive
              ? "weight " + server.weight + " -> " + weight + ": " + step.reason()
              : slot.spec.kind() + " " + step.reason();
      server.alive = alive;
      server.weight = weight;
      events.add(new RealServerChanged(ref.realServerId(), alive, weight, reason, nowNs));
    }
    return events;
  }

  /**
   * Shutdown: no more checks. With {@code omega}, each alive real server is reported down (so the
   * director runs its down notifiers); without, nothing is reported.
   */
  public List<HealthEvent> shutdown(long nowNs) {
    queue.clear();
    List<HealthEvent> out = new ArrayList<>();
    for (Server s : servers.values()) {
      for (Slot slot : s.slots) {
        slot.queued = false;
        slot.inFlight = false;
      }
      if (s.spec.omega() && s.alive) {
        s.alive = false;
        out.add(new RealServerChanged(s.spec.id(), false, s.weight, "shutdown (omega)", nowNs));
      }
    }
    return out;
  }

  /** Whether this real server is alive now. */
  public boolean alive(String realServerId) {
    return server(realServerId).alive;
  }

  /** This real server's effective weight now. */
  public int weight(String realServerId) {
    return server(realServerId).weight;
  }

  /** Whether this checker is up now. */
  public boolean checkerUp(CheckerRef ref) {
    return slot(ref).runner.up();
  }

  /** Whether every checker has reported at least once (keepalived's has_run). */
  public boolean allHaveRun() {
    for (Slot s : slots.values()) {
      if (!s.runner.hasRun()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether every checker has a verdict that is not waiting on a retry: what {@code vigil checks
   * --once} waits for (each checker ran once, with its retries).
   */
  public boolean settled() {
    for (Slot s : slots.values()) {
      if (!s.runner.hasRun() || s.runner.retryIt() > 0) {
        return false;
      }
    }
    return true;
  }

  /** Results that arrived for a checker not in flight (a bug in the caller, counted). */
  public long ignoredResults() {
    return ignoredResults;
  }

  /**
   * How early a check scheduled {@code delayNs} ahead may go out with others ({@link #dueWithin}):
   * 1/50 of the delay, at most {@link #MAX_EARLY_NS}.
   */
  static long early(long delayNs) {
    return Math.min(Math.max(0, delayNs / 50), MAX_EARLY_NS);
  }

  private void enqueue(Slot slot, long dueNs, long earlyNs) {
    slot.dueNs = dueNs;
    slot.earlyNs = earlyNs;
    slot.seq = seq++;
    slot.queued = true;
    queue.add(slot);
  }

  private Slot slot(CheckerRef ref) {
    Slot s = slots.get(ref);
    if (s == null) {
      throw new IllegalArgumentException("unknown checker " + ref);
    }
    return s;
  }

  private Server server(String id) {
    Server s = servers.get(id);
    if (s == null) {
      throw new IllegalArgumentException("unknown real server " + id);
    }
    return s;
  }

  private static final class Slot {
    final CheckerRef ref;
    final CheckerSpec spec;
    final CheckerRunner runner;
    long dueNs;
    long earlyNs; // it may go out this much before dueNs, with others (dueWithin)
    long seq;
    boolean queued;
    boolean inFlight;
    boolean suspended;

    Slot(CheckerRef ref, CheckerSpec spec, CheckerRunner runner) {
      this.ref = ref;
      this.spec = spec;
      this.runner = runner;
    }
  }

  private static final class Server {
    final RealServerSpec spec;
    final List<Slot> slots = new ArrayList<>();
    boolean alive;
    int weight;

    Server(RealServerSpec spec) {
      this.spec = spec;
    }

    boolean computeAlive() {
      for (Slot s : slots) {
        if (!s.runner.up()) {
          return false;
        }
      }
      return true;
    }

    int computeWeight() {
      long w = spec.weight();
      for (Slot s : slots) {
        if (s.runner.hasRequestedWeight()) {
          w += s.runner.requestedWeight() - (long) spec.weight();
        }
        w += s.runner.adjustment();
      }
      return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, w));
    }
  }
}
