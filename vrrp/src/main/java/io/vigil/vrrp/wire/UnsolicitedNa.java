package io.vigil.vrrp.wire;

import java.net.Inet6Address;

/**
 * The unsolicited neighbour advertisement keepalived sends for a virtual IPv6 address (RFC 4861
 * §4.4 and §7.2.6): from the VIP to all-nodes ff02::1, hop limit 255, Override flag, a target
 * link-layer address option; Ethernet header included, for a packet socket. Big-endian fields; the
 * ICMPv6 checksum covers the IPv6 pseudo-header (next header 58).
 *
 * <pre>
 *  0      6      12   14                  54      55     56         58       60         74  76  78     86
 *  +------+------+----+--------------------+------+------+----------+--------+----------+---+---+------+
 *  | dst  | src  |86dd| IPv6 header (40)   | type | code | checksum | R S O  | target   |opt|len| MAC  |
 *  |33:33:| our  |    | VIP -> ff02::1     | 136  |  0   |          | flags  | (the VIP)| 2 | 1 |      |
 *  |00:00:| MAC  |    | next 58, hlim 255  |      |      |          | +3 rsvd| 16 bytes |   |   |      |
 *  |00:01 |      |    |                    |      |      |          |        |          |   |   |      |
 *  +------+------+----+--------------------+------+------+----------+--------+----------+---+---+------+
 * </pre>
 */
public final class UnsolicitedNa {
  public static final int ETH_DESTINATION_OFFSET = 0;
  public static final int ETH_SOURCE_OFFSET = ETH_DESTINATION_OFFSET + 6;
  public static final int ETH_TYPE_OFFSET = ETH_SOURCE_OFFSET + 6;
  public static final int IPV6_OFFSET = ETH_TYPE_OFFSET + 2;
  public static final int ICMP_OFFSET = IPV6_OFFSET + Ipv6Header.LENGTH;
  public static final int ICMP_TYPE_OFFSET = ICMP_OFFSET;
  public static final int ICMP_CODE_OFFSET = ICMP_TYPE_OFFSET + 1;
  public static final int ICMP_CHECKSUM_OFFSET = ICMP_CODE_OFFSET + 1;
  public static final int FLAGS_OFFSET = ICMP_CHECKSUM_OFFSET + 2;
  public static final int TARGET_OFFSET = FLAGS_OFFSET + 4;
  public static final int OPTION_TYPE_OFFSET = TARGET_OFFSET + 16;
  public static final int OPTION_LENGTH_OFFSET = OPTION_TYPE_OFFSET + 1;
  public static final int OPTION_MAC_OFFSET = OPTION_LENGTH_OFFSET + 1;
  public static final int LENGTH = OPTION_MAC_OFFSET + 6;
  public static final int ICMP_LENGTH = LENGTH - ICMP_OFFSET;

  public static final int ETHERTYPE_IPV6 = 0x86dd;
  public static final int NEXT_HEADER_ICMPV6 = 58;
  public static final int TYPE_NEIGHBOR_ADVERTISEMENT = 136;

  /** Flags byte: Router 0x80, Solicited 0x40, Override 0x20. */
  public static final int FLAG_ROUTER = 0x80;

  public static final int FLAG_OVERRIDE = 0x20;
  public static final int OPTION_TARGET_LINK_LAYER_ADDRESS = 2;

  private static final Inet6Address ALL_NODES =
      Ipv6Header.inet6(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 0);

  private UnsolicitedNa() {}

  /** Writes the frame announcing {@code vip} at {@code mac}; returns {@link #LENGTH}. */
  public static int encode(byte[] mac, Inet6Address vip, int flags, byte[] b, int off) {
    if (mac.length != 6) {
      throw new IllegalArgumentException("MAC must be 6 bytes: " + mac.length);
    }
    java.util.Arrays.fill(b, off, off + LENGTH, (byte) 0);
    byte[] dstMac = {0x33, 0x33, 0, 0, 0, 1};
    System.arraycopy(dstMac, 0, b, off + ETH_DESTINATION_OFFSET, 6);
    System.arraycopy(mac, 0, b, off + ETH_SOURCE_OFFSET, 6);
    BigEndian.putU16(b, off + ETH_TYPE_OFFSET, ETHERTYPE_IPV6);
    int ip = off + IPV6_OFFSET;
    b[ip + Ipv6Header.VERSION_CLASS_FLOW_OFFSET] = 0x60;
    BigEndian.putU16(b, ip + Ipv6Header.PAYLOAD_LENGTH_OFFSET, ICMP_LENGTH);
    b[ip + Ipv6Header.NEXT_HEADER_OFFSET] = NEXT_HEADER_ICMPV6;
    b[ip + Ipv6Header.HOP_LIMIT_OFFSET] = (byte) 255;
    System.arraycopy(vip.getAddress(), 0, b, ip + Ipv6Header.SOURCE_OFFSET, 16);
    System.arraycopy(ALL_NODES.getAddress(), 0, b, ip + Ipv6Header.DESTINATION_OFFSET, 16);
    b[off + ICMP_TYPE_OFFSET] = (byte) TYPE_NEIGHBOR_ADVERTISEMENT;
    b[off + FLAGS_OFFSET] = (byte) flags;
    System.arraycopy(vip.getAddress(), 0, b, off + TARGET_OFFSET, 16);
    b[off + OPTION_TYPE_OFFSET] = OPTION_TARGET_LINK_LAYER_ADDRESS;
    b[off + OPTION_LENGTH_OFFSET] = 1; // in units of 8 bytes
    System.arraycopy(mac, 0, b, off + OPTION_MAC_OFFSET, 6);
    long sum = InternetChecksum.add(0, b, off + ICMP_OFFSET, ICMP_LENGTH);
    sum = InternetChecksum.add(sum, b, ip + Ipv6Header.SOURCE_OFFSET, 32);
    sum += ICMP_LENGTH + NEXT_HEADER_ICMPV6;
    BigEndian.putU16(b, off + ICMP_CHECKSUM_OFFSET, InternetChecksum.finish(sum));
    return LENGTH;
  }
}
