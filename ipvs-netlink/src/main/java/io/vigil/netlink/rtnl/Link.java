package io.vigil.netlink.rtnl;

/**
 * A network interface as rtnetlink reports it.
 *
 * @param flags IFF_* (IFF_UP: administratively up; IFF_LOWER_UP: carrier)
 * @param mac the link-layer address as {@code 02:00:00:00:00:01}, or null when the link has none
 * @param kind its driver's kind ({@code macvlan}, {@code veth}...: IFLA_INFO_KIND), or null for a
 *     physical one
 * @param lowerIndex the index of the link it sits on (IFLA_LINK: a macvlan's parent), else 0
 * @param mode a macvlan's or an ipvlan's mode (IFLA_MACVLAN_MODE, IFLA_IPVLAN_MODE), else 0
 * @param kindFlags a macvlan's or an ipvlan's flags (IFLA_MACVLAN_FLAGS, IFLA_IPVLAN_FLAGS), else 0
 * @param vrfTable a VRF device's routing table (IFLA_VRF_TABLE), else 0
 */
public record Link(
    int index,
    String name,
    OperState operState,
    int flags,
    int mtu,
    String mac,
    String kind,
    int lowerIndex,
    int mode,
    int kindFlags,
    long vrfTable) {
  public Link(int index, String name, OperState operState, int flags, int mtu, String mac) {
    this(index, name, operState, flags, mtu, mac, null, 0);
  }

  public Link(
      int index,
      String name,
      OperState operState,
      int flags,
      int mtu,
      String mac,
      String kind,
      int lowerIndex) {
    this(index, name, operState, flags, mtu, mac, kind, lowerIndex, 0, 0, 0);
  }

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
