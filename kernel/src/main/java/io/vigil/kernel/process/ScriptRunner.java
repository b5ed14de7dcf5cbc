package io.vigil.kernel.process;

import io.vigil.kernel.LibC;
import java.io.File;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs scripts (MISC_CHECK, {@code vrrp_script}, notify scripts): at most {@code maxConcurrent} at
 * a time (the rest wait in order; the wait queue holds at most one entry per MISC_CHECK, since a
 * checker has one check in flight), each in its own session and process group ({@code setsid}),
 * stdin from /dev/null and output discarded. On timeout the whole group gets SIGTERM, and SIGKILL
 * once the script exits or {@link #KILL_GRACE_NS} later, whichever comes first (keepalived sends
 * SIGKILL after 2 s too).
 */
public final class ScriptRunner implements AutoCloseable {
  /** How long a timed-out script gets between SIGTERM and SIGKILL. */
  public static final long KILL_GRACE_NS = TimeUnit.SECONDS.toNanos(2);

  private static final int SIGTERM = 15;
  private static final int SIGKILL = 9;

  /** How one run ended. */
  public sealed interface Outcome {
    record Exited(int status) implements Outcome {}

    record TimedOut(long afterNs) implements Outcome {}

    record NotStarted(String reason) implements Outcome {}
  }

  private final int maxConcurrent;
  private final ScheduledExecutorService timers;
  private final ExecutorService spawner;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int running;

  public ScriptRunner(int maxConcurrent, ScheduledExecutorService timers) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be >= 1");
    }
    this.maxConcurrent = maxConcurrent;
    this.timers = timers;
    this.spawner =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "vigil-script-spawner");
              t.setDaemon(true);
              return t;
            });
  }

  /** Scripts running now. */
  public synchronized int running() {
    return running;
  }

  /** Runs {@code command} (as {@code user} when given), reporting once to {@code done}. */
  public void run(
      List<String> command,
      java.util.Optional<String> user,
      long timeoutNs,
      Consumer<Outcome> done) {
    Runnable start =
        () -> {
          try {
            spawner.execute(() -> spawn(command, user, timeoutNs, done));
          } catch (java.util.concurrent.RejectedExecutionException closed) {
            done.accept(new Outcome.NotStarted("shutting down"));
          }
        };
    synchronized (this) {
      if (running >= maxConcurrent) {
        waiting.add(start);
        return;
      }
      running++;
    }
    start.run();
  }

  private void spawn(
      List<String> command,
      java.util.Optional<String> user,
      long timeoutNs,
      Consumer<Outcome> done) {
    List<String> argv = new ArrayList<>();
    argv.add("setsid");
    user.ifPresent(u -> argv.addAll(runAs(u)));
    argv.addAll(command);
    Process p;
    try {
      p =
          new ProcessBuilder(argv)
              .redirectInput(new File("/dev/null"))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (java.io.IOException | RuntimeException e) {
      release();
      done.accept(new Outcome.NotStarted(e.getMessage()));
      return;
    }
    int pid = (int) p.pid();
    Object lock = new Object();
    boolean[] timedOut = {false};
    var kill =
        timers.schedule(
            () -> {
              synchronized (lock) {
                if (!p.isAlive()) {
                  return;
                }
                timedOut[0] = true;
              }
              signalGroup(pid, SIGTERM);
              timers.schedule(() -> signalGroup(pid, SIGKILL), KILL_GRACE_NS, TimeUnit.NANOSECONDS);
            },
            timeoutNs,
            TimeUnit.NANOSECONDS);
    p.onExit()
        .whenComplete(
            (proc, err) -> {
              kill.cancel(false);
              boolean wasTimedOut;
              synchronized (lock) {
                wasTimedOut = timedOut[0];
              }
              if (wasTimedOut) {
                signalGroup(pid, SIGKILL); // what the script left behind
              }
              release();
              done.accept(
                  wasTimedOut
                      ? new Outcome.TimedOut(timeoutNs)
                      : new Outcome.Exited(p.exitValue()));
            });
  }

  /** A long-running script started by {@link #startLongRunning}. */
  public interface LongRunning {
    /**
     * Waits up to {@code exitNs} for it to end by itself (a reader at end of file), then SIGTERM to
     * its whole process group, SIGKILL {@link #KILL_GRACE_NS} later if still there.
     */
    void stop(long exitNs);
  }

  /**
   * Starts a script that runs as long as it likes (keepalived's notify FIFO script), in its own
   * session and process group like the others; it does not count against {@code maxConcurrent}.
   */
  public LongRunning startLongRunning(List<String> command, java.util.Optional<String> user)
      throws java.io.IOException {
    List<String> argv = new ArrayList<>();
    argv.add("setsid");
    user.ifPresent(u -> argv.addAll(runAs(u)));
    argv.addAll(command);
    Process p =
        new ProcessBuilder(argv)
            .redirectInput(new File("/dev/null"))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    int pgid = (int) p.pid();
    return exitNs -> {
      try {
        if (!p.waitFor(exitNs, TimeUnit.NANOSECONDS)) {
          signalGroup(pgid, SIGTERM);
          if (!p.waitFor(KILL_GRACE_NS, TimeUnit.NANOSECONDS)) {
            signalGroup(pgid, SIGKILL);
          }
        }
      } catch (InterruptedException e) {
        signalGroup(pgid, SIGKILL);
        Thread.currentThread().interrupt();
      }
      signalGroup(pgid, SIGKILL); // what it left behind
    };
  }

  /**
   * The {@code runuser} prefix for {@code USER} or {@code USER GROUP} (keepalived's {@code
   * script_user} and a script's {@code user} take both forms).
   */
  static List<String> runAs(String user) {
    String[] w = user.trim().split("\\s+");
    List<String> out = new ArrayList<>(List.of("runuser", "-u", w[0]));
    if (w.length > 1) {
      out.addAll(List.of("-g", w[1]));
    }
    out.add("--");
    return out;
  }

  private void signalGroup(int pgid, int signal) {
    // the group outlives its leader only through children the script left: ESRCH is normal
    LibC.INSTANCE.kill(-pgid, signal);
  }

  private void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        running--;
        return;
      }
    }
    next.run();
  }

  @Override
  public void close() {
    spawner.shutdownNow();
  }
}
