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
 * Two unicast instances with one VRID on one interface, each with its own peer, as keepalived 2.2.7
 * allows them: Vigil's VI_A pairs with a keepalived in {@code b}, VI_B with one in the client's
 * namespace, all on VRID 51. Each Vigil instance follows only its own peer (VI_A gives way to its
 * higher-priority keepalived, VI_B stays master over its lower one), and neither counts the other's
 * peer's adverts as dropped. Before, Vigil refused the configuration ("duplicate VRID conflict").
 */
class VigilRunUnicastDuplicateVridIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static final int STATUS_PORT = 9189;

  static String instance(String name, int priority, String self, String peer, String vip) {
    return """
        vrrp_instance %s {
          interface eth0
          state BACKUP
          virtual_router_id 51
          priority %d
          advert_int 1
          unicast_src_ip %s
          unicast_peer {
            %s
          }
          virtual_ipaddress {
            %s/24
          }
        }
        """
        .formatted(name, priority, self, peer, vip);
  }

  @Test
  void eachInstanceFollowsItsOwnPeer() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a(); // Vigil, 192.0.2.1
    Path vc =
        Files.writeString(
            dir.resolve("vigil.conf"),
            instance("VI_A", 150, "192.0.2.1", "192.0.2.2", "192.0.2.51")
                + instance("VI_B", 150, "192.0.2.1", "192.0.2.3", "192.0.2.52"));
    Path kb =
        Files.writeString(
            dir.resolve("kb.conf"), instance("K_B", 200, "192.0.2.2", "192.0.2.1", "192.0.2.51"));
    Path kc =
        Files.writeString(
            dir.resolve("kc.conf"), instance("K_C", 100, "192.0.2.3", "192.0.2.1", "192.0.2.52"));
    Files.createDirectories(dir.resolve("b"));
    Files.createDirectories(dir.resolve("c"));
    NsProcess keepB = Keepalived.vrrp(lan.b(), kb, dir.resolve("b"));
    NsProcess keepC = Keepalived.vrrp(lan.client(), kc, dir.resolve("c"));
    NsProcess v =
        a.start(
            VigilJvm.argv(
                "run",
                "--vrrp-only",
                "-f",
                vc.toString(),
                "--status-port",
                Integer.toString(STATUS_PORT)));
    keepB.awaitOutput(Pattern.compile("\\(K_B\\) Entering MASTER STATE"), Duration.ofSeconds(20));
    v.awaitOutput(Pattern.compile("INSTANCE VI_B: MASTER"), Duration.ofSeconds(30));
    keepC.awaitOutput(Pattern.compile("\\(K_C\\) Entering BACKUP STATE"), Duration.ofSeconds(20));
    // past the down intervals: VI_A hears K_B and stays backup, K_C hears VI_B
    Thread.sleep(5_000);
    assertThat(v.output()).doesNotContain("INSTANCE VI_A: MASTER");
    String afterB = keepB.output().substring(keepB.output().lastIndexOf("MASTER STATE"));
    assertThat(afterB).as("K_B stays master").doesNotContain("Entering BACKUP STATE");
    String afterC = keepC.output().substring(keepC.output().lastIndexOf("BACKUP STATE"));
    assertThat(afterC).doesNotContain("Entering MASTER STATE");
    String status =
        a.exec(VigilJvm.argv("status", "--json", "-s", "127.0.0.1:" + STATUS_PORT)).stdout();
    assertThat(status).contains("\"name\":\"VI_A\",\"state\":\"BACKUP\"");
    assertThat(status).contains("\"name\":\"VI_B\",\"state\":\"MASTER\"");
    assertThat(status).doesNotContain("unicast_source");
    System.out.println("duplicate VRID 51: VI_A BACKUP to keepalived 200, VI_B MASTER over 100");

    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).isZero();
    keepB.signal("TERM");
    keepC.signal("TERM");
    keepB.waitFor(Duration.ofSeconds(20));
    keepC.waitFor(Duration.ofSeconds(20));
  }
}
