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
 * {@code use_vmac} against keepalived 2.2.7 with it too: each director makes vrrp.51, a private
 * macvlan with 00:00:5e:00:01:33, set up as keepalived sets its own (the same facts are checked on
 * both); Vigil's adverts and gratuitous ARPs leave from that MAC, the VIP answers the client's ARP
 * with it, and when Vigil stops keepalived takes over; Vigil's VMAC is gone and its interface's
 * arp_ignore / arp_filter are back. Before, use_vmac was "not implemented - ignored": the VIP went
 * on eth0 with eth0's MAC.
 */
class VigilRunVmacIT {
  static final String VMAC = "00:00:5e:00:01:33";

  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static String conf(int priority, String extra) {
    return """
        vrrp_instance VI_1 {
          interface eth0
          state BACKUP
          virtual_router_id 51
          priority %d
          advert_int 1
          use_vmac
          %s
          virtual_ipaddress {
            192.0.2.100/24
          }
        }
        """
        .formatted(priority, extra);
  }

  /** What keepalived 2.2.7 makes of use_vmac (measured), asserted on either director. */
  static void madeAsKeepalivedMakesIt(Netns ns) {
    String link = ns.sh("ip -d link show vrrp.51");
    assertThat(link)
        .as(ns.name())
        .contains("vrrp.51@eth0")
        .contains("link/ether " + VMAC)
        .contains("macvlan mode private")
        .contains("addrgenmode none")
        .contains(",UP,");
    assertThat(sysctls(ns, "vrrp.51"))
        .as(ns.name())
        .isEqualTo(
            "arp_ignore=1 arp_filter=0" + " accept_local=1 rp_filter=0 promote_secondaries=1");
    assertThat(sysctls(ns, "eth0")).as(ns.name()).startsWith("arp_ignore=1 arp_filter=1 ");
  }

  /**
   * keepalived on {@code b} (master alone first), then Vigil on {@code a}, which takes over:
   * {keepalived, vigil}.
   */
  NsProcess[] keepalivedThenVigil(Netns a, Netns b, String instance, String kconf, String vconf)
      throws Exception {
    Path kc = Files.writeString(dir.resolve("keepalived.conf"), kconf);
    NsProcess keepalived = Keepalived.vrrp(b, kc, dir);
    keepalived.awaitOutput(
        Pattern.compile("\\(" + instance + "\\) Entering MASTER STATE"), Duration.ofSeconds(30));
    NsProcess v = vigilMaster(a, vconf, instance);
    keepalived.awaitOutput(
        Pattern.compile("\\(" + instance + "\\) Entering BACKUP STATE"), Duration.ofSeconds(10));
    return new NsProcess[] {keepalived, v};
  }

  /** Vigil alone on {@code a} with {@code conf}, once its VI_1 is master. */
  NsProcess vigilMaster(Netns a, String conf) throws Exception {
    return vigilMaster(a, conf, "VI_1");
  }

  NsProcess vigilMaster(Netns a, String conf, String instance) throws Exception {
    Path vc = Files.writeString(dir.resolve("vigil.conf"), conf);
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE " + instance + ": MASTER"), Duration.ofSeconds(30));
    return v;
  }

