package io.vigil.netlink.ipvs;

/** The transport protocols an IPVS service can balance, with their IP protocol numbers. */
public enum Protocol {
  TCP(6),
  UDP(17),
  SCTP(132);

  private final int number;

  Protocol(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  /** The protocol for an IP protocol number, or null. */
  public static Protocol of(int number) {
    for (Protocol p : values()) {
      if (p.number == number) {
        return p;
      }
    }
    return null;
  }
}
