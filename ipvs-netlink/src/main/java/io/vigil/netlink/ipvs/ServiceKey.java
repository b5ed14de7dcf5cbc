package io.vigil.netlink.ipvs;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A virtual service's identity: protocol, address and port, or a firewall mark (with the address
 * family it applies to). Everything else about a service can be edited in place.
 */
public record ServiceKey(int family, Protocol protocol, InetAddress address, int port, int fwmark) {
  public static final int AF_INET = 2;
  public static final int AF_INET6 = 10;

  public ServiceKey {
    if (family != AF_INET && family != AF_INET6) {
      throw new IllegalArgumentException("address family " + family);
    }
    if (fwmark == 0) {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(address, "address");
      if (familyOf(address) != family) {
        throw new IllegalArgumentException(address + " is not of family " + family);
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port " + port);
      }
    } else if (protocol != null || address != null || port != 0) {
      throw new IllegalArgumentException("a fwmark service has no protocol, address or port");
    }
  }

  /** A service by protocol, address and port. */
  public static ServiceKey of(Protocol protocol, InetAddress address, int port) {
    return new ServiceKey(familyOf(address), protocol, address, port, 0);
  }

  /** A firewall-mark service. */
  public static ServiceKey fwmark(int mark, int family) {
    if (mark == 0) {
      throw new IllegalArgumentException("fwmark 0");
    }
    return new ServiceKey(family, null, null, 0, mark);
  }

  public boolean isFwmark() {
    return fwmark != 0;
  }

  public static int familyOf(InetAddress a) {
    return a instanceof Inet6Address ? AF_INET6 : AF_INET;
  }

  // equals and hashCode by hand, not the record's generated ones: those run through method handles
  // (java.lang.runtime.ObjectMethods), about 75 times slower interpreted and 15 times under C1 than
  // these, and the first call links them (tens of ms): the reconciler compares and hashes
  // these for every real server of every pass, health verdicts included (RecordEqualityTest)
  @Override
  public boolean equals(Object o) {
    return o == this
        || o instanceof ServiceKey k
            && family == k.family
            && port == k.port
            && fwmark == k.fwmark
            && protocol == k.protocol
            && Objects.equals(address, k.address);
  }

  @Override
  public int hashCode() {
    int h = family;
    h = 31 * h + Objects.hashCode(protocol);
    h = 31 * h + Objects.hashCode(address);
    h = 31 * h + port;
    return 31 * h + fwmark;
  }

  /**
   * As ipvsadm -Ln names it: {@code TCP 192.0.2.10:80}, {@code UDP [2001:db8::1]:53}, {@code FWM
   * 7}.
   */
  @Override
  public String toString() {
    if (isFwmark()) {
      return "FWM " + Integer.toUnsignedString(fwmark) + (family == AF_INET6 ? " IPv6" : "");
    }
    return protocol + " " + Endpoints.format(address, port);
  }
}
