package io.vigil.netlink;

import io.vigil.kernel.Errno;

/**
 * The kernel refused a request: its errno, the errno's name, the extended-ack message if the kernel
 * gave one, and which request it was, e.g. {@code EEXIST: add service TCP 192.0.2.10:80: File
 * exists}.
 */
public final class NetlinkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int errno;
  private final String extAck;
  private final String request;

  public NetlinkException(int errno, String extAck, String request) {
    super(
        Errno.name(errno)
            + ": "
            + request
            + ": "
            + (extAck == null || extAck.isEmpty() ? Errno.describe(errno) : extAck));
    this.errno = errno;
    this.extAck = extAck;
    this.request = request;
  }

  public int errno() {
    return errno;
  }

  public String errnoName() {
    return Errno.name(errno);
  }

  /** The kernel's extended-ack text, or null. */
  public String extAck() {
    return extAck;
  }

  /** What was asked, in words. */
  public String request() {
    return request;
  }
}
