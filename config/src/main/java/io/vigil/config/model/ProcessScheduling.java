package io.vigil.config.model;

import java.util.List;

/**
 * How the threads of one side of Vigil are scheduled: keepalived's {@code vrrp_priority}, {@code
 * vrrp_rt_priority}, {@code vrrp_rlimit_rttime} and {@code vrrp_cpu_affinity} for the VRRP side,
 * their {@code checker_*} twins for the health checks and IPVS ({@code *_no_swap} too), and the
 * global {@code max_auto_priority} / {@code min_auto_priority_delay} for both.
 *
 * @param nice {@code *_priority}: the nice value, -20 to 19 (0: unchanged); not used with a
 *     real-time priority, as in keepalived
 * @param realtimePriority {@code *_rt_priority}: SCHED_RR at 1 to 99 (0: normal scheduling)
 * @param rlimitRttimeUs {@code *_rlimit_rttime}: with a real-time priority, how long such a thread
 *     may run without blocking, in microseconds (10,000), before the kernel's SIGXCPU (logged)
 * @param cpuAffinity {@code *_cpu_affinity}: the CPUs the side's threads may run on, ascending
 *     (empty: unchanged)
 * @param maxAutoPriority {@code max_auto_priority}: a thread whose timer ran more than {@code
 *     minAutoPriorityDelayUs} late goes to SCHED_RR 1, then one higher at each further late turn,
 *     up to this (0 or -1: never)
 * @param minAutoPriorityDelayUs {@code min_auto_priority_delay}, microseconds (1 s)
 * @param noSwap {@code *_no_swap}: Vigil's memory is locked (mlockall) while this side runs
 */
public record ProcessScheduling(
    int nice,
    int realtimePriority,
    long rlimitRttimeUs,
    List<Integer> cpuAffinity,
    int maxAutoPriority,
    long minAutoPriorityDelayUs,
    boolean noSwap) {
  public static final long RLIMIT_RTTIME_DEFAULT_US = 10_000;
  public static final long MIN_AUTO_PRIORITY_DELAY_DEFAULT_US = 1_000_000;
  public static final ProcessScheduling DEFAULTS =
      new ProcessScheduling(0, 0, RLIMIT_RTTIME_DEFAULT_US);

  public ProcessScheduling {
    cpuAffinity = List.copyOf(cpuAffinity);
  }

  /** Priorities and the limit alone: no affinity, no automatic priority, no memory lock. */
  public ProcessScheduling(int nice, int realtimePriority, long rlimitRttimeUs) {
    this(
        nice,
        realtimePriority,
        rlimitRttimeUs,
        List.of(),
        0,
        MIN_AUTO_PRIORITY_DELAY_DEFAULT_US,
        false);
  }

  public boolean realtime() {
    return realtimePriority > 0;
  }
}
