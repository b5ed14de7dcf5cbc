package io.vigil.director.lvs;

import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.CheckerRef;
import io.vigil.healthcheck.HealthEvent;
import io.vigil.healthcheck.HealthListener;
import io.vigil.healthcheck.core.HealthCore;
import io.vigil.healthcheck.spec.RealServerSpec;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * The pure {@link HealthCore} as a {@link LvsRuntime.HealthSource}, on a hand-moved clock: a test
 * decides each check's result and every event reaches the runtime at once, on the test's thread.
 * The reload is the core's own reload by identity, so the runtime is tested with the real rules.
 */
final class CoreHealthDriver implements LvsRuntime.HealthSource {
  private final HealthListener listener;
  private HealthCore core;
  private long nowNs = 1_000_000_000L;
  private long checksDone;

  CoreHealthDriver(List<RealServerSpec> servers, HealthListener listener) {
    this.listener = listener;
    this.core = new HealthCore(servers, nowNs, new Random(7));
  }

  @Override
  public void start(Set<String> suspended) {
    core.suspendOnly(suspended, nowNs);
    deliver(core.initialVerdicts(nowNs));
  }

  @Override
  public void reload(List<RealServerSpec> servers, Set<String> suspended) {
    HealthCore.Reloaded r = HealthCore.reload(core, servers, nowNs, new Random(7));
    core = r.core();
    deliver(r.events());
    deliver(core.suspendOnly(suspended, nowNs));
  }

  @Override
  public void suspendOnly(Set<String> realServerIds) {
    deliver(core.suspendOnly(realServerIds, nowNs));
  }

  @Override
  public void checkNow(java.util.function.Predicate<io.vigil.healthcheck.spec.CheckerSpec> which) {
    core.dueNow(which, nowNs);
  }

  /** The checks due now, on the driver's clock (marked in flight: answer them or not). */
  List<CheckerRef> dueNow() {
    return core.due(nowNs);
  }

  /** Whether this checker is suspended now. */
  boolean suspended(CheckerRef ref) {
    return core.suspended(ref);
  }

  /** The time on the driver's clock. */
  long nowNs() {
    return nowNs;
  }

  @Override
  public long checksDone() {
    return checksDone;
  }

  @Override
  public void close() {
    deliver(core.shutdown(nowNs));
  }

  /** Moves the clock to the next due check and answers every check due then with {@code result}. */
  void runDueChecks(Function<CheckerRef, CheckResult> result) {
    nowNs = Math.max(nowNs, core.nextDueNs());
    for (CheckerRef ref : core.due(nowNs)) {
      checksDone++;
      answer(ref, result.apply(ref));
    }
  }

  /** Runs checks, clock moving, until every checker has been answered at least once. */
  void runEveryCheck(Function<CheckerRef, CheckResult> result) {
    java.util.Set<CheckerRef> seen = new java.util.HashSet<>();
    for (int i = 0; i < 1000 && !seen.containsAll(core.checkers()); i++) {
      nowNs = Math.max(nowNs, core.nextDueNs());
      for (CheckerRef ref : core.due(nowNs)) {
        seen.add(ref);
        checksDone++;
        answer(ref, result.apply(ref));
      }
    }
    if (!seen.containsAll(core.checkers())) {
      throw new AssertionError("checkers never came due: " + core.checkers());
    }
  }

  /** As the engine: the result to the listener, then the events it causes. */
  private void answer(CheckerRef ref, CheckResult r) {
    listener.onCheck(ref, core.spec(ref).kind(), r, nowNs);
    deliver(core.onResult(ref, r, nowNs));
  }

  private void deliver(List<? extends HealthEvent> events) {
    for (HealthEvent e : events) {
      listener.onEvent(e);
    }
  }
}
