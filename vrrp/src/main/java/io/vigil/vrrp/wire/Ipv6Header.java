package io.vigil.vrrp.wire;

import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The fixed IPv6 header (RFC 8200 §3). Big-endian fields. A raw IPv6 socket does not deliver it
 * (the hop limit comes as ancillary data); packet sockets and captures do.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   Source Address (16 bytes)                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Destination Address (16 bytes)                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ipv6Header {
  public static final int VERSION_CLASS_FLOW_OFFSET = 0;
  public static final int PAYLOAD_LENGTH_OFFSET = VERSION_CLASS_FLOW_OFFSET + 4;
  public static final int NEXT_HEADER_OFFSET = PAYLOAD_LENGTH_OFFSET + 2;
  public static final int HOP_LIMIT_OFFSET = NEXT_HEADER_OFFSET + 1;
  public static final int SOURCE_OFFSET = HOP_LIMIT_OFFSET + 1;
  public static final int DESTINATION_OFFSET = SOURCE_OFFSET + 16;
  public static final int LENGTH = DESTINATION_OFFSET + 16;

  private Ipv6Header() {}

  public static int version(byte[] b, int off) {
    return (b[off] & 0xff) >>> 4;
  }

  public static int payloadLength(byte[] b, int off) {
    return BigEndian.u16(b, off + PAYLOAD_LENGTH_OFFSET);
  }

  public static int nextHeader(byte[] b, int off) {
    return b[off + NEXT_HEADER_OFFSET] & 0xff;
  }

  public static int hopLimit(byte[] b, int off) {
    return b[off + HOP_LIMIT_OFFSET] & 0xff;
  }

  public static Inet6Address source(byte[] b, int off) {
    return inet6(b, off + SOURCE_OFFSET);
  }

  public static Inet6Address destination(byte[] b, int off) {
    return inet6(b, off + DESTINATION_OFFSET);
  }

  static Inet6Address inet6(byte[] b, int at) {
    try {
      // Inet6Address.getByAddress: InetAddress.getByAddress would turn ::ffff:a.b.c.d into IPv4
      return Inet6Address.getByAddress(null, Arrays.copyOfRange(b, at, at + 16), -1);
    } catch (UnknownHostException e) {
      throw new AssertionError("16 bytes are always an address", e);
    }
  }
}
