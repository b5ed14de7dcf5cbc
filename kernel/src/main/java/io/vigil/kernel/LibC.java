package io.vigil.kernel;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The libc calls Vigil makes. Only this module binds native functions; callers see the typed
 * wrappers built on top of it.
 */
public interface LibC extends Library {
  /** The one binding, loaded on first use. */
  LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

  /** getpid(2). */
  int getpid();

  /** geteuid(2). */
  int geteuid();
}
