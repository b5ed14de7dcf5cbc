package io.vigil.netlink;

/**
 * The netlink message header and its constants (netlink(7), linux/netlink.h). All fields are in
 * host byte order.
 *
 * <pre>
 *  0               4       6       8               12              16
 *  +---------------+-------+-------+---------------+---------------+
 *  |  nlmsg_len    | type  | flags |   nlmsg_seq   |   nlmsg_pid   |  payload, padded to 4
 *  +---------------+-------+-------+---------------+---------------+
 * </pre>
 */
public final class NlMsg {
  public static final int LENGTH_OFFSET = 0;
  public static final int TYPE_OFFSET = LENGTH_OFFSET + 4;
  public static final int FLAGS_OFFSET = TYPE_OFFSET + 2;
  public static final int SEQ_OFFSET = FLAGS_OFFSET + 2;
  public static final int PID_OFFSET = SEQ_OFFSET + 4;
  public static final int HEADER_LENGTH = PID_OFFSET + 4;

  /** Message types every family shares. */
  public static final int NOOP = 1;

  public static final int ERROR = 2;
  public static final int DONE = 3;
  public static final int OVERRUN = 4;

  /** Flags. */
  public static final int F_REQUEST = 0x1;

  public static final int F_MULTI = 0x2;
  public static final int F_ACK = 0x4;
  public static final int F_ECHO = 0x8;
  public static final int F_DUMP_INTR = 0x10;
  public static final int F_ROOT = 0x100;
  public static final int F_MATCH = 0x200;
  public static final int F_DUMP = F_ROOT | F_MATCH;
  public static final int F_REPLACE = 0x100;
  public static final int F_EXCL = 0x200;
  public static final int F_CREATE = 0x400;
  public static final int F_APPEND = 0x800;

  /** Flags of an NLMSG_ERROR (ack) message. */
  public static final int F_CAPPED = 0x100;

  public static final int F_ACK_TLVS = 0x200;

  /** Extended-ack attributes after an error (NLMSGERR_ATTR_*). */
  public static final int ERR_ATTR_MSG = 1;

  public static final int ERR_ATTR_OFFS = 2;

  /** struct nlmsgerr: the negative errno, then the request's header. */
  public static final int ERR_ERRNO_OFFSET = 0;

  public static final int ERR_REQUEST_OFFSET = ERR_ERRNO_OFFSET + 4;

  private NlMsg() {}

  /** Rounds up to netlink's 4-byte alignment. */
  public static int align(int n) {
    return (n + 3) & ~3;
  }
}
