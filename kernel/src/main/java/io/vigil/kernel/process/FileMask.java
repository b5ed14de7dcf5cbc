package io.vigil.kernel.process;

import com.sun.jna.Library;
import io.vigil.kernel.JnaStart;

/**
 * The process's file mode creation mask (umask(2)): keepalived's {@code umask} keyword. It is
 * process-wide, and umask(2) cannot read it without setting it, so both go through one lock.
 */
public final class FileMask {
  private FileMask() {}

  interface Lib extends Library {
    Lib INSTANCE = JnaStart.libc(Lib.class);

    int umask(int mask);
  }

  /** The permission bits a mask can hold. */
  public static final int PERMISSIONS = 0777;

  /** Sets the mask; returns the one it replaced. */
  public static synchronized int set(int mask) {
    return Lib.INSTANCE.umask(mask & PERMISSIONS);
  }

  /** The mask in force. */
  public static synchronized int current() {
    int mask = Lib.INSTANCE.umask(PERMISSIONS);
    Lib.INSTANCE.umask(mask);
    return mask;
  }
}
