package io.vigil.config.model;

/**
 * How the threads of one side of Vigil are scheduled: keepalived's {@code vrrp_priority}, {@code
 * vrrp_rt_priority} and {@code vrrp_rlimit_rttime} for the VRRP side, their {@code checker_*} twins
 * for the health checks and IPVS.
 *
 * @param nice {@code *_priority}: the nice value, -20 to 19 (0: unchanged); not used with a
 *     real-time priority, as in keepalived
 * @param realtimePriority {@code *_rt_priority}: SCHED_RR at 1 to 99 (0: normal scheduling)
 * @param rlimitRttimeUs {@code *_rlimit_rttime}: with a real-time priority, how long such a thread
 *     may run without blocking, in microseconds (10,000), before the kernel's SIGXCPU (logged)
 */
public record ProcessScheduling(int nice, int realtimePriority, long rlimitRttimeUs) {
  public static final long RLIMIT_RTTIME_DEFAULT_US = 10_000;
  public static final ProcessScheduling DEFAULTS =
      new ProcessScheduling(0, 0, RLIMIT_RTTIME_DEFAULT_US);

  public boolean realtime() {
    return realtimePriority > 0;
  }
}
