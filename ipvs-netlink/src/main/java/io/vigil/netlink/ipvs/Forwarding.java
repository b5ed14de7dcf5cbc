package io.vigil.netlink.ipvs;

/** How IPVS forwards to a destination (IP_VS_CONN_F_* forwarding methods). */
public enum Forwarding {
  /** NAT: ipvsadm -m, keepalived lb_kind NAT. */
  MASQ(0),
  /** Local node. */
  LOCAL(1),
  /** IP-in-IP and friends: ipvsadm -i, lb_kind TUN. */
  TUNNEL(2),
  /** Direct routing: ipvsadm -g, lb_kind DR. */
  DROUTE(3),
  BYPASS(4);

  /** IP_VS_CONN_F_FWD_MASK. */
  public static final int MASK = 0x7;

  private static final Forwarding[] ALL = values(); // values() copies the array at every call

  private final int code;

  Forwarding(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static Forwarding of(int code) {
    for (Forwarding f : ALL) {
      if (f.code == (code & MASK)) {
        return f;
      }
    }
    throw new IllegalArgumentException("forwarding method " + code);
  }
}
