package io.vigil.director.syncd;

import io.vigil.netlink.ipvs.SyncDaemon;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code lvs_sync_daemon}: keeps the kernel's IPVS sync daemons as {@link SyncDaemonPolicy}
 * decides from the followed VRRP instance's state. VRRP state changes are handed to one thread of
 * its own (the VRRP thread never waits on netlink), which also checks the kernel every interval and
 * puts back a daemon stopped behind its back. Stopping it stops the daemons.
 */
public final class LvsSyncDaemons implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LvsSyncDaemons.class);

  private final Supplier<SyncDaemonKernel> kernels;
  private SyncDaemonKernel kernel;
  private SyncDaemonSpec spec;
  private String state;
  private boolean restart;
  private boolean stopping;
  private boolean idle;
  private String lastError;
  private volatile ScheduledExecutorService thread;

  public LvsSyncDaemons(SyncDaemonSpec spec, Supplier<SyncDaemonKernel> kernels) {
    this.spec = Objects.requireNonNull(spec);
    this.kernels = kernels;
  }

  /**
   * Reconciles now, on the caller's thread, then every {@code intervalMs} on its own; does nothing
   * once started.
   */
  public synchronized void start(long intervalMs) {
    if (thread != null) {
      return;
    }
    reconcile();
    thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "lvs-sync-daemon");
              t.setDaemon(true);
              return t;
            });
    thread.scheduleWithFixedDelay(this::reconcile, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
  }

  /**
   * A VRRP instance changed state (MASTER, BACKUP, FAULT, STOP): acted on when it is the followed
   * one. Never blocks: the kernel is told from the driver's own thread (at once, when not started).
   */
  public void follow(String instance, String newState) {
    synchronized (this) {
      if (spec == null || !spec.instance().map(instance::equals).orElse(false)) {
        return;
      }
      state = newState;
    }
    ScheduledExecutorService t = thread;
    if (t == null) {
      reconcile();
      return;
    }
    try {
      t.execute(this::reconcile);
    } catch (RejectedExecutionException e) {
      // stopping
    }
  }

  /**
   * A reload: the daemons restart when their parameters changed (keepalived's rule), stop when
   * lvs_sync_daemon was removed, and are left alone when nothing changed.
   */
  public void update(Optional<SyncDaemonSpec> next) {
    synchronized (this) {
      SyncDaemonSpec n = next.orElse(null);
      if (Objects.equals(spec, n)) {
        return;
      }
      if (n != null && spec != null && !n.instance().equals(spec.instance())) {
        state = null; // the new instance reports its state when it next changes
      }
      restart = n != null;
      idle = false;
      spec = n;
    }
    reconcile();
  }

  /** One pass: what the kernel runs against what the policy wants; returns the requests sent. */
  public synchronized List<SyncDaemonPolicy.Op> reconcile() {
    if (idle) {
      return List.of();
    }
    try {
      if (kernel == null) {
        kernel = kernels.get();
      }
      List<SyncDaemon> wanted =
          spec == null
              ? List.of()
              : spec.daemons(SyncDaemonPolicy.wanted(spec.instance().isPresent(), state, stopping));
      List<SyncDaemonPolicy.Op> ops = SyncDaemonPolicy.plan(wanted, kernel.daemons(), restart);
      for (SyncDaemonPolicy.Op op : ops) {
        send(op);
      }
      restart = false;
      idle = spec == null || stopping;
      if (lastError != null) {
        log.info("lvs_sync_daemon: the kernel answers again");
        lastError = null;
      }
      return ops;
    } catch (RuntimeException e) {
      String msg = String.valueOf(e.getMessage());
      if (!msg.equals(lastError)) {
        log.warn("lvs_sync_daemon {}: {} (retrying)", spec == null ? "" : spec, msg);
        lastError = msg;
      }
      return List.of();
    }
  }

  private void send(SyncDaemonPolicy.Op op) {
    if (op instanceof SyncDaemonPolicy.Op.Stop s) {
      kernel.stop(s.role());
      log.info("lvs_sync_daemon: {} stopped", s.role().name().toLowerCase());
    } else if (op instanceof SyncDaemonPolicy.Op.Start s) {
      kernel.start(s.daemon());
      log.info(
          "lvs_sync_daemon: {} started on {} (syncid {})",
          s.daemon().role().name().toLowerCase(),
          s.daemon().interfaceName(),
          s.daemon().syncId());
    }
  }

  /** The followed instance's last state, if it reported one. */
  public synchronized Optional<String> followedState() {
    return Optional.ofNullable(state);
  }

  /** Stops the daemons and the driver's thread. */
  @Override
  public void close() {
    ScheduledExecutorService t = thread;
    if (t != null) {
      t.shutdown();
      try {
        t.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      stopping = true;
      idle = false;
    }
    reconcile();
    synchronized (this) {
      if (kernel != null) {
        kernel.close();
        kernel = null;
      }
    }
  }
}
