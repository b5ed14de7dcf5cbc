package io.vigil.kernel.socket;

/**
 * The 64-bit Linux layouts of {@code struct msghdr} and {@code struct cmsghdr} (sys/socket.h), for
 * the sockets that read ancillary data with recvmsg: the raw IPv6 socket (hop limit, destination)
 * and the ICMP socket (its error queue); and for the raw IPv6 socket's sends from a source of its
 * own (sendmsg with IPV6_PKTINFO).
 *
 * <pre>
 * struct msghdr (56)                                 struct cmsghdr (16) + data
 *  0 name*   8 namelen  16 iov*  24 iovlen            0 len (8)  8 level  12 type  16 data
 * 32 control*  40 controllen  48 flags
 * </pre>
 *
 * Each control message starts 8-byte aligned.
 */
final class MsgHdr {
  private MsgHdr() {}

  static final int MSG_NAME_OFFSET = 0;
  static final int MSG_NAMELEN_OFFSET = MSG_NAME_OFFSET + 8;
  static final int MSG_IOV_OFFSET = MSG_NAMELEN_OFFSET + 8;
  static final int MSG_IOVLEN_OFFSET = MSG_IOV_OFFSET + 8;
  static final int MSG_CONTROL_OFFSET = MSG_IOVLEN_OFFSET + 8;
  static final int MSG_CONTROLLEN_OFFSET = MSG_CONTROL_OFFSET + 8;
  static final int MSG_FLAGS_OFFSET = MSG_CONTROLLEN_OFFSET + 8;
  static final int MSGHDR_LENGTH = MSG_FLAGS_OFFSET + 8;

  static final int CMSG_LEN_OFFSET = 0;
  static final int CMSG_LEVEL_OFFSET = CMSG_LEN_OFFSET + 8;
  static final int CMSG_TYPE_OFFSET = CMSG_LEVEL_OFFSET + 4;
  static final int CMSG_DATA_OFFSET = CMSG_TYPE_OFFSET + 4;

  /** The length of a control message of {@code len} bytes, rounded up to the next one's start. */
  static long align(long len) {
    return (len + 7) & ~7L;
  }
}
