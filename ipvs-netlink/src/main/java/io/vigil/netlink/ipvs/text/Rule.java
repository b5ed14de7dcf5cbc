package io.vigil.netlink.ipvs.text;

import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;

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
}
