package io.vigil.vrrp.wire;

import java.net.Inet4Address;
import java.util.Arrays;

/**
 * The IPv4 header (RFC 791 §3.1) as a raw IPv4 socket delivers it in front of every datagram.
 * Big-endian fields; only what VRRP needs is read.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (IHL > 5)                          |
 * </pre>
 */
public final class Ipv4Header {
  public static final int VERSION_IHL_OFFSET = 0;
  public static final int TOS_OFFSET = VERSION_IHL_OFFSET + 1;
  public static final int TOTAL_LENGTH_OFFSET = TOS_OFFSET + 1;
  public static final int IDENTIFICATION_OFFSET = TOTAL_LENGTH_OFFSET + 2;
  public static final int FLAGS_FRAGMENT_OFFSET = IDENTIFICATION_OFFSET + 2;
  public static final int TTL_OFFSET = FLAGS_FRAGMENT_OFFSET + 2;
  public static final int PROTOCOL_OFFSET = TTL_OFFSET + 1;
  public static final int HEADER_CHECKSUM_OFFSET = PROTOCOL_OFFSET + 1;
  public static final int SOURCE_OFFSET = HEADER_CHECKSUM_OFFSET + 2;
  public static final int DESTINATION_OFFSET = SOURCE_OFFSET + 4;
  public static final int MIN_LENGTH = DESTINATION_OFFSET + 4;

  public static final int VERSION_SHIFT = 4;
  public static final int IHL_MASK = 0x0f;

  private Ipv4Header() {}

  public static int version(byte[] b, int off) {
    return (b[off + VERSION_IHL_OFFSET] & 0xff) >>> VERSION_SHIFT;
  }

  /** The header length in bytes (IHL is in 32-bit words). */
  public static int headerLength(byte[] b, int off) {
    return (b[off + VERSION_IHL_OFFSET] & IHL_MASK) * 4;
  }

  public static int totalLength(byte[] b, int off) {
    return BigEndian.u16(b, off + TOTAL_LENGTH_OFFSET);
  }

  public static int ttl(byte[] b, int off) {
    return b[off + TTL_OFFSET] & 0xff;
  }

  public static int protocol(byte[] b, int off) {
    return b[off + PROTOCOL_OFFSET] & 0xff;
  }

  public static Inet4Address source(byte[] b, int off) {
    int at = off + SOURCE_OFFSET;
    return VrrpV2Packet.inet4(Arrays.copyOfRange(b, at, at + 4));
  }

  /**
   * Writes a 20-byte header without options, for a socket that sends it as it is ({@code
   * IP_HDRINCL}): identification, flags and checksum zero (the kernel fills in the checksum, and
   * the identification while it is zero).
   */
  public static void encode(
      byte[] b,
      int off,
      int tos,
      int totalLength,
      int ttl,
      int protocol,
      Inet4Address source,
      Inet4Address destination) {
    Arrays.fill(b, off, off + MIN_LENGTH, (byte) 0);
    b[off + VERSION_IHL_OFFSET] = (byte) (4 << VERSION_SHIFT | MIN_LENGTH / 4);
    b[off + TOS_OFFSET] = (byte) tos;
    BigEndian.putU16(b, off + TOTAL_LENGTH_OFFSET, totalLength);
    b[off + TTL_OFFSET] = (byte) ttl;
    b[off + PROTOCOL_OFFSET] = (byte) protocol;
    System.arraycopy(source.getAddress(), 0, b, off + SOURCE_OFFSET, 4);
    System.arraycopy(destination.getAddress(), 0, b, off + DESTINATION_OFFSET, 4);
  }

  public static Inet4Address destination(byte[] b, int off) {
    int at = off + DESTINATION_OFFSET;
    return VrrpV2Packet.inet4(Arrays.copyOfRange(b, at, at + 4));
  }
}
