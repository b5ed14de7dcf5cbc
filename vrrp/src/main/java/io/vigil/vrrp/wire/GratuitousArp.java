package io.vigil.vrrp.wire;

import java.net.Inet4Address;

/**
 * The gratuitous ARP frame keepalived sends for a virtual IPv4 address (RFC 5227 §3 "ARP
 * Announcement" form as keepalived builds it: an ARP request with sender and target IP both the
 * VIP, target hardware address all ones), Ethernet header included, for a packet socket. Big-endian
 * fields.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Ethernet destination ff:ff:ff:ff:ff:ff                 |  0
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |   Ethernet source (our MAC)   |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                                                               |  8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      EtherType 0x0806         |   hardware type 1 (Ethernet)  |  12
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    protocol type 0x0800       | hw len 6      | proto len 4   |  16
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      operation 1 (request)    |  sender hardware (our MAC) .. |  20
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  .. sender hardware address (our MAC), last 4 bytes           |  24
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    sender IP (the VIP)                        |  28
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            target hardware ff:ff:ff:ff:ff:ff                  |  32
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |   target IP (the VIP) ..      |  36
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   .. target IP                |                                  40, LENGTH = 42
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class GratuitousArp {
  public static final int ETH_DESTINATION_OFFSET = 0;
  public static final int ETH_SOURCE_OFFSET = ETH_DESTINATION_OFFSET + 6;
  public static final int ETH_TYPE_OFFSET = ETH_SOURCE_OFFSET + 6;
  public static final int ARP_OFFSET = ETH_TYPE_OFFSET + 2;
  public static final int HARDWARE_TYPE_OFFSET = ARP_OFFSET;
  public static final int PROTOCOL_TYPE_OFFSET = HARDWARE_TYPE_OFFSET + 2;
  public static final int HARDWARE_LENGTH_OFFSET = PROTOCOL_TYPE_OFFSET + 2;
  public static final int PROTOCOL_LENGTH_OFFSET = HARDWARE_LENGTH_OFFSET + 1;
  public static final int OPERATION_OFFSET = PROTOCOL_LENGTH_OFFSET + 1;
  public static final int SENDER_MAC_OFFSET = OPERATION_OFFSET + 2;
  public static final int SENDER_IP_OFFSET = SENDER_MAC_OFFSET + 6;
  public static final int TARGET_MAC_OFFSET = SENDER_IP_OFFSET + 4;
  public static final int TARGET_IP_OFFSET = TARGET_MAC_OFFSET + 6;
  public static final int LENGTH = TARGET_IP_OFFSET + 4;

  public static final int ETHERTYPE_ARP = 0x0806;
  public static final int ETHERTYPE_IPV4 = 0x0800;
  public static final int HARDWARE_ETHERNET = 1;
  public static final int OPERATION_REQUEST = 1;
  public static final int MAC_LENGTH = 6;

  private GratuitousArp() {}

  /** Writes the frame announcing {@code vip} at {@code mac}; returns {@link #LENGTH}. */
  public static int encode(byte[] mac, Inet4Address vip, byte[] b, int off) {
    if (mac.length != MAC_LENGTH) {
      throw new IllegalArgumentException("MAC must be 6 bytes: " + mac.length);
    }
    byte[] ip = vip.getAddress();
    fillOnes(b, off + ETH_DESTINATION_OFFSET);
    System.arraycopy(mac, 0, b, off + ETH_SOURCE_OFFSET, MAC_LENGTH);
    BigEndian.putU16(b, off + ETH_TYPE_OFFSET, ETHERTYPE_ARP);
    BigEndian.putU16(b, off + HARDWARE_TYPE_OFFSET, HARDWARE_ETHERNET);
    BigEndian.putU16(b, off + PROTOCOL_TYPE_OFFSET, ETHERTYPE_IPV4);
    b[off + HARDWARE_LENGTH_OFFSET] = MAC_LENGTH;
    b[off + PROTOCOL_LENGTH_OFFSET] = 4;
    BigEndian.putU16(b, off + OPERATION_OFFSET, OPERATION_REQUEST);
    System.arraycopy(mac, 0, b, off + SENDER_MAC_OFFSET, MAC_LENGTH);
    System.arraycopy(ip, 0, b, off + SENDER_IP_OFFSET, 4);
    fillOnes(b, off + TARGET_MAC_OFFSET);
    System.arraycopy(ip, 0, b, off + TARGET_IP_OFFSET, 4);
    return LENGTH;
  }

  private static void fillOnes(byte[] b, int at) {
    for (int i = 0; i < MAC_LENGTH; i++) {
      b[at + i] = (byte) 0xff;
    }
  }
}
