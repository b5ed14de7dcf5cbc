package io.vigil.vrrp.wire;

/**
 * Which bytes a VRRPv3 checksum covers. VRRPv2 (RFC 3768 §5.3.8) always covers the VRRP message
 * only; for VRRPv3 over IPv6 the pseudo-header is always included. The modes differ only for VRRPv3
 * over IPv4.
 */
public enum ChecksumMode {
  /**
   * RFC 5798 §5.2.8: the message plus the IPv4 pseudo-header with the packet's own source and
   * destination. What keepalived sends by default.
   */
  PSEUDO_HEADER,
  /**
   * keepalived's {@code v3_checksum_as_v2}: the VRRP message only, as VRRPv2 and RFC 9568 do (FRR,
   * Cisco and later keepalived peers).
   */
  MESSAGE_ONLY,
  /**
   * keepalived's {@code old_unicast_checksum} (keepalived before 1.3.6): the IPv4 pseudo-header
   * with the multicast group 224.0.0.18 as destination even when the advert is sent unicast.
   */
  OLD_UNICAST_MULTICAST_GROUP
}
