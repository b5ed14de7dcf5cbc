package io.vigil.director.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.Bridge;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ha_suspend} on the host, in namespaces: {@code vigil run} (its own JVM, in the director's
 * namespace; the host has no IPVS, so the in-memory IPVS kernel stands in, everything else is real:
 * rtnetlink, the HTTP checks, SIGHUP, the status endpoint) with one HTTP_GET real server in another
 * namespace that logs every request. No request while the virtual server's address is absent,
 * requests once {@code ip addr add} puts it on the director, none again after {@code ip addr del};
 * a reload turns {@code ha_suspend} off and on. With VRRP in the same process, the master adding
 * the VIP starts the checks.
 */
class HaSuspendIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static final String VS = "[192.0.2.10]:tcp:80";
  static final String RS = "[198.51.100.2]:tcp:8080";
  static final int STATUS_PORT = 9187;

  Netns director;
  Netns server;
  NsProcess http;

  @BeforeEach
  void topology() throws Exception {
    Bridge lan = lab.bridge("lan");
    director = lab.netns("dir").attach(lan, "eth0", "198.51.100.1/24");
    server = lab.netns("rs").attach(lan, "eth0", "198.51.100.2/24");
    Path root = Files.createDirectories(dir.resolve("www"));
    Files.writeString(root.resolve("index.html"), "ok\n");
    http =
        server.start(
            "python3",
            "-u",
            "-m",
            "http.server",
            "8080",
            "--bind",
            "198.51.100.2",
            "--directory",
            root.toString());
    http.awaitOutput(Pattern.compile("Serving HTTP"), Duration.ofSeconds(30));
  }

  static String virtualServer(boolean haSuspend) {
    return """
        virtual_server 192.0.2.10 80 {
          delay_loop 1
          lb_algo rr
          lb_kind NAT
          protocol TCP
          %s
          real_server 198.51.100.2 8080 {
            HTTP_GET {
              url {
                path /
                status_code 200
              }
              connect_timeout 2
              retry 0
            }
          }
        }
        """
        .formatted(haSuspend ? "ha_suspend" : "");
  }

  NsProcess vigil(Path conf, boolean checkOnly) {
    List<String> args =
        new ArrayList<>(
            List.of("-f", conf.toString(), "--status-port", Integer.toString(STATUS_PORT)));
    if (checkOnly) {
      args.add("--check-only");
    }
    return director.start(VigilRunInMemoryIpvs.argv(args.toArray(String[]::new)));
  }

  /** Requests the real server has answered so far. */
  int requests() {
    return http.count("\"GET / ");
  }

  static void awaitCount(NsProcess p, String text, int n, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (p.count(text) < n) {
      if (System.nanoTime() - deadline > 0 || !p.isAlive()) {
        throw new AssertionError(
            "wanted " + n + " times '" + text + "', got " + p.count(text) + ":\n" + p.output());
      }
      Thread.sleep(50);
    }
  }

  void awaitRequests(int n, Duration timeout) throws Exception {
    awaitCount(http, "\"GET / ", n, timeout);
  }

  /**
   * No request for {@code quietS} delay_loops after a settle of one second (a check already in
   * flight when the checker was suspended finishes, as keepalived's does).
   */
  void assertNoRequests(NsProcess vigil, int quietS) throws Exception {
    Thread.sleep(1_000);
    int before = requests();
    Thread.sleep(quietS * 1_000L);
    assertThat(requests()).as(vigil.output()).isEqualTo(before);
  }

  static String line(String what) {
    return what + " healthchecker for service " + RS + " for VS " + VS;
  }

  String status() {
    return director
        .exec(VigilJvm.argv("status", "-s", "127.0.0.1:" + STATUS_PORT))
        .orThrow("vigil status");
  }

  @Test
  void checksRunOnlyWhileTheAddressIsOnTheDirectorAndAReloadTurnsHaSuspendOffAndOn()
      throws Exception {
    Path conf = Files.writeString(dir.resolve("keepalived.conf"), virtualServer(true));
    NsProcess vigil = vigil(conf, true);
    vigil.awaitOutput(Pattern.compile(Pattern.quote(line("Deactivating"))), Duration.ofSeconds(90));
    vigil.awaitOutput(Pattern.compile("vigil running"), Duration.ofSeconds(60));
    assertThat(status()).contains("checks suspended");
    assertNoRequests(vigil, 3);
    assertThat(requests()).isZero();

    director.sh("ip addr add 192.0.2.10/32 dev eth0");
    awaitCount(vigil, line("Activating"), 1, Duration.ofSeconds(10));
    assertThat(vigil.output()).contains("Netlink reflector reports IP 192.0.2.10 added");
    awaitRequests(2, Duration.ofSeconds(20));
    assertThat(status()).doesNotContain("checks suspended");

    director.sh("ip addr del 192.0.2.10/32 dev eth0");
    awaitCount(vigil, line("Suspending"), 1, Duration.ofSeconds(10));
    assertNoRequests(vigil, 3);
    assertThat(status()).contains("198.51.100.2:8080  up (checks suspended)");

    // SIGHUP without ha_suspend: the checks run although the address is still absent
    Files.writeString(conf, virtualServer(false));
    int before = requests();
    vigil.signal("HUP");
    awaitCount(vigil, line("Activating"), 2, Duration.ofSeconds(30));
    awaitRequests(before + 2, Duration.ofSeconds(20));

    // and with it again: suspended again
    Files.writeString(conf, virtualServer(true));
    vigil.signal("HUP");
    awaitCount(vigil, line("Suspending"), 2, Duration.ofSeconds(30));
    assertNoRequests(vigil, 3);

    vigil.signal("TERM");
    assertThat(vigil.waitFor(Duration.ofSeconds(30))).as(vigil.output()).isZero();
  }

  @Test
  void theVipOurOwnVrrpMasterAddsStartsTheChecks() throws Exception {
    Path conf =
        Files.writeString(
            dir.resolve("keepalived.conf"),
            """
            global_defs {
              vrrp_startup_delay 8
            }
            vrrp_instance VI_1 {
              state MASTER
              interface eth0
              virtual_router_id 51
              priority 100
              advert_int 1
              virtual_ipaddress {
                192.0.2.10/32 dev eth0
              }
            }
            """
                + virtualServer(true));
    NsProcess vigil = vigil(conf, false);
    vigil.awaitOutput(Pattern.compile(Pattern.quote(line("Deactivating"))), Duration.ofSeconds(90));
    vigil.awaitOutput(Pattern.compile("vigil running"), Duration.ofSeconds(60));
    // VRRP waits 8 s (vrrp_startup_delay): no VIP, no check
    assertNoRequests(vigil, 2);
    assertThat(vigil.output()).doesNotContain("INSTANCE VI_1: MASTER");
    assertThat(requests()).isZero();
    // then our master adds the VIP and the checks start
    vigil.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(60));
    awaitCount(vigil, line("Activating"), 1, Duration.ofSeconds(10));
    awaitRequests(2, Duration.ofSeconds(20));

    vigil.signal("TERM");
    assertThat(vigil.waitFor(Duration.ofSeconds(30))).as(vigil.output()).isZero();
  }
}
