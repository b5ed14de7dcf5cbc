package io.vigil.netlink.rtnl;

import io.vigil.netlink.NetlinkDecodeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The family header of an rtnetlink link message (struct ifinfomsg, linux/rtnetlink.h), host byte
 * order.
 *
 * <pre>
 *  0        1        2                 4                 8                 12                16
 *  +--------+--------+-----------------+-----------------+-----------------+-----------------+
 *  | family |  pad   |  type (ARPHRD)  |      index      |  flags (IFF_*)  |     change      |
 *  +--------+--------+-----------------+-----------------+-----------------+-----------------+
 * </pre>
 */
public record IfInfoMsg(int family, int type, int index, int flags, int change) {
  public static final int FAMILY_OFFSET = 0;
  public static final int PAD_OFFSET = FAMILY_OFFSET + 1;
  public static final int TYPE_OFFSET = PAD_OFFSET + 1;
  public static final int INDEX_OFFSET = TYPE_OFFSET + 2;
  public static final int FLAGS_OFFSET = INDEX_OFFSET + 4;
  public static final int CHANGE_OFFSET = FLAGS_OFFSET + 4;
  public static final int LENGTH = CHANGE_OFFSET + 4;

  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(LENGTH).order(ByteOrder.nativeOrder());
    b.put(FAMILY_OFFSET, (byte) family)
        .putShort(TYPE_OFFSET, (short) type)
        .putInt(INDEX_OFFSET, index)
        .putInt(FLAGS_OFFSET, flags)
        .putInt(CHANGE_OFFSET, change);
    return b.array();
  }

  /**
   * Reads the header at {@code offset}, which must leave {@link #LENGTH} bytes before {@code end}.
   */
  public static IfInfoMsg decode(ByteBuffer b, int offset, int end) {
    if (end - offset < LENGTH) {
      throw new NetlinkDecodeException(
          "link message of " + (end - offset) + " bytes, ifinfomsg needs " + LENGTH);
    }
    ByteBuffer d = b.duplicate().order(ByteOrder.nativeOrder());
    return new IfInfoMsg(
        d.get(offset + FAMILY_OFFSET) & 0xff,
        d.getShort(offset + TYPE_OFFSET) & 0xffff,
        d.getInt(offset + INDEX_OFFSET),
        d.getInt(offset + FLAGS_OFFSET),
        d.getInt(offset + CHANGE_OFFSET));
  }
}
