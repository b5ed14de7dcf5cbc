package io.vigil.netlink.ipvs.text;

import io.vigil.netlink.ipvs.Protocol;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The system's names: hosts through the platform resolver (which reads /etc/hosts and DNS as
 * nsswitch says), ports from /etc/services. Results are not cached here; the JVM caches hosts.
 */
public final class SystemNames implements Names {
  private EtcServices services;

  public SystemNames(EtcServices services) {
    this.services = services;
  }

  /**
   * The system's names: /etc/services is read (an empty database if it cannot be read) when a port
   * or service name is first looked up, so input with numbers only never reads it.
   */
  public static SystemNames load() {
    return new SystemNames(null);
  }

  private EtcServices services() {
    if (services == null) {
      String text;
      try {
        text = Files.readString(Path.of("/etc/services"), StandardCharsets.ISO_8859_1);
      } catch (IOException e) {
        text = "";
      }
      services = EtcServices.parse(text);
    }
    return services;
  }

  @Override
  public String hostName(InetAddress a) {
    String literal = a.getHostAddress();
    String name = a.getCanonicalHostName();
    return name == null || name.equals(literal) ? null : name;
  }

  @Override
  public String serviceName(int port, Protocol protocol) {
    return services().name(port, protocol.name().toLowerCase(Locale.ROOT));
  }

  @Override
  public Inet4Address hostAddress(String name) {
    try {
      for (InetAddress a : InetAddress.getAllByName(name)) {
        if (a instanceof Inet4Address v4) {
          return v4;
        }
      }
    } catch (UnknownHostException e) {
      return null;
    }
    return null;
  }

  @Override
  public int port(String name, Protocol protocol) {
    return protocol == null ? -1 : services().port(name, protocol.name().toLowerCase(Locale.ROOT));
  }
}
