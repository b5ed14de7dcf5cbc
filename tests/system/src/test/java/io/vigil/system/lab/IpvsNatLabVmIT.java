package io.vigil.system.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.lab.ExecResult;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Self-test of the lab, part 2: an HTTP request from a client namespace reaches a real server
 * through an IPVS NAT virtual service, and the real server sees the client's own address.
 *
 * <pre>
 *  client 198.51.100.2 --- 198.51.100.1 [director, VIP 198.51.100.10] 203.0.113.1 --- 203.0.113.2:8080 real
 * </pre>
 */
class IpvsNatLabVmIT {
  @RegisterExtension static final NetLab lab = new NetLab();

  @BeforeAll
  static void needsIpvs() {
    InVm.assumeIpvs();
  }

  @Test
  void clientReachesRealServerThroughNatVipAndRealServerSeesClientAddress() {
    Netns client = lab.netns("client");
    Netns director = lab.netns("director");
    Netns real = lab.netns("real");
    lab.veth(client, "eth0", director, "front");
    lab.veth(director, "back", real, "eth0");
    client.addr("eth0", "198.51.100.2/24").sh("ip route add default via 198.51.100.1");
    director.addr("front", "198.51.100.1/24").addr("front", "198.51.100.10/32");
    director.addr("back", "203.0.113.1/24").sh("sysctl -qw net.ipv4.ip_forward=1");
    real.addr("eth0", "203.0.113.2/24").sh("ip route add default via 203.0.113.1");

    NsProcess server =
        real.start("python3", "-u", "-m", "http.server", "8080", "--bind", "203.0.113.2");
    awaitHttp(director, "http://203.0.113.2:8080/", Duration.ofSeconds(90));

    director.sh("ipvsadm -A -t 198.51.100.10:80 -s rr");
    director.sh("ipvsadm -a -t 198.51.100.10:80 -r 203.0.113.2:8080 -m");

    ExecResult r =
        client.exec(
            "curl",
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "--max-time",
            "30",
            "http://198.51.100.10/");
    assertThat(r.stdout()).isEqualTo("200");
    // python's access log names the peer: the client's address, not the director's
    server.awaitOutput(
        Pattern.compile("^198\\.51\\.100\\.2 - - .*\"GET / HTTP/1\\.1\" 200", Pattern.MULTILINE),
        Duration.ofSeconds(30));
    // and IPVS carried it: its connection table holds client -> VIP -> real server
    // (not --stats: the kernel's estimator folds those counters in only every 2 s)
    assertThat(director.sh("ipvsadm -Lnc"))
        .containsPattern(
            "TCP\\s+\\S+\\s+\\S+\\s+198\\.51\\.100\\.2:\\d+\\s+198\\.51\\.100\\.10:80\\s+203\\.0\\.113\\.2:8080");
  }

  /** Waits, bounded, until an HTTP server answers (under TCG python takes seconds to listen). */
  static void awaitHttp(Netns from, String url, Duration timeout) {
    long deadlineNs = System.nanoTime() + timeout.toNanos();
    while (true) {
      ExecResult r = from.exec("curl", "-s", "-o", "/dev/null", "--max-time", "5", url);
      if (r.ok()) {
        return;
      }
      assertThat(System.nanoTime() - deadlineNs)
          .as("no answer from " + url + " within " + timeout)
          .isNegative();
      from.exec("sleep", "0.5");
    }
  }
}
