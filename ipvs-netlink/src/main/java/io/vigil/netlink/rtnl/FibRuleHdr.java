package io.vigil.netlink.rtnl;

import io.vigil.netlink.NetlinkDecodeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The family header of an rtnetlink rule message (struct fib_rule_hdr, linux/fib_rules.h), host
 * byte order. It is laid out as struct rtmsg is (the kernel's rule code relies on that).
 *
 * <pre>
 *  0        1         2         3        4        5        6        7        8              12
 *  +--------+---------+---------+--------+--------+--------+--------+--------+--------------+
 *  | family | dst_len | src_len |  tos   | table  |  res1  |  res2  | action |    flags     |
 *  +--------+---------+---------+--------+--------+--------+--------+--------+--------------+
 *  table holds only tables up to 255; FRA_TABLE (32 bits) wins when present
 * </pre>
 */
public record FibRuleHdr(
    int family, int dstLen, int srcLen, int tos, int table, int action, int flags) {
  public static final int FAMILY_OFFSET = 0;
  public static final int DST_LEN_OFFSET = FAMILY_OFFSET + 1;
  public static final int SRC_LEN_OFFSET = DST_LEN_OFFSET + 1;
  public static final int TOS_OFFSET = SRC_LEN_OFFSET + 1;
  public static final int TABLE_OFFSET = TOS_OFFSET + 1;
  public static final int RES1_OFFSET = TABLE_OFFSET + 1;
  public static final int RES2_OFFSET = RES1_OFFSET + 1;
  public static final int ACTION_OFFSET = RES2_OFFSET + 1;
  public static final int FLAGS_OFFSET = ACTION_OFFSET + 1;
  public static final int LENGTH = FLAGS_OFFSET + 4;

  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(LENGTH).order(ByteOrder.nativeOrder());
    b.put(FAMILY_OFFSET, (byte) family)
        .put(DST_LEN_OFFSET, (byte) dstLen)
        .put(SRC_LEN_OFFSET, (byte) srcLen)
        .put(TOS_OFFSET, (byte) tos)
        .put(TABLE_OFFSET, (byte) table)
        .put(ACTION_OFFSET, (byte) action)
        .putInt(FLAGS_OFFSET, flags);
    return b.array();
  }

  /**
   * Reads the header at {@code offset}, which must leave {@link #LENGTH} bytes before {@code end}.
   */
  public static FibRuleHdr decode(ByteBuffer b, int offset, int end) {
    if (end - offset < LENGTH) {
      throw new NetlinkDecodeException(
          "rule message of " + (end - offset) + " bytes, fib_rule_hdr needs " + LENGTH);
    }
    ByteBuffer d = b.duplicate().order(ByteOrder.nativeOrder());
    return new FibRuleHdr(
        d.get(offset + FAMILY_OFFSET) & 0xff,
        d.get(offset + DST_LEN_OFFSET) & 0xff,
        d.get(offset + SRC_LEN_OFFSET) & 0xff,
        d.get(offset + TOS_OFFSET) & 0xff,
        d.get(offset + TABLE_OFFSET) & 0xff,
        d.get(offset + ACTION_OFFSET) & 0xff,
        d.getInt(offset + FLAGS_OFFSET));
  }
}
