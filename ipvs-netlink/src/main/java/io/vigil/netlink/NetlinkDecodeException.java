package io.vigil.netlink;

/** A message from the kernel did not have the shape its type promises. */
public final class NetlinkDecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NetlinkDecodeException(String message) {
    super(message);
  }
}
