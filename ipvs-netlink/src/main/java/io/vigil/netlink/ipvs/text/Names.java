package io.vigil.netlink.ipvs.text;

import io.vigil.netlink.ipvs.Protocol;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The name lookups ipvsadm makes: host names of addresses and service names of ports for the
 * listing without {@code -n}, and the reverse when a rule names a host or a port. The formatters
 * and the parser take one, so they stay pure; {@link SystemNames} asks the system.
 */
public interface Names {
  /** The host name of {@code a} ({@code gethostbyaddr}), or null. */
  String hostName(InetAddress a);

  /** The service name of {@code port} for {@code protocol} ({@code getservbyport}), or null. */
  String serviceName(int port, Protocol protocol);

  /** The first IPv4 address of host {@code name} ({@code gethostbyname}), or null. */
  Inet4Address hostAddress(String name);

  /** The port of service {@code name} for {@code protocol} ({@code getservbyname}), or -1. */
  int port(String name, Protocol protocol);

  /** Resolves nothing: the formatters print numbers, the parser accepts only numbers. */
  Names NUMERIC =
      new Names() {
        @Override
        public String hostName(InetAddress a) {
          return null;
        }

        @Override
        public String serviceName(int port, Protocol protocol) {
          return null;
        }

        @Override
        public Inet4Address hostAddress(String name) {
          return null;
        }

        @Override
        public int port(String name, Protocol protocol) {
          return -1;
        }
      };
}
