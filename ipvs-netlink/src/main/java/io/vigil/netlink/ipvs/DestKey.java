package io.vigil.netlink.ipvs;

import java.net.InetAddress;
import java.util.Objects;

/** A destination's identity within its service: the real server's address and port. */
public record DestKey(InetAddress address, int port) {
  public DestKey {
    Objects.requireNonNull(address, "address");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port);
    }
  }

  public int family() {
    return ServiceKey.familyOf(address);
  }

  // equals and hashCode by hand, not the record's generated ones: those run through method handles
  // (java.lang.runtime.ObjectMethods), about 75 times slower interpreted and 15 times under C1 than
  // these, and the first call links them (tens of ms): the reconciler compares and hashes
  // these for every real server of every pass, health verdicts included (see ServiceKey)
  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof DestKey k && port == k.port && address.equals(k.address);
  }

  @Override
  public int hashCode() {
    return 31 * address.hashCode() + port;
  }

  @Override
  public String toString() {
    return Endpoints.format(address, port);
  }
}
