package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.director.daemon.VigilRunInMemoryIpvs;
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
 * {@code vigil run -B} ({@code --no_bfd}) beside keepalived 2.2.7's {@code -B}, with a keepalived
 * BFD peer on the LAN that would bring a session Up: no BFD runs (no socket on port 3784, the peer
 * never sees the session Up, no {@code -b} pid file), an instance that tracks the session stays in
 * FAULT as keepalived's does, and a {@code BFD_CHECK} keeps its initial state (up, or down with
 * {@code alpha}), as keepalived's checker that no BFD event reaches. Needs root and keepalived.
 */
class VigilRunNoBfdIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int STATUS_PORT = 9189;

  private static final String PEER =
      """
      bfd_instance to_director {
        neighbor_ip 192.0.2.1
        source_ip 192.0.2.2
        min_rx 100
        min_tx 100
        multiplier 3
      }
      """;

  /** The director's configuration from {@code source}: a session to b, tracked by VI_1. */
  private static String tracking(String source) {
    return """
        bfd_instance to_b {
          neighbor_ip 192.0.2.2
          source_ip %s
          min_rx 100
          min_tx 100
          multiplier 3
        }
        vrrp_instance VI_1 {
          interface eth0
          state BACKUP
          virtual_router_id 74
          priority 100
          advert_int 1
          track_bfd {
            to_b
          }
          virtual_ipaddress {
            192.0.2.74/24
          }
        }
        """
        .formatted(source);
  }

  @Test
  void aTrackedSessionThatIsNotRunKeepsTheInstanceInFaultAsKeepalivedDoes() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a(); // Vigil -B, 192.0.2.1
    Netns b = lan.b(); // keepalived's BFD, the peer, 192.0.2.2
    Netns c = lan.client(); // keepalived -P -B, 192.0.2.3
    Path peerDir = Files.createDirectories(dir.resolve("peer"));
    NsProcess peer = Keepalived.run(b, Files.writeString(dir.resolve("peer.conf"), PEER), peerDir);
    Path kDir = Files.createDirectories(dir.resolve("k"));
    Path kc = Files.writeString(dir.resolve("k.conf"), tracking("192.0.2.3"));
    NsProcess keepalived =
        Keepalived.vrrp(c, kc, kDir, "-B", "-b", kDir.resolve("b.pid").toString());
    Path vc = Files.writeString(dir.resolve("vigil.conf"), tracking("192.0.2.1"));
    Path bfdPid = dir.resolve("vigil-bfd.pid");
    NsProcess v =
        a.start(
            VigilJvm.argv(
                "run", "-B", "--vrrp-only", "-f", vc.toString(), "-b", bfdPid.toString()));

    v.awaitOutput(Pattern.compile("INSTANCE VI_1: FAULT"), WAIT);
    keepalived.awaitOutput(Pattern.compile("\\(VI_1\\) entering FAULT state"), WAIT);
    assertThat(v.output())
        .contains(
            "BFD is not run (-B, --no_bfd): the 1 bfd_instance(s) have no session, a track_bfd"
                + " stays down and a BFD_CHECK keeps its initial state");
    // with BFD run, the peer's session is Up within a second (VigilRunBfdIT): give it three
    Thread.sleep(3_000);
    assertThat(peer.output()).doesNotContain("Entering Up state");
    assertThat(a.sh("ss -Hlun 'sport = :3784'").strip()).as("a BFD socket").isEmpty();
    assertThat(c.sh("ss -Hlun 'sport = :3784'").strip()).as("keepalived's BFD socket").isEmpty();
    assertThat(bfdPid).as("-b's pid file: no BFD").doesNotExist();
    assertThat(kDir.resolve("b.pid")).as("keepalived's -b pid file").doesNotExist();
    assertThat(v.output()).doesNotContain("VI_1: BACKUP", "VI_1: MASTER");
    assertThat(keepalived.output()).doesNotContain("Entering BACKUP", "Entering MASTER");
    assertThat(a.sh("ip -4 addr show dev eth0")).doesNotContain("192.0.2.74/");

    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).isZero();
    keepalived.signal("TERM");
    keepalived.waitFor(Duration.ofSeconds(20));
    peer.signal("TERM");
    peer.waitFor(Duration.ofSeconds(20));
  }

  @Test
  void aBfdCheckThatIsNotRunKeepsItsInitialState() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a();
    Netns b = lan.b();
    NsProcess peer = Keepalived.run(b, Files.writeString(dir.resolve("peer.conf"), PEER), dir);
    Path vc =
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
              delay_loop 1
              lb_algo rr
              lb_kind NAT
              protocol TCP
              real_server 192.0.2.2 80 {
                BFD_CHECK {
                  name to_rs
                }
              }
              real_server 192.0.2.2 81 {
                BFD_CHECK {
                  name to_rs
                  alpha
                }
              }
            }
            """);
    NsProcess v =
        a.start(
            VigilRunInMemoryIpvs.argv(
                "-f",
                vc.toString(),
                "--check-only",
                "-B",
                "--status-port",
                Integer.toString(STATUS_PORT)));
    v.awaitThat(() -> status(a).contains("BFD is not run (-B)"), WAIT);
    Thread.sleep(3_000); // three more delay_loops
    String status = status(a);
    assertThat(status)
        .containsPattern("192\\.0\\.2\\.2:80 +up +weight 1")
        .containsPattern("192\\.0\\.2\\.2:81 +DOWN");
    assertThat(v.output()).doesNotContain("Entering Up state").doesNotContain("is down");
    assertThat(peer.output()).doesNotContain("Entering Up state");
    System.out.println("vigil run -B, BFD_CHECK kept its initial state:\n" + status);
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).isZero();
    peer.signal("TERM");
    peer.waitFor(Duration.ofSeconds(20));
  }

  static String status(Netns ns) {
    return ns.exec(VigilJvm.argv("status", "-s", "127.0.0.1:" + STATUS_PORT)).stdout();
  }
}
