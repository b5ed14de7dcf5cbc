package io.vigil.netlink.ipvs;

/** A destination as the kernel reports it, with its connection counts. */
public record DestEntry(
    DestKey key,
    DestSettings settings,
    int activeConnections,
    int inactiveConnections,
    int persistentConnections,
    Stats stats) {}
