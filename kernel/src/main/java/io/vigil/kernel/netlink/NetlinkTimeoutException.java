package io.vigil.kernel.netlink;

/** The kernel did not answer within the deadline: never a silent hang. */
public final class NetlinkTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NetlinkTimeoutException(String message) {
    super(message);
  }
}
