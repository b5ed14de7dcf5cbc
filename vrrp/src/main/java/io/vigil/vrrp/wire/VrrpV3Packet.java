package io.vigil.vrrp.wire;

import static io.vigil.vrrp.wire.VrrpHeader.ADDRESSES_OFFSET;
import static io.vigil.vrrp.wire.VrrpHeader.SECOND_WORD_OFFSET;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The VRRPv3 advertisement (RFC 5798 §5.1), IPv4 or IPv6. Big-endian fields; the address family (4
 * or 16 byte addresses) is the IP packet's. The checksum (§5.2.8) covers the message plus the IPv6
 * pseudo-header, or for IPv4 what {@link ChecksumMode} says.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Type  | Virtual Rtr ID|   Priority    |Count IPvX Addr|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |(rsvd) |  Max Adver Int (cs)   |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      IPvX Address(es) (1..n)                  |  ADDRESSES_OFFSET = 8
 * |                  4 (IPv4) or 16 (IPv6) bytes each             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class VrrpV3Packet {
  public static final int VERSION = 3;

  /** 4 reserved bits (sent zero, ignored) and 12 bits of interval in centiseconds. */
  public static final int MAX_ADVER_INT_OFFSET = SECOND_WORD_OFFSET;

  public static final int MAX_ADVER_INT_MASK = 0x0fff;

  /** The multicast group keepalived's {@code old_unicast_checksum} puts in the pseudo-header. */
  public static final Inet4Address IPV4_GROUP =
      VrrpV2Packet.inet4(new byte[] {(byte) 224, 0, 0, 18});

  private VrrpV3Packet() {}

  /** The message length for {@code count} addresses of {@code addressLength} bytes. */
  public static int length(int count, int addressLength) {
    return ADDRESSES_OFFSET + count * addressLength;
  }

  public static int maxAdverIntCs(byte[] b, int off) {
    return BigEndian.u16(b, off + MAX_ADVER_INT_OFFSET) & MAX_ADVER_INT_MASK;
  }

  /**
   * The checksum over {@code length} message bytes sent from {@code source} to {@code destination};
   * zero when the message's own checksum is right.
   */
  public static int checksum(
      byte[] b,
      int off,
      int length,
      InetAddress source,
      InetAddress destination,
      ChecksumMode mode) {
    return checksum(b, off, length, source, destination, mode, IPV4_GROUP);
  }

  /**
   * As {@link #checksum(byte[], int, int, InetAddress, InetAddress, ChecksumMode)}, with the group
   * {@link ChecksumMode#OLD_UNICAST_MULTICAST_GROUP} puts in the pseudo-header: keepalived's global
   * {@code vrrp_mcast_group4} (224.0.0.18 unless set).
   */
  public static int checksum(
      byte[] b,
      int off,
      int length,
      InetAddress source,
      InetAddress destination,
      ChecksumMode mode,
      InetAddress oldGroup) {
    long sum = InternetChecksum.add(0, b, off, length);
    if (source instanceof Inet4Address) {
      switch (mode) {
        case PSEUDO_HEADER ->
            sum = InternetChecksum.addPseudoHeader(sum, source, destination, length);
        case OLD_UNICAST_MULTICAST_GROUP ->
            sum = InternetChecksum.addPseudoHeader(sum, source, oldGroup, length);
        case MESSAGE_ONLY -> {}
      }
    } else {
      sum = InternetChecksum.addPseudoHeader(sum, source, destination, length);
    }
    return InternetChecksum.finish(sum);
  }

  /**
   * Writes {@code advert} at {@code off} with the checksum for that source and destination; returns
   * the length written.
   */
  public static int encode(
      Advert advert,
      byte[] b,
      int off,
      InetAddress source,
      InetAddress destination,
      ChecksumMode mode) {
    return encode(advert, b, off, source, destination, mode, IPV4_GROUP);
  }

  /**
   * As {@link #encode(Advert, byte[], int, InetAddress, InetAddress, ChecksumMode)}, with the old
   * checksum's group ({@link #checksum(byte[], int, int, InetAddress, InetAddress, ChecksumMode,
   * InetAddress)}).
   */
  public static int encode(
      Advert advert,
      byte[] b,
      int off,
      InetAddress source,
      InetAddress destination,
      ChecksumMode mode,
      InetAddress oldGroup) {
    if (advert.version() != VERSION) {
      throw new IllegalArgumentException("not a VRRPv3 advert: " + advert);
    }
    List<InetAddress> addrs = advert.addresses();
    int addressLength = source.getAddress().length;
    if (!addrs.isEmpty() && addrs.get(0).getAddress().length != addressLength) {
      throw new IllegalArgumentException(
          "addresses not of the source's family: " + advert + " from " + source);
    }
    int length = length(addrs.size(), addressLength);
    Arrays.fill(b, off, off + length, (byte) 0);
    VrrpHeader.putFirstWord(b, off, VERSION, advert.vrid(), advert.priority(), addrs.size());
    BigEndian.putU16(b, off + MAX_ADVER_INT_OFFSET, advert.advertIntervalCs() & MAX_ADVER_INT_MASK);
    for (int i = 0; i < addrs.size(); i++) {
      System.arraycopy(
          addrs.get(i).getAddress(),
          0,
          b,
          off + ADDRESSES_OFFSET + i * addressLength,
          addressLength);
    }
    VrrpHeader.putChecksum(b, off, checksum(b, off, length, source, destination, mode, oldGroup));
    return length;
  }

  /** Reads a message already checked for length and version; addresses of {@code addressLength}. */
  public static Advert decode(byte[] b, int off, int addressLength) {
    int count = VrrpHeader.countAddrs(b, off);
    List<InetAddress> addrs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int at = off + ADDRESSES_OFFSET + i * addressLength;
      addrs.add(
          addressLength == 4
              ? VrrpV2Packet.inet4(Arrays.copyOfRange(b, at, at + 4))
              : Ipv6Header.inet6(b, at));
    }
    return Advert.v3(
        VrrpHeader.vrid(b, off), VrrpHeader.priority(b, off), maxAdverIntCs(b, off), addrs);
  }
}
