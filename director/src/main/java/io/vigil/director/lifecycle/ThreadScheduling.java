package io.vigil.director.lifecycle;

import io.vigil.config.model.ProcessScheduling;
import io.vigil.kernel.process.MemoryLock;
import io.vigil.kernel.process.Scheduling;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the calling thread its side's scheduling ({@code vrrp_*} for the VRRP threads, {@code
 * checker_*} for the health checks' event loop and the IPVS updates), as keepalived gives it to its
 * VRRP and checker processes: SCHED_RR at {@code *_rt_priority} if set, otherwise the nice value
 * {@code *_priority}; with a real-time priority, {@link #processLimit} sets RLIMIT_RTTIME as
 * keepalived does. What the kernel refuses is logged and the thread runs on as it was, as
 * keepalived does ("cannot raise priority").
 */
public final class ThreadScheduling {
  private static final Logger log = LoggerFactory.getLogger(ThreadScheduling.class);
  private static final String UNIT_HINT =
      " (under the packaged vigil.service: allowed by the drop-in its comment at RestrictRealtime"
          + " gives)";
  private static long limitSetUs;
  private static boolean xcpuHandled;

  private ThreadScheduling() {}

  /** Applies {@code s} to the calling thread; {@code side} names it in the log ("vrrp"). */
  public static void apply(ProcessScheduling s, String side) {
    if (s.realtime()) {
      int p = s.realtimePriority();
      set(
          side,
          () -> Scheduling.realtimeThisThread(p),
          "SCHED_RR priority " + p,
          "raise priority to real-time " + p);
    } else if (s.nice() != 0) {
      int n = s.nice();
      set(side, () -> Scheduling.niceThisThread(n), "nice " + n, "set priority " + n);
    }
    if (!s.cpuAffinity().isEmpty()) {
      List<Integer> cpus = s.cpuAffinity();
      set(
          side,
          () -> Scheduling.affinityThisThread(cpus),
          "CPUs " + cpus,
          "set cpu affinity " + cpus);
    }
  }

  /**
   * Raises the soft RLIMIT_RTTIME to at least {@code us} (a thread that {@link AutoPriority} just
   * made real-time: keepalived sets the default limit then).
   */
  static synchronized void limitAtLeast(long us) {
    if (limitSetUs >= us) {
      return;
    }
    processLimit(List.of(new ProcessScheduling(0, 1, us)));
  }

  /** Runs {@code change} on the calling thread; logs {@code done}, or what it could not do. */
  private static void set(String side, Runnable change, String done, String failed) {
    String thread = Thread.currentThread().getName();
    try {
      change.run();
      log.debug("{} thread {}: {}", side, thread, done);
    } catch (RuntimeException e) {
      log.warn("{} thread {}: cannot {}: {}{}", side, thread, failed, e.getMessage(), UNIT_HINT);
    }
  }

  /**
   * Sets the soft RLIMIT_RTTIME of the process for the sides that run ({@code sides}): the largest
   * {@code *_rlimit_rttime} of those with a real-time priority (one process holds both of
   * keepalived's), before their threads start; nothing when none is real-time. A real-time thread
   * that runs that long without blocking makes the kernel send SIGXCPU, which is logged (at most
   * once a minute). keepalived also sets the hard limit there, at which the kernel kills the
   * process; Vigil leaves the hard limit as it is: a JVM thread's first runs of new code take far
   * longer than a C process's, and the kernel's real-time throttling (sched_rt_runtime_us, 95% by
   * default) already keeps a runaway thread from taking a whole CPU.
   */
  public static synchronized void processLimit(java.util.List<ProcessScheduling> sides) {
    long us =
        sides.stream()
            .filter(ProcessScheduling::realtime)
            .mapToLong(ProcessScheduling::rlimitRttimeUs)
            .max()
            .orElse(0);
    if (us == 0 || us == limitSetUs) {
      return;
    }
    if (!xcpuHandled) {
      xcpuHandled = true;
      try {
        Signals.on("XCPU", ThreadScheduling::overran);
      } catch (RuntimeException e) {
        log.warn("cannot handle SIGXCPU: {}", e.getMessage());
      }
    }
    try {
      long hard = Scheduling.realtimeLimit()[1];
      Scheduling.limitRealtime(hard < 0 ? us : Math.min(us, hard), hard);
      limitSetUs = us;
    } catch (RuntimeException e) {
      log.warn("cannot set the real-time limit to {} us: {}", us, e.getMessage());
    }
  }

  private static boolean locked;

  /**
   * Locks Vigil's memory when a side that runs has {@code *_no_swap} ({@link MemoryLock}), and
   * unlocks it when a reload dropped it; what the kernel refuses is logged, as keepalived logs
   * "Unable to lock process in memory", and Vigil runs on.
   */
  public static synchronized void memoryLock(List<ProcessScheduling> sides) {
    boolean want = sides.stream().anyMatch(ProcessScheduling::noSwap);
    if (want == locked) {
      return;
    }
    try {
      if (want) {
        MemoryLock.lockAll();
        log.info("memory locked (*_no_swap): no page of vigil's is swapped out");
      } else {
        MemoryLock.unlockAll();
        log.info("memory unlocked (no *_no_swap any more)");
      }
      locked = want;
    } catch (RuntimeException e) {
      log.warn(
          "unable to {} vigil's memory (*_no_swap): {} (it needs CAP_IPC_LOCK, or a larger"
              + " RLIMIT_MEMLOCK)",
          want ? "lock" : "unlock",
          e.getMessage());
    }
  }

  private static long overranLoggedNs;

  private static void overran() {
    long now = System.nanoTime();
    synchronized (ThreadScheduling.class) {
      if (overranLoggedNs != 0 && now - overranLoggedNs < 60_000_000_000L) {
        return;
      }
      overranLoggedNs = now;
    }
    log.warn(
        "a real-time thread ran for {} us without blocking (SIGXCPU): its *_rlimit_rttime may be"
            + " too small for this machine",
        limitSetUs);
  }
}
