package io.vigil.director.statics;

import io.vigil.config.model.AddressFlag;
import io.vigil.config.model.IpPrefix;
import io.vigil.netlink.rtnl.IfAddress;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How keepalived 2.2.7 adds a configured address (virtual or static) to the kernel
 * (vrrp_ipaddress.c, netlink_ipaddress), shared by both kinds.
 */
public final class AddressOptions {
  private AddressOptions() {}

  /**
   * The IFA_F_* flags of an address: its options', and IFA_F_NODAD on every IPv6 address without
   * {@code -nodad} (usable at once, and never left "dadfailed" by a moment when both directors held
   * it).
   */
  public static int flags(Set<AddressFlag> options, boolean ipv6) {
    int f = 0;
    for (AddressFlag o : options) {
      f |=
          switch (o) {
            case DAD -> 0;
            case NOPREFIXROUTE -> IfAddress.F_NOPREFIXROUTE;
            case HOME -> IfAddress.F_HOMEADDRESS;
            case MNGTMPADDR -> IfAddress.F_MANAGETEMPADDR;
            case AUTOJOIN -> IfAddress.F_MCAUTOJOIN;
          };
    }
    if (ipv6 && !options.contains(AddressFlag.DAD)) {
      f |= IfAddress.F_NODAD;
    }
    return f;
  }

  /**
   * The preferred lifetime an address is added with: as written, else, for IPv6, 0 for a /128
   * (deprecated: never picked as the source of the host's own traffic, health checks included) and
   * for ever for a shorter prefix; IPv4 addresses for ever (keepalived sends lifetimes for IPv6
   * only).
   */
  public static long preferredLifetime(OptionalLong written, IpPrefix prefix) {
    if (prefix.isIpv4()) {
      return IfAddress.FOREVER;
    }
    return written.orElse(prefix.prefixLength() == 128 ? 0 : IfAddress.FOREVER);
  }
}
