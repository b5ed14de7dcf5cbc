package io.vigil.kernel.process;

import io.vigil.kernel.LibC;

/**
 * Who Vigil runs as, and whether a user exists, asked of libc directly: the answers every start
 * needs (who VRRP's scripts run as), without JNR-POSIX, whose first use generates its bindings at
 * run time and costs more than the rest of a start's native setup.
 */
public final class Users {
  private Users() {}

  /** geteuid(2). */
  public static int effectiveUid() {
    return LibC.INSTANCE.geteuid();
  }

  /** Whether getpwnam(3) knows {@code name} (files, LDAP or whatever NSS is set up to ask). */
  public static boolean exists(String name) {
    return LibC.INSTANCE.getpwnam(name) != null;
  }
}
