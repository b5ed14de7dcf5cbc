package io.vigil.system.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.kernel.netlink.NetlinkSocket;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.netlink.NetlinkConnection.Request;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.ipvs.IpvsClient;
import io.vigil.netlink.ipvs.Protocol;
import io.vigil.netlink.ipvs.ServiceEntry;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import io.vigil.system.lab.InVm;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The netlink exchange against the real IPVS kernel: thousands of requests batched into a few
 * datagrams, every ack matched back to its request (refusals exactly where we planted them, the
 * rest applied), and a multipart dump over many datagrams read back to NLMSG_DONE. The client runs
 * in this JVM on a socket opened inside a fresh lab namespace (IPVS tables are per namespace).
 */
class NetlinkBatchVmIT {
  @RegisterExtension static final NetLab lab = new NetLab();

  static final int SERVICES = 2000;

  @BeforeAll
  static void needsIpvs() {
    InVm.assumeIpvs();
  }

  static IpvsClient clientIn(Netns ns) {
    return new IpvsClient(
        NetlinkSocket.openInNetns(Path.of("/run/netns", ns.name()), NetlinkSocket.NETLINK_GENERIC),
        60_000);
  }

  static ServiceKey service(int i) {
    try {
      // 198.51.100.1-250, ports 1000 up: 2000 distinct services
      return ServiceKey.of(
          Protocol.TCP, InetAddress.getByName("198.51.100." + (1 + i % 250)), 1000 + i / 250);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void thousandsOfBatchedRequestsAreAckedOneByOneAndDumpedBackInFull() {
    Netns ns = lab.netns("nl-batch");
    ServiceSettings rr = ServiceSettings.of("rr", ServiceKey.AF_INET);
    try (IpvsClient c = clientIn(ns)) {
      List<Request> reqs = new ArrayList<>();
      for (int i = 0; i < SERVICES; i++) {
        reqs.add(c.addServiceRequest(service(i), rr));
      }
      // refusals planted in the middle and at the end: two duplicates and a missing service
      Map<Integer, String> planted =
          Map.of(
              700,
              "EEXIST: add service " + service(3),
              1400,
              "ESRCH: delete service TCP 203.0.113.9:80",
              SERVICES + 2,
              "EEXIST: add service " + service(SERVICES - 1));
      reqs.add(700, c.addServiceRequest(service(3), rr));
      try {
        reqs.add(
            1400,
            c.deleteServiceRequest(
                ServiceKey.of(Protocol.TCP, InetAddress.getByName("203.0.113.9"), 80)));
      } catch (java.net.UnknownHostException e) {
        throw new IllegalStateException(e);
      }
      reqs.add(c.addServiceRequest(service(SERVICES - 1), rr));
      long datagramsBefore = c.connection().datagramsSent();
      long t0 = System.nanoTime();
      List<RuntimeException> out = c.apply(reqs);
      long batchMs = (System.nanoTime() - t0) / 1_000_000;
      long datagrams = c.connection().datagramsSent() - datagramsBefore;

      assertThat(out).hasSize(SERVICES + 3);
      for (int i = 0; i < out.size(); i++) {
        if (planted.containsKey(i)) {
          assertThat(out.get(i)).as("request %d", i).isInstanceOf(NetlinkException.class);
          assertThat(out.get(i).getMessage()).as("request %d", i).startsWith(planted.get(i));
        } else {
          assertThat(out.get(i)).as("request %d", i).isNull();
        }
      }
      assertThat(datagrams).isLessThanOrEqualTo(4);

      long t1 = System.nanoTime();
      List<ServiceEntry> dumped = c.services();
      long dumpMs = (System.nanoTime() - t1) / 1_000_000;
      Set<ServiceKey> keys = new HashSet<>();
      dumped.forEach(s -> keys.add(s.key()));
      assertThat(dumped).hasSize(SERVICES);
      for (int i = 0; i < SERVICES; i++) {
        assertThat(keys).contains(service(i));
      }
      String saved = ns.sh("ipvsadm -Sn");
      assertThat(saved.lines().filter(l -> l.startsWith("-A -t ")).count()).isEqualTo(SERVICES);
      assertThat(saved).contains("-A -t 198.51.100.250:1007 -s rr");
      System.out.printf(
          "netlink batch: %d requests in %d datagrams, applied in %d ms; dump of %d services in"
              + " %d ms%n",
          reqs.size(), datagrams, batchMs, dumped.size(), dumpMs);
    }
  }

  @Test
  void twoClientsInOneNamespaceEachGetOnlyTheirOwnAnswers() {
    Netns ns = lab.netns("nl-two");
    ServiceSettings rr = ServiceSettings.of("rr", ServiceKey.AF_INET);
    try (IpvsClient a = clientIn(ns);
        IpvsClient b = clientIn(ns)) {
      for (int i = 0; i < 50; i++) {
        a.addService(service(i), rr);
        b.addService(service(100 + i), rr);
        // b asking for what a just made: sequence numbers may collide, port ids never do
        assertThat(b.services()).hasSize(2 * (i + 1));
      }
      assertThat(a.services()).hasSize(100);
    }
  }
}
