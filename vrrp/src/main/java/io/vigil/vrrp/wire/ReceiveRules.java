package io.vigil.vrrp.wire;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one configured VRRP instance accepts on its interface (RFC 5798 §7.1, RFC 3768 §7.1).
 *
 * @param vrid the instance's virtual router id
 * @param version 2 or 3
 * @param ipv6 whether the instance is IPv6 (VRRPv3 only)
 * @param localOwner this router is the address owner (configured priority 255): adverts are dropped
 * @param authType VRRPv2 {@link Advert#AUTH_NONE}, {@link Advert#AUTH_PASS} or {@link
 *     Advert#AUTH_AH}
 * @param authData VRRPv2 8 bytes of password ({@link Advert#passwordAuthData}), AH's key too;
 *     ignored for none
 * @param advertIntervalCs our interval; VRRPv2 adverts with another interval are dropped
 * @param virtualAddresses the configured VIPs, checked against the advert's (count and list)
 * @param addressCheck which adverts' addresses are checked
 * @param unicastPeers when non-empty (unicast mode), only these sources are accepted, each with a
 *     TTL / hop limit in its range (keepalived's {@code min_ttl} / {@code max_ttl}, any by default)
 * @param minTtl lowest accepted TTL / hop limit in multicast mode (255 per the RFCs)
 * @param maxTtl highest accepted TTL / hop limit in multicast mode
 * @param checksumModes which VRRPv3-over-IPv4 checksums are accepted (ignored for v2 and IPv6)
 * @param ignoredSources unicast mode: the peers of another local instance with the same VRID on the
 *     same interface (keepalived's duplicate VRIDs of unicast instances with other peers): their
 *     adverts are that instance's, ignored here without being counted as drops
 */
public record ReceiveRules(
    int vrid,
    int version,
    boolean ipv6,
    boolean localOwner,
    int authType,
    byte[] authData,
    int advertIntervalCs,
    List<InetAddress> virtualAddresses,
    AddressCheck addressCheck,
    Map<InetAddress, TtlRange> unicastPeers,
    int minTtl,
    int maxTtl,
    Set<ChecksumMode> checksumModes,
    Set<InetAddress> ignoredSources) {
  public static final int TTL_RFC = 255;

  /** Which adverts have their addresses checked against the configured VIPs. */
  public enum AddressCheck {
    /** Every advert (RFC 5798 §7.1: a mismatch is a misconfiguration, the advert is dropped). */
    EVERY_ADVERT,
    /**
     * keepalived's {@code skip_check_adv_addr}: not an advert from the router whose advert was the
     * last accepted (the master heard so far), so a master whose address list changed is still
     * heard.
     */
    NOT_FROM_LAST_SOURCE
  }

  /** The TTLs / hop limits accepted from one unicast peer, {@code min..max}. */
  public record TtlRange(int min, int max) {
    /** Any TTL: keepalived's default for a unicast peer. */
    public static final TtlRange ANY = new TtlRange(0, 255);

    public boolean contains(int ttl) {
      return ttl >= min && ttl <= max;
    }
  }

  public ReceiveRules {
    authData = authData == null ? new byte[Advert.AUTH_DATA_LENGTH] : authData.clone();
    virtualAddresses = List.copyOf(virtualAddresses);
    unicastPeers = Map.copyOf(unicastPeers);
    checksumModes = Set.copyOf(checksumModes);
    ignoredSources = Set.copyOf(ignoredSources);
    if (checksumModes.isEmpty()) {
      throw new IllegalArgumentException("at least one checksum mode");
    }
  }

  /** RFC defaults: multicast, TTL 255, no auth, addresses checked, the RFC 5798 checksum. */
  public static ReceiveRules of(
      int vrid, int version, int advertIntervalCs, List<InetAddress> vips) {
    boolean ipv6 = !vips.isEmpty() && vips.get(0).getAddress().length == 16;
    return new ReceiveRules(
        vrid,
        version,
        ipv6,
        false,
        Advert.AUTH_NONE,
        null,
        advertIntervalCs,
        vips,
        AddressCheck.EVERY_ADVERT,
        Map.of(),
        TTL_RFC,
        TTL_RFC,
        Set.of(ChecksumMode.PSEUDO_HEADER),
        Set.of());
  }

  public ReceiveRules withPassword(byte[] password) {
    return withAuthentication(Advert.AUTH_PASS, password);
  }

  /** {@code auth_type AH}: adverts in an IPsec Authentication Header keyed with the password. */
  public ReceiveRules withAh(byte[] password) {
    return withAuthentication(Advert.AUTH_AH, password);
  }

  private ReceiveRules withAuthentication(int type, byte[] password) {
    return new ReceiveRules(
        vrid,
        version,
        ipv6,
        localOwner,
        type,
        Advert.passwordAuthData(password),
        advertIntervalCs,
        virtualAddresses,
        addressCheck,
        unicastPeers,
        minTtl,
        maxTtl,
        checksumModes,
        ignoredSources);
  }

  /** Unicast mode: these peers only, each accepted with a TTL / hop limit in [minTtl, maxTtl]. */
  public ReceiveRules withUnicastPeers(Set<InetAddress> peers, int minTtl, int maxTtl) {
    Map<InetAddress, TtlRange> m = new HashMap<>();
    peers.forEach(p -> m.put(p, new TtlRange(minTtl, maxTtl)));
    return withUnicastPeers(m);
  }

  /** Unicast mode: these peers only, each with its range of TTLs / hop limits. */
  public ReceiveRules withUnicastPeers(Map<InetAddress, TtlRange> peers) {
    return new ReceiveRules(
        vrid,
        version,
        ipv6,
        localOwner,
        authType,
        authData,
        advertIntervalCs,
        virtualAddresses,
        addressCheck,
        peers,
        minTtl,
        maxTtl,
        checksumModes,
        ignoredSources);
  }

  public ReceiveRules withChecksumModes(Set<ChecksumMode> modes) {
    return new ReceiveRules(
        vrid,
        version,
        ipv6,
        localOwner,
        authType,
        authData,
        advertIntervalCs,
        virtualAddresses,
        addressCheck,
        unicastPeers,
        minTtl,
        maxTtl,
        modes,
        ignoredSources);
  }

  /**
   * Unicast mode: adverts from these sources are another local instance's ({@link
   * #ignoredSources}).
   */
  public ReceiveRules withIgnoredSources(Set<InetAddress> sources) {
    return new ReceiveRules(
        vrid,
        version,
        ipv6,
        localOwner,
        authType,
        authData,
        advertIntervalCs,
        virtualAddresses,
        addressCheck,
        unicastPeers,
        minTtl,
        maxTtl,
        checksumModes,
        sources);
  }

  public ReceiveRules withLocalOwner(boolean owner) {
    return new ReceiveRules(
        vrid,
        version,
        ipv6,
        owner,
        authType,
        authData,
        advertIntervalCs,
        virtualAddresses,
        addressCheck,
        unicastPeers,
        minTtl,
        maxTtl,
        checksumModes,
        ignoredSources);
  }

  public ReceiveRules withAddressCheck(AddressCheck check) {
    return new ReceiveRules(
        vrid,
        version,
        ipv6,
        localOwner,
        authType,
        authData,
        advertIntervalCs,
        virtualAddresses,
        check,
        unicastPeers,
        minTtl,
        maxTtl,
        checksumModes,
        ignoredSources);
  }

  @Override
  public byte[] authData() {
    return authData.clone();
  }

  boolean authDataMatches(byte[] b, int at) {
    int diff = 0;
    for (int i = 0; i < Advert.AUTH_DATA_LENGTH; i++) {
      diff |= b[at + i] ^ authData[i];
    }
    return diff == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReceiveRules r
        && vrid == r.vrid
        && version == r.version
        && ipv6 == r.ipv6
        && localOwner == r.localOwner
        && authType == r.authType
        && Arrays.equals(authData, r.authData)
        && advertIntervalCs == r.advertIntervalCs
        && virtualAddresses.equals(r.virtualAddresses)
        && addressCheck == r.addressCheck
        && unicastPeers.equals(r.unicastPeers)
        && minTtl == r.minTtl
        && maxTtl == r.maxTtl
        && checksumModes.equals(r.checksumModes)
        && ignoredSources.equals(r.ignoredSources);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        vrid,
        version,
        ipv6,
        localOwner,
        authType,
        Arrays.hashCode(authData),
        advertIntervalCs,
        virtualAddresses,
        addressCheck,
        unicastPeers,
        minTtl,
        maxTtl,
        checksumModes,
        ignoredSources);
  }

  @Override
  public String toString() {
    return "ReceiveRules[vrid="
        + vrid
        + " v"
        + version
        + (ipv6 ? " ipv6" : " ipv4")
        + (localOwner ? " owner" : "")
        + " auth="
        + authType
        + " int="
        + advertIntervalCs
        + "cs vips="
        + virtualAddresses
        + " peers="
        + unicastPeers
        + " ttl="
        + minTtl
        + ".."
        + maxTtl
        + " checksums="
        + checksumModes
        + (ignoredSources.isEmpty() ? "" : " ignored=" + ignoredSources)
        + "]";
  }
}
