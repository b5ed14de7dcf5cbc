package io.vigil.kernel;

import com.sun.jna.Native;

/** A system call failed: carries errno, its symbolic name and what Vigil was doing. */
public class KernelException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int errno;

  public KernelException(String operation, int errno) {
    super(operation + ": " + Errno.name(errno) + " (" + Errno.describe(errno) + ")");
    this.errno = errno;
  }

  /** Builds the exception from the calling thread's last errno. */
  public static KernelException lastError(String operation) {
    return new KernelException(operation, Native.getLastError());
  }

  public int errno() {
    return errno;
  }

  /** The symbolic name, e.g. {@code EPERM}. */
  public String errnoName() {
    return Errno.name(errno);
  }
}
