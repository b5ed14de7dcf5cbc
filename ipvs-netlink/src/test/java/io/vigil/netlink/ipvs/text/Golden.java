package io.vigil.netlink.ipvs.text;

import io.vigil.netlink.ipvs.DestEntry;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.IpvsTable;
import io.vigil.netlink.ipvs.Protocol;
import io.vigil.netlink.ipvs.ServiceEntry;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.Stats;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The captured ipvsadm files (see src/test/resources/ipvsadm/README.md) and their table. */
final class Golden {
  private Golden() {}

  static String text(String name) {
    try (InputStream in = Golden.class.getResourceAsStream("/ipvsadm/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no golden file " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The capture's /etc/hosts and /etc/services excerpt, without any system lookup. */
  static Names names() {
    Map<String, String> byAddress = new HashMap<>();
    Map<String, InetAddress> byName = new HashMap<>();
    for (String line : text("hosts").split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 2) {
        InetAddress a = address(f[0]);
        byAddress.putIfAbsent(AddressText.ntop(a), f[1]);
        byName.putIfAbsent(f[1], a);
      }
    }
    EtcServices services = EtcServices.parse(text("services"));
    return new Names() {
      @Override
      public String hostName(InetAddress a) {
        return byAddress.get(AddressText.ntop(a));
      }

      @Override
      public String serviceName(int port, Protocol p) {
        return services.name(port, p.name().toLowerCase(java.util.Locale.ROOT));
      }

      @Override
      public Inet4Address hostAddress(String name) {
        return byName.get(name) instanceof Inet4Address v4 ? v4 : null;
      }

      @Override
      public int port(String name, Protocol p) {
        return services.port(name, p.name().toLowerCase(java.util.Locale.ROOT));
      }
    };
  }

  static InetAddress address(String s) {
    InetAddress a = AddressText.pton6(s);
    return a != null ? a : AddressText.aton(s);
  }

  /** The ipvsadm commands of the capture, as a rule file. */
  static String commands() {
    StringBuilder sb = new StringBuilder();
    for (String line : text("commands.txt").split("\n")) {
      if (line.startsWith("+ ipvsadm ")) {
        sb.append(line.substring(2)).append('\n');
      }
    }
    return sb.toString();
  }

  /** The services in the order the kernel dumped them (Ln-nosort.txt). */
  static final List<String> KERNEL_ORDER =
      List.of(
          "-t [2001:db8::10]:443",
          "-t 192.0.2.10:22",
          "-u 192.0.2.13:514",
          "-u 192.0.2.12:0",
          "-u 192.0.2.10:53",
          "-t 192.0.2.10:80",
          "-t 192.0.2.15:8080",
          "--sctp-service 192.0.2.14:9999",
          "-t 192.0.2.16:443",
          "-t 192.0.2.17:8443",
          "-u 192.0.2.11:5060",
          "-f 7",
          "-f 8 -6",
          "-f 2882430849");

  /**
   * The captured table as the kernel reports it: the capture's commands parsed and applied, laid
   * out in kernel order (destinations newest first, as the kernel lists them), zero counters.
   */
  static IpvsTable table() {
    RuleParser.Result parsed = RuleParser.parse(commands(), names());
    if (!parsed.errors().isEmpty()) {
      throw new AssertionError(parsed.errors().toString());
    }
    RuleTable.Result t = RuleTable.of(parsed.rules());
    if (!t.errors().isEmpty()) {
      throw new AssertionError(t.errors().toString());
    }
    Map<ServiceKey, IpvsTable.Service> out = new LinkedHashMap<>();
    for (String words : KERNEL_ORDER) {
      ServiceKey k = RuleParser.serviceKey(List.of(words.split(" ")), Names.NUMERIC);
      RuleTable.Service s = t.services().get(k);
      List<DestEntry> dests = new ArrayList<>();
      for (Map.Entry<DestKey, DestSettings> d : s.destinations().entrySet()) {
        dests.add(new DestEntry(d.getKey(), d.getValue(), 0, 0, 0, Stats.ZERO));
      }
      Collections.reverse(dests);
      out.put(k, new IpvsTable.Service(new ServiceEntry(k, s.settings(), Stats.ZERO), dests));
    }
    if (out.size() != t.services().size()) {
      throw new AssertionError("KERNEL_ORDER misses services of " + t.services().keySet());
    }
    return new IpvsTable(out);
  }
}
