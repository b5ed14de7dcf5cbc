package io.vigil.netlink.ipvs.text;

import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import io.vigil.netlink.ipvs.SyncDaemon;
import io.vigil.netlink.ipvs.Timeouts;

/** One line of the ipvsadm rule language, parsed and checked, with the line it came from. */
public sealed interface Rule {
  /** 1-based line number in the input. */
  int line();

  /** {@code -A}. */
  record AddService(int line, ServiceKey service, ServiceSettings settings) implements Rule {}

  /** {@code -E}: every setting is replaced (unspecified ones take ipvsadm's defaults). */
  record EditService(int line, ServiceKey service, ServiceSettings settings) implements Rule {}

  /** {@code -D}. */
  record DeleteService(int line, ServiceKey service) implements Rule {}

  /** {@code -a}. */
  record AddDest(int line, ServiceKey service, DestKey dest, DestSettings settings)
      implements Rule {}

  /** {@code -e}: every setting is replaced (unspecified ones take ipvsadm's defaults). */
  record EditDest(int line, ServiceKey service, DestKey dest, DestSettings settings)
      implements Rule {}

  /** {@code -d}. */
  record DeleteDest(int line, ServiceKey service, DestKey dest) implements Rule {}

  /** {@code -C}: flush the whole table. */
  record Clear(int line) implements Rule {}

  /**
   * {@code -Z}: zero the counters of one service, or of every service when {@code service} is null.
   */
  record Zero(int line, ServiceKey service) implements Rule {}

  /** {@code --set TCP TCPFIN UDP}: connection timeouts in seconds, 0 leaving that one unchanged. */
  record SetTimeouts(int line, Timeouts timeouts) implements Rule {}

  /** {@code --start-daemon master|backup} with its daemon options (unset ones 0: the kernel's). */
  record StartDaemon(int line, SyncDaemon daemon) implements Rule {}

  /** {@code --stop-daemon master|backup}. */
  record StopDaemon(int line, SyncDaemon.Role role) implements Rule {}
}
