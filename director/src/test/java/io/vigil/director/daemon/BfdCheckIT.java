package io.vigil.director.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.Bridge;
import io.vigil.lab.Keepalived;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code BFD_CHECK} against a real keepalived 2.2.7's BFD: {@code vigil run --check-only} (its own
 * JVM; the host has no IPVS, so the in-memory IPVS kernel stands in) with a real server whose only
 * checker follows the BFD session to that real server's host, where keepalived runs the other end.
 * With {@code alpha} the real server starts down and is up once the session is Up, down (with the
 * session's word for it) once the link is cut and the session expires, up again when it comes back.
 * Needs root and keepalived.
 */
class BfdCheckIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static final int STATUS_PORT = 9188;
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aRealServerFollowsItsBfdSession() throws Exception {
    Bridge lan = lab.bridge("lan");
    Netns director = lab.netns("dir").attach(lan, "eth0", "192.0.2.1/24");
    Netns server = lab.netns("rs").attach(lan, "eth0", "192.0.2.2/24");
    Path kc =
        Files.writeString(
            dir.resolve("keepalived.conf"),
            """
            global_defs {
              router_id bfd_rs
            }
            bfd_instance to_director {
              neighbor_ip 192.0.2.1
              source_ip 192.0.2.2
              min_rx 100
              min_tx 100
              multiplier 3
            }
            """);
    NsProcess keepalived = Keepalived.run(server, kc, dir);
    Path conf =
        Files.writeString(
            dir.resolve("vigil.conf"),
            """
            bfd_instance to_rs {
              neighbor_ip 192.0.2.2
              source_ip 192.0.2.1
              min_rx 100
              min_tx 100
              multiplier 3
              checker
            }
            virtual_server 192.0.2.10 80 {
              delay_loop 5
              lb_algo rr
              lb_kind NAT
              protocol TCP
              real_server 192.0.2.2 80 {
                BFD_CHECK {
                  name to_rs
                  alpha
                }
              }
            }
            """);
    // vigil checks runs the session too: the real server is up once it is Up
    NsProcess checks = director.start(VigilJvm.argv("checks", "--once", "-f", conf.toString()));
    assertThat(checks.waitFor(WAIT)).isZero();
    assertThat(checks.output())
        .contains("TCP 192.0.2.10:80 192.0.2.2:80 up BFD_CHECK BFD to_rs is Up");
    System.out.println("vigil checks --once: " + checks.output().strip());

    NsProcess v =
        director.start(
            VigilRunInMemoryIpvs.argv(
                "-f",
                conf.toString(),
                "--check-only",
                "--status-port",
                Integer.toString(STATUS_PORT)));
    v.awaitOutput(Pattern.compile("\\(to_rs\\) Entering Up state"), WAIT);
    keepalived.awaitOutput(Pattern.compile("\\(to_director\\) Entering Up state"), WAIT);
    v.awaitThat(() -> status(director).contains("BFD to_rs is Up"), WAIT);
    assertThat(status(director)).containsPattern("192\\.0\\.2\\.2:80 +up +weight 1");

    // with the director running, port 3784 is taken: vigil checks says so, and why it is down
    NsProcess busy = director.start(VigilJvm.argv("checks", "--once", "-f", conf.toString()));
    assertThat(busy.waitFor(WAIT)).isZero();
    assertThat(busy.output())
        .contains("vigil checks: the BFD sessions cannot run here (")
        .contains("TCP 192.0.2.10:80 192.0.2.2:80 down BFD_CHECK BFD to_rs is not running");

    server.down("eth0"); // the real server's host is gone: its session expires (0.3 s)
    v.awaitThat(() -> status(director).contains("BFD to_rs is down"), Duration.ofSeconds(10));
    assertThat(status(director)).containsPattern("192\\.0\\.2\\.2:80 +DOWN");
    assertThat(v.output()).contains("(to_rs) Expired after");
    v.awaitOutput(Pattern.compile("real server .* is down"), Duration.ofSeconds(10));
    for (String line : v.output().split("\n")) {
      if (line.contains("(to_rs) Expired after") || line.matches(".*real server .* is down.*")) {
        System.out.println("BFD_CHECK reaction: " + line);
      }
    }

    server.up("eth0");
    v.awaitThat(() -> status(director).contains("BFD to_rs is Up"), WAIT);
    assertThat(status(director)).containsPattern("192\\.0\\.2\\.2:80 +up");
    System.out.println(
        "BFD_CHECK: up with the session, down 0.3 s after the link was cut, up again");
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).isZero();
    keepalived.signal("TERM");
    keepalived.waitFor(Duration.ofSeconds(20));
  }

  static String status(Netns ns) {
    return ns.exec(VigilJvm.argv("status", "-s", "127.0.0.1:" + STATUS_PORT)).stdout();
  }
}
