package io.vigil.netlink.ipvs.text;

import java.util.HashMap;
import java.util.Map;

/**
 * The services database ({@code /etc/services}): "name port/protocol aliases... # comment" lines.
 * Like glibc's files backend, the first line that matches wins.
 */
public final class EtcServices {
  private final Map<String, String> nameByPort = new HashMap<>();
  private final Map<String, Integer> portByName = new HashMap<>();

  private EtcServices() {}

  /** Parses the text of a services file; malformed lines are skipped, as glibc skips them. */
  public static EtcServices parse(String text) {
    EtcServices s = new EtcServices();
    for (String raw : text.split("\n")) {
      int hash = raw.indexOf('#');
      String line = hash >= 0 ? raw.substring(0, hash) : raw;
      String[] f = line.trim().split("[ \t]+");
      if (f.length < 2 || f[0].isEmpty()) {
        continue;
      }
      int slash = f[1].indexOf('/');
      if (slash <= 0) {
        continue;
      }
      int port;
      try {
        port = Integer.parseInt(f[1].substring(0, slash));
      } catch (NumberFormatException e) {
        continue;
      }
      if (port < 0 || port > 65535) {
        continue;
      }
      String proto = f[1].substring(slash + 1);
      s.nameByPort.putIfAbsent(port + "/" + proto, f[0]);
      s.portByName.putIfAbsent(f[0] + "/" + proto, port);
      for (int i = 2; i < f.length; i++) {
        s.portByName.putIfAbsent(f[i] + "/" + proto, port);
      }
    }
    return s;
  }

  /** The name of {@code port} for {@code proto} ("tcp", "udp", "sctp"), or null. */
  public String name(int port, String proto) {
    return nameByPort.get(port + "/" + proto);
  }

  /** The port of {@code name} (or an alias) for {@code proto}, or -1. */
  public int port(String name, String proto) {
    return portByName.getOrDefault(name + "/" + proto, -1);
  }
}
