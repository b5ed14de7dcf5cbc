package io.vigil.director.lifecycle;

import io.vigil.config.model.ProcessScheduling;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code max_auto_priority} for a thread that runs an executor's tasks (a health checks' event
 * loop, the IPVS updates): a task that the executor runs every half {@code min_auto_priority_delay}
 * (10 ms to 1 s) measures how late it came, and one later than the delay raises the thread ({@link
 * AutoPriority}), as keepalived's event loop measures its own timers. Started on that thread;
 * nothing is scheduled when {@code max_auto_priority} is off, and the probe stops once the thread
 * is at its maximum.
 */
public final class LateProbe implements Runnable {
  private static final long MIN_PERIOD_NS = 10_000_000L;
  private static final long MAX_PERIOD_NS = 1_000_000_000L;

  private final ScheduledExecutorService executor;
  private final AutoPriority auto;
  private final long periodNs;
  private long dueNs;

  private LateProbe(ScheduledExecutorService executor, AutoPriority auto) {
    this.executor = executor;
    this.auto = auto;
    this.periodNs = periodNs(auto.afterNs());
  }

  /** On {@code executor}'s thread: probes it when {@code s} has an automatic priority above its. */
  public static void start(ScheduledExecutorService executor, ProcessScheduling s, String side) {
    AutoPriority auto = new AutoPriority(s, side);
    if (auto.enabled()) {
      new LateProbe(executor, auto).next(System.nanoTime());
    }
  }

  /** How often the probe runs for a {@code min_auto_priority_delay} of {@code afterNs}. */
  static long periodNs(long afterNs) {
    return Math.max(MIN_PERIOD_NS, Math.min(MAX_PERIOD_NS, afterNs / 2));
  }

  @Override
  public void run() {
    long now = System.nanoTime();
    long lateNs = now - dueNs;
    if (lateNs > auto.afterNs()) {
      auto.late(lateNs);
    }
    if (auto.enabled()) {
      next(now);
    }
  }

  private void next(long now) {
    dueNs = now + periodNs;
    try {
      executor.schedule(this, periodNs, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException shutDown) {
      // the executor is closing: nothing left to raise
    }
  }
}
