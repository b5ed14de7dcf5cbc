package io.vigil.system.ipvs;

import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.ipvs.DestEntry;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.Forwarding;
import io.vigil.netlink.ipvs.IpvsClient;
import io.vigil.netlink.ipvs.IpvsTable;
import io.vigil.netlink.ipvs.Protocol;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import io.vigil.netlink.ipvs.SyncDaemon;
import io.vigil.netlink.ipvs.Timeouts;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs IPVS client scenarios inside a namespace (launched by {@link IpvsClientVmIT}). */
public final class IpvsDriver {
  private IpvsDriver() {}

  static String[] argv(String... ops) {
    List<String> a = new ArrayList<>();
    a.add(System.getProperty("java.home") + "/bin/java");
    a.add("-XX:TieredStopAtLevel=1");
    a.add("-cp");
    a.add(System.getProperty("java.class.path"));
    a.add(IpvsDriver.class.getName());
    a.addAll(List.of(ops));
    return a.toArray(String[]::new);
  }

  static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  public static void main(String[] args) throws Exception {
    try (IpvsClient c = IpvsClient.open()) {
      switch (args[0]) {
        case "sample" -> sample(c);
        case "errors" -> errors(c);
        case "misc" -> misc(c);
        default -> throw new IllegalArgumentException(args[0]);
      }
    }
  }

  static void sample(IpvsClient c) throws Exception {
    Map<ServiceKey, ServiceSettings> svcs = new LinkedHashMap<>();
    Map<ServiceKey, Map<DestKey, DestSettings>> dests = new LinkedHashMap<>();
    ServiceKey web = ServiceKey.of(Protocol.TCP, ip("192.0.2.10"), 80);
    svcs.put(web, ServiceSettings.of("wrr", ServiceKey.AF_INET));
    dests.put(
        web,
        Map.of(
            new DestKey(ip("203.0.113.5"), 8080),
            DestSettings.of(Forwarding.MASQ, 3),
            new DestKey(ip("203.0.113.6"), 80),
            new DestSettings(Forwarding.DROUTE, 0, 100, 10, 0, 0, 0)));
    ServiceKey dns = ServiceKey.of(Protocol.UDP, ip("192.0.2.10"), 53);
    svcs.put(
        dns,
        new ServiceSettings("sh", ServiceSettings.F_SCHED1 | ServiceSettings.F_SCHED2, 0, 24, null)
            .withPersistence(300, 24));
    dests.put(
        dns, Map.of(new DestKey(ip("203.0.113.7"), 53), DestSettings.of(Forwarding.TUNNEL, 1)));
    ServiceKey mark = ServiceKey.fwmark(7, ServiceKey.AF_INET);
    svcs.put(mark, ServiceSettings.of("lc", ServiceKey.AF_INET));
    dests.put(mark, Map.of());
    ServiceKey v6 = ServiceKey.of(Protocol.TCP, ip("2001:db8::10"), 443);
    svcs.put(v6, ServiceSettings.of("mh", ServiceKey.AF_INET6).withPersistence(60, 64));
    dests.put(v6, Map.of(new DestKey(ip("2001:db8::5"), 443), DestSettings.of(Forwarding.MASQ, 2)));
    ServiceKey sip = ServiceKey.of(Protocol.UDP, ip("192.0.2.11"), 5060);
    svcs.put(sip, new ServiceSettings("rr", 0, 0, 32, "sip").withPersistence(180, 32));
    dests.put(sip, Map.of());

    var reqs = new ArrayList<io.vigil.netlink.NetlinkConnection.Request>();
    svcs.forEach((k, s) -> reqs.add(c.addServiceRequest(k, s)));
    dests.forEach((k, m) -> m.forEach((d, s) -> reqs.add(c.addDestRequest(k, d, s))));
    List<RuntimeException> out = c.apply(reqs);
    for (RuntimeException e : out) {
      if (e != null) {
        throw e;
      }
    }
    IpvsTable t = c.table();
    boolean ok = t.services().size() == svcs.size();
    for (var e : svcs.entrySet()) {
      IpvsTable.Service got = t.services().get(e.getKey());
      ok &= got != null && got.entry().settings().equals(e.getValue());
      if (got == null) {
        System.out.println("missing " + e.getKey());
        continue;
      }
      if (!got.entry().settings().equals(e.getValue())) {
        System.out.println("settings differ " + got.entry().settings() + " vs " + e.getValue());
      }
      Map<DestKey, DestSettings> have = new LinkedHashMap<>();
      for (DestEntry d : got.destinations()) {
        have.put(d.key(), d.settings());
      }
      if (!have.equals(dests.get(e.getKey()))) {
        System.out.println("dests differ " + have + " vs " + dests.get(e.getKey()));
        ok = false;
      }
    }
    System.out.println(ok ? "dump-matches-written" : "dump-differs");
  }

  static void errors(IpvsClient c) throws Exception {
    ServiceKey web = ServiceKey.of(Protocol.TCP, ip("192.0.2.10"), 80);
    c.addService(web, ServiceSettings.of("rr", ServiceKey.AF_INET));
    try {
      c.addService(web, ServiceSettings.of("rr", ServiceKey.AF_INET));
    } catch (NetlinkException e) {
      System.out.println(e.getMessage());
    }
    try {
      c.deleteService(ServiceKey.of(Protocol.TCP, ip("192.0.2.99"), 80));
    } catch (NetlinkException e) {
      System.out.println(e.getMessage());
    }
    try {
      c.addService(
          ServiceKey.of(Protocol.TCP, ip("192.0.2.12"), 80),
          ServiceSettings.of("no-such-sched", ServiceKey.AF_INET));
    } catch (NetlinkException e) {
      System.out.println(e.getMessage());
    }
    ServiceKey a = ServiceKey.of(Protocol.TCP, ip("192.0.2.20"), 80);
    ServiceKey b = ServiceKey.of(Protocol.TCP, ip("192.0.2.21"), 80);
    List<RuntimeException> out =
        c.apply(
            List.of(
                c.addServiceRequest(a, ServiceSettings.of("rr", ServiceKey.AF_INET)),
                c.addServiceRequest(web, ServiceSettings.of("rr", ServiceKey.AF_INET)),
                c.addServiceRequest(b, ServiceSettings.of("rr", ServiceKey.AF_INET))));
    StringBuilder sb = new StringBuilder("batch: ");
    for (RuntimeException e : out) {
      sb.append(e == null ? "null" : ((NetlinkException) e).errnoName()).append(',');
    }
    System.out.println(sb.substring(0, sb.length() - 1));
  }

  static void misc(IpvsClient c) {
    System.out.println("version " + c.info().versionText());
    Timeouts t = c.timeouts();
    System.out.println("timeouts " + t.tcpS() + " " + t.tcpFinS() + " " + t.udpS());
    c.setTimeouts(new Timeouts(901, 121, 301));
    c.startDaemon(new SyncDaemon(SyncDaemon.Role.MASTER, "sync0", 9, 0, null, 0, 0));
    System.out.println("daemons " + c.daemons());
  }
}
