package io.vigil.vrrp.wire;

/**
 * Why a received packet never reached a state machine, in the order the checks run (RFC 5798 §7.1,
 * RFC 3768 §7.1, then keepalived's own). Each has a counter in {@link DropCounters}.
 */
public enum DropReason {
  /** The IP header is malformed, truncated or not protocol 112 (or 51 with VRRP after it). */
  IP_HEADER("ip_header"),
  /** TTL / hop limit outside the accepted range (255, or the unicast peer's range). */
  TTL("ttl"),
  /** Shorter than the fixed 8 bytes. */
  TOO_SHORT("too_short"),
  /** Not the version configured for the VRID (or VRRPv2 over IPv6). */
  VERSION("version"),
  /** Not an advertisement (type 1). */
  TYPE("type"),
  /** The VRID is not configured on this interface. */
  VRID("vrid"),
  /** The length does not match the address count (plus v2 auth data). */
  LENGTH("length"),
  /** The checksum is wrong for every accepted {@link ChecksumMode}. */
  CHECKSUM("checksum"),
  /** This router is the address owner (priority 255) of the VRID: adverts are not processed. */
  LOCAL_OWNER("local_owner"),
  /** VRRPv2 auth type differs from the configured one. */
  AUTH_TYPE("auth_type"),
  /** VRRPv2 password differs, or an Authentication Header's ICV or SPI is wrong. */
  AUTH_DATA("auth_data"),
  /**
   * An Authentication Header's sequence number is not above the highest seen or sent (a replay, or
   * a router that started again and has not yet heard the master).
   */
  AH_SEQUENCE("ah_sequence"),
  /** VRRPv2 advert interval differs from ours; VRRPv3 interval zero. */
  INTERVAL("interval"),
  /** The address count is not the configured count of virtual addresses (non-owner sender). */
  ADDRESS_COUNT("address_count"),
  /** A configured virtual address is missing from the advert (non-owner sender). */
  ADDRESS_LIST("address_list"),
  /** Unicast mode and the source is not a listed peer. */
  UNICAST_SOURCE("unicast_source"),
  /** Our own advert looped back (source is one of our addresses). */
  OWN_ADVERT("own_advert");

  private final String metricLabel;

  DropReason(String metricLabel) {
    this.metricLabel = metricLabel;
  }

  /** The reason as a metric label value. */
  public String metricLabel() {
    return metricLabel;
  }
}
