package io.vigil.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes one netlink message: header, family header bytes, then attributes (TLVs), nested ones
 * included. Integers are host order unless the method says network order.
 *
 * <pre>
 * struct nlattr
 *  0       2       4
 *  +-------+-------+----------------+
 *  |  len  | type  | value, padded to 4 (len excludes the padding)
 *  +-------+-------+----------------+
 *  type bit 15: NLA_F_NESTED, bit 14: NLA_F_NET_BYTEORDER
 * </pre>
 */
public final class AttrWriter {
  public static final int ATTR_LENGTH_OFFSET = 0;
  public static final int ATTR_TYPE_OFFSET = ATTR_LENGTH_OFFSET + 2;
  public static final int ATTR_HEADER_LENGTH = ATTR_TYPE_OFFSET + 2;
  public static final int NLA_F_NESTED = 0x8000;
  public static final int NLA_F_NET_BYTEORDER = 0x4000;
  public static final int NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

  private ByteBuffer buf;
  private final int[] nestStack = new int[8];
  private int depth;

  /** Starts a message of {@code type} with {@code flags}; seq and pid are filled in on send. */
  public AttrWriter(int type, int flags) {
    buf = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(0).putInt(0);
  }

  /** Raw family header bytes (e.g. genlmsghdr, ifaddrmsg), padded to 4. */
  public AttrWriter header(byte[] bytes) {
    ensure(NlMsg.align(bytes.length));
    buf.put(bytes);
    pad();
    return this;
  }

  public AttrWriter u8(int type, int v) {
    put(type, 1).put((byte) v);
    return padded();
  }

  public AttrWriter u16(int type, int v) {
    put(type, 2).putShort((short) v);
    return padded();
  }

  /** A 16-bit value in network byte order (IPVS ports). */
  public AttrWriter u16be(int type, int v) {
    put(type, 2);
    buf.put((byte) (v >>> 8)).put((byte) v);
    return padded();
  }

  public AttrWriter u32(int type, int v) {
    put(type, 4).putInt(v);
    return padded();
  }

  /** A 32-bit value in network byte order (IPv4 addresses and masks). */
  public AttrWriter u32be(int type, int v) {
    put(type, 4);
    buf.put((byte) (v >>> 24)).put((byte) (v >>> 16)).put((byte) (v >>> 8)).put((byte) v);
    return padded();
  }

  public AttrWriter u64(int type, long v) {
    put(type, 8).putLong(v);
    return padded();
  }

  public AttrWriter bytes(int type, byte[] v) {
    put(type, v.length).put(v);
    return padded();
  }

  /** A NUL-terminated string. */
  public AttrWriter string(int type, String v) {
    byte[] s = v.getBytes(StandardCharsets.UTF_8);
    put(type, s.length + 1).put(s).put((byte) 0);
    return padded();
  }

  /** Opens a nested attribute; close it with {@link #end()}. */
  public AttrWriter begin(int type) {
    ensure(ATTR_HEADER_LENGTH);
    nestStack[depth++] = buf.position();
    buf.putShort((short) 0).putShort((short) (type | NLA_F_NESTED));
    return this;
  }

  /**
   * Opens a nested attribute without NLA_F_NESTED in its type, as iproute2's {@code addattr_nest}
   * and keepalived write them (rtnetlink's IFLA_AF_SPEC accepts both); close it with {@link
   * #end()}.
   */
  public AttrWriter beginPlain(int type) {
    ensure(ATTR_HEADER_LENGTH);
    nestStack[depth++] = buf.position();
    buf.putShort((short) 0).putShort((short) type);
    return this;
  }

  public AttrWriter end() {
    int start = nestStack[--depth];
    buf.putShort(start + ATTR_LENGTH_OFFSET, (short) (buf.position() - start));
    return this;
  }

  /** The finished message with its length set; seq and pid still zero. */
  public byte[] finish() {
    if (depth != 0) {
      throw new IllegalStateException("unclosed nested attribute");
    }
    buf.putInt(NlMsg.LENGTH_OFFSET, buf.position());
    byte[] out = new byte[buf.position()];
    buf.duplicate().flip().get(out);
    return out;
  }

  private ByteBuffer put(int type, int len) {
    ensure(ATTR_HEADER_LENGTH + NlMsg.align(len));
    buf.putShort((short) (ATTR_HEADER_LENGTH + len)).putShort((short) type);
    return buf;
  }

  private AttrWriter padded() {
    pad();
    return this;
  }

  private void pad() {
    while ((buf.position() & 3) != 0) {
      buf.put((byte) 0);
    }
  }

  private void ensure(int more) {
    if (buf.remaining() < more) {
      ByteBuffer bigger =
          ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more))
              .order(ByteOrder.nativeOrder());
      buf.flip();
      bigger.put(buf);
      buf = bigger;
    }
  }
}
