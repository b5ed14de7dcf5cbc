package io.vigil.kernel.process;

import com.sun.jna.Library;
import io.vigil.kernel.JnaStart;
import io.vigil.kernel.KernelException;

/**
 * The calling thread's CPU scheduling, for keepalived's {@code vrrp_priority} / {@code
 * vrrp_rt_priority} and their {@code checker_*} twins. keepalived sets them on its VRRP and checker
 * child processes; Vigil runs both in one process, so it sets them on the threads that do that
 * work. On Linux both the nice value and the scheduling policy belong to the thread (pid 0 below is
 * the calling thread), while {@code RLIMIT_RTTIME} is the process's and is counted per real-time
 * thread.
 */
public final class Scheduling {
  private Scheduling() {}

  interface Lib extends Library {
    Lib INSTANCE = JnaStart.libc(Lib.class);

    int setpriority(int which, int who, int prio);

    /** {@code param}: struct sched_param, one int. */
    int sched_setscheduler(int pid, int policy, int[] param);

    int sched_getscheduler(int pid);

    /** {@code rlim}: struct rlimit, {@code rlim_cur} and {@code rlim_max} (64-bit). */
    int setrlimit(int resource, long[] rlim);

    int getrlimit(int resource, long[] rlim);

    /** {@code mask}: a cpu_set_t, {@code size} bytes (64-bit words, CPU n at bit n). */
    int sched_setaffinity(int pid, long size, long[] mask);

    int sched_getaffinity(int pid, long size, long[] mask);
  }

  /** cpu_set_t as glibc sizes it: 1024 CPUs. */
  static final int CPU_SET_WORDS = 16;

  static final int PRIO_PROCESS = 0;
  public static final int SCHED_OTHER = 0;
  public static final int SCHED_RR = 2;

  /** Children (scripts) start with the normal policy, as keepalived's do. */
  static final int SCHED_RESET_ON_FORK = 0x40000000;

  static final int RLIMIT_RTTIME = 15;

  /** setpriority(2) for the calling thread: nice -20 (most favoured) to 19. */
  public static void niceThisThread(int nice) {
    if (Lib.INSTANCE.setpriority(PRIO_PROCESS, 0, nice) != 0) {
      throw KernelException.lastError("setpriority(" + nice + ")");
    }
  }

  /** sched_setscheduler(2): the calling thread to SCHED_RR at {@code priority} (1-99). */
  public static void realtimeThisThread(int priority) {
    if (Lib.INSTANCE.sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, new int[] {priority})
        != 0) {
      throw KernelException.lastError("sched_setscheduler(SCHED_RR, " + priority + ")");
    }
  }

  /** sched_setaffinity(2): the calling thread may run on {@code cpus} only. */
  public static void affinityThisThread(java.util.List<Integer> cpus) {
    long[] mask = new long[CPU_SET_WORDS];
    for (int cpu : cpus) {
      if (cpu < 0 || cpu >= CPU_SET_WORDS * 64) {
        throw new IllegalArgumentException("no CPU " + cpu);
      }
      mask[cpu / 64] |= 1L << (cpu % 64);
    }
    if (Lib.INSTANCE.sched_setaffinity(0, CPU_SET_WORDS * 8L, mask) != 0) {
      throw KernelException.lastError("sched_setaffinity(" + cpus + ")");
    }
  }

  /** sched_getaffinity(2): the CPUs the calling thread may run on, ascending. */
  public static java.util.List<Integer> affinityOfThisThread() {
    long[] mask = new long[CPU_SET_WORDS];
    if (Lib.INSTANCE.sched_getaffinity(0, CPU_SET_WORDS * 8L, mask) < 0) {
      throw KernelException.lastError("sched_getaffinity");
    }
    java.util.List<Integer> cpus = new java.util.ArrayList<>();
    for (int i = 0; i < CPU_SET_WORDS * 64; i++) {
      if ((mask[i / 64] & (1L << (i % 64))) != 0) {
        cpus.add(i);
      }
    }
    return cpus;
  }

  /** The calling thread's policy ({@link #SCHED_OTHER}, {@link #SCHED_RR}, ...). */
  public static int policyOfThisThread() {
    int p = Lib.INSTANCE.sched_getscheduler(0);
    if (p < 0) {
      throw KernelException.lastError("sched_getscheduler");
    }
    return p & ~SCHED_RESET_ON_FORK;
  }

  /**
   * setrlimit(RLIMIT_RTTIME): how long a real-time thread may run without blocking, in
   * microseconds; at {@code softUs} the process gets SIGXCPU (once a second after), at {@code
   * hardUs} SIGKILL.
   */
  public static void limitRealtime(long softUs, long hardUs) {
    if (Lib.INSTANCE.setrlimit(RLIMIT_RTTIME, new long[] {softUs, hardUs}) != 0) {
      throw KernelException.lastError("setrlimit(RLIMIT_RTTIME, " + softUs + ", " + hardUs + ")");
    }
  }

  /** getrlimit(RLIMIT_RTTIME): {soft, hard} in microseconds (-1: unlimited). */
  public static long[] realtimeLimit() {
    long[] r = new long[2];
    if (Lib.INSTANCE.getrlimit(RLIMIT_RTTIME, r) != 0) {
      throw KernelException.lastError("getrlimit(RLIMIT_RTTIME)");
    }
    return r;
  }
}
