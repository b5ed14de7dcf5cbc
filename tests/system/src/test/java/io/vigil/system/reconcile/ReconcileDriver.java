package io.vigil.system.reconcile;

import io.vigil.director.reconcile.IpvsReconciler;
import io.vigil.director.reconcile.IpvsReconciler.Wanted;
import io.vigil.director.reconcile.NetlinkIpvsKernel;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.Forwarding;
import io.vigil.netlink.ipvs.IpvsClient;
import io.vigil.netlink.ipvs.Protocol;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs inside a lab namespace of the VM (see {@link IpvsReconcilerVmIT}): reconciles a table into
 * the real kernel, tampers with it through ipvsadm as an operator would, and reconciles again,
 * printing what each pass sent.
 */
public final class ReconcileDriver {
  private ReconcileDriver() {}

  static String[] argv() {
    List<String> a = new ArrayList<>();
    a.add(System.getProperty("java.home") + "/bin/java");
    a.add("-XX:TieredStopAtLevel=1");
    a.add("-cp");
    a.add(System.getProperty("java.class.path"));
    a.add(ReconcileDriver.class.getName());
    return a.toArray(String[]::new);
  }

  static Map<ServiceKey, Wanted> desired() throws IOException {
    Map<ServiceKey, Wanted> t = new LinkedHashMap<>();
    ServiceKey web = ServiceKey.of(Protocol.TCP, InetAddress.getByName("192.0.2.10"), 80);
    Map<DestKey, DestSettings> webDests = new LinkedHashMap<>();
    webDests.put(dest("203.0.113.5", 80), DestSettings.of(Forwarding.MASQ, 3));
    webDests.put(dest("203.0.113.6", 80), DestSettings.of(Forwarding.MASQ, 1));
    t.put(web, new Wanted(ServiceSettings.of("wrr", ServiceKey.AF_INET), webDests));
    ServiceKey dns = ServiceKey.of(Protocol.UDP, InetAddress.getByName("192.0.2.10"), 53);
    t.put(
        dns,
        new Wanted(
            ServiceSettings.of("rr", ServiceKey.AF_INET).withPersistence(300, 24),
            Map.of(dest("203.0.113.7", 53), DestSettings.of(Forwarding.TUNNEL, 1))));
    ServiceKey v6 = ServiceKey.of(Protocol.TCP, InetAddress.getByName("2001:db8::10"), 443);
    t.put(
        v6,
        new Wanted(
            ServiceSettings.of("lc", ServiceKey.AF_INET6),
            Map.of(dest("2001:db8::5", 443), DestSettings.of(Forwarding.DROUTE, 2))));
    return t;
  }

  private static DestKey dest(String a, int port) throws IOException {
    return new DestKey(InetAddress.getByName(a), port);
  }

  public static void main(String[] args) throws Exception {
    Map<ServiceKey, Wanted> want = desired();
    try (IpvsClient client = IpvsClient.open()) {
      NetlinkIpvsKernel kernel = new NetlinkIpvsKernel(client);
      IpvsReconciler r = new IpvsReconciler(kernel, false);
      pass("first", r, kernel, client, want);
      save("after-first");
      pass("second", r, kernel, client, want);
      ipvsadm("-d", "-t", "192.0.2.10:80", "-r", "203.0.113.6:80");
      ipvsadm("-e", "-t", "192.0.2.10:80", "-r", "203.0.113.5:80", "-m", "-w", "9");
      ipvsadm("-E", "-u", "192.0.2.10:53", "-s", "sh");
      ipvsadm("-A", "-t", "198.51.100.1:22", "-s", "rr");
      pass("after-tampering", r, kernel, client, want);
      save("after-repair");
    }
  }

  private static void pass(
      String name,
      IpvsReconciler r,
      NetlinkIpvsKernel kernel,
      IpvsClient client,
      Map<ServiceKey, Wanted> want) {
    long writes = kernel.writesSent();
    long requests = client.connection().requestsSent();
    IpvsReconciler.Outcome o = r.reconcile(want);
    System.out.println(
        name
            + ": ops="
            + o.applied().size()
            + " writes="
            + (kernel.writesSent() - writes)
            + " requests="
            + (client.connection().requestsSent() - requests)
            + " failures="
            + o.failures().size()
            + " foreign="
            + o.foreign());
  }

  private static void save(String label) throws Exception {
    System.out.println("== " + label);
    System.out.print(ipvsadm("-Sn"));
    System.out.println("==");
  }

  private static String ipvsadm(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ipvsadm"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(cmd + " failed: " + out);
    }
    return out;
  }
}
