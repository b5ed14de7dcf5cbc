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
 * {@code garp_extra_if all 1}: a master announces its address on eth1 (another device than its
 * interface) there every second, with eth1's MAC, after its burst of becoming master; without
 * {@code all} it does not (keepalived 2.2.7 sends them then only on addresses' own VMACs). Before,
 * the keyword was "not implemented - ignored".
 */
class VigilRunGarpExtraIfIT {
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
}
