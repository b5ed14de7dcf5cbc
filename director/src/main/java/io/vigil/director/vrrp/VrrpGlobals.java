package io.vigil.director.vrrp;

import io.vigil.config.model.GlobalDefs;
import io.vigil.config.model.NotifyFifo;
import io.vigil.config.model.ProcessScheduling;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code global_defs} says about running VRRP's scripts and its firewall.
 *
 * @param scriptUser {@code script_user}: {@code USER [GROUP]}
 * @param enableScriptSecurity {@code enable_script_security}
 * @param notifyFifos {@code vrrp_notify_fifo}, if configured ({@code notify_fifo}, shared with the
 *     IPVS side, is the daemon's: {@link VrrpRuntime#commonFifo})
 * @param scheduling {@code vrrp_priority}, {@code vrrp_rt_priority}, {@code vrrp_rlimit_rttime}:
 *     each instance's thread gets it when it starts
 * @param logUnknownVrids {@code log_unknown_vrids}: adverts for a VRID no instance has on the
 *     interface they came in on are logged, one line each
 * @param disableLocalIgmp {@code disable_local_igmp}
 * @param nftables the firewall of no_accept masters ({@link VrrpFirewall})
 * @param dynamicInterfaces {@code dynamic_interfaces}: an instance whose interface does not exist
 *     waits for it in FAULT, and one whose interface is made again starts again on it
 * @param fifoWriteStatesOnReload {@code fifo_write_vrrp_states_on_reload}: a reload writes to the
 *     FIFOs the states of the sync groups and of the backup or fault instances it kept, as
 *     keepalived 2.2.7 does (not its masters')
 * @param interfaceDelays {@code interface_up_down_delays}, per interface
 * @param rxBufs {@code vrrp_rx_bufs_policy} and {@code vrrp_rx_bufs_multiplier}
 * @param netlinkBufs the netlink sockets' receive buffers ({@code vrrp_netlink_monitor_rcv_bufs},
 *     {@code vrrp_netlink_cmd_rcv_bufs}, {@code process_monitor_rcv_bufs} here)
 */
public record VrrpGlobals(
    Optional<String> scriptUser,
    boolean enableScriptSecurity,
    List<NotifyFifo> notifyFifos,
    ProcessScheduling scheduling,
    boolean logUnknownVrids,
    boolean disableLocalIgmp,
    GlobalDefs.Nftables nftables,
    boolean dynamicInterfaces,
    boolean fifoWriteStatesOnReload,
    java.util.Map<String, GlobalDefs.UpDownDelay> interfaceDelays,
    GlobalDefs.RxBufs rxBufs,
    GlobalDefs.NetlinkBufs netlinkBufs) {
  public static final VrrpGlobals DEFAULTS =
      new VrrpGlobals(
          Optional.empty(),
          false,
          List.of(),
          ProcessScheduling.DEFAULTS,
          false,
          false,
          GlobalDefs.Nftables.DEFAULT,
          false,
          false,
          java.util.Map.of(),
          GlobalDefs.RxBufs.DEFAULT,
          GlobalDefs.NetlinkBufs.UNSET);

  public VrrpGlobals {
    notifyFifos = List.copyOf(notifyFifos);
    interfaceDelays = java.util.Map.copyOf(interfaceDelays);
  }

  public static VrrpGlobals of(GlobalDefs g) {
    List<NotifyFifo> fifos = new ArrayList<>();
    g.vrrpNotifyFifo().ifPresent(fifos::add); // notify_fifo is the daemon's: LVS writes it too
    return new VrrpGlobals(
        g.scriptUser(),
        g.enableScriptSecurity(),
        fifos,
        g.vrrpScheduling(),
        g.logUnknownVrids(),
        g.disableLocalIgmp(),
        g.nftables(),
        g.dynamicInterfaces(),
        g.fifoWriteVrrpStatesOnReload(),
        g.interfaceDelays(),
        g.vrrpRxBufs(),
        g.netlinkBufs());
  }
}
