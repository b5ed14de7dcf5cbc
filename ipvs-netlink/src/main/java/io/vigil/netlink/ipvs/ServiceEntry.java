package io.vigil.netlink.ipvs;

/** A service as the kernel reports it. */
public record ServiceEntry(ServiceKey key, ServiceSettings settings, Stats stats) {}
