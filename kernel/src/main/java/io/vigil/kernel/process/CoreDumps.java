package io.vigil.kernel.process;

import io.vigil.kernel.KernelException;

/**
 * The process's core file size limit, for keepalived's {@code -m} ({@code --core-dump}): unlimited,
 * so that a crash leaves a core file (the JVM writes one when the limit allows, beside its {@code
 * hs_err} report).
 */
public final class CoreDumps {
  private CoreDumps() {}

  static final int RLIMIT_CORE = 4;

  /** RLIM_INFINITY, as the 64-bit {@code rlim_t} holds it. */
  static final long UNLIMITED = -1L;

  /** setrlimit(RLIMIT_CORE, unlimited) for soft and hard limits; returns the limits before. */
  public static long[] unlimit() {
    long[] before = limit();
    if (Scheduling.Lib.INSTANCE.setrlimit(RLIMIT_CORE, new long[] {UNLIMITED, UNLIMITED}) != 0) {
      throw KernelException.lastError("setrlimit(RLIMIT_CORE, unlimited)");
    }
    return before;
  }

  /** getrlimit(RLIMIT_CORE): {soft, hard} in bytes (-1: unlimited). */
  public static long[] limit() {
    long[] r = new long[2];
    if (Scheduling.Lib.INSTANCE.getrlimit(RLIMIT_CORE, r) != 0) {
      throw KernelException.lastError("getrlimit(RLIMIT_CORE)");
    }
    return r;
  }
}
