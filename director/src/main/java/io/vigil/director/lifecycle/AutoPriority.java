package io.vigil.director.lifecycle;

import io.vigil.config.model.ProcessScheduling;
import io.vigil.kernel.process.Scheduling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's {@code max_auto_priority} for one thread: when its timer ran more than {@code
 * min_auto_priority_delay} late, the thread goes to real-time scheduling (SCHED_RR 1), and at each
 * further late turn one priority higher, up to {@code max_auto_priority}; a thread that starts at
 * {@code *_rt_priority} goes on from there. keepalived does it for its whole process, from its one
 * event loop; Vigil for the thread that ran late, on that thread ({@link #late}): a VRRP thread
 * from its own timers, the health checks' and IPVS threads from a {@link LateProbe}. RLIMIT_RTTIME
 * is set as for a configured real-time priority. Once the kernel refuses, the thread stays as it is
 * and it is logged once.
 */
public final class AutoPriority {
  private static final Logger log = LoggerFactory.getLogger(AutoPriority.class);

  private final String side;
  private final int max;
  private final long afterNs;
  private final long rlimitRttimeUs;
  private int current;
  private boolean refused;

  public AutoPriority(ProcessScheduling s, String side) {
    this.side = side;
    this.max = Math.max(0, s.maxAutoPriority());
    this.afterNs = s.minAutoPriorityDelayUs() * 1_000L;
    this.rlimitRttimeUs = s.rlimitRttimeUs();
    this.current = s.realtimePriority();
  }

  /** True when a late timer can raise the thread ({@code max_auto_priority} above its priority). */
  public boolean enabled() {
    return max > current && !refused;
  }

  /** How late a timer must run to raise the thread: {@code min_auto_priority_delay}. */
  public long afterNs() {
    return afterNs;
  }

  /** The real-time priority after one more late turn: 1 from normal scheduling, then one up. */
  static int next(int current, int max) {
    return current >= max ? current : current + 1;
  }

  /** The thread's real-time priority now (0: normal scheduling). */
  public int current() {
    return current;
  }

  /** On the thread whose timer ran {@code lateNs} late: raises it one step, if it may. */
  public void late(long lateNs) {
    int to = next(current, max);
    if (to == current || refused) {
      return;
    }
    String thread = Thread.currentThread().getName();
    try {
      Scheduling.realtimeThisThread(to);
    } catch (RuntimeException e) {
      refused = true;
      log.warn(
          "{} thread {}: a timer ran {} ms late, cannot raise priority to real-time {}: {}",
          side,
          thread,
          lateNs / 1_000_000,
          to,
          e.getMessage());
      return;
    }
    current = to;
    ThreadScheduling.limitAtLeast(rlimitRttimeUs);
    log.info(
        "{} thread {}: a timer expired {}.{} seconds ago: set realtime priority {}"
            + " (max_auto_priority {})",
        side,
        thread,
        lateNs / 1_000_000_000L,
        String.format("%06d", lateNs / 1_000 % 1_000_000),
        to,
        max);
  }
}
