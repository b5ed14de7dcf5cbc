package io.vigil.healthcheck.net;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

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
 *
 * <p>An ICMP error quotes the packet it is about after its own 8-byte header: the IP header, then
 * at least the first 8 bytes of our request (type, code, checksum, identifier, sequence):
 *
 * <pre>
 *  0 type  1 code  2 checksum  4 unused/MTU   8 the quoted IP header: IPv4 (IHL x 4 bytes; 9
 *  protocol, 16 destination) or IPv6 (40 bytes; 6 next header, 24 destination), then the request
 * </pre>
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

  public static final int ERROR_QUOTE_OFFSET = 8;
  static final int IPV4_PROTOCOL_OFFSET = 9;
  static final int IPV4_DESTINATION_OFFSET = 16;
  static final int IPV6_NEXT_HEADER_OFFSET = 6;
  static final int IPV6_DESTINATION_OFFSET = 24;
  static final int IPV6_HEADER_LENGTH = 40;
  static final int DESTINATION_UNREACHABLE_V4 = 3;
  static final int TIME_EXCEEDED_V4 = 11;
  static final int DESTINATION_UNREACHABLE_V6 = 1;
  static final int TIME_EXCEEDED_V6 = 3;

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

  /**
   * The ICMP error in the first {@code len} bytes of {@code m} (as a raw socket receives it, type
   * byte first) when it is a destination unreachable or time exceeded that quotes our request to
   * {@code target} with this identifier and sequence; empty for any other message.
   */
  public static Optional<String> quotedError(
      boolean ipv6, byte[] m, int len, InetAddress target, int identifier, int sequence) {
    if (len < ERROR_QUOTE_OFFSET) {
      return Optional.empty();
    }
    int type = m[TYPE_OFFSET] & 0xff;
    int code = m[CODE_OFFSET] & 0xff;
    if (ipv6
        ? type != DESTINATION_UNREACHABLE_V6 && type != TIME_EXCEEDED_V6
        : type != DESTINATION_UNREACHABLE_V4 && type != TIME_EXCEEDED_V4) {
      return Optional.empty();
    }
    int ip = ERROR_QUOTE_OFFSET;
    int request;
    byte[] destination = target.getAddress();
    if (ipv6) {
      request = ip + IPV6_HEADER_LENGTH;
      if (len < request + HEADER_LENGTH
          || (m[ip] & 0xf0) != 0x60
          || (m[ip + IPV6_NEXT_HEADER_OFFSET] & 0xff) != 58
          || !Arrays.equals(
              m,
              ip + IPV6_DESTINATION_OFFSET,
              ip + IPV6_DESTINATION_OFFSET + 16,
              destination,
              0,
              16)) {
        return Optional.empty();
      }
    } else {
      if (len < ip + 20 || (m[ip] & 0xf0) != 0x40) {
        return Optional.empty();
      }
      request = ip + (m[ip] & 0x0f) * 4;
      if (len < request + HEADER_LENGTH
          || (m[ip + IPV4_PROTOCOL_OFFSET] & 0xff) != 1
          || !Arrays.equals(
              m,
              ip + IPV4_DESTINATION_OFFSET,
              ip + IPV4_DESTINATION_OFFSET + 4,
              destination,
              0,
              4)) {
        return Optional.empty();
      }
    }
    return quotesOurRequest(ipv6, m, request, identifier, sequence)
        ? Optional.of(describe(ipv6, type, code))
        : Optional.empty();
  }

  /**
   * Whether the bytes at {@code at} are the start of our echo request (as a ping socket's error
   * queue hands it back, or as an ICMP error quotes it).
   */
  public static boolean quotesOurRequest(
      boolean ipv6, byte[] m, int at, int identifier, int sequence) {
    return m.length >= at + HEADER_LENGTH
        && (m[at + TYPE_OFFSET] & 0xff) == (ipv6 ? ECHO_REQUEST_V6 : ECHO_REQUEST_V4)
        && getShort(m, at + IDENTIFIER_OFFSET) == (identifier & 0xffff)
        && getShort(m, at + SEQUENCE_OFFSET) == (sequence & 0xffff);
  }

  /**
   * An ICMP (RFC 792, RFC 1812 §5.2.7.1) or ICMPv6 (RFC 4443 §3) error in words: "host
   * unreachable", "communication administratively prohibited", "TTL exceeded in transit", ...
   */
  public static String describe(boolean ipv6, int type, int code) {
    String text =
        ipv6
            ? switch (type) {
              case DESTINATION_UNREACHABLE_V6 ->
                  switch (code) {
                    case 0 -> "no route to destination";
                    case 1 -> "communication administratively prohibited";
                    case 2 -> "beyond scope of source address";
                    case 3 -> "address unreachable";
                    case 4 -> "port unreachable";
                    case 5 -> "source address failed ingress/egress policy";
                    case 6 -> "reject route to destination";
                    default -> null;
                  };
              case TIME_EXCEEDED_V6 ->
                  switch (code) {
                    case 0 -> "hop limit exceeded in transit";
                    case 1 -> "fragment reassembly time exceeded";
                    default -> null;
                  };
              default -> null;
            }
            : switch (type) {
              case DESTINATION_UNREACHABLE_V4 ->
                  switch (code) {
                    case 0 -> "network unreachable";
                    case 1 -> "host unreachable";
                    case 2 -> "protocol unreachable";
                    case 3 -> "port unreachable";
                    case 4 -> "fragmentation needed";
                    case 5 -> "source route failed";
                    case 6 -> "destination network unknown";
                    case 7 -> "destination host unknown";
                    case 9 -> "network administratively prohibited";
                    case 10 -> "host administratively prohibited";
                    case 11 -> "network unreachable for TOS";
                    case 12 -> "host unreachable for TOS";
                    case 13 -> "communication administratively prohibited";
                    case 14 -> "host precedence violation";
                    case 15 -> "precedence cutoff in effect";
                    default -> null;
                  };
              case TIME_EXCEEDED_V4 ->
                  switch (code) {
                    case 0 -> "TTL exceeded in transit";
                    case 1 -> "fragment reassembly time exceeded";
                    default -> null;
                  };
              default -> null;
            };
    return text != null
        ? text
        : (ipv6 ? "ICMPv6" : "ICMP") + " error type " + type + " code " + code;
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
