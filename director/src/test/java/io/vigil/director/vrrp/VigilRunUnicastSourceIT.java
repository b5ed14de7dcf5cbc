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
 * A {@code unicast_src_ip} that is not the interface's primary address, against keepalived: Vigil
 * (priority 200) sends its VRRPv3 adverts from it, over IPv4 and IPv6, so keepalived (priority 100)
 * accepts them (their checksum covers the source) and steps down to backup, and stays there. Vigil
 * sent from the primary address instead (its socket was not bound): keepalived dropped every advert
 * for its checksum and both were master.
 */
class VigilRunUnicastSourceIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static String conf(int priority, String src4, String peer4, String src6, String peer6) {
    return """
        vrrp_instance VI_4 {
          interface eth0
          state BACKUP
          virtual_router_id 81
          priority %1$d
          advert_int 1
          version 3
          unicast_src_ip %2$s
          unicast_peer {
            %3$s
          }
          virtual_ipaddress {
            198.51.100.81/24
          }
        }
        vrrp_instance VI_6 {
          interface eth0
          state BACKUP
          virtual_router_id 82
          priority %1$d
          advert_int 1
          unicast_src_ip %4$s
          unicast_peer {
            %5$s
          }
          virtual_ipaddress {
            2001:db8:1::82/64
          }
        }
        """
        .formatted(priority, src4, peer4, src6, peer6);
  }

  @Test
  void keepalivedHearsVigilsAdvertsFromItsUnicastSrcIpAndStaysBackup() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a(); // Vigil: 192.0.2.1 primary, sends from 192.0.2.11
    Netns b = lan.b(); // keepalived: 192.0.2.2
    a.sh("ip addr add 192.0.2.11/24 dev eth0");
    a.sh("ip addr add 2001:db8::1/64 dev eth0 nodad");
    a.sh("ip addr add 2001:db8::11/64 dev eth0 nodad");
    b.sh("ip addr add 2001:db8::2/64 dev eth0 nodad");
    NsProcess tcpdump =
        a.start("tcpdump", "-l", "-n", "-i", "eth0", "ip proto 112 or ip6 proto 112");
    tcpdump.awaitOutput(Pattern.compile("listening on eth0"), Duration.ofSeconds(10));

    Path kc =
        Files.writeString(
            dir.resolve("keepalived.conf"),
            conf(100, "192.0.2.2", "192.0.2.11", "2001:db8::2", "2001:db8::11"));
    NsProcess keepalived = Keepalived.vrrp(b, kc, dir);
    keepalived.awaitOutput(
        Pattern.compile("\\(VI_4\\) Entering MASTER STATE"), Duration.ofSeconds(20));
    keepalived.awaitOutput(
        Pattern.compile("\\(VI_6\\) Entering MASTER STATE"), Duration.ofSeconds(20));

    Path vc =
        Files.writeString(
            dir.resolve("vigil.conf"),
            conf(200, "192.0.2.11", "192.0.2.2", "2001:db8::11", "2001:db8::2"));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_4: MASTER"), Duration.ofSeconds(30));
    v.awaitOutput(Pattern.compile("INSTANCE VI_6: MASTER"), Duration.ofSeconds(30));
    keepalived.awaitOutput(
        Pattern.compile("\\(VI_4\\) Entering BACKUP STATE"), Duration.ofSeconds(10));
    keepalived.awaitOutput(
        Pattern.compile("\\(VI_6\\) Entering BACKUP STATE"), Duration.ofSeconds(10));
    // past keepalived's down interval (3 s + skew): had it dropped Vigil's adverts, it would be
    // master again
    Thread.sleep(5_000);
    String after = keepalived.output().substring(keepalived.output().lastIndexOf("BACKUP STATE"));
    assertThat(after).as("keepalived stays backup").doesNotContain("Entering MASTER STATE");
    assertThat(keepalived.output()).doesNotContainPattern("(?i)checksum");
    assertThat(tcpdump.output())
        .contains("192.0.2.11 > 192.0.2.2: VRRPv3, Advertisement")
        .contains("2001:db8::11 > 2001:db8::2: VRRPv3, Advertisement")
        .doesNotContain("192.0.2.1 > 192.0.2.2: VRRP")
        .doesNotContain("2001:db8::1 > 2001:db8::2: VRRP");
    tcpdump.close();
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).as(v.output()).isZero();
    keepalived.signal("TERM");
    keepalived.waitFor(Duration.ofSeconds(20));
  }

  static String multicast(int priority, String src6) {
    return """
        vrrp_instance VI_M {
          interface eth0
          state BACKUP
          virtual_router_id 83
          priority %d
          advert_int 1
          unicast_src_ip %s
          virtual_ipaddress {
            2001:db8:1::83/64
          }
        }
        """
        .formatted(priority, src6);
  }

  /**
   * The same with IPv6 multicast: keepalived sends to ff02::12 from its unicast_src_ip (given with
   * each send), and so does Vigil. It sent from the interface's link-local address, which the
   * kernel picked, with a checksum over its unicast_src_ip: keepalived dropped them all.
   */
  @Test
  void overIpv6MulticastTooTheAdvertsLeaveFromTheUnicastSrcIp() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a();
    Netns b = lan.b();
    a.sh("ip addr add 2001:db8::11/64 dev eth0 nodad");
    b.sh("ip addr add 2001:db8::2/64 dev eth0 nodad");
    NsProcess tcpdump = a.start("tcpdump", "-l", "-n", "-i", "eth0", "ip6 proto 112");
    tcpdump.awaitOutput(Pattern.compile("listening on eth0"), Duration.ofSeconds(10));
    Path kc = Files.writeString(dir.resolve("keepalived.conf"), multicast(100, "2001:db8::2"));
    NsProcess keepalived = Keepalived.vrrp(b, kc, dir);
    keepalived.awaitOutput(
        Pattern.compile("\\(VI_M\\) Entering MASTER STATE"), Duration.ofSeconds(20));
    tcpdump.awaitOutput(
        Pattern.compile("2001:db8::2 > ff02::12: VRRPv3"), Duration.ofSeconds(10)); // its way

    Path vc = Files.writeString(dir.resolve("vigil.conf"), multicast(200, "2001:db8::11"));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_M: MASTER"), Duration.ofSeconds(30));
    keepalived.awaitOutput(
        Pattern.compile("\\(VI_M\\) Entering BACKUP STATE"), Duration.ofSeconds(10));
    Thread.sleep(5_000); // past keepalived's down interval
    String after = keepalived.output().substring(keepalived.output().lastIndexOf("BACKUP STATE"));
    assertThat(after).as("keepalived stays backup").doesNotContain("Entering MASTER STATE");
    assertThat(keepalived.output()).doesNotContainPattern("(?i)checksum");
    assertThat(tcpdump.output())
        .contains("2001:db8::11 > ff02::12: VRRPv3, Advertisement, vrid 83, prio 200")
        .doesNotContainPattern("fe80::[0-9a-f:]+ > ff02::12: VRRPv3");
    tcpdump.close();
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).as(v.output()).isZero();
    keepalived.signal("TERM");
    keepalived.waitFor(Duration.ofSeconds(20));
  }
}
