package io.vigil.vrrp.wire;

import java.net.Inet4Address;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The IPsec Authentication Header of VRRPv2's {@code auth_type AH} (RFC 2402 §2, as keepalived
 * 2.2.7 sends it between the IPv4 header and the VRRP message; IP protocol 51). Big-endian fields.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Header   |  Payload Len  |          RESERVED             |  next header 112, length 4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Security Parameters Index (SPI)               |  the sender's IPv4 address
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Sequence Number Field                      |  1, 2, 3 … per advert
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Integrity Check Value: HMAC-MD5-96 (12 bytes)        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The ICV is HMAC-MD5 keyed with the 8 bytes of {@code auth_pass} (zero padded) over the whole
 * IPv4 datagram with the header's mutable fields zeroed (TOS, flags and fragment offset, header
 * checksum; the TTL too for a unicast advert, as keepalived does) and the ICV itself zeroed,
 * truncated to its first 12 bytes. The IP identification is covered: whoever sends sets it (a raw
 * socket with the header included), not the kernel.
 */
public final class IpsecAh {
  public static final int PROTOCOL_AH = 51;

  /** DSCP CS6 (network control), the TOS keepalived puts on adverts. */
  static final int TOS_NETWORK_CONTROL = 0xc0;

  public static final int NEXT_HEADER_OFFSET = 0;
  public static final int PAYLOAD_LENGTH_OFFSET = NEXT_HEADER_OFFSET + 1;
  public static final int RESERVED_OFFSET = PAYLOAD_LENGTH_OFFSET + 1;
  public static final int SPI_OFFSET = RESERVED_OFFSET + 2;
  public static final int SEQUENCE_OFFSET = SPI_OFFSET + 4;
  public static final int ICV_OFFSET = SEQUENCE_OFFSET + 4;
  public static final int ICV_LENGTH = 12;
  public static final int LENGTH = ICV_OFFSET + ICV_LENGTH;

  /** The header's length in 32-bit words minus 2 (RFC 2402 §2.2). */
  public static final int PAYLOAD_LENGTH = LENGTH / 4 - 2;

  private final Mac mac;
  private final byte[] scratch = new byte[60 + LENGTH]; // the longest IPv4 header, then AH
  private final byte[] digest = new byte[16];

  /** A signer / verifier keyed with the 8 bytes of auth data ({@link Advert#passwordAuthData}). */
  public IpsecAh(byte[] authData) {
    if (authData.length != Advert.AUTH_DATA_LENGTH) {
      throw new IllegalArgumentException("AH key is 8 bytes: " + authData.length);
    }
    try {
      mac = Mac.getInstance("HmacMD5");
      mac.init(new SecretKeySpec(authData, "HmacMD5"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacMD5 is part of every JDK", e);
    }
  }

  public static int nextHeader(byte[] b, int off) {
    return b[off + NEXT_HEADER_OFFSET] & 0xff;
  }

  public static long spi(byte[] b, int off) {
    return BigEndian.u32(b, off + SPI_OFFSET);
  }

  public static long sequence(byte[] b, int off) {
    return BigEndian.u32(b, off + SEQUENCE_OFFSET);
  }

  /**
   * Writes the header at {@code off} for a VRRP message after it: the SPI is the source address,
   * sequence number and ICV zero (set per advert by {@link #sign}).
   */
  static void encode(byte[] b, int off, byte[] source4) {
    java.util.Arrays.fill(b, off, off + LENGTH, (byte) 0);
    b[off + NEXT_HEADER_OFFSET] = (byte) InternetChecksum.PROTOCOL_VRRP;
    b[off + PAYLOAD_LENGTH_OFFSET] = (byte) PAYLOAD_LENGTH;
    System.arraycopy(source4, 0, b, off + SPI_OFFSET, 4);
  }

  /**
   * Writes the whole IPv4 datagram of a VRRPv2 advert with AH, unsigned (see {@link #sign}): IPv4
   * header (TOS 0xc0, as keepalived), this header, then the message, whose auth type says AH and
   * whose 8 bytes of auth data are zero (the password is the key, never sent). Returns its length.
   */
  public static int encodeAdvert(
      Advert advert, Inet4Address source, Inet4Address destination, int ttl, byte[] b, int off) {
    Advert a =
        new Advert(
            VrrpV2Packet.VERSION,
            advert.vrid(),
            advert.priority(),
            advert.advertIntervalCs(),
            Advert.AUTH_AH,
            null,
            advert.addresses());
    int vrrp = off + Ipv4Header.MIN_LENGTH + LENGTH;
    int total = vrrp - off + VrrpV2Packet.encode(a, b, vrrp);
    Ipv4Header.encode(b, off, TOS_NETWORK_CONTROL, total, ttl, PROTOCOL_AH, source, destination);
    encode(b, off + Ipv4Header.MIN_LENGTH, source.getAddress());
    return total;
  }

  /**
   * Stamps an IPv4 datagram (header at {@code off}, AH right after it, {@code length} bytes in all)
   * with the identification and sequence number, then its ICV.
   */
  public void sign(
      byte[] b, int off, int length, int identification, long sequence, boolean unicast) {
    BigEndian.putU16(b, off + Ipv4Header.IDENTIFICATION_OFFSET, identification);
    int ah = off + Ipv4Header.headerLength(b, off);
    BigEndian.putU32(b, ah + SEQUENCE_OFFSET, sequence);
    icv(b, off, length, unicast);
    System.arraycopy(digest, 0, b, ah + ICV_OFFSET, ICV_LENGTH);
  }

  /**
   * Whether the ICV of the IPv4 datagram at {@code off} ({@code length} bytes, AH after the IP
   * header) is right for this key; compared in constant time.
   */
  public boolean verify(byte[] b, int off, int length, boolean unicast) {
    int ah = off + Ipv4Header.headerLength(b, off);
    icv(b, off, length, unicast);
    int difference = 0;
    for (int i = 0; i < ICV_LENGTH; i++) {
      difference |= b[ah + ICV_OFFSET + i] ^ digest[i];
    }
    return difference == 0;
  }

  /** HMAC-MD5 of the datagram with the mutable fields and the ICV zeroed, into {@link #digest}. */
  private void icv(byte[] b, int off, int length, boolean unicast) {
    int headers = Ipv4Header.headerLength(b, off) + LENGTH;
    System.arraycopy(b, off, scratch, 0, headers);
    scratch[Ipv4Header.TOS_OFFSET] = 0;
    scratch[Ipv4Header.FLAGS_FRAGMENT_OFFSET] = 0;
    scratch[Ipv4Header.FLAGS_FRAGMENT_OFFSET + 1] = 0;
    scratch[Ipv4Header.HEADER_CHECKSUM_OFFSET] = 0;
    scratch[Ipv4Header.HEADER_CHECKSUM_OFFSET + 1] = 0;
    if (unicast) {
      scratch[Ipv4Header.TTL_OFFSET] = 0;
    }
    java.util.Arrays.fill(scratch, headers - ICV_LENGTH, headers, (byte) 0);
    mac.update(scratch, 0, headers);
    mac.update(b, off + headers, length - headers);
    try {
      mac.doFinal(digest, 0);
    } catch (javax.crypto.ShortBufferException e) {
      throw new AssertionError("16 bytes hold an MD5 digest", e);
    }
  }
}
