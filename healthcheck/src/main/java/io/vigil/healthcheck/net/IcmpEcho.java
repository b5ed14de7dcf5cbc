package io.vigil.healthcheck.net;

import java.util.Arrays;

/**
 * ICMP (RFC 792) and ICMPv6 (RFC 4443 §4) echo messages, from the type byte on; every field in
 * network byte order:
 *
 * <pre>
 *  0      1      2             4             6             8
 *  +------+------+-------------+-------------+-------------+------------------
 *  | type | code | checksum    | identifier  | sequence    | data ...
 *  +------+------+-------------+-------------+-------------+------------------
 *  request: type 8 (ICMP) / 128 (ICMPv6), reply: 0 / 129; code 0
 * </pre>
 *
 * The ICMP checksum is the Internet checksum (RFC 1071) of the whole message and is written and
 * verified here. The ICMPv6 checksum also covers a pseudo-header of the IP addresses: the kernel
 * writes it on send and drops a message whose checksum is wrong before any socket sees it, so it is
 * left 0 in a request and not verified in a reply.
 */
public final class IcmpEcho {
  public static final int TYPE_OFFSET = 0;
  public static final int CODE_OFFSET = TYPE_OFFSET + 1;
  public static final int CHECKSUM_OFFSET = CODE_OFFSET + 1;
  public static final int IDENTIFIER_OFFSET = CHECKSUM_OFFSET + 2;
  public static final int SEQUENCE_OFFSET = IDENTIFIER_OFFSET + 2;
  public static final int DATA_OFFSET = SEQUENCE_OFFSET + 2;
  public static final int HEADER_LENGTH = DATA_OFFSET;

  public static final int ECHO_REQUEST_V4 = 8;
  public static final int ECHO_REPLY_V4 = 0;
  public static final int ECHO_REQUEST_V6 = 128;
  public static final int ECHO_REPLY_V6 = 129;

  /** What a received message is to the check waiting for one reply. */
  public enum Verdict {
    /** The reply to our request: type, identifier, sequence and data all ours. */
    MATCH,
    TOO_SHORT,
    NOT_ECHO_REPLY,
    BAD_CHECKSUM,
    OTHER_IDENTIFIER,
    OTHER_SEQUENCE,
    OTHER_DATA
  }

  private IcmpEcho() {}

  /** An echo request; for ICMP with its checksum, for ICMPv6 with 0 there (the kernel's job). */
  public static byte[] request(boolean ipv6, int identifier, int sequence, byte[] data) {
    byte[] m = new byte[HEADER_LENGTH + data.length];
    m[TYPE_OFFSET] = (byte) (ipv6 ? ECHO_REQUEST_V6 : ECHO_REQUEST_V4);
    m[CODE_OFFSET] = 0;
    putShort(m, IDENTIFIER_OFFSET, identifier);
    putShort(m, SEQUENCE_OFFSET, sequence);
    System.arraycopy(data, 0, m, DATA_OFFSET, data.length);
    if (!ipv6) {
      putShort(m, CHECKSUM_OFFSET, checksum(m, 0, m.length));
    }
    return m;
  }

  /**
   * Whether the first {@code len} bytes of {@code m} are the reply to the request with this
   * identifier, sequence and data. Checked in the order of the verdicts, so the first difference
   * names it.
   */
  public static Verdict match(
      boolean ipv6, byte[] m, int len, int identifier, int sequence, byte[] data) {
    if (len < HEADER_LENGTH) {
      return Verdict.TOO_SHORT;
    }
    int type = m[TYPE_OFFSET] & 0xff;
    if (type != (ipv6 ? ECHO_REPLY_V6 : ECHO_REPLY_V4) || m[CODE_OFFSET] != 0) {
      return Verdict.NOT_ECHO_REPLY;
    }
    if (!ipv6 && checksum(m, 0, len) != 0) {
      return Verdict.BAD_CHECKSUM;
    }
    if (identifier(m) != (identifier & 0xffff)) {
      return Verdict.OTHER_IDENTIFIER;
    }
    if (sequence(m) != (sequence & 0xffff)) {
      return Verdict.OTHER_SEQUENCE;
    }
    if (len - HEADER_LENGTH != data.length
        || !Arrays.equals(m, DATA_OFFSET, len, data, 0, data.length)) {
      return Verdict.OTHER_DATA;
    }
    return Verdict.MATCH;
  }

  public static int type(byte[] m) {
    return m[TYPE_OFFSET] & 0xff;
  }

  public static int identifier(byte[] m) {
    return getShort(m, IDENTIFIER_OFFSET);
  }

  public static int sequence(byte[] m) {
    return getShort(m, SEQUENCE_OFFSET);
  }

  /**
   * The Internet checksum (RFC 1071) of {@code len} bytes: the ones' complement of the ones'
   * complement sum of 16-bit big-endian words, an odd last byte padded with zero. Over a message
   * that carries its own correct checksum it is 0.
   */
  public static int checksum(byte[] b, int offset, int len) {
    long sum = 0;
    int i = offset;
    int end = offset + len;
    for (; i + 1 < end; i += 2) {
      sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
    if (i < end) {
      sum += (b[i] & 0xff) << 8;
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return (int) (~sum & 0xffff);
  }

  private static void putShort(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 8);
    b[at + 1] = (byte) v;
  }

  private static int getShort(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }
}
