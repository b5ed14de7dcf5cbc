package io.vigil.vrrp.wire;

import static io.vigil.vrrp.wire.VrrpHeader.ADDRESSES_OFFSET;
import static io.vigil.vrrp.wire.VrrpHeader.SECOND_WORD_OFFSET;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The VRRPv2 advertisement (RFC 3768 §5.1), IPv4 only. Big-endian fields; the checksum covers the
 * VRRP message only (no pseudo-header). The 8 bytes of authentication data are always present, zero
 * when the auth type is none.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Type  | Virtual Rtr ID|   Priority    | Count IP Addrs|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Auth Type   | Adver Int (s) |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         IP Address (1)                        |  ADDRESSES_OFFSET = 8
 * |                            . . .                              |
 * |                         IP Address (n)                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Authentication Data (1)                   |  8 + 4n
 * |                     Authentication Data (2)                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class VrrpV2Packet {
  public static final int VERSION = 2;
  public static final int AUTH_TYPE_OFFSET = SECOND_WORD_OFFSET;
  public static final int ADVER_INT_OFFSET = AUTH_TYPE_OFFSET + 1;
  public static final int ADDRESS_LENGTH = 4;

  private VrrpV2Packet() {}

  /** The whole message length for {@code count} addresses: fixed part, addresses, auth data. */
  public static int length(int count) {
    return ADDRESSES_OFFSET + count * ADDRESS_LENGTH + Advert.AUTH_DATA_LENGTH;
  }

  public static int authType(byte[] b, int off) {
    return b[off + AUTH_TYPE_OFFSET] & 0xff;
  }

  public static int adverIntS(byte[] b, int off) {
    return b[off + ADVER_INT_OFFSET] & 0xff;
  }

  public static int authDataOffset(int count) {
    return ADDRESSES_OFFSET + count * ADDRESS_LENGTH;
  }

  /**
   * The checksum over {@code length} message bytes; zero when the message's own checksum is right.
   */
  public static int checksum(byte[] b, int off, int length) {
    return InternetChecksum.finish(InternetChecksum.add(0, b, off, length));
  }

  /** Writes {@code advert} at {@code off} with its checksum; returns the length written. */
  public static int encode(Advert advert, byte[] b, int off) {
    if (advert.version() != VERSION) {
      throw new IllegalArgumentException("not a VRRPv2 advert: " + advert);
    }
    List<InetAddress> addrs = advert.addresses();
    int length = length(addrs.size());
    Arrays.fill(b, off, off + length, (byte) 0);
    VrrpHeader.putFirstWord(b, off, VERSION, advert.vrid(), advert.priority(), addrs.size());
    b[off + AUTH_TYPE_OFFSET] = (byte) advert.authType();
    b[off + ADVER_INT_OFFSET] = (byte) advert.advertIntervalS();
    for (int i = 0; i < addrs.size(); i++) {
      System.arraycopy(
          addrs.get(i).getAddress(),
          0,
          b,
          off + ADDRESSES_OFFSET + i * ADDRESS_LENGTH,
          ADDRESS_LENGTH);
    }
    byte[] auth = advert.authData();
    System.arraycopy(auth, 0, b, off + authDataOffset(addrs.size()), auth.length);
    VrrpHeader.putChecksum(b, off, checksum(b, off, length));
    return length;
  }

  /**
   * Reads a message already checked for length ({@link #length} of its count) and version. The
   * values are not range-checked beyond what {@link Advert} requires.
   */
  public static Advert decode(byte[] b, int off) {
    int count = VrrpHeader.countAddrs(b, off);
    List<InetAddress> addrs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int at = off + ADDRESSES_OFFSET + i * ADDRESS_LENGTH;
      addrs.add(inet4(Arrays.copyOfRange(b, at, at + ADDRESS_LENGTH)));
    }
    int authAt = off + authDataOffset(count);
    return new Advert(
        VERSION,
        VrrpHeader.vrid(b, off),
        VrrpHeader.priority(b, off),
        adverIntS(b, off) * 100,
        authType(b, off),
        Arrays.copyOfRange(b, authAt, authAt + Advert.AUTH_DATA_LENGTH),
        addrs);
  }

  static Inet4Address inet4(byte[] four) {
    try {
      return (Inet4Address) InetAddress.getByAddress(four);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 bytes are always an address", e);
    }
  }
}
