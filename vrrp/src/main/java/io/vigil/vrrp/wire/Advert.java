package io.vigil.vrrp.wire;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A VRRP advertisement as both versions carry it, in one unit: the advert interval is in
 * centiseconds for both (VRRPv2 puts whole seconds on the wire, so it must be a multiple of 100
 * there). {@code authType} and {@code authData} are VRRPv2 only ({@link #AUTH_NONE} and empty for
 * VRRPv3).
 *
 * @param version 2 or 3
 * @param vrid the virtual router id, 1..255
 * @param priority 0 (the master is leaving) .. 255 (the address owner)
 * @param advertIntervalCs the (maximum) advertisement interval in centiseconds
 * @param authType VRRPv2 authentication type: {@link #AUTH_NONE}, {@link #AUTH_PASS}
 * @param authData VRRPv2 authentication data, exactly 8 bytes (zero padded password), empty for v3
 * @param addresses the virtual addresses, all of one family (IPv4 only for VRRPv2)
 */
public record Advert(
    int version,
    int vrid,
    int priority,
    int advertIntervalCs,
    int authType,
    byte[] authData,
    List<InetAddress> addresses) {
  public static final int AUTH_NONE = 0;
  public static final int AUTH_PASS = 1;

  /** RFC 3768 §5.3.6: type 2 was IP Authentication Header; keepalived calls it {@code AH}. */
  public static final int AUTH_AH = 2;

  public static final int AUTH_DATA_LENGTH = 8;

  private static final byte[] NO_AUTH_DATA = new byte[0];

  public Advert {
    if (version != 2 && version != 3) {
      throw new IllegalArgumentException("VRRP version must be 2 or 3: " + version);
    }
    if (vrid < 1 || vrid > 255) {
      throw new IllegalArgumentException("vrid must be 1..255: " + vrid);
    }
    if (priority < 0 || priority > 255) {
      throw new IllegalArgumentException("priority must be 0..255: " + priority);
    }
    if (version == 2
        && (advertIntervalCs % 100 != 0 || advertIntervalCs < 100 || advertIntervalCs > 25500)) {
      throw new IllegalArgumentException(
          "VRRPv2 advert interval must be 1..255 s: " + advertIntervalCs + " cs");
    }
    if (version == 3
        && (advertIntervalCs < 1 || advertIntervalCs > VrrpV3Packet.MAX_ADVER_INT_MASK)) {
      throw new IllegalArgumentException(
          "VRRPv3 advert interval must be 1..4095 cs: " + advertIntervalCs);
    }
    if (addresses.size() > 255) {
      throw new IllegalArgumentException("at most 255 addresses: " + addresses.size());
    }
    addresses = List.copyOf(addresses);
    boolean v4 = addresses.isEmpty() || addresses.get(0) instanceof Inet4Address;
    for (InetAddress a : addresses) {
      if ((a instanceof Inet4Address) != v4) {
        throw new IllegalArgumentException("addresses of mixed families: " + addresses);
      }
    }
    if (version == 2) {
      if (!v4) {
        throw new IllegalArgumentException("VRRPv2 carries IPv4 addresses only: " + addresses);
      }
      authData = authData == null ? new byte[AUTH_DATA_LENGTH] : authData.clone();
      if (authData.length != AUTH_DATA_LENGTH) {
        throw new IllegalArgumentException("VRRPv2 auth data is 8 bytes: " + authData.length);
      }
    } else {
      if (authType != AUTH_NONE || (authData != null && authData.length != 0)) {
        throw new IllegalArgumentException("VRRPv3 has no authentication");
      }
      authData = NO_AUTH_DATA;
    }
  }

  /** A VRRPv3 advert. */
  public static Advert v3(
      int vrid, int priority, int advertIntervalCs, List<InetAddress> addresses) {
    return new Advert(3, vrid, priority, advertIntervalCs, AUTH_NONE, null, addresses);
  }

  /** A VRRPv2 advert without authentication (eight zero bytes of auth data). */
  public static Advert v2(
      int vrid, int priority, int advertIntervalS, List<InetAddress> addresses) {
    return new Advert(2, vrid, priority, advertIntervalS * 100, AUTH_NONE, null, addresses);
  }

  /**
   * A VRRPv2 advert with a simple password, truncated / zero-padded to 8 bytes as keepalived does.
   */
  public static Advert v2Pass(
      int vrid, int priority, int advertIntervalS, byte[] password, List<InetAddress> addresses) {
    return new Advert(
        2, vrid, priority, advertIntervalS * 100, AUTH_PASS, passwordAuthData(password), addresses);
  }

  /** The 8 bytes of auth data a password becomes: its first 8 bytes, zero padded. */
  public static byte[] passwordAuthData(byte[] password) {
    return Arrays.copyOf(password, AUTH_DATA_LENGTH);
  }

  /** The advert's authentication data (a copy). */
  @Override
  public byte[] authData() {
    return authData.clone();
  }

  /** Whether these 8 bytes are this advert's authentication data, compared in constant time. */
  public boolean authDataEquals(byte[] expected) {
    return java.security.MessageDigest.isEqual(authData, expected);
  }

  /** The advert interval in whole seconds, the VRRPv2 wire value. */
  public int advertIntervalS() {
    return advertIntervalCs / 100;
  }

  /** Whether the addresses (and so the advert) are IPv6; false when there are none. */
  public boolean isIpv6() {
    return !addresses.isEmpty() && !(addresses.get(0) instanceof Inet4Address);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Advert a
        && version == a.version
        && vrid == a.vrid
        && priority == a.priority
        && advertIntervalCs == a.advertIntervalCs
        && authType == a.authType
        && Arrays.equals(authData, a.authData)
        && addresses.equals(a.addresses);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        version, vrid, priority, advertIntervalCs, authType, Arrays.hashCode(authData), addresses);
  }

  @Override
  public String toString() {
    return "Advert[v"
        + version
        + " vrid="
        + vrid
        + " prio="
        + priority
        + " int="
        + advertIntervalCs
        + "cs auth="
        + authType
        + (authType == AUTH_NONE ? "" : ":" + HexFormat.of().formatHex(authData))
        + " "
        + addresses
        + "]";
  }
}
