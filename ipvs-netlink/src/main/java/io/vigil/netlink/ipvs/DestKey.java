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

  // equals and hashCode by hand, for the reason ServiceKey gives
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
