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
 * {@code old_unicast_checksum} against keepalived 2.2.7, unicast VRRPv3 over IPv4, both ways: the
 * side that has it sends the old checksum (224.0.0.18 in the pseudo-header), the side without it
 * notices the first such advert, says so as keepalived says it, and uses the old checksum from then
 * on; Vigil (priority 200) is master and keepalived stays backup. Before, Vigil ignored the keyword
 * ("not implemented") and took only RFC 5798's checksum: with keepalived set to the old one, each
 * dropped the other's adverts and both were master.
 */
class VigilRunOldUnicastChecksumIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  /** The global_defs block of every configuration of a test (none by default). */
  String globals = "";

  String conf(int priority, String self, String peer, String extra) {
    return globals
        + """
        vrrp_instance VI_1 {
          interface eth0
          state BACKUP
          virtual_router_id 61
          priority %d
          advert_int 1
          version 3
          unicast_src_ip %s
          unicast_peer {
            %s
          }
          %s
          virtual_ipaddress {
            192.0.2.61/24
          }
        }
        """
            .formatted(priority, self, peer, extra);
  }

  void run(String keepalivedExtra, String vigilExtra, NsProcess[] out) throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a(); // Vigil
    Netns b = lan.b(); // keepalived
    Path kc =
        Files.writeString(
            dir.resolve("keepalived.conf"), conf(100, "192.0.2.2", "192.0.2.1", keepalivedExtra));
    NsProcess keepalived = Keepalived.vrrp(b, kc, dir);
    keepalived.awaitOutput(
        Pattern.compile("\\(VI_1\\) Entering MASTER STATE"), Duration.ofSeconds(20));
    Path vc =
        Files.writeString(
            dir.resolve("vigil.conf"), conf(200, "192.0.2.1", "192.0.2.2", vigilExtra));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
    keepalived.awaitOutput(
        Pattern.compile("\\(VI_1\\) Entering BACKUP STATE"), Duration.ofSeconds(10));
    // past keepalived's down interval: had it dropped Vigil's adverts, it would be master again
    Thread.sleep(5_000);
    String after = keepalived.output().substring(keepalived.output().lastIndexOf("BACKUP STATE"));
    assertThat(after).as("keepalived stays backup").doesNotContain("Entering MASTER STATE");
    assertThat(keepalived.output()).doesNotContain("Invalid VRRPv3 checksum");
    out[0] = v;
    out[1] = keepalived;
  }

  void stop(NsProcess[] p) throws Exception {
    p[0].signal("TERM");
    assertThat(p[0].waitFor(Duration.ofSeconds(20))).as(p[0].output()).isZero();
    p[1].signal("TERM");
    p[1].waitFor(Duration.ofSeconds(20));
  }

  @Test
  void vigilFollowsAKeepalivedThatSendsTheOldChecksum() throws Exception {
    NsProcess[] p = new NsProcess[2];
    run("old_unicast_checksum", "", p);
    assertThat(p[0].output()).contains("(VI_1) Setting unicast VRRPv3 checksum to old version");
    assertThat(p[0].output()).doesNotContain("MASTER -> BACKUP");
    stop(p);
  }

  @Test
  void keepalivedFollowsAVigilThatSendsTheOldChecksum() throws Exception {
    NsProcess[] p = new NsProcess[2];
    run("", "old_unicast_checksum", p);
    assertThat(p[1].output()).contains("(VI_1) Setting unicast VRRPv3 checksum to old version");
    assertThat(p[0].output()).doesNotContain("Setting unicast VRRPv3 checksum");
    stop(p);
  }

  /**
   * With another global {@code vrrp_mcast_group4}, keepalived's old checksum has that group in its
   * pseudo-header (vrrp.c): Vigil sends the same (before, it put 224.0.0.18 there, and each side
   * dropped the other's adverts) ...
   */
  @Test
  void theOldChecksumCoversTheGlobalMulticastGroup() throws Exception {
    globals = "global_defs {\n  vrrp_mcast_group4 224.0.0.19\n}\n";
    NsProcess[] p = new NsProcess[2];
    run("old_unicast_checksum", "old_unicast_checksum", p);
    assertThat(p[1].output()).doesNotContain("Setting unicast VRRPv3 checksum");
    stop(p);
  }

  /** ... and notices it over that group. */
  @Test
  void vigilNoticesTheOldChecksumOverTheGlobalMulticastGroup() throws Exception {
    globals = "global_defs {\n  vrrp_mcast_group4 224.0.0.19\n}\n";
    NsProcess[] p = new NsProcess[2];
    run("old_unicast_checksum", "", p);
    assertThat(p[0].output()).contains("(VI_1) Setting unicast VRRPv3 checksum to old version");
    stop(p);
  }
}
