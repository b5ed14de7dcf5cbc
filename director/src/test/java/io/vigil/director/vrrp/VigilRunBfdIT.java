package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
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
 * BFD against a real keepalived 2.2.7: Vigil's {@code bfd_instance} and keepalived's, towards each
 * other, bring their session Up; Vigil's VRRP instance that tracks it ({@code track_bfd}, no
 * weight) stays in FAULT until then, as keepalived's would; with the link cut, the session expires
 * after its detection time (multiplier 3 × 100 ms) and the instance goes to FAULT, giving its
 * address up; with the link back, the session and the instance come back. Needs root and
 * keepalived, like the other lab tests.
 */
class VigilRunBfdIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String VIP = "192.0.2.72";

  @Test
  void aTrackedSessionWithKeepalivedDecidesTheInstancesFault() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a(); // Vigil, 192.0.2.1
    Netns b = lan.b(); // keepalived, 192.0.2.2

    Path kc =
        Files.writeString(
            dir.resolve("keepalived.conf"),
            """
            global_defs {
              router_id bfd_peer
            }
            bfd_instance to_a {
              neighbor_ip 192.0.2.1
              source_ip 192.0.2.2
              min_rx 100
              min_tx 100
              multiplier 3
            }
            """);
    NsProcess keepalived = Keepalived.run(b, kc, dir);

    Path vc =
        Files.writeString(
            dir.resolve("vigil.conf"),
            """
            bfd_instance to_b {
              neighbor_ip 192.0.2.2
              source_ip 192.0.2.1
              min_rx 100
              min_tx 100
              multiplier 3
            }
            vrrp_instance VI_1 {
              interface eth0
              state BACKUP
              virtual_router_id 72
              priority 100
              advert_int 1
              track_bfd {
                to_b
              }
              virtual_ipaddress {
                %s/24
              }
            }
            """
                .formatted(VIP));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    // the daemon starts the sessions before the instances: the session may be Up before VI_1
    // starts (then it starts as BACKUP), else VI_1 is in FAULT until it is
    v.awaitOutput(Pattern.compile("\\(to_b\\) Entering Up state"), WAIT);
    keepalived.awaitOutput(Pattern.compile("\\(to_a\\) Entering Up state"), WAIT);
    String out = v.output();
    if (out.contains("vrrp_instance VI_1 started")
        && out.indexOf("vrrp_instance VI_1 started") < out.indexOf("(to_b) Entering Up state")) {
      // started before the session was Up: it is told, and says so (up at its start, it is not)
      v.awaitOutput(Pattern.compile("Tracked BFD instance to_b is UP"), WAIT);
    }
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), WAIT); // no VRRP peer on the LAN
    assertThat(a.sh("ip -4 addr show dev eth0")).contains(VIP + "/");
    String start = v.output().substring(0, v.output().indexOf("(to_b) Entering Up state"));
    assertThat(start)
        .as("never above FAULT before the session is Up")
        .doesNotContain("VI_1: BACKUP", "VI_1: MASTER");

    // the session on /status, `vigil status`'s table and /metrics
    String status = a.sh("curl -s 127.0.0.1:9180/status");
    assertThat(status)
        .contains(
            "\"bfdSessions\":[{\"name\":\"to_b\",\"neighbour\":\"192.0.2.2\",\"state\":\"Up\","
                + "\"detectionTimeMs\":300.0,\"transmitIntervalMs\":100.0}]");
    assertThat(a.sh("curl -s 127.0.0.1:9180/status.txt"))
        .containsPattern("to_b +192\\.0\\.2\\.2 +Up +300 ms +100 ms");
    assertThat(a.sh("curl -s 127.0.0.1:9180/metrics"))
        .contains("vigil_bfd_session_up{session=\"to_b\"} 1");

    int before = v.output().length();
    b.down("eth0"); // the neighbour is gone: no BFD packet, no goodbye
    v.awaitThat(
        () -> v.output().substring(before).contains("INSTANCE VI_1: FAULT"),
        Duration.ofSeconds(10));
    assertThat(v.output().substring(before))
        .contains("(to_b) Expired after")
        .contains("(to_b) Entering Down state (Local diagnostic - Control Detection Time Expired")
        .contains("Tracked BFD instance to_b is DOWN");
    assertThat(a.sh("ip -4 addr show dev eth0")).doesNotContain(VIP + "/");

    int again = v.output().length();
    b.up("eth0");
    v.awaitThat(() -> v.output().substring(again).contains("INSTANCE VI_1: MASTER"), WAIT);
    assertThat(v.output().substring(again)).contains("(to_b) Entering Up state");
    System.out.println(
        "BFD with keepalived 2.2.7: Up, expired when the link was cut, Up again; VI_1 followed");
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).isZero();
    keepalived.signal("TERM");
    keepalived.waitFor(Duration.ofSeconds(20));
  }

  @Test
  void packetsThatCrossedMoreHopsThanMaxHopsAreDropped() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a();
    Netns b = lan.b();
    // keepalived sends with TTL 254, as from one router away: RFC 5881's check (max_hops 0)
    // drops it; max_hops 1 takes it
    Path kc =
        Files.writeString(
            dir.resolve("keepalived.conf"),
            """
            bfd_instance to_a {
              neighbor_ip 192.0.2.1
              source_ip 192.0.2.2
              min_rx 100
              min_tx 100
              ttl 254
            }
            """);
    NsProcess keepalived = Keepalived.run(b, kc, dir);
    String vigil =
        """
        bfd_instance to_b {
          neighbor_ip 192.0.2.2
          source_ip 192.0.2.1
          min_rx 100
          min_tx 100
          %s
        }
        """;
    Path vc = Files.writeString(dir.resolve("vigil.conf"), vigil.formatted(""));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    v.awaitOutput(
        Pattern.compile("BFD: discarding packet from 192\\.0\\.2\\.2: ttl 254 < 255"), WAIT);
    Files.writeString(vc, vigil.formatted("max_hops 1"));
    v.signal("HUP");
    v.awaitOutput(Pattern.compile("\\(to_b\\) Entering Up state"), WAIT);
    System.out.println("BFD max_hops: TTL 254 dropped with max_hops 0, taken with max_hops 1");
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).isZero();
    keepalived.signal("TERM");
    keepalived.waitFor(Duration.ofSeconds(20));
  }
}
