package io.vigil.netlink.ipvs;

/** The kernel's IPVS version and connection table size. */
public record IpvsInfo(int version, int connectionTableSize) {
  /** {@code 1.2.1}, as ipvsadm prints it. */
  public String versionText() {
    return ((version >> 16) & 0xff) + "." + ((version >> 8) & 0xff) + "." + (version & 0xff);
  }
}
