package io.vigil.system.director;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.lab.Bridge;
import io.vigil.lab.Keepalived;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import io.vigil.system.lab.InVm;
import io.vigil.system.lab.VigilCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code use_ipvlan} on {@code vigil run}, beside keepalived 2.2.7 with its own, in the lab VM (the
 * host's kernel has no ipvlan driver): Vigil makes an L2 ipvlan in the configured mode on its
 * interface, with the configured address, and as master puts the VIP on it, where a client reaches
 * it (answered with the interface's own MAC); keepalived, the backup, stays so. Killed, Vigil
 * leaves the ipvlan, keepalived takes over, and the restarted Vigil takes the ipvlan over (it is
 * the one it would make) and preempts; stopped, it deletes it. An IPv6 instance sends from its
 * ipvlan's address, or without one from the link-local address the kernel gives the ipvlan.
 */
class VigilRunIpvlanVmIT {
  @RegisterExtension static final NetLab lab = new NetLab();
  @TempDir Path dir;

  private static final Duration WAIT = DirectorLab.WAIT;
  private static final String VIP = "192.0.2.100";
  private static final String MASTER = "(VI_1) Entering MASTER STATE";
  private static final String BACKUP = "(VI_1) Entering BACKUP STATE";

  @BeforeAll
  static void needsTheVm() {
    InVm.assumeIpvs(); // the lab VM's kernel: its ipvlan driver comes with it
  }

  static String conf(int priority, String ipvlan) {
    return """
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          priority %d
          advert_int 1
          use_ipvlan %s
          virtual_ipaddress {
            %s/24
          }
        }
        """
        .formatted(priority, ipvlan, VIP);
  }

  @Test
  void theInstancesAddressesLiveOnItsIpvlan() throws Exception {
    Bridge lan = lab.bridge("lan");
    Netns a = lab.netns("a").attach(lan, "eth0", "192.0.2.1/24");
    Netns b = lab.netns("b").attach(lan, "eth0", "192.0.2.2/24");
    Netns client = lab.netns("client").attach(lan, "eth0", "192.0.2.3/24");
    Path vconf =
        Files.writeString(dir.resolve("v.conf"), conf(150, "ipvl51 192.0.2.11/24 private"));
    Path kconf =
        Files.writeString(dir.resolve("k.conf"), conf(100, "ipvl51 192.0.2.12/24 private"));

    NsProcess keepalived = Keepalived.vrrp(b, kconf, dir);
    keepalived.awaitOutput(Pattern.compile("\\(VI_1\\) Entering BACKUP STATE"), WAIT);
    NsProcess vigil = a.start(vigil(vconf));
    vigil.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), WAIT);
    // keepalived, master meanwhile if Vigil took long to start under TCG, is the backup now
    keepalived.awaitThat(
        () -> keepalived.output().lastIndexOf(BACKUP) > keepalived.output().lastIndexOf(MASTER),
        WAIT);

    assertThat(a.sh("ip -d link show ipvl51"))
        .as("an L2 ipvlan in private mode on eth0")
        .contains("ipvl51@eth0")
        .containsPattern("ipvlan +mode l2 private");
    String addrs = a.sh("ip -o addr show dev ipvl51");
    assertThat(addrs).contains("192.0.2.11/24").contains(VIP + "/24");
    assertThat(a.sh("ip -o addr show dev eth0")).doesNotContain(VIP);
    assertThat(a.sh("ip -o -6 addr show dev ipvl51")).as("IPv6 off: an IPv4 instance").isBlank();
    assertThat(vigil.output())
        .as(
            "none of a VMAC's nftables rules (keepalived adds them for macvlans alone): this"
                + " kernel has no nf_tables, so trying would have logged its failure")
        .doesNotContain("nftables");
    assertThat(b.sh("ip -o addr show dev ipvl51"))
        .as("keepalived's ipvlan, the backup's: its address, no VIP")
        .contains("192.0.2.12/24")
        .doesNotContain(VIP);

    // the client reaches the VIP, answered by the ipvlan with eth0's MAC
    client.sh("ping -c 1 -W 10 " + VIP);
    String mac = a.sh("cat /sys/class/net/eth0/address").strip();
    assertThat(client.sh("ip neigh show " + VIP)).contains(mac);

    // killed: the ipvlan stays behind; keepalived takes over
    int masters = keepalived.count(MASTER);
    int backups = keepalived.count(BACKUP);
    vigil.kill();
    vigil.waitFor(WAIT);
    keepalived.awaitThat(() -> keepalived.count(MASTER) > masters, WAIT);
    assertThat(a.sh("ip -o link show")).contains("ipvl51@eth0");

    // restarted: it takes the ipvlan over, as it would make it, and preempts
    NsProcess again = a.start(vigil(vconf));
    again.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), WAIT);
    assertThat(again.output())
        .contains("(VI_1) ipvlan ipvl51 is there already: taken over")
        .doesNotContain("incompatible");
    keepalived.awaitThat(() -> keepalived.count(BACKUP) > backups, WAIT);
    assertThat(keepalived.output())
        .as("Vigil's adverts leave from the ipvlan's address")
        .contains("received advert from 192.0.2.11 with higher priority 150");

    // stopped: its ipvlan goes with it, keepalived takes over again
    int mastersBefore = keepalived.count(MASTER);
    again.signal("TERM");
    assertThat(again.waitFor(WAIT)).as(again.output()).isZero();
    assertThat(again.output()).contains("(VI_1) ipvlan ipvl51 deleted");
    assertThat(a.sh("ip -o link show")).doesNotContain("ipvl51");
    keepalived.awaitThat(() -> keepalived.count(MASTER) > mastersBefore, WAIT);
    keepalived.signal("TERM");
    keepalived.waitFor(WAIT);
  }

  @Test
  void anIpv6InstanceSendsFromItsIpvlansAddress() throws Exception {
    Bridge lan = lab.bridge("lan6");
    Netns a = lab.netns("a6").attach(lan, "eth0", "2001:db8::1/64");
    Netns client = lab.netns("client6").attach(lan, "eth0", "2001:db8::3/64");
    String vip = "2001:db8::100";
    Path vconf =
        Files.writeString(
            dir.resolve("v6.conf"),
            conf(150, "ipvl52 2001:db8::11/64")
                .replace("virtual_router_id 51", "virtual_router_id 52")
                .replace(VIP + "/24", vip + "/64"));
    NsProcess vigil = a.start(vigil(vconf));
    vigil.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), WAIT);
    assertThat(a.sh("ip -d link show ipvl52")).containsPattern("ipvlan +mode l2 bridge");
    assertThat(a.sh("ip -o addr show dev ipvl52"))
        .as("as keepalived adds it: nodad, deprecated")
        .containsPattern("2001:db8::11/64 scope global nodad deprecated")
        .contains(vip + "/64");
    client.sh("ping -6 -c 1 -W 10 " + vip);
    assertThat(client.sh("timeout 60 tcpdump -c 1 -n -l -i eth0 'ip6 proto 112' 2>/dev/null"))
        .as("an advert, from the ipvlan's address")
        .contains("2001:db8::11 > ff02::12");
    vigil.signal("TERM");
    assertThat(vigil.waitFor(WAIT)).as(vigil.output()).isZero();
    assertThat(a.sh("ip -o link show")).doesNotContain("ipvl52");
  }

  @Test
  void anIpv6InstanceWithoutAnAddressSendsFromItsIpvlansLinkLocalAndKeepalivedAcceptsIt()
      throws Exception {
    Bridge lan = lab.bridge("lan7");
    Netns a = lab.netns("a7").attach(lan, "eth0", "2001:db8::1/64");
    Netns b = lab.netns("b7").attach(lan, "eth0", "2001:db8::2/64");
    String vip = "2001:db8::100";
    String v6 =
        conf(150, "ipvl53")
            .replace("virtual_router_id 51", "virtual_router_id 53")
            .replace(VIP + "/24", vip + "/64");
    Path vconf = Files.writeString(dir.resolve("v7.conf"), v6);
    Path kconf =
        Files.writeString(
            dir.resolve("k7.conf"),
            v6.replace("priority 150", "priority 100").replace("use_ipvlan ipvl53\n", ""));
    NsProcess keepalived = Keepalived.vrrp(b, kconf, dir);
    keepalived.awaitOutput(Pattern.compile("\\(VI_1\\) Entering BACKUP STATE"), WAIT);
    NsProcess vigil = a.start(vigil(vconf));
    vigil.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), WAIT);
    keepalived.awaitThat( // master meanwhile if Vigil took long to start under TCG
        () -> keepalived.output().lastIndexOf(BACKUP) > keepalived.output().lastIndexOf(MASTER),
        Duration.ofSeconds(60));
    // the kernel gives the ipvlan a link-local of its own (not eth0's), the adverts' source
    String ll =
        a.sh("ip -6 -o addr show dev ipvl53 scope link")
            .replaceAll("(?s).*inet6 (fe80::[0-9a-f:]+)/64.*", "$1");
    assertThat(ll).startsWith("fe80::");
    assertThat(a.sh("ip -6 -o addr show dev eth0 scope link")).doesNotContain(ll + "/");
    assertThat(
            b.sh(
                "timeout 60 tcpdump -c 1 -vv -n -l -i eth0 'ip6 proto 112 and ip6[42] = 150' 2>/dev/null"))
        .as("its adverts, from the ipvlan's link-local address, their checksum over it")
        .contains(ll + " > ff02::12")
        .doesNotContain("bad vrrp cksum");
    // keepalived takes them (a bad checksum or source would make it master): still the backup
    // past its master down interval (3 x 1 s + skew)
    int masters = keepalived.count(MASTER);
    Thread.sleep(4_000);
    assertThat(keepalived.count(MASTER)).as(keepalived.output()).isEqualTo(masters);
    assertThat(keepalived.output().lastIndexOf(BACKUP))
        .isGreaterThan(keepalived.output().lastIndexOf(MASTER));
    vigil.signal("TERM");
    assertThat(vigil.waitFor(WAIT)).as(vigil.output()).isZero();
    keepalived.signal("TERM");
    keepalived.waitFor(WAIT);
  }

  private static String[] vigil(Path conf) {
    return VigilCli.argv("run", "--vrrp-only", "-f", conf.toString());
  }
}
