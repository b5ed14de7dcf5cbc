package io.vigil.kernel.netlink;

/**
 * The kernel did not answer within the deadline: never a silent hang. Without a stack trace (its
 * message says which wait ran out, and the stack would always be the socket's receive): the event
 * loops that poll for the kernel's notices see one at every quiet interval (rtnetlink's every 200
 * ms), and filling in a stack each time cost more than the wait itself in the lab VM.
 */
public final class NetlinkTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NetlinkTimeoutException(String message) {
    super(message, null, false, false);
  }
}
