package io.vigil.netlink.rtnl;

import io.vigil.netlink.NetlinkDecodeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The family header of an rtnetlink route message (struct rtmsg, linux/rtnetlink.h), host byte
 * order.
 *
 * <pre>
 *  0        1         2         3        4        5          6        7        8              12
 *  +--------+---------+---------+--------+--------+----------+--------+--------+--------------+
 *  | family | dst_len | src_len |  tos   | table  | protocol | scope  |  type  |    flags     |
 *  +--------+---------+---------+--------+--------+----------+--------+--------+--------------+
 *  table holds only tables up to 255; RTA_TABLE (32 bits) wins when present
 * </pre>
 */
public record RtMsg(
    int family,
    int dstLen,
    int srcLen,
    int tos,
    int table,
    int protocol,
    int scope,
    int type,
    int flags) {
  public static final int FAMILY_OFFSET = 0;
  public static final int DST_LEN_OFFSET = FAMILY_OFFSET + 1;
  public static final int SRC_LEN_OFFSET = DST_LEN_OFFSET + 1;
  public static final int TOS_OFFSET = SRC_LEN_OFFSET + 1;
  public static final int TABLE_OFFSET = TOS_OFFSET + 1;
  public static final int PROTOCOL_OFFSET = TABLE_OFFSET + 1;
  public static final int SCOPE_OFFSET = PROTOCOL_OFFSET + 1;
  public static final int TYPE_OFFSET = SCOPE_OFFSET + 1;
  public static final int FLAGS_OFFSET = TYPE_OFFSET + 1;
  public static final int LENGTH = FLAGS_OFFSET + 4;

  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(LENGTH).order(ByteOrder.nativeOrder());
    b.put(FAMILY_OFFSET, (byte) family)
        .put(DST_LEN_OFFSET, (byte) dstLen)
        .put(SRC_LEN_OFFSET, (byte) srcLen)
        .put(TOS_OFFSET, (byte) tos)
        .put(TABLE_OFFSET, (byte) table)
        .put(PROTOCOL_OFFSET, (byte) protocol)
        .put(SCOPE_OFFSET, (byte) scope)
        .put(TYPE_OFFSET, (byte) type)
        .putInt(FLAGS_OFFSET, flags);
    return b.array();
  }

  /**
   * Reads the header at {@code offset}, which must leave {@link #LENGTH} bytes before {@code end}.
   */
  public static RtMsg decode(ByteBuffer b, int offset, int end) {
    if (end - offset < LENGTH) {
      throw new NetlinkDecodeException(
          "route message of " + (end - offset) + " bytes, rtmsg needs " + LENGTH);
    }
    ByteBuffer d = b.duplicate().order(ByteOrder.nativeOrder());
    return new RtMsg(
        d.get(offset + FAMILY_OFFSET) & 0xff,
        d.get(offset + DST_LEN_OFFSET) & 0xff,
        d.get(offset + SRC_LEN_OFFSET) & 0xff,
        d.get(offset + TOS_OFFSET) & 0xff,
        d.get(offset + TABLE_OFFSET) & 0xff,
        d.get(offset + PROTOCOL_OFFSET) & 0xff,
        d.get(offset + SCOPE_OFFSET) & 0xff,
        d.get(offset + TYPE_OFFSET) & 0xff,
        d.getInt(offset + FLAGS_OFFSET));
  }
}
