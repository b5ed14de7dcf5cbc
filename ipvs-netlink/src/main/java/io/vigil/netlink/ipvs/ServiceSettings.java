package io.vigil.netlink.ipvs;

import java.util.Objects;

/**
 * Everything about a service that can be edited in place: scheduler, flags, persistence timeout and
 * granularity, persistence engine.
 *
 * <p>IPVS quirk, made explicit: the kernel carries the persistence netmask as raw 32 bits, an IPv4
 * mask in network order for IPv4 services and a prefix length in host order for IPv6 ones. Here it
 * is always a prefix length ({@link #netmaskPrefix}); the codec converts.
 *
 * @param flags IP_VS_SVC_F_* without HASHED (kernel-owned)
 * @param persistenceTimeoutS 0 when not persistent
 * @param persistenceEngine null or e.g. "sip"
 */
public record ServiceSettings(
    String scheduler,
    int flags,
    int persistenceTimeoutS,
    int netmaskPrefix,
    String persistenceEngine) {
  public static final int F_PERSISTENT = 0x1;
  public static final int F_HASHED = 0x2;
  public static final int F_ONEPACKET = 0x4;
  public static final int F_SCHED1 = 0x8;
  public static final int F_SCHED2 = 0x10;
  public static final int F_SCHED3 = 0x20;

  /** What user space may set; HASHED is the kernel's own. */
  public static final int USER_FLAGS = F_PERSISTENT | F_ONEPACKET | F_SCHED1 | F_SCHED2 | F_SCHED3;

  public ServiceSettings {
    Objects.requireNonNull(scheduler, "scheduler");
    if (scheduler.isEmpty() || scheduler.length() >= 16) {
      throw new IllegalArgumentException("scheduler name " + scheduler);
    }
    flags &= USER_FLAGS;
    if (netmaskPrefix < 0 || netmaskPrefix > 128) {
      throw new IllegalArgumentException("netmask prefix " + netmaskPrefix);
    }
    if (persistenceEngine != null && persistenceEngine.isEmpty()) {
      persistenceEngine = null;
    }
  }

  /** A plain service: scheduler only, not persistent, full-length netmask for the family. */
  public static ServiceSettings of(String scheduler, int family) {
    return new ServiceSettings(scheduler, 0, 0, family == ServiceKey.AF_INET6 ? 128 : 32, null);
  }

  public boolean persistent() {
    return (flags & F_PERSISTENT) != 0;
  }

  /** The same settings with another netmask (its family's full length: not persistent by it). */
  public ServiceSettings withNetmaskPrefix(int netmaskPrefix) {
    return new ServiceSettings(
        scheduler, flags, persistenceTimeoutS, netmaskPrefix, persistenceEngine);
  }

  public ServiceSettings withPersistence(int timeoutS, int netmaskPrefix) {
    return new ServiceSettings(
        scheduler, flags | F_PERSISTENT, timeoutS, netmaskPrefix, persistenceEngine);
  }

  // equals and hashCode by hand, for the reason ServiceKey gives
  @Override
  public boolean equals(Object o) {
    return o == this
        || o instanceof ServiceSettings s
            && flags == s.flags
            && persistenceTimeoutS == s.persistenceTimeoutS
            && netmaskPrefix == s.netmaskPrefix
            && scheduler.equals(s.scheduler)
            && Objects.equals(persistenceEngine, s.persistenceEngine);
  }

  @Override
  public int hashCode() {
    int h = scheduler.hashCode();
    h = 31 * h + flags;
    h = 31 * h + persistenceTimeoutS;
    h = 31 * h + netmaskPrefix;
    return 31 * h + Objects.hashCode(persistenceEngine);
  }
}
