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
  private final ByteBuffer buf;
  private final int end;
  private int next;
  private int type;
  private int valueOffset;
  private int valueLength;
  private String error;

  /** Attributes in {@code buf} from {@code offset} to {@code end} (absolute indexes). */
  public Attrs(ByteBuffer buf, int offset, int end) {
    this.buf = buf.duplicate().order(ByteOrder.nativeOrder());
    this.next = offset;
    this.end = Math.min(end, buf.limit());
  }

  /** Moves to the next attribute; false at the end or after an error. */
  public boolean next() {
    if (error != null || next + AttrWriter.ATTR_HEADER_LENGTH > end) {
      if (error == null && next != end && NlMsg.align(next) < end) {
        error = "attribute header truncated at offset " + next;
      }
      return false;
    }
    int len = buf.getShort(next + AttrWriter.ATTR_LENGTH_OFFSET) & 0xffff;
    if (len < AttrWriter.ATTR_HEADER_LENGTH || next + len > end) {
      error = "attribute length " + len + " at offset " + next + " runs past " + end;
      return false;
    }
    type = buf.getShort(next + AttrWriter.ATTR_TYPE_OFFSET) & AttrWriter.NLA_TYPE_MASK;
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
    return need(1) ? buf.get(valueOffset) & 0xff : 0;
  }

  public int u16() {
    return need(2) ? buf.getShort(valueOffset) & 0xffff : 0;
  }

  /** A 16-bit value in network byte order. */
  public int u16be() {
    return need(2) ? ((buf.get(valueOffset) & 0xff) << 8) | (buf.get(valueOffset + 1) & 0xff) : 0;
  }

  public int u32() {
    return need(4) ? buf.getInt(valueOffset) : 0;
  }

  /** A 32-bit value in network byte order. */
  public int u32be() {
    return need(4) ? buf.duplicate().order(ByteOrder.BIG_ENDIAN).getInt(valueOffset) : 0;
  }

  public long u64() {
    return need(8) ? buf.getLong(valueOffset) : 0;
  }

  public byte[] bytes() {
    byte[] out = new byte[valueLength];
    buf.get(valueOffset, out);
    return out;
  }

  /** A string, up to its NUL if it has one. */
  public String string() {
    int n = 0;
    while (n < valueLength && buf.get(valueOffset + n) != 0) {
      n++;
    }
    byte[] b = new byte[n];
    buf.get(valueOffset, b);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** The attributes nested in the current one. */
  public Attrs nested() {
    return new Attrs(buf, valueOffset, valueOffset + valueLength);
  }
}
