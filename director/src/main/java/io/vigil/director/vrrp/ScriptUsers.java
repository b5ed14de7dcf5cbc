package io.vigil.director.vrrp;

import io.vigil.kernel.process.Users;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Who VRRP's scripts run as, as keepalived decides: a script's own {@code user}, else {@code
 * script_user}, else {@code keepalived_script} when that user exists, else the user Vigil runs as
 * (root, for keepalived). Switching users needs root: when Vigil runs as another user (the packaged
 * unit runs as {@code vigil} with network capabilities only), scripts run as that user.
 *
 * @param root whether Vigil runs as root (and can switch users)
 * @param defaultUser the user scripts without their own run as; empty: as Vigil
 */
public record ScriptUsers(boolean root, Optional<String> defaultUser) {
  static final String KEEPALIVED_SCRIPT = "keepalived_script";

  static ScriptUsers resolve(VrrpGlobals g, boolean root, Predicate<String> userExists) {
    if (!root) {
      return new ScriptUsers(false, Optional.empty());
    }
    Optional<String> user = g.scriptUser();
    if (user.isEmpty() && userExists.test(KEEPALIVED_SCRIPT)) {
      user = Optional.of(KEEPALIVED_SCRIPT);
    }
    return new ScriptUsers(true, user.filter(u -> !u.trim().split("\\s+")[0].equals("root")));
  }

  /** The user a script with this {@code user} line (or none) runs as; empty: as Vigil. */
  public Optional<String> forScript(Optional<String> own) {
    if (!root) {
      return Optional.empty();
    }
    return own.isPresent()
        ? own.filter(u -> !u.trim().split("\\s+")[0].equals("root"))
        : defaultUser;
  }

  /** As Vigil runs now: root or not, {@code keepalived_script} looked up in the user database. */
  static ScriptUsers system(VrrpGlobals g) {
    return resolve(g, Users.effectiveUid() == 0, Users::exists);
  }

  /** Whether scripts without their own {@code user} run as root. */
  boolean defaultIsRoot() {
    return root && defaultUser.isEmpty();
  }
}
