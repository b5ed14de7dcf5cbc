package io.vigil.kernel;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.Optional;

/**
 * Whether Vigil can reach the kernel through native calls on this machine, and if not, why.
 *
 * <p>Probed once, on first use, never at build time. Callers that need native support call {@link
 * #ensureAvailable()}, which throws with the recorded cause; callers that can degrade call {@link
 * #isAvailable()} and report {@link #unavailabilityCause()}.
 */
public final class NativeSupport {
  private static final Throwable CAUSE = probe();

  private NativeSupport() {}

  private static Throwable probe() {
    try {
      if (!Platform.isLinux()) {
        return new UnsupportedOperationException(
            "Vigil needs Linux; this is " + System.getProperty("os.name"));
      }
      // Loading libc proves JNA's native stub and the C library are both usable.
      JnaStart.libc(LibC.class);
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  /** True when native calls into libc work. */
  public static boolean isAvailable() {
    return CAUSE == null;
  }

  /** Why native support is missing, if it is. */
  public static Optional<Throwable> unavailabilityCause() {
    return Optional.ofNullable(CAUSE);
  }

  /** Throws an {@link IllegalStateException} naming the cause when native support is missing. */
  public static void ensureAvailable() {
    if (CAUSE != null) {
      throw new IllegalStateException(
          "native support is unavailable: " + CAUSE.getMessage(), CAUSE);
    }
  }

  /** One line for `vigil --version` and the logs. */
  public static String describe() {
    return isAvailable()
        ? "native: JNA " + Native.VERSION + " on " + Platform.ARCH
        : "native: unavailable (" + CAUSE + ")";
  }
}
