package io.vigil.director.vrrp;

import io.vigil.config.model.GlobalDefs;
import java.util.Optional;

/**
 * What {@code global_defs} says about running VRRP's scripts.
 *
 * @param scriptUser {@code script_user}: {@code USER [GROUP]}
 * @param enableScriptSecurity {@code enable_script_security}
 */
public record VrrpGlobals(Optional<String> scriptUser, boolean enableScriptSecurity) {
  public static final VrrpGlobals DEFAULTS = new VrrpGlobals(Optional.empty(), false);

  public static VrrpGlobals of(GlobalDefs g) {
    return new VrrpGlobals(g.scriptUser(), g.enableScriptSecurity());
  }
}
