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
 * Other multicast groups ({@code vrrp_mcast_group4} / {@code vrrp_mcast_group6} and an instance's
 * {@code mcast_dst_ip}) against a real keepalived 2.2.7 with the same settings, VRRPv3 (whose
 * checksum covers the group). Vigil, the lower priority, hears keepalived's adverts on 224.0.0.19
 * and ff02::13 and stays backup in both instances, while its third instance, the same VRID as the
 * IPv4 one on the standard group 224.0.0.18 where nobody else speaks, is master (another group is
 * another VRID space, as in keepalived, and keepalived's adverts to 224.0.0.19 do not reach it).
 * When keepalived stops, Vigil takes over and advertises to the groups; keepalived started again
 * with a lower priority hears Vigil's adverts there and stays backup. Needs root and keepalived.
 */
class VigilRunMulticastGroupIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  private static final Duration WAIT = Duration.ofSeconds(30);

  static String config(int priority, boolean withStandardGroupInstance) {
    String standard =
        """
        vrrp_instance VI_STD {
          interface eth0
          state BACKUP
          version 3
          virtual_router_id 62
          priority %d
          advert_int 1
          mcast_dst_ip 224.0.0.18
          virtual_ipaddress {
            192.0.2.70/24
          }
        }
        """
            .formatted(priority);
    return """
        global_defs {
          router_id mcast_group
          vrrp_mcast_group4 224.0.0.19
          vrrp_mcast_group6 ff02::13
        }
        vrrp_instance VI_4 {
          interface eth0
          state BACKUP
          version 3
          virtual_router_id 62
          priority %d
          advert_int 1
          virtual_ipaddress {
            192.0.2.60/24
          }
        }
        vrrp_instance VI_6 {
          interface eth0
          state BACKUP
          version 3
          virtual_router_id 63
          priority %d
          advert_int 1
          virtual_ipaddress {
            2001:db8::60/64
          }
        }
        """
            .formatted(priority, priority)
        + (withStandardGroupInstance ? standard : "");
  }

  private static void awaitLinkLocal(Netns ns) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!ns.sh("ip -6 -o addr show dev eth0 tentative").isBlank()
        || !ns.sh("ip -6 -o addr show dev eth0 scope link").contains("fe80::")) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(ns + ": " + ns.sh("ip -o addr show dev eth0"));
      }
      Thread.sleep(100);
    }
  }

  @Test
  void advertsGoToAndAreHeardOnTheConfiguredGroupsAsKeepalivedSendsThem() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a(); // Vigil, 192.0.2.1
    Netns b = lan.b(); // keepalived, 192.0.2.2
    awaitLinkLocal(a);
    awaitLinkLocal(b);
    NsProcess tcpdump =
        a.start("tcpdump", "-l", "-n", "-i", "eth0", "ip proto 112 or ip6 proto 112");
    tcpdump.awaitOutput(Pattern.compile("listening on eth0"), Duration.ofSeconds(10));

    Path kc = Files.writeString(dir.resolve("keepalived.conf"), config(200, false));
    NsProcess keepalived = Keepalived.vrrp(b, kc, dir);
    keepalived.awaitOutput(Pattern.compile("\\(VI_4\\) Entering MASTER STATE"), WAIT);
    keepalived.awaitOutput(Pattern.compile("\\(VI_6\\) Entering MASTER STATE"), WAIT);
    tcpdump.awaitOutput(
        Pattern.compile("192\\.0\\.2\\.2 > 224\\.0\\.0\\.19: VRRPv3, Advertisement, vrid 62"),
        Duration.ofSeconds(5));
    tcpdump.awaitOutput(
        Pattern.compile("fe80::[0-9a-f:]+ > ff02::13: VRRPv3, Advertisement, vrid 63"),
        Duration.ofSeconds(5));

    Path vc = Files.writeString(dir.resolve("vigil.conf"), config(100, true));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_4: BACKUP"), WAIT);
    v.awaitOutput(Pattern.compile("INSTANCE VI_6: BACKUP"), WAIT);
    // VI_STD hears nobody on 224.0.0.18: master after its down interval (3 s + skew)
    v.awaitOutput(Pattern.compile("INSTANCE VI_STD: MASTER"), WAIT);
    tcpdump.awaitOutput(
        Pattern.compile("192\\.0\\.2\\.1 > 224\\.0\\.0\\.18: VRRPv3, Advertisement, vrid 62"),
        Duration.ofSeconds(5));
    // past another down interval: a Vigil deaf on 224.0.0.19 or ff02::13 (or refusing
    // keepalived's checksums over them) would be master there by now
    Thread.sleep(5_000);
    assertThat(v.output())
        .as("Vigil hears keepalived on 224.0.0.19 and ff02::13 and stays backup")
        .doesNotContain("INSTANCE VI_4: MASTER")
        .doesNotContain("INSTANCE VI_6: MASTER");
    assertThat(a.sh("ip -4 addr show dev eth0")).doesNotContain("192.0.2.60/");
    assertThat(a.sh("ip -4 addr show dev eth0")).contains("192.0.2.70/");
    keepalived.signal("TERM"); // priority 0: Vigil takes over after its skew
    v.awaitOutput(Pattern.compile("INSTANCE VI_4: MASTER"), Duration.ofSeconds(10));
    v.awaitOutput(Pattern.compile("INSTANCE VI_6: MASTER"), Duration.ofSeconds(10));
    assertThat(keepalived.waitFor(Duration.ofSeconds(20))).isZero();
    tcpdump.awaitOutput(
        Pattern.compile("192\\.0\\.2\\.1 > 224\\.0\\.0\\.19: VRRPv3, Advertisement, vrid 62"),
        Duration.ofSeconds(5));
    tcpdump.awaitOutput(
        Pattern.compile("fe80::[0-9a-f:]+ > ff02::13: VRRPv3, Advertisement, vrid 63, prio 100"),
        Duration.ofSeconds(5));
    assertThat(tcpdump.output())
        .as("no advert of Vigil's VI_4 / VI_6 to the standard groups")
        .doesNotContainPattern("> ff02::12: VRRPv3")
        .doesNotContainPattern(
            "192\\.0\\.2\\.1 > 224\\.0\\.0\\.18: VRRPv3, Advertisement, vrid 63");

    // keepalived again, below Vigil: it must take Vigil's adverts (their checksums over the
    // configured groups) and stay backup
    Path low = Files.writeString(dir.resolve("keepalived-low.conf"), config(50, false));
    NsProcess again = Keepalived.vrrp(b, low, dir);
    again.awaitOutput(Pattern.compile("\\(VI_4\\) Entering BACKUP STATE"), WAIT);
    again.awaitOutput(Pattern.compile("\\(VI_6\\) Entering BACKUP STATE"), WAIT);
    Thread.sleep(5_000);
    assertThat(again.output())
        .as("keepalived hears Vigil on 224.0.0.19 and ff02::13")
        .doesNotContain("Entering MASTER STATE");
    String out = v.output();
    int masters =
        Math.max(
            out.lastIndexOf("INSTANCE VI_4: MASTER"), out.lastIndexOf("INSTANCE VI_6: MASTER"));
    assertThat(out.substring(masters + 1))
        .as("Vigil stays master beside the lower keepalived")
        .doesNotContain("INSTANCE VI_4:", "INSTANCE VI_6:");
    System.out.println(
        "vrrp_mcast_group4 224.0.0.19 / vrrp_mcast_group6 ff02::13: Vigil and keepalived 2.2.7"
            + " elected each other both ways; VRID 62 on 224.0.0.18 ran apart");
    again.signal("TERM");
    assertThat(again.waitFor(Duration.ofSeconds(20))).isZero();
    tcpdump.close();
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).isZero();
  }
}
