package io.vigil.config.model;

import java.net.Inet4Address;
import java.net.InetAddress;

/** An address with a prefix length (32 or 128 when none was written). */
public record IpPrefix(InetAddress address, int prefixLength) {
  public boolean isIpv4() {
    return address instanceof Inet4Address;
  }

  @Override
  public String toString() {
    return Addresses.format(address) + "/" + prefixLength;
  }
}
