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
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * keepalived.conf(5)'s options of a virtual address ({@code peer}, {@code -nodad}, {@code
 * preferred_lft}, {@code noprefixroute}, {@code home}, {@code mngtmpaddr}, {@code brd +}, {@code
 * no_track}), with Vigil and keepalived 2.2.7 side by side: the same configuration gives the same
 * addresses in the kernel, an IPv6 VIP is usable the moment it is added (keepalived adds them
 * nodad: no duplicate address detection to wait for), and a {@code no_track} VIP deleted behind the
 * director's back stays deleted while the instance stays master. Needs root and keepalived, like
 * the other lab tests.
 */
class VigilRunAddressOptionsIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** One instance, alone on its VRID; N is the director's number in every address. */
  static final String CONF =
      """
      global_defs {
        router_id director_N
      }
      vrrp_instance VI_1 {
        interface eth0
        state MASTER
        virtual_router_id N
        priority 100
        advert_int 1
        virtual_ipaddress {
          192.0.2.N/24 noprefixroute
          203.0.113.N peer 203.0.113.200
          198.51.100.N/24 brd +
        }
        virtual_ipaddress_excluded {
          2001:db8::N/64
          2001:db8::1:N
          2001:db8::2:N/64 -nodad
          2001:db8::3:N/64 preferred_lft 300 mngtmpaddr home
        }
      }
      """;

  /**
   * eth0's addresses of director N, its own ones left out, with N written "N" and a counting
   * lifetime as "Tsec".
   */
  static Set<String> vips(Netns ns, int n) {
    Set<String> out = new TreeSet<>();
    for (String line : ns.sh("ip -o addr show dev eth0").split("\n")) {
      String l =
          line.replaceAll("^\\d+: eth0\\s+", "")
              .replaceAll("\\\\\\s+", " ")
              .replaceAll("\\s+", " ")
              .replaceAll("preferred_lft [1-9]\\d*sec", "preferred_lft Tsec")
              .replace("::" + n + "/", "::N/")
              .replace(":" + n + "/", ":N/")
              .replace("." + n + "/", ".N/")
              .replace("." + n + " ", ".N ")
              .strip();
      if (l.contains(".N") || l.contains(":N")) {
        out.add(l);
      }
    }
    return out;
  }

  private static void awaitAddresses(Netns ns, int n, int count) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (vips(ns, n).size() < count
        || !ns.sh("ip -6 -o addr show dev eth0 tentative").isBlank()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(ns + ": " + ns.sh("ip -o addr show dev eth0"));
      }
      Thread.sleep(100);
    }
  }

  @Test
  void theSameConfigurationGivesTheSameAddressesAsKeepalivedAndVigilRemovesThemAll()
      throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a(); // Vigil, director 72
    Netns b = lan.b(); // keepalived, director 71
    Path kc = Files.writeString(dir.resolve("keepalived.conf"), CONF.replace("N", "71"));
    NsProcess keepalived = Keepalived.vrrp(b, kc, dir);
    keepalived.awaitOutput(Pattern.compile("\\(VI_1\\) Entering MASTER STATE"), WAIT);
    Path vc = Files.writeString(dir.resolve("vigil.conf"), CONF.replace("N", "72"));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), WAIT);
    awaitAddresses(b, 71, 7);
    awaitAddresses(a, 72, 7);

    Set<String> theirs = vips(b, 71);
    Set<String> ours = vips(a, 72);
    System.out.println("keepalived's addresses: " + theirs);
    assertThat(theirs)
        .as("what keepalived 2.2.7 was measured to add")
        .contains(
            "inet 203.0.113.N peer 203.0.113.200/32 scope global eth0 valid_lft forever"
                + " preferred_lft forever",
            "inet 198.51.100.N/24 brd 198.51.100.255 scope global eth0 valid_lft forever"
                + " preferred_lft forever",
            "inet6 2001:db8::N/64 scope global nodad valid_lft forever preferred_lft forever",
            "inet6 2001:db8::1:N/128 scope global nodad deprecated valid_lft forever"
                + " preferred_lft 0sec",
            "inet6 2001:db8::2:N/64 scope global valid_lft forever preferred_lft forever",
            "inet6 2001:db8::3:N/64 scope global nodad home mngtmpaddr valid_lft forever"
                + " preferred_lft Tsec");
    assertThat(ours).as(v.output()).isEqualTo(theirs);

    keepalived.signal("TERM");
    keepalived.waitFor(WAIT);
    v.signal("TERM");
    assertThat(v.waitFor(WAIT)).isZero();
    assertThat(vips(a, 72)).as("Vigil removed every address, the peer one included").isEmpty();
    // keepalived 2.2.7 deletes an IPv4 address with IFA_ADDRESS its own address, which names no
    // point-to-point address (the kernel matches it against the peer): that one stays behind
    System.out.println("left behind by keepalived: " + vips(b, 71));
  }

  @Test
  void anIpv6VipAnswersTheMomentItIsAdded() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a();
    Netns client = lan.client();
    client.sh("ip addr add 2001:db8::3/64 dev eth0 nodad");
    a.sh("ip addr add 2001:db8::1/64 dev eth0 nodad");
    Path vc =
        Files.writeString(
            dir.resolve("vigil.conf"),
            """
            vrrp_instance VI_6 {
              interface eth0
              state MASTER
              virtual_router_id 73
              priority 100
              advert_int 1
              virtual_ipaddress {
                2001:db8::73/64
              }
            }
            """);
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    v.awaitOutput(
        Pattern.compile("VI_6 added 2001:db8:0:0:0:0:0:73/64|VI_6 added 2001:db8::73"), WAIT);
    // at once: a VIP still in duplicate address detection (tentative, 1-2 s) answers nothing
    assertThat(client.exec("ping", "-6", "-c1", "-W1", "2001:db8::73").exitCode())
        .as(a.sh("ip -6 addr show dev eth0") + v.output())
        .isZero();
    v.signal("TERM");
    assertThat(v.waitFor(WAIT)).isZero();
  }

  @Test
  void aNoTrackVipDeletedBehindOurBackStaysDeletedAndTheInstanceMaster() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a(); // Vigil
    Netns b = lan.b(); // keepalived
    String conf =
        """
        vrrp_instance VI_1 {
          interface eth0
          state MASTER
          virtual_router_id N
          priority 100
          advert_int 1
          virtual_ipaddress {
            198.51.100.N/24
            203.0.113.N/24 no_track
          }
          virtual_ipaddress_excluded {
            192.0.2.N/24
          }
        }
        """;
    Path kc = Files.writeString(dir.resolve("keepalived.conf"), conf.replace("N", "74"));
    NsProcess keepalived = Keepalived.vrrp(b, kc, dir);
    keepalived.awaitOutput(Pattern.compile("\\(VI_1\\) Entering MASTER STATE"), WAIT);
    Path vc = Files.writeString(dir.resolve("vigil.conf"), conf.replace("N", "75"));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    v.awaitOutput(Pattern.compile("VI_1 added 203.0.113.75/24"), WAIT);
    awaitAddresses(b, 74, 3);

    for (Netns ns : List.of(a, b)) {
      ns.sh("ip addr del 203.0.113." + (ns == a ? "75" : "74") + "/24 dev eth0");
    }
    Thread.sleep(2_000); // would it come back?
    assertThat(vips(b, 74)).as("keepalived").noneMatch(l -> l.contains("203.0.113."));
    assertThat(vips(a, 75)).as(v.output()).noneMatch(l -> l.contains("203.0.113."));
    assertThat(keepalived.output()).as("keepalived stayed master").doesNotContain("removed from");
    assertThat(v.output())
        .as("Vigil stayed master")
        .doesNotContain("203.0.113.75 was removed")
        .doesNotContainPattern("(?s)INSTANCE VI_1: MASTER.*INSTANCE VI_1: BACKUP");

    // the tracked ones come back, an excluded one too (keepalived: by leaving master and electing
    // itself again, which adds every address, the no_track one too; Vigil puts back those deleted)
    for (Netns ns : List.of(a, b)) {
      String n = ns == a ? "75" : "74";
      ns.sh("ip addr del 198.51.100." + n + "/24 dev eth0");
      // keepalived, leaving master for the first, may have removed the second already
      ns.sh("ip addr del 192.0.2." + n + "/24 dev eth0" + (ns == b ? " || true" : ""));
    }
    keepalived.awaitOutput(Pattern.compile("(?s)removed from eth0.*Entering MASTER STATE"), WAIT);
    v.awaitOutput(
        Pattern.compile("198.51.100.75 was removed behind our back; putting it back"), WAIT);
    v.awaitOutput(Pattern.compile("192.0.2.75 was removed behind our back; putting it back"), WAIT);
    awaitAddresses(b, 74, 2);
    awaitAddresses(a, 75, 2);
    assertThat(vips(a, 75))
        .anyMatch(l -> l.contains("198.51.100.N/24"))
        .anyMatch(l -> l.contains("192.0.2.N/24"))
        .noneMatch(l -> l.contains("203.0.113."));
    System.out.println("keepalived after its re-election: " + vips(b, 74));
    assertThat(v.output())
        .as("one request, for the deleted address alone")
        .doesNotContain("File exists")
        .doesNotContainPattern("(?s)INSTANCE VI_1: MASTER.*INSTANCE VI_1: BACKUP");
    keepalived.signal("TERM");
    keepalived.waitFor(WAIT);
    v.signal("TERM");
    assertThat(v.waitFor(WAIT)).isZero();
  }

  @Test
  void anInstanceWhoseVipsDeviceGoesDownGoesToFaultAsKeepalivedDoes() throws Exception {
    io.vigil.lab.Bridge lan = lab.bridge("lan");
    io.vigil.lab.Bridge servers = lab.bridge("rs");
    Netns a = lab.netns("a").attach(lan, "eth0", "192.0.2.1/24"); // Vigil
    a.attach(servers, "eth1", "198.51.100.1/24");
    Netns b = lab.netns("b").attach(lan, "eth0", "192.0.2.2/24"); // keepalived
    b.attach(servers, "eth1", "198.51.100.2/24");
    String conf =
        """
        vrrp_instance VI_1 {
          interface eth0
          state MASTER
          virtual_router_id N
          priority 100
          advert_int 1
          virtual_ipaddress {
            192.0.2.N/24
            198.51.100.N/24 dev eth1
          }
        }
        """;
    Path kc = Files.writeString(dir.resolve("keepalived.conf"), conf.replace("N", "76"));
    NsProcess keepalived = Keepalived.vrrp(b, kc, dir);
    keepalived.awaitOutput(Pattern.compile("\\(VI_1\\) Entering MASTER STATE"), WAIT);
    Path vc = Files.writeString(dir.resolve("vigil.conf"), conf.replace("N", "77"));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), WAIT);

    b.sh("ip link set eth1 down");
    a.sh("ip link set eth1 down");
    keepalived.awaitOutput(Pattern.compile("\\(VI_1\\) Entering FAULT STATE"), WAIT);
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: FAULT"), WAIT);
    assertThat(vips(a, 77)).as("the VIPs released").isEmpty();

    b.sh("ip link set eth1 up");
    a.sh("ip link set eth1 up");
    keepalived.awaitOutput(Pattern.compile("(?s)FAULT STATE.*Entering MASTER STATE"), WAIT);
    v.awaitOutput(Pattern.compile("(?s)INSTANCE VI_1: FAULT.*INSTANCE VI_1: MASTER"), WAIT);
    keepalived.signal("TERM");
    keepalived.waitFor(WAIT);
    v.signal("TERM");
    assertThat(v.waitFor(WAIT)).isZero();
  }
}
