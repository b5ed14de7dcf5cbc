package io.vigil.netlink.rtnl;

import io.vigil.netlink.NetlinkDecodeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The family header of an rtnetlink address message (struct ifaddrmsg, linux/if_addr.h), host byte
 * order.
 *
 * <pre>
 *  0        1          2        3        4                 8
 *  +--------+----------+--------+--------+-----------------+
 *  | family | prefixlen| flags  | scope  |     index       |
 *  +--------+----------+--------+--------+-----------------+
 *  flags holds only the low 8 bits of IFA_F_*; IFA_FLAGS (32 bits) wins when present
 * </pre>
 */
public record IfAddrMsg(int family, int prefixLength, int flags, int scope, int index) {
  public static final int FAMILY_OFFSET = 0;
  public static final int PREFIXLEN_OFFSET = FAMILY_OFFSET + 1;
  public static final int FLAGS_OFFSET = PREFIXLEN_OFFSET + 1;
  public static final int SCOPE_OFFSET = FLAGS_OFFSET + 1;
  public static final int INDEX_OFFSET = SCOPE_OFFSET + 1;
  public static final int LENGTH = INDEX_OFFSET + 4;

  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(LENGTH).order(ByteOrder.nativeOrder());
    b.put(FAMILY_OFFSET, (byte) family)
        .put(PREFIXLEN_OFFSET, (byte) prefixLength)
        .put(FLAGS_OFFSET, (byte) flags)
        .put(SCOPE_OFFSET, (byte) scope)
        .putInt(INDEX_OFFSET, index);
    return b.array();
  }

  /**
   * Reads the header at {@code offset}, which must leave {@link #LENGTH} bytes before {@code end}.
   */
  public static IfAddrMsg decode(ByteBuffer b, int offset, int end) {
    validateLength(offset, end);
    ByteBuffer d = b.duplicate().order(ByteOrder.nativeOrder());
    return new IfAddrMsg(
        d.get(offset + FAMILY_OFFSET) & 0xff,
        d.get(offset + PREFIXLEN_OFFSET) & 0xff,
        d.get(offset + FLAGS_OFFSET) & 0xff,
        d.get(offset + SCOPE_OFFSET) & 0xff,
        d.getInt(offset + INDEX_OFFSET));
  }

  static void validateLength(int offset, int end) {
    if (end - offset < LENGTH) {
      throw new NetlinkDecodeException(
          "address message of " + (end - offset) + " bytes, ifaddrmsg needs " + LENGTH);
    }
  }
}
