package io.vigil.netlink.ipvs;

import java.util.Objects;

/**
 * Everything about a destination that can be edited in place.
 *
 * @param tunnelType 0 ipip, 1 gue, 2 gre (IP_VS_CONN_F_TUNNEL_TYPE_*); only for TUNNEL
 * @param tunnelPort the GUE port; 0 otherwise
 * @param tunnelFlags IP_VS_TUNNEL_ENCAP_FLAG_* (checksum options)
 */
public record DestSettings(
    Forwarding forwarding,
    int weight,
    int upperThreshold,
    int lowerThreshold,
    int tunnelType,
    int tunnelPort,
    int tunnelFlags) {
  public static final int TUN_IPIP = 0;
  public static final int TUN_GUE = 1;
  public static final int TUN_GRE = 2;
  public static final int TUN_FLAG_CSUM = 0x1;
  public static final int TUN_FLAG_REMCSUM = 0x2;

  public DestSettings {
    Objects.requireNonNull(forwarding, "forwarding");
    if (weight < 0) {
      throw new IllegalArgumentException("weight " + weight);
    }
    if (upperThreshold < 0 || lowerThreshold < 0) {
      throw new IllegalArgumentException("thresholds " + upperThreshold + "/" + lowerThreshold);
    }
    if (tunnelType < 0 || tunnelType > TUN_GRE) {
      throw new IllegalArgumentException("tunnel type " + tunnelType);
    }
  }

  public static DestSettings of(Forwarding forwarding, int weight) {
    return new DestSettings(forwarding, weight, 0, 0, 0, 0, 0);
  }

  public DestSettings withWeight(int w) {
    return new DestSettings(
        forwarding, w, upperThreshold, lowerThreshold, tunnelType, tunnelPort, tunnelFlags);
  }

  // equals and hashCode by hand, for the reason ServiceKey gives
  @Override
  public boolean equals(Object o) {
    return o == this
        || o instanceof DestSettings d
            && forwarding == d.forwarding
            && weight == d.weight
            && upperThreshold == d.upperThreshold
            && lowerThreshold == d.lowerThreshold
            && tunnelType == d.tunnelType
            && tunnelPort == d.tunnelPort
            && tunnelFlags == d.tunnelFlags;
  }

  @Override
  public int hashCode() {
    int h = forwarding.hashCode();
    h = 31 * h + weight;
    h = 31 * h + upperThreshold;
    h = 31 * h + lowerThreshold;
    h = 31 * h + tunnelType;
    h = 31 * h + tunnelPort;
    return 31 * h + tunnelFlags;
  }
}
