package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
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
 * Addresses that are not on the instance's own device, or not of its family, announced as
 * keepalived 2.2.7 announces them: each on its own device with that device's MAC, IPv4 with ARP and
 * IPv6 with NA; and with {@code garp_extra_if all 1}, again every second on each such device after
 * the master's burst (without {@code all} keepalived sends them only on addresses' own VMACs).
 * Before, {@code garp_extra_if} was "not implemented - ignored", an IPv6 address on another device
 * was announced on the instance's interface, and an IPv4 instance's IPv6 excluded address not at
 * all.
 */
class VigilRunOtherDevicesIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static final Pattern EXTRA = Pattern.compile("Request who-has 198\\.51\\.100\\.100 \\(");

  static String conf(String extra) {
    return """
        vrrp_instance VI_1 {
          interface eth0
          state BACKUP
          virtual_router_id 71
          priority 200
          advert_int 1
          garp_master_delay 0
          %s
          virtual_ipaddress {
            192.0.2.100/24
            198.51.100.100/24 dev eth1
          }
        }
        """
        .formatted(extra);
  }

  /** How many gratuitous ARPs for the eth1 address eth1 sent from 1.5 s to 4.5 s after MASTER. */
  int extraAnnouncements(Netns a, String extra) throws Exception {
    NsProcess tcpdump = a.start("tcpdump", "-l", "-n", "-e", "-i", "eth1p", "arp");
    tcpdump.awaitOutput(Pattern.compile("listening on eth1p"), Duration.ofSeconds(10));
    Path vc = Files.writeString(dir.resolve("vigil.conf"), conf(extra));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
    Thread.sleep(1_500); // past the burst of becoming master (5 at once)
    long before = EXTRA.matcher(tcpdump.output()).results().count();
    Thread.sleep(3_000);
    long after = EXTRA.matcher(tcpdump.output()).results().count();
    String mac = a.sh("cat /sys/class/net/eth1/address").strip();
    assertThat(tcpdump.output()).contains(mac + " > ff:ff:ff:ff:ff:ff, ethertype ARP");
    tcpdump.close();
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).as(v.output()).isZero();
    return (int) (after - before);
  }

  @Test
  void aMasterAnnouncesOnItsOtherDevicesEveryIntervalWithAll() throws Exception {
    Netns a = DirectorLan.on(lab).a();
    a.sh("ip link add eth1 type veth peer name eth1p");
    a.sh("ip link set eth1 up");
    a.sh("ip link set eth1p up");
    a.sh("ip addr add 198.51.100.1/24 dev eth1");
    assertThat(extraAnnouncements(a, "garp_extra_if all 1"))
        .as("about one a second")
        .isBetween(2, 4);
    assertThat(extraAnnouncements(a, "garp_extra_if 1")).as("without all").isZero();
  }

  @Test
  void addressesOnAnotherDeviceOrOfTheOtherFamilyAreAnnouncedWithTheirOwnFrames() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a();
    a.sh("ip link add eth1 type veth peer name eth1p");
    a.sh("ip link set eth1 up");
    a.sh("ip link set eth1p up");
    NsProcess onEth1 = a.start("tcpdump", "-l", "-n", "-e", "-i", "eth1p", "icmp6");
    onEth1.awaitOutput(Pattern.compile("listening on eth1p"), Duration.ofSeconds(10));
    NsProcess onLan = lan.client().start("tcpdump", "-l", "-n", "-e", "-i", "eth0", "icmp6");
    onLan.awaitOutput(Pattern.compile("listening on eth0"), Duration.ofSeconds(10));
    Path vc =
        Files.writeString(
            dir.resolve("vigil.conf"),
            """
            vrrp_instance VI_4 {
              interface eth0
              virtual_router_id 72
              priority 200
              advert_int 1
              virtual_ipaddress {
                192.0.2.100/24
              }
              virtual_ipaddress_excluded {
                2001:db8::100/64
              }
            }
            vrrp_instance VI_6 {
              interface eth0
              virtual_router_id 73
              priority 200
              advert_int 1
              virtual_ipaddress {
                2001:db8::200/64
                2001:db8:1::200/64 dev eth1
              }
            }
            """);
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_4: MASTER"), Duration.ofSeconds(30));
    v.awaitOutput(Pattern.compile("INSTANCE VI_6: MASTER"), Duration.ofSeconds(30));
    String eth0 = a.sh("cat /sys/class/net/eth0/address").strip();
    String eth1 = a.sh("cat /sys/class/net/eth1/address").strip();
    // the IPv4 instance's IPv6 excluded address: an NA on eth0 (keepalived sends one; Vigil sent
    // none); the IPv6 instance's address on eth1: on eth1 with eth1's MAC, not on eth0
    onLan.awaitOutput(
        Pattern.compile(Pattern.quote(eth0) + " > 33:33:00:00:00:01, .*tgt is 2001:db8::100(,|$)"),
        Duration.ofSeconds(10));
    onEth1.awaitOutput(
        Pattern.compile(
            Pattern.quote(eth1) + " > 33:33:00:00:00:01, .*tgt is 2001:db8:1::200(,|$)"),
        Duration.ofSeconds(10));
    onLan.awaitOutput(Pattern.compile("tgt is 2001:db8::200(,|$)"), Duration.ofSeconds(10));
    assertThat(onLan.output()).doesNotContain("tgt is 2001:db8:1::200");
    onEth1.close();
    onLan.close();
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).as(v.output()).isZero();
  }
}
