package io.vigil.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads a run of netlink attributes as an iterator with a sticky error: {@code while (a.next())
 * switch (a.type()) {...}; a.check();}. Unknown types are simply skipped by the caller; a length
 * that runs past the end, or a value read at the wrong size, records an error that {@link #check()}
 * throws as a {@link NetlinkDecodeException}.
 */
public final class Attrs {
  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  /**
   * The bytes, read by hand rather than through a ByteBuffer: the drift repair's dump decodes every
   * destination every few seconds, and under the JIT the daemon runs with (C1) a buffer's checked
   * reads were a fifth of that decode in the lab VM's profile. Index 0 is the buffer's index 0.
   */
  private final byte[] bytes;

  private final int end;
  private int next;
  private int type;
  private int valueOffset;
  private int valueLength;
  private String error;

  /** Attributes in {@code buf} from {@code offset} to {@code end} (absolute indexes). */
  public Attrs(ByteBuffer buf, int offset, int end) {
    this(arrayOf(buf), offset, Math.min(end, buf.limit()));
  }

  private Attrs(byte[] bytes, int offset, int end) {
    this.bytes = bytes;
    this.next = offset;
    this.end = end;
  }

  /** The buffer's bytes from its index 0 to its limit: its own array when it has one there. */
  private static byte[] arrayOf(ByteBuffer buf) {
    if (buf.hasArray() && buf.arrayOffset() == 0) {
      return buf.array();
    }
    byte[] copy = new byte[buf.limit()];
    buf.get(0, copy);
    return copy;
  }

  // three small methods rather than one: C1 inlines only methods of under 35 bytes of bytecode
  private int u16At(int i) {
    return LITTLE_ENDIAN ? le16(i) : be16(i);
  }

  private int le16(int i) {
    return (bytes[i] & 0xff) | (bytes[i + 1] & 0xff) << 8;
  }

  private int be16(int i) {
    return (bytes[i] & 0xff) << 8 | (bytes[i + 1] & 0xff);
  }

  private int u32At(int i) {
    int first = u16At(i);
    int second = u16At(i + 2);
    return LITTLE_ENDIAN ? first | second << 16 : first << 16 | second;
  }

  /** Moves to the next attribute; false at the end or after an error. */
  public boolean next() {
    if (error != null || next + AttrWriter.ATTR_HEADER_LENGTH > end) {
      if (error == null && next != end && NlMsg.align(next) < end) {
        error = "attribute header truncated at offset " + next;
      }
      return false;
    }
    int len = u16At(next + AttrWriter.ATTR_LENGTH_OFFSET);
    if (len < AttrWriter.ATTR_HEADER_LENGTH || next + len > end) {
      error = "attribute length " + len + " at offset " + next + " runs past " + end;
      return false;
    }
    type = u16At(next + AttrWriter.ATTR_TYPE_OFFSET) & AttrWriter.NLA_TYPE_MASK;
    valueOffset = next + AttrWriter.ATTR_HEADER_LENGTH;
    valueLength = len - AttrWriter.ATTR_HEADER_LENGTH;
    next += NlMsg.align(len);
    return true;
  }

  /** The current attribute's type, without the nested / byte-order flags. */
  public int type() {
    return type;
  }

  public int length() {
    return valueLength;
  }

  /** Throws the first error met, if any. */
  public void check() {
    if (error != null) {
      throw new NetlinkDecodeException(error);
    }
  }

  private boolean need(int n) {
    if (valueLength < n) {
      error = "attribute " + type + " has " + valueLength + " bytes, needs " + n;
      return false;
    }
    return true;
  }

  public int u8() {
    return need(1) ? bytes[valueOffset] & 0xff : 0;
  }

  public int u16() {
    return need(2) ? u16At(valueOffset) : 0;
  }

  /** A 16-bit value in network byte order. */
  public int u16be() {
    return need(2) ? be16(valueOffset) : 0;
  }

  public int u32() {
    return need(4) ? u32At(valueOffset) : 0;
  }

  /** A 32-bit value in network byte order. */
  public int u32be() {
    if (!need(4)) {
      return 0;
    }
    return be16(valueOffset) << 16 | be16(valueOffset + 2);
  }

  public long u64() {
    if (!need(8)) {
      return 0;
    }
    long first = Integer.toUnsignedLong(u32At(valueOffset));
    long second = Integer.toUnsignedLong(u32At(valueOffset + 4));
    return LITTLE_ENDIAN ? first | second << 32 : first << 32 | second;
  }

  public byte[] bytes() {
    return java.util.Arrays.copyOfRange(bytes, valueOffset, valueOffset + valueLength);
  }

  /** A string, up to its NUL if it has one. */
  public String string() {
    int n = 0;
    while (n < valueLength && bytes[valueOffset + n] != 0) {
      n++;
    }
    return new String(bytes, valueOffset, n, StandardCharsets.UTF_8);
  }

  /** The attributes nested in the current one. */
  public Attrs nested() {
    return new Attrs(bytes, valueOffset, valueOffset + valueLength);
  }
}
