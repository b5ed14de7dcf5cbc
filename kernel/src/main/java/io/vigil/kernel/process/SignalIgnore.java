package io.vigil.kernel.process;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import io.vigil.kernel.JnaStart;
import io.vigil.kernel.KernelException;

/**
 * Sets a signal's disposition to ignored (signal(2) with {@code SIG_IGN}), for the real-time
 * signals that the JVM's own handler API cannot name: their default action ends the process. Only
 * the disposition changes, no handler runs, so nothing of the JVM's is at stake.
 */
public final class SignalIgnore {
  private SignalIgnore() {}

  interface Lib extends Library {
    Lib INSTANCE = JnaStart.libc(Lib.class);

    Pointer signal(int signum, Pointer handler);

    int __libc_current_sigrtmin();

    int __libc_current_sigrtmax();
  }

  private static final Pointer SIG_IGN = Pointer.createConstant(1);
  private static final Pointer SIG_ERR = Pointer.createConstant(-1);

  /** SIGRTMIN as the C library has it (glibc keeps the first few for itself). */
  public static int realtimeMin() {
    return Lib.INSTANCE.__libc_current_sigrtmin();
  }

  /** SIGRTMAX as the C library has it. */
  public static int realtimeMax() {
    return Lib.INSTANCE.__libc_current_sigrtmax();
  }

  /** Ignores {@code signum} from now on. */
  public static void ignore(int signum) {
    Pointer old = Lib.INSTANCE.signal(signum, SIG_IGN);
    if (SIG_ERR.equals(old)) {
      throw KernelException.lastError("signal(" + signum + ", SIG_IGN)");
    }
  }
}
