package io.vigil.netlink.ipvs;

/** The kernel has no IPVS: the ip_vs module is not loaded (or the kernel lacks it). */
public final class IpvsUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IpvsUnavailableException(Throwable cause) {
    super(
        "the ip_vs kernel module is not loaded (the kernel has no IPVS generic netlink family; "
            + "try: modprobe ip_vs)",
        cause);
  }
}
