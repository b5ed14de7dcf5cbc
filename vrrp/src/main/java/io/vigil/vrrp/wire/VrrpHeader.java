package io.vigil.vrrp.wire;

/**
 * The fields both VRRP versions share: the first word, and the checksum at bytes 6-7. All
 * multi-byte fields are big-endian (network order).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Type  | Virtual Rtr ID|   Priority    | Count Addrs   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   (per version: v2 auth type, adver int; v3 max adver int)    |  Checksum at 6
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class VrrpHeader {
  public static final int VERSION_TYPE_OFFSET = 0;
  public static final int VRID_OFFSET = VERSION_TYPE_OFFSET + 1;
  public static final int PRIORITY_OFFSET = VRID_OFFSET + 1;
  public static final int COUNT_ADDRS_OFFSET = PRIORITY_OFFSET + 1;
  public static final int SECOND_WORD_OFFSET = COUNT_ADDRS_OFFSET + 1;
  public static final int CHECKSUM_OFFSET = SECOND_WORD_OFFSET + 2;
  public static final int ADDRESSES_OFFSET = CHECKSUM_OFFSET + 2;

  /** The fixed part both versions have before the addresses. */
  public static final int FIXED_LENGTH = ADDRESSES_OFFSET;

  /** Version is the high nibble of byte 0, type the low nibble. */
  public static final int VERSION_SHIFT = 4;

  public static final int TYPE_MASK = 0x0f;
  public static final int TYPE_ADVERTISEMENT = 1;

  private VrrpHeader() {}

  public static int version(byte[] b, int off) {
    return (b[off + VERSION_TYPE_OFFSET] & 0xff) >>> VERSION_SHIFT;
  }

  public static int type(byte[] b, int off) {
    return b[off + VERSION_TYPE_OFFSET] & TYPE_MASK;
  }

  public static int vrid(byte[] b, int off) {
    return b[off + VRID_OFFSET] & 0xff;
  }

  public static int priority(byte[] b, int off) {
    return b[off + PRIORITY_OFFSET] & 0xff;
  }

  public static int countAddrs(byte[] b, int off) {
    return b[off + COUNT_ADDRS_OFFSET] & 0xff;
  }

  public static int checksum(byte[] b, int off) {
    return BigEndian.u16(b, off + CHECKSUM_OFFSET);
  }

  static void putFirstWord(byte[] b, int off, int version, int vrid, int priority, int count) {
    b[off + VERSION_TYPE_OFFSET] = (byte) ((version << VERSION_SHIFT) | TYPE_ADVERTISEMENT);
    b[off + VRID_OFFSET] = (byte) vrid;
    b[off + PRIORITY_OFFSET] = (byte) priority;
    b[off + COUNT_ADDRS_OFFSET] = (byte) count;
  }

  static void putChecksum(byte[] b, int off, int checksum) {
    BigEndian.putU16(b, off + CHECKSUM_OFFSET, checksum);
  }
}
