package io.vigil.director.vrrp;

import io.vigil.config.model.Script;
import io.vigil.config.model.Vrrp;
import io.vigil.kernel.process.ScriptRunner;
import io.vigil.vrrp.fsm.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the notify scripts of instances and sync groups off the VRRP threads, one at a time in the
 * order of the transitions, each in its own process group with a {@link #TIMEOUT_NS} timeout that
 * kills the whole group ({@link ScriptRunner}), as {@code script_user}. The IPVS side runs its
 * {@code notify_up|down} and {@code quorum_up|down} through another one ({@link #run}).
 */
public final class VrrpNotifier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VrrpNotifier.class);
  static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "vrrp-notify");
            t.setDaemon(true);
            return t;
          });
  private final ScriptRunner runner = new ScriptRunner(1, timers);
  private volatile ScriptUsers users = new ScriptUsers(false, Optional.empty());
  private int outstanding;
  private boolean closed;

  /** The runner notify scripts run on (one at a time). */
  public ScriptRunner runner() {
    return runner;
  }

  /**
   * Who notify scripts run as from now on: a script's own user words, else the default ({@link
   * ScriptUsers#forScript}).
   */
  public void users(ScriptUsers u) {
    this.users = u;
  }

  /**
   * Runs the scripts for one transition: the state's own ({@code notify_master} …, no arguments)
   * and then {@code notify} with keepalived's {@code INSTANCE|GROUP NAME STATE PRIORITY}.
   */
  void notify(Vrrp.Notify n, Action.RunNotify a) {
    Optional<Script> specific =
        switch (a.state()) {
          case "MASTER" -> n.master();
          case "BACKUP" -> n.backup();
          case "FAULT" -> n.fault();
          case "STOP" -> n.stop();
          default -> Optional.empty();
        };
    specific.ifPresent(s -> submit(s.argv(), s.user()));
    generic(n, a);
  }

  /** {@code notify} with keepalived's arguments. */
  private void generic(Vrrp.Notify n, Action.RunNotify a) {
    n.any()
        .ifPresent(
            s -> {
              List<String> argv = new ArrayList<>(s.argv());
              argv.addAll(List.of(a.kind(), a.name(), a.state(), Integer.toString(a.priority())));
              submit(argv, s.user());
            });
  }

  /**
   * An instance a reload deleted, notified as {@code a}'s state (FAULT or DELETED): its {@code
   * notify_deleted} script, if any (not {@code notify_fault} or {@code notify_stop}), then {@code
   * notify} with that state, as keepalived 2.2.7 does.
   */
  void deleted(Vrrp.Notify n, Action.RunNotify a) {
    n.deleted().ifPresent(s -> submit(s.argv(), s.user()));
    generic(n, a);
  }

  /**
   * Runs one script as it is (no arguments added), as {@code ownUser} (the script's own user words,
   * if any), after those already asked for.
   */
  public void run(List<String> argv, Optional<String> ownUser) {
    submit(argv, ownUser);
  }

  /**
   * Runs one script to its end and waits for it ({@code startup_script}, {@code shutdown_script}):
   * after the scripts already asked for, as {@code ownUser} else as notify scripts run, its process
   * group killed after {@code timeoutNs}. Returns how it ended.
   */
  public ScriptRunner.Outcome runAndWait(
      List<String> argv, Optional<String> ownUser, long timeoutNs) throws InterruptedException {
    java.util.concurrent.CompletableFuture<ScriptRunner.Outcome> ended =
        new java.util.concurrent.CompletableFuture<>();
    runner.run(argv, users.forScript(ownUser), timeoutNs, ended::complete);
    try {
      // its own timeout, the grace before SIGKILL, and the notify scripts it may wait behind
      return ended.get(timeoutNs + ScriptRunner.KILL_GRACE_NS + TIMEOUT_NS, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return new ScriptRunner.Outcome.NotStarted("no outcome: " + e);
    }
  }

  private void submit(List<String> argv, Optional<String> ownUser) {
    Optional<String> user = users.forScript(ownUser);
    synchronized (this) {
      if (closed) {
        log.warn("notify {} not run: shutting down", argv);
        return;
      }
      outstanding++;
    }
    runner.run(argv, user, TIMEOUT_NS, o -> done(argv, o));
  }

  private void done(List<String> argv, ScriptRunner.Outcome o) {
    if (o instanceof ScriptRunner.Outcome.Exited e && e.status() != 0) {
      log.warn("notify {} exited {}", argv, e.status());
    } else if (o instanceof ScriptRunner.Outcome.TimedOut) {
      log.warn("notify {} timed out after {} ms", argv, TIMEOUT_NS / 1_000_000);
    } else if (o instanceof ScriptRunner.Outcome.NotStarted n) {
      log.warn("notify {}: {}", argv, n.reason());
    }
    synchronized (this) {
      outstanding--;
      notifyAll();
    }
  }

  /** Lets the scripts already asked for (notify_stop) finish, within their timeout, then stops. */
  @Override
  public void close() {
    long deadline = System.nanoTime() + TIMEOUT_NS + ScriptRunner.KILL_GRACE_NS;
    synchronized (this) {
      closed = true;
      try {
        while (outstanding > 0 && deadline - System.nanoTime() > 0) {
          wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    runner.close();
    timers.shutdownNow();
  }
}
