package io.vigil.netlink.ipvs;

/** Connection timeouts in seconds (0 leaves one unchanged when setting). */
public record Timeouts(int tcpS, int tcpFinS, int udpS) {}
