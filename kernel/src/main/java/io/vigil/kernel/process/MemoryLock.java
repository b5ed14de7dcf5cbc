package io.vigil.kernel.process;

import com.sun.jna.Library;
import io.vigil.kernel.JnaStart;
import io.vigil.kernel.KernelException;

/**
 * keepalived's {@code vrrp_no_swap} / {@code checker_no_swap}: the process's memory locked in RAM
 * (mlockall(2)), so that a host short of memory does not page out what the VRRP and health-check
 * threads run on. keepalived locks its pages as they are (MCL_CURRENT) and as they come
 * (MCL_FUTURE); a JVM has committed far more than it touches, so Vigil adds MCL_ONFAULT: pages are
 * locked as they are first touched, not all brought in at once. Needs CAP_IPC_LOCK (or an
 * RLIMIT_MEMLOCK above what the JVM uses).
 */
public final class MemoryLock {
  private MemoryLock() {}

  interface Lib extends Library {
    Lib INSTANCE = JnaStart.libc(Lib.class);

    int mlockall(int flags);

    int munlockall();
  }

  static final int MCL_CURRENT = 1;
  static final int MCL_FUTURE = 2;
  static final int MCL_ONFAULT = 4;

  /** Locks the process's pages, present and future, as they are touched. */
  public static void lockAll() {
    if (Lib.INSTANCE.mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) != 0) {
      throw KernelException.lastError("mlockall");
    }
  }

  /** Unlocks them all (a reload that drops {@code *_no_swap}). */
  public static void unlockAll() {
    if (Lib.INSTANCE.munlockall() != 0) {
      throw KernelException.lastError("munlockall");
    }
  }
}
