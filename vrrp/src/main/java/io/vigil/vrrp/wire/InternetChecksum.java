package io.vigil.vrrp.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum of
 * big-endian 16-bit words, an odd trailing byte padded with zero. Sums are accumulated in a {@code
 * long} and folded once at the end, so pseudo-header and message can be added in any order.
 */
public final class InternetChecksum {
  /** The IP protocol number of VRRP (RFC 5798 §5.1.1.4 / §5.1.2.3). */
  public static final int PROTOCOL_VRRP = 112;

  private InternetChecksum() {}

  /** Adds {@code length} bytes from {@code offset} to a running sum. */
  public static long add(long sum, byte[] bytes, int offset, int length) {
    int i = offset;
    int end = offset + length;
    for (; i + 1 < end; i += 2) {
      sum += ((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff);
    }
    if (i < end) {
      sum += (bytes[i] & 0xff) << 8;
    }
    return sum;
  }

  /**
   * Adds the pseudo-header of the upper layer to a running sum: for IPv4 source, destination, a
   * zero byte, the protocol and a 16-bit length (RFC 768 style, as RFC 5798 §5.2.8 is read for
   * IPv4); for IPv6 source, destination, a 32-bit length, three zero bytes and the next header (RFC
   * 8200 §8.1).
   */
  public static long addPseudoHeader(
      long sum, InetAddress source, InetAddress destination, int length) {
    byte[] src = source.getAddress();
    byte[] dst = destination.getAddress();
    if (src.length != dst.length) {
      throw new IllegalArgumentException("mixed address families: " + source + " " + destination);
    }
    sum = add(sum, src, 0, src.length);
    sum = add(sum, dst, 0, dst.length);
    if (source instanceof Inet4Address) {
      return sum + PROTOCOL_VRRP + (length & 0xffff);
    }
    if (source instanceof Inet6Address) {
      return sum + ((length >>> 16) & 0xffff) + (length & 0xffff) + PROTOCOL_VRRP;
    }
    throw new IllegalArgumentException("not an IP address: " + source);
  }

  /** Folds the carries and complements: the value to put in a checksum field. */
  public static int finish(long sum) {
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return (int) (~sum & 0xffff);
  }
}
