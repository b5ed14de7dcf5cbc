package io.vigil.netlink.ipvs;

/** Kernel counters of a service or destination (read-only, never part of identity). */
public record Stats(
    long connections,
    long packetsIn,
    long packetsOut,
    long bytesIn,
    long bytesOut,
    long connectionsPerSecond,
    long packetsInPerSecond,
    long packetsOutPerSecond,
    long bytesInPerSecond,
    long bytesOutPerSecond) {
  public static final Stats ZERO = new Stats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
