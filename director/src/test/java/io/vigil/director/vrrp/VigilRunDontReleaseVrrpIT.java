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
 * keepalived's {@code -V} ({@code --dont-release-vrrp}) on {@code vigil run}, as keepalived 2.2.7
 * does it: a master stopped with SIGTERM sends no priority 0 (tcpdump on the LAN sees its adverts,
 * then none with priority 0) and leaves its address and virtual route in place, while its STOP is
 * still notified; started again with {@code -V}, the instance (priority below 255) removes the
 * address the stop left before it takes part, then becomes master and adds it again. Without {@code
 * -V} the same stop sends priority 0 and releases both.
 */
class VigilRunDontReleaseVrrpIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static final String VIP = "192.0.2.100";
  static final Pattern MASTER = Pattern.compile("INSTANCE VI_1: MASTER");

  Path config() throws Exception {
    Path notify = dir.resolve("notify.sh");
    Files.writeString(notify, "#!/bin/sh\necho \"$@\" >> " + dir.resolve("notify.log") + "\n");
    notify.toFile().setExecutable(true);
    return Files.writeString(
        dir.resolve("v.conf"),
        """
        global_defs {
          enable_script_security
          script_user root
        }
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          priority 150
          advert_int 1
          virtual_ipaddress {
            %s/24
          }
          virtual_routes {
            198.51.100.0/24 via 192.0.2.3 dev eth0
          }
          notify %s
        }
        """
            .formatted(VIP, notify));
  }

  static boolean holdsVip(Netns ns) {
    return ns.sh("ip -o -4 addr show dev eth0").contains(" " + VIP + "/24");
  }

  static boolean hasRoute(Netns ns) {
    return ns.sh("ip -4 route show").contains("198.51.100.0/24 via 192.0.2.3");
  }

  @Test
  void aStopWithDashCapitalVLeavesTheAddressAndSendsNoPriorityZero() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a();
    Netns client = lan.client();
    Path conf = config();
    NsProcess tcpdump =
        client.start("tcpdump", "-l", "-nn", "-v", "-i", "eth0", "ip", "proto", "112");
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-V", "-f", conf.toString()));
    v.awaitOutput(MASTER, Duration.ofSeconds(30));
    v.awaitThat(() -> holdsVip(a) && hasRoute(a), Duration.ofSeconds(5));
    tcpdump.awaitOutput(Pattern.compile("prio 150"), Duration.ofSeconds(10));

    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).as(v.output()).isZero();
    assertThat(v.output())
        .contains("--dont-release-vrrp: the masters keep their addresses and send no priority 0");
    assertThat(holdsVip(a)).as("the address stays: " + a.sh("ip -o addr")).isTrue();
    assertThat(hasRoute(a)).as("the virtual route stays: " + a.sh("ip route")).isTrue();
    assertThat(Files.readString(dir.resolve("notify.log"))).contains("INSTANCE VI_1 STOP 150");
    Thread.sleep(1_500); // a priority 0 advert, had one been sent, is in tcpdump's output by now
    assertThat(tcpdump.output()).as("no priority 0 on the LAN").doesNotContain("prio 0,");

    // started again with -V: a backup at start (priority 150 < 255) removes what the stop left,
    // then, alone on the LAN, becomes master and adds it again
    NsProcess again = a.start(VigilJvm.argv("run", "--vrrp-only", "-V", "-f", conf.toString()));
    again.awaitOutput(
        Pattern.compile(
            "\\(VI_1\\) removing 1 address\\(es\\) that a stop with --dont-release-vrrp"),
        Duration.ofSeconds(30));
    // the removal's own line follows that one (it was read at once, before it came, and failed)
    again.awaitOutput(
        Pattern.compile(Pattern.quote("VI_1 removed " + VIP + "/24 dev eth0")),
        Duration.ofSeconds(10));
    again.awaitOutput(MASTER, Duration.ofSeconds(15));
    assertThat(again.output().indexOf("INSTANCE VI_1: MASTER"))
        .as("removed before it became master: " + again.output())
        .isGreaterThan(again.output().indexOf("VI_1 removed " + VIP));
    again.awaitThat(() -> holdsVip(a), Duration.ofSeconds(5));

    // without -V, the same stop hands over with priority 0 and releases the address and the route
    again.signal("TERM");
    assertThat(again.waitFor(Duration.ofSeconds(20))).as(again.output()).isZero();
    NsProcess plain = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", conf.toString()));
    plain.awaitOutput(MASTER, Duration.ofSeconds(30));
    plain.signal("TERM");
    assertThat(plain.waitFor(Duration.ofSeconds(20))).as(plain.output()).isZero();
    assertThat(holdsVip(a)).isFalse();
    assertThat(hasRoute(a)).isFalse();
    tcpdump.awaitOutput(Pattern.compile("prio 0,"), Duration.ofSeconds(5));
    tcpdump.signal("TERM");
  }
}
