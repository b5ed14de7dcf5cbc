package io.vigil.director.vrrp;

import io.vigil.config.model.GlobalDefs;
import io.vigil.config.model.NotifyFifo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code global_defs} says about running VRRP's scripts.
 *
 * @param scriptUser {@code script_user}: {@code USER [GROUP]}
 * @param enableScriptSecurity {@code enable_script_security}
 * @param notifyFifos {@code notify_fifo} and {@code vrrp_notify_fifo}, those configured
 */
public record VrrpGlobals(
    Optional<String> scriptUser, boolean enableScriptSecurity, List<NotifyFifo> notifyFifos) {
  public static final VrrpGlobals DEFAULTS = new VrrpGlobals(Optional.empty(), false, List.of());

  public VrrpGlobals {
    notifyFifos = List.copyOf(notifyFifos);
  }

  public static VrrpGlobals of(GlobalDefs g) {
    List<NotifyFifo> fifos = new ArrayList<>();
    g.notifyFifo().ifPresent(fifos::add);
    g.vrrpNotifyFifo().ifPresent(fifos::add);
    return new VrrpGlobals(g.scriptUser(), g.enableScriptSecurity(), fifos);
  }
}
