package io.vigil.director.lvs;

import io.vigil.director.reconcile.IpvsKernel;
import io.vigil.director.reconcile.IpvsReconciler;
import io.vigil.director.reconcile.TablePlan;
import io.vigil.healthcheck.HealthEvent;
import io.vigil.healthcheck.net.HealthEngine;
import io.vigil.healthcheck.spec.CheckerSpec;
import io.vigil.healthcheck.spec.RealServerSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IPVS half of the daemon: health checks feed verdicts, one thread (the "lvs" conductor) turns
 * the model and the verdicts into the desired table and reconciles the kernel to it, at once after
 * a verdict changes and every {@code reconcileIntervalMs} to repair drift. Everything that touches
 * the verdicts, the quorum memory or the kernel runs on that thread.
 */
public final class LvsRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LvsRuntime.class);

  /** Runtime settings. */
  public record Options(long reconcileIntervalMs, boolean removeForeign) {
    public static Options defaults() {
      return new Options(5_000, false);
    }
  }

  /** A verdict as the desired table reads it. */
  record Verdict(boolean alive, int weight) {}

  private final IpvsReconciler reconciler;
  private final Options options;
  private final ScheduledExecutorService conductor;
  private final Map<String, Verdict> verdicts = new ConcurrentHashMap<>();
  private final AtomicBoolean reconcilePending = new AtomicBoolean();
  private volatile LvsModel model;
  private volatile Map<String, Boolean> quorum = Map.of();
  private volatile IpvsReconciler.Outcome lastOutcome;
  private HealthEngine engine;
  private ScheduledFuture<?> periodic;

  public LvsRuntime(LvsModel model, IpvsKernel kernel, Options options) {
    this.model = model;
    this.options = options;
    this.reconciler = new IpvsReconciler(kernel, options.removeForeign());
    this.conductor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vigil-lvs");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Programs the kernel once with every real server at its starting verdict (alive, unless a
   * checker is in alpha mode), then starts the checks and the drift repair. Returns the first
   * pass's outcome.
   */
  public IpvsReconciler.Outcome start(List<RealServerSpec> checks, HealthEngine.Options health) {
    seedVerdicts(checks);
    IpvsReconciler.Outcome first = call(this::reconcileNow);
    engine = new HealthEngine(checks, this::onHealth, health);
    engine.start();
    periodic =
        conductor.scheduleWithFixedDelay(
            this::reconcileNow,
            options.reconcileIntervalMs(),
            options.reconcileIntervalMs(),
            TimeUnit.MILLISECONDS);
    return first;
  }

  private void seedVerdicts(List<RealServerSpec> checks) {
    for (RealServerSpec s : checks) {
      boolean alpha = false;
      for (CheckerSpec c : s.checkers()) {
        alpha |= c.timing().alpha();
      }
      verdicts.putIfAbsent(s.id(), new Verdict(!alpha, s.weight()));
    }
  }

  private void onHealth(HealthEvent e) {
    if (e instanceof HealthEvent.RealServerChanged c) {
      Verdict v = new Verdict(c.alive(), c.weight());
      if (!v.equals(verdicts.put(c.realServerId(), v))) {
        log.info(
            "real server {} is {}{}: {}",
            c.realServerId(),
            c.alive() ? "up" : "down",
            c.alive() ? " (weight " + c.weight() + ")" : "",
            c.reason());
        requestReconcile();
      }
    } else if (e instanceof HealthEvent.CheckFailed f) {
      log.debug("check {} failed ({}/{}): {}", f.checker(), f.retryIt(), f.retry(), f.reason());
    }
  }

  /** Asks for a pass soon; many requests before it runs make one pass. */
  public void requestReconcile() {
    if (reconcilePending.compareAndSet(false, true)) {
      conductor.execute(
          () -> {
            reconcilePending.set(false);
            reconcileNow();
          });
    }
  }

  private IpvsReconciler.Outcome reconcileNow() {
    try {
      DesiredTable.Result want =
          DesiredTable.compute(
              model,
              new DesiredTable.Health() {
                @Override
                public boolean alive(String id) {
                  Verdict v = verdicts.get(id);
                  return v == null || v.alive();
                }

                @Override
                public int weight(String id, int configured) {
                  Verdict v = verdicts.get(id);
                  return v == null ? configured : v.weight();
                }
              },
              quorum);
      quorum = want.quorumUp();
      for (DesiredTable.QuorumChange q : want.changes()) {
        log.warn(
            "virtual server {} {} its quorum", q.virtualServer(), q.up() ? "regained" : "lost");
      }
      IpvsReconciler.Outcome o = reconciler.reconcile(want.table());
      report(o);
      lastOutcome = o;
      return o;
    } catch (RuntimeException e) {
      log.error("IPVS reconcile failed: {}", e.getMessage());
      return null;
    }
  }

  private static void report(IpvsReconciler.Outcome o) {
    for (TablePlan.Op<?, ?, ?, ?> op : o.applied()) {
      log.info("ipvs: {}", describe(op));
    }
    for (IpvsReconciler.Failure f : o.failures()) {
      log.warn("ipvs: {} refused: {}", describe(f.op()), f.error().getMessage());
    }
  }

  static String describe(TablePlan.Op<?, ?, ?, ?> op) {
    if (op instanceof TablePlan.AddService<?, ?, ?, ?> a) {
      return "added service " + a.service();
    } else if (op instanceof TablePlan.EditService<?, ?, ?, ?> e) {
      return "edited service " + e.service();
    } else if (op instanceof TablePlan.DeleteService<?, ?, ?, ?> d) {
      return "deleted service " + d.service();
    } else if (op instanceof TablePlan.AddDestination<?, ?, ?, ?> a) {
      return "added " + a.destination() + " to " + a.service();
    } else if (op instanceof TablePlan.EditDestination<?, ?, ?, ?> e) {
      return "edited " + e.destination() + " of " + e.service();
    } else if (op instanceof TablePlan.DeleteDestination<?, ?, ?, ?> d) {
      return "removed " + d.destination() + " from " + d.service();
    }
    return op.toString();
  }

  /** The outcome of the latest pass (null before the first). */
  public IpvsReconciler.Outcome lastOutcome() {
    return lastOutcome;
  }

  /** Quorum state per virtual server. */
  public Map<String, Boolean> quorum() {
    return quorum;
  }

  /** The current verdict of a real server, or null. */
  public Boolean alive(String realServerId) {
    Verdict v = verdicts.get(realServerId);
    return v == null ? null : v.alive();
  }

  /**
   * Stops the checks and the drift repair; with {@code removeEntries}, deletes every IPVS service
   * this runtime created or adopted (keepalived's default on stop).
   */
  public void stop(boolean removeEntries) {
    if (periodic != null) {
      periodic.cancel(false);
    }
    if (engine != null) {
      engine.close();
    }
    if (removeEntries) {
      call(
          () -> {
            IpvsReconciler.Outcome o = reconciler.reconcile(Map.of());
            report(o);
            return o;
          });
    }
    conductor.shutdown();
  }

  private <T> T call(java.util.concurrent.Callable<T> task) {
    try {
      return conductor.submit(task).get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the IPVS conductor did not answer within 60 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    stop(false);
  }
}
