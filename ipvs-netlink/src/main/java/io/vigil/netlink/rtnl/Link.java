package io.vigil.netlink.rtnl;

/**
 * A network interface as rtnetlink reports it.
 *
 * @param flags IFF_* (IFF_UP: administratively up; IFF_LOWER_UP: carrier)
 * @param mac the link-layer address as {@code 02:00:00:00:00:01}, or null when the link has none
 */
public record Link(int index, String name, OperState operState, int flags, int mtu, String mac) {
  /** Administratively up (IFF_UP). */
  public boolean adminUp() {
    return (flags & Rtnl.IFF_UP) != 0;
  }

  /** Up and running as far as the kernel can tell: operationally UP, or UNKNOWN with carrier. */
  public boolean usable() {
    return operState == OperState.UP
        || (operState == OperState.UNKNOWN && adminUp() && (flags & Rtnl.IFF_LOWER_UP) != 0);
  }
}
