package io.vigil.director.lifecycle;

import io.vigil.config.model.ProcessScheduling;
import io.vigil.kernel.process.Scheduling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the calling thread its side's scheduling ({@code vrrp_*} for the VRRP threads, {@code
 * checker_*} for the health checks' event loop and the IPVS updates), as keepalived gives it to its
 * VRRP and checker processes: SCHED_RR at {@code *_rt_priority} if set, otherwise the nice value
 * {@code *_priority}. With a real-time priority the process's RLIMIT_RTTIME is set as keepalived
 * sets it (the soft limit at half of {@code *_rlimit_rttime}: SIGXCPU, logged; the hard one at it:
 * SIGKILL), the larger of the two sides' when both are real-time. What the kernel refuses is logged
 * and the thread runs on as it was, as keepalived does ("cannot raise priority").
 */
public final class ThreadScheduling {
  private static final Logger log = LoggerFactory.getLogger(ThreadScheduling.class);
  private static long limitSetUs;
  private static boolean xcpuHandled;

  private ThreadScheduling() {}

  /** Applies {@code s} to the calling thread; {@code side} names it in the log ("vrrp"). */
  public static void apply(ProcessScheduling s, String side) {
    String thread = Thread.currentThread().getName();
    if (s.realtime()) {
      try {
        Scheduling.realtimeThisThread(s.realtimePriority());
        log.debug("{} thread {}: SCHED_RR priority {}", side, thread, s.realtimePriority());
      } catch (RuntimeException e) {
        log.warn(
            "{} thread {}: cannot raise priority to real-time {}: {}",
            side,
            thread,
            s.realtimePriority(),
            e.getMessage());
        return;
      }
      limitRealtime(s.rlimitRttimeUs(), side);
    } else if (s.nice() != 0) {
      try {
        Scheduling.niceThisThread(s.nice());
        log.debug("{} thread {}: nice {}", side, thread, s.nice());
      } catch (RuntimeException e) {
        log.warn(
            "{} thread {}: cannot set priority {}: {}", side, thread, s.nice(), e.getMessage());
      }
    }
  }

  private static synchronized void limitRealtime(long us, String side) {
    if (!xcpuHandled) {
      xcpuHandled = true;
      try {
        Signals.on(
            "XCPU",
            () ->
                log.warn(
                    "a real-time thread ran for half its *_rlimit_rttime without blocking; at the"
                        + " whole of it the kernel kills vigil (SIGKILL): raise the limit on a"
                        + " slow machine"));
      } catch (RuntimeException e) {
        log.warn("cannot handle SIGXCPU: {}", e.getMessage());
      }
    }
    if (us <= limitSetUs) {
      return;
    }
    try {
      Scheduling.limitRealtime(us / 2, us);
      limitSetUs = us;
    } catch (RuntimeException e) {
      log.warn("{}: cannot set the real-time limit to {} us: {}", side, us, e.getMessage());
    }
  }
}