  static void stop(NsProcess v) throws Exception {
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).as(v.output()).isZero();
  }

  static String sysctls(Netns ns, String iface) {
    StringBuilder out = new StringBuilder();
    for (String k :
        new String[] {
          "arp_ignore", "arp_filter", "accept_local", "rp_filter", "promote_secondaries"
        }) {
      String v = ns.sh("cat /proc/sys/net/ipv4/conf/" + iface + "/" + k).strip();
      out.append(out.length() == 0 ? "" : " ").append(k).append('=').append(v);
    }
    return out.toString();
  }

  @Test
  void vigilAndKeepalivedShareTheVirtualMacAndHandOver() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a(); // Vigil, priority 200
    Netns b = lan.b(); // keepalived, priority 100
    Netns client = lan.client();
    String ethA = a.sh("cat /sys/class/net/eth0/address").strip();
    NsProcess tcpdump =
        client.start("tcpdump", "-l", "-n", "-e", "-i", "eth0", "ip proto 112 or arp");
    tcpdump.awaitOutput(Pattern.compile("listening on eth0"), Duration.ofSeconds(10));

    NsProcess[] pair = keepalivedThenVigil(a, b, "VI_1", conf(100, ""), conf(200, ""));
    NsProcess keepalived = pair[0];
    NsProcess v = pair[1];
    madeAsKeepalivedMakesIt(b);
    madeAsKeepalivedMakesIt(a);
    // the VMAC's IGMP reports moved to eth0: keepalived's nftables rules, line for line
    assertThat(a.sh("nft list ruleset")).contains("vmac_map").isEqualTo(b.sh("nft list ruleset"));
    assertThat(a.sh("ip -4 addr show dev vrrp.51")).contains("inet 192.0.2.100/24");
    assertThat(a.sh("ip -4 addr show dev eth0")).doesNotContain("192.0.2.100");

    // Vigil's adverts and its gratuitous ARPs are the virtual MAC's, from eth0's address
    tcpdump.awaitOutput(
        Pattern.compile(
            Pattern.quote(VMAC)
                + " > 01:00:5e:00:00:12, .*192\\.0\\.2\\.1 > 224\\.0\\.0\\.18: VRRPv2,"
                + " Advertisement, vrid 51, prio 200"),
        Duration.ofSeconds(10));
    tcpdump.awaitOutput(
        Pattern.compile(
            Pattern.quote(VMAC) + " > ff:ff:ff:ff:ff:ff, ethertype ARP.*192\\.0\\.2\\.100"),
        Duration.ofSeconds(10));
    assertThat(tcpdump.output()).doesNotContain(ethA + " > 01:00:5e:00:00:12");

    // the client reaches the VIP, which answers its ARP with the virtual MAC (as keepalived's
    // does: the reply then leaves from eth0, the route to the client being eth0's, and its ARP
    // for the client names the VIP with eth0's MAC, keepalived's too, measured)
    assertThat(client.exec("ping", "-c", "1", "-W", "2", "192.0.2.100").exitCode()).isZero();
    tcpdump.awaitOutput(
        Pattern.compile("Reply 192\\.0\\.2\\.100 is-at " + Pattern.quote(VMAC)),
        Duration.ofSeconds(10));
    stop(v);
    keepalived.awaitOutput(
        Pattern.compile("(?s)BACKUP STATE.*\\(VI_1\\) Entering MASTER STATE"),
        Duration.ofSeconds(10));
    // within keepalived's second burst of gratuitous ARPs (garp_master_delay 5 s): its first can
    // fall in the client's ARP locktime (1 s) after the entry Vigil's eth0 wrote, as between two
    // keepalived
    assertThat(client.exec("ping", "-c", "1", "-w", "10", "192.0.2.100").exitCode()).isZero();

    // Vigil's VMAC is gone, and eth0 is as it was (a new veth: 0 and 0)
    assertThat(a.exec("ip", "link", "show", "vrrp.51").exitCode()).isNotZero();
    assertThat(sysctls(a, "eth0")).startsWith("arp_ignore=0 arp_filter=0 ");
    assertThat(v.output())
        .contains("(VI_1) VMAC vrrp.51 up on eth0 with " + VMAC)
        .contains("(VI_1) VMAC vrrp.51 deleted")
        .contains("arp_ignore and arp_filter put back on eth0 (0 and 0)");
    tcpdump.close();
    keepalived.signal("TERM");
    keepalived.waitFor(Duration.ofSeconds(20));
  }

  @Test
  void withXmitBaseTheAdvertsUseEth0AndTheVipsTheVmac() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a();
    String ethA = a.sh("cat /sys/class/net/eth0/address").strip();
    NsProcess tcpdump =
        lan.client().start("tcpdump", "-l", "-n", "-e", "-i", "eth0", "ip proto 112 or arp");
    tcpdump.awaitOutput(Pattern.compile("listening on eth0"), Duration.ofSeconds(10));
    NsProcess v = vigilMaster(a, conf(200, "vmac_xmit_base"));
    assertThat(a.sh("ip -4 addr show dev vrrp.51")).contains("inet 192.0.2.100/24");
    tcpdump.awaitOutput(
        Pattern.compile(
            Pattern.quote(ethA) + " > 01:00:5e:00:00:12, .*192\\.0\\.2\\.1 > 224\\.0\\.0\\.18"),
        Duration.ofSeconds(10));
    tcpdump.awaitOutput(
        Pattern.compile(
            Pattern.quote(VMAC) + " > ff:ff:ff:ff:ff:ff, ethertype ARP.*192\\.0\\.2\\.100"),
        Duration.ofSeconds(10));
    // the VIP is announced on its VMAC only: never with eth0's MAC
    assertThat(tcpdump.output())
        .doesNotContainPattern(Pattern.quote(ethA) + " > ff:ff:ff:ff:ff:ff, ethertype ARP")
        .doesNotContain(VMAC + " > 01:00:5e:00:00:12");
    tcpdump.close();
    stop(v);
    assertThat(a.exec("ip", "link", "show", "vrrp.51").exitCode()).isNotZero();
  }

  /**
   * The VMAC's join of 224.0.0.18 is reported from eth0's MAC, never from the virtual one: the
   * nftables rules keepalived adds move it (dup to eth0, dropped on the VMAC), so a backup does not
   * pull the virtual MAC to its port on the switches. With {@code disable_local_igmp} it is not
   * reported at all (the sysctl, while Vigil runs).
   */
  @Test
  void theVmacsIgmpReportsLeaveFromItsInterfaceOrNotAtAllWithDisableLocalIgmp() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a();
    String ethA = a.sh("cat /sys/class/net/eth0/address").strip();
    String sysctl = "cat /proc/sys/net/ipv4/igmp_link_local_mcast_reports";
    assertThat(a.sh(sysctl).strip()).isEqualTo("1");
    for (boolean disable : new boolean[] {false, true}) {
      NsProcess tcpdump = lan.client().start("tcpdump", "-l", "-n", "-e", "-i", "eth0", "igmp");
      tcpdump.awaitOutput(Pattern.compile("listening on eth0"), Duration.ofSeconds(10));
      String global = disable ? "global_defs {\n  disable_local_igmp\n}\n" : "";
      NsProcess v = vigilMaster(a, global + conf(200, ""));
      Pattern fromVmac = Pattern.compile(Pattern.quote(VMAC) + " > .*igmp v3 report");
      Pattern fromEth0 = Pattern.compile(Pattern.quote(ethA) + " > .*igmp v3 report");
      if (disable) {
        assertThat(a.sh(sysctl).strip()).as("while it runs").isEqualTo("0");
        Thread.sleep(2_000); // the kernel repeats a join's report 1 s later
        assertThat(tcpdump.output())
            .doesNotContainPattern(fromVmac)
            .doesNotContainPattern(fromEth0);
      } else {
        tcpdump.awaitOutput(fromEth0, Duration.ofSeconds(10));
        Thread.sleep(1_500); // and its repeat
        assertThat(tcpdump.output()).doesNotContainPattern(fromVmac);
        assertThat(a.sh("nft list table ip keepalived")).contains("vmac_map");
      }
      tcpdump.close();
      stop(v);
      assertThat(a.sh(sysctl).strip()).as("put back").isEqualTo("1");
      assertThat(a.sh("nft list ruleset")).as("the table deleted at the stop").isBlank();
    }
  }

  @Test
  void aVmacDeletedBehindVigilsBackIsMadeAgainAndTheInstanceComesBack() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a();
    NsProcess v = vigilMaster(a, conf(200, ""));
    a.sh("ip link del vrrp.51");
    // keepalived 2.2.7 makes it again too (measured): MASTER, BACKUP, MASTER; Vigil's instance
    // tracks its VMAC, so FAULT comes between. The FAULT line and the "made again" line come in
    // either order: the instance goes to FAULT on its own thread, woken at once, while the event
    // thread makes the VMAC again.
    v.awaitOutput(
        Pattern.compile(
            "(?s)(?=.*VMAC vrrp\\.51 deleted behind vigil's back: made again)"
                + ".*INSTANCE VI_1: FAULT.*INSTANCE VI_1: BACKUP.*INSTANCE VI_1: MASTER"),
        Duration.ofSeconds(20));
    madeAsKeepalivedMakesIt(a);
    assertThat(a.sh("ip -4 addr show dev vrrp.51")).contains("inet 192.0.2.100/24");
    // its adverts leave from the new VMAC: the client hears them
    NsProcess tcpdump =
        lan.client().start("tcpdump", "-l", "-n", "-e", "-i", "eth0", "ip proto 112");
    tcpdump.awaitOutput(
        Pattern.compile(Pattern.quote(VMAC) + " > 01:00:5e:00:00:12, .*prio 200"),
        Duration.ofSeconds(10));
    tcpdump.close();
    stop(v);
    assertThat(a.exec("ip", "link", "show", "vrrp.51").exitCode()).isNotZero();
    assertThat(sysctls(a, "eth0")).startsWith("arp_ignore=0 arp_filter=0 ");
  }

  @Test
  void aReloadInPlaceLeavesTheVmacAloneAndOneThatChangesItMakesItAgain() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a();
    NsProcess v = vigilMaster(a, conf(200, ""));
    Path vc = dir.resolve("vigil.conf");
    String index = a.sh("cat /sys/class/net/vrrp.51/ifindex").strip();
    // a second VIP: reloaded in place, still master, the same VMAC
    Files.writeString(
        vc, conf(200, "").replace("192.0.2.100/24", "192.0.2.100/24\n    192.0.2.101/24"));
    v.signal("HUP");
    v.awaitOutput(Pattern.compile("vrrp_instance VI_1 reloaded in place"), Duration.ofSeconds(20));
    // the instance's thread adds it after the reload's line
    v.awaitOutput(
        Pattern.compile("VI_1 added 192\\.0\\.2\\.101/24 dev vrrp\\.51"), Duration.ofSeconds(10));
    assertThat(a.sh("cat /sys/class/net/vrrp.51/ifindex").strip()).isEqualTo(index);
    assertThat(a.sh("ip -4 addr show dev vrrp.51")).contains("inet 192.0.2.101/24");
    // vmac_xmit_base changes what its sockets are made of: restarted, the VMAC made again
    Files.writeString(vc, conf(200, "vmac_xmit_base"));
    v.signal("HUP");
    v.awaitOutput(
        Pattern.compile("vrrp_instance VI_1 restarted by the reload: use_vmac"),
        Duration.ofSeconds(20));
    v.awaitOutput(
        Pattern.compile("(?s)restarted by the reload.*INSTANCE VI_1: MASTER"),
        Duration.ofSeconds(20));
    madeAsKeepalivedMakesIt(a);
    Thread.sleep(1_000); // the link events of the restart, handled
    assertThat(v.output())
        .as("its own deletion is not taken for one behind its back")
        .doesNotContain("behind vigil's back")
        .containsOnlyOnce("restarted by the reload");
    String after = v.output().substring(v.output().indexOf("restarted by the reload"));
    assertThat(after).doesNotContain("INSTANCE VI_1: FAULT");
    stop(v);
    assertThat(a.exec("ip", "link", "show", "vrrp.51").exitCode()).isNotZero();
  }

  static final String VMAC6 = "00:00:5e:00:02:34";

  static String conf6(int priority) {
    return """
        vrrp_instance VI_6 {
          interface eth0
          state BACKUP
          virtual_router_id 52
          priority %d
          advert_int 1
          use_vmac
          virtual_ipaddress {
            2001:db8::100/64
          }
        }
        """
        .formatted(priority);
  }

  /** keepalived 2.2.7's IPv6 VMAC (measured): eth0's link-local on it, nodad and deprecated. */
  static void madeAsKeepalivedMakesIt6(Netns ns) {
    String link = ns.sh("ip -d link show vrrp.52");
    assertThat(link)
        .as(ns.name())
        .contains("link/ether " + VMAC6)
        .contains("macvlan mode private")
        .contains("addrgenmode none");
    String ll = linkLocal(ns, "eth0");
    assertThat(ns.sh("ip -6 addr show dev vrrp.52"))
        .as(ns.name())
        .containsPattern(Pattern.quote("inet6 " + ll + "/64 scope link nodad deprecated"));
  }

  static String linkLocal(Netns ns, String iface) {
    java.util.regex.Matcher m =
        Pattern.compile("inet6 (fe80::[0-9a-f:]+)/64")
            .matcher(ns.sh("ip -6 addr show dev " + iface + " scope link"));
    assertThat(m.find()).as(ns.name() + " " + iface + " has a link-local address").isTrue();
    return m.group(1);
  }

  @Test
  void anIpv6InstanceSendsFromItsVmacWithEth0sLinkLocalAsKeepalivedDoes() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a();
    Netns b = lan.b();
    Netns client = lan.client();
    NsProcess tcpdump = client.start("tcpdump", "-l", "-n", "-e", "-i", "eth0", "ip6");
    tcpdump.awaitOutput(Pattern.compile("listening on eth0"), Duration.ofSeconds(10));
    NsProcess[] pair = keepalivedThenVigil(a, b, "VI_6", conf6(100), conf6(200));
    NsProcess keepalived = pair[0];
    NsProcess v = pair[1];
    madeAsKeepalivedMakesIt6(b);
    madeAsKeepalivedMakesIt6(a);
    assertThat(a.sh("ip -6 addr show dev vrrp.52")).contains("inet6 2001:db8::100/64");
    String ll = linkLocal(a, "eth0");
    tcpdump.awaitOutput(
        Pattern.compile(
            Pattern.quote(VMAC6 + " > 33:33:00:00:00:12")
                + ".*"
                + Pattern.quote(ll + " > ff02::12: VRRPv3, Advertisement, vrid 52, prio 200")),
        Duration.ofSeconds(10));
    tcpdump.awaitOutput(
        Pattern.compile(
            Pattern.quote(VMAC6 + " > 33:33:00:00:00:01")
                + ".*neighbor advertisement, tgt is 2001:db8::100"),
        Duration.ofSeconds(10));

    stop(v);
    keepalived.awaitOutput(
        Pattern.compile("(?s)BACKUP STATE.*\\(VI_6\\) Entering MASTER STATE"),
        Duration.ofSeconds(10));
    assertThat(a.exec("ip", "link", "show", "vrrp.52").exitCode()).isNotZero();
    assertThat(linkLocal(a, "eth0")).as("eth0 keeps its address").isEqualTo(ll);
    tcpdump.close();
    keepalived.signal("TERM");
    keepalived.waitFor(Duration.ofSeconds(20));
  }
}
