package io.vigil.netlink.rtnl;

/** RFC 2863 operational state of a link (IFLA_OPERSTATE, IF_OPER_*). */
public enum OperState {
  UNKNOWN,
  NOTPRESENT,
  DOWN,
  LOWERLAYERDOWN,
  TESTING,
  DORMANT,
  UP;

  /** The state for the kernel's code; codes it does not know yet read as UNKNOWN. */
  public static OperState of(int code) {
    OperState[] all = values();
    return code >= 0 && code < all.length ? all[code] : UNKNOWN;
  }

  public int code() {
    return ordinal();
  }
}
