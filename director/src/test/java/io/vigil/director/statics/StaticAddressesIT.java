package io.vigil.director.statics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.Bridge;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code vigil run} adds the configuration's {@code static_ipaddress} over rtnetlink in a namespace
 * (with label, scope and broadcast, as {@code ip addr} shows them), brings them in step on SIGHUP,
 * and leaves them in place at SIGTERM; one deleted behind its back is added again unless {@code
 * no_track}, as keepalived 2.2.7 restores it (checked side by side).
 */
class StaticAddressesIT {
  @RegisterExtension final NetLab lab = new NetLab();

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void addedAtStartInStepOnReloadAndLeftAtStop() throws Exception {
    Bridge lan = lab.bridge("lan");
    Netns ns = lab.netns("st").attach(lan, "eth0", "192.0.2.1/24");
    ns.sh("ip addr add 198.51.100.7/24 dev eth0"); // already there: left alone, no EEXIST
    // (a second address of a subnet must have the scope of the first: the kernel says EINVAL)
    Path conf = Files.createTempFile("vigil-static", ".conf");
    Files.writeString(
        conf,
        """
        static_ipaddress {
          203.0.113.5/24 dev eth0 brd 203.0.113.255 scope site label eth0:st
          2001:db8::5/64 dev eth0 -nodad
          198.51.100.7/24 dev eth0
        }
        """);
    NsProcess vigil =
        ns.start(VigilJvm.argv("run", "--vrrp-only", "--status-port", "0", "-f", conf.toString()));
    vigil.awaitOutput(Pattern.compile("vigil running"), WAIT);
    String v4 = ns.sh("ip -o -4 addr show dev eth0");
    assertThat(v4)
        .as(vigil.output())
        .contains("inet 203.0.113.5/24 brd 203.0.113.255 scope site eth0:st")
        .contains("inet 198.51.100.7/24");
    assertThat(ns.sh("ip -o -6 addr show dev eth0")).contains("inet6 2001:db8::5/64 scope global");
    assertThat(vigil.output()).doesNotContain("not added");

    Files.writeString(
        conf,
        """
        static_ipaddress {
          203.0.113.5/24 dev eth0 brd 203.0.113.255 scope site label eth0:st
          192.0.2.9/24 dev eth0
        }
        """);
    vigil.signal("HUP");
    vigil.awaitOutput(Pattern.compile("reloaded:"), WAIT);
    v4 = ns.sh("ip -o -4 addr show dev eth0");
    assertThat(v4).contains("inet 203.0.113.5/24").contains("inet 192.0.2.9/24");
    assertThat(v4).doesNotContain("198.51.100.7");
    assertThat(ns.sh("ip -o -6 addr show dev eth0")).doesNotContain("2001:db8::5");

    vigil.signal("TERM");
    assertThat(vigil.waitFor(WAIT)).as(vigil.output()).isZero();
    assertThat(ns.sh("ip -o -4 addr show dev eth0"))
        .contains("inet 203.0.113.5/24")
        .contains("inet 192.0.2.9/24");
  }

  @Test
  void oneDeletedBehindOurBackComesBackUnlessNoTrackAsWithKeepalived() throws Exception {
    Bridge lan = lab.bridge("lan");
    Netns a = lab.netns("a").attach(lan, "eth0", "192.0.2.1/24"); // Vigil
    Netns b = lab.netns("b").attach(lan, "eth0", "192.0.2.2/24"); // keepalived
    String conf =
        """
        static_ipaddress {
          198.51.100.N/24 dev eth0
          203.0.113.N/24 dev eth0 no_track
        }
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id N
          priority 100
          virtual_ipaddress {
            192.0.2.N/24
          }
        }
        """;
    java.nio.file.Path dir = Files.createTempDirectory("vigil-static");
    Path kc = Files.writeString(dir.resolve("keepalived.conf"), conf.replace("N", "81"));
    NsProcess keepalived = io.vigil.lab.Keepalived.vrrp(b, kc, dir);
    keepalived.awaitOutput(Pattern.compile("Entering BACKUP STATE"), WAIT);
    Path vc = Files.writeString(dir.resolve("vigil.conf"), conf.replace("N", "82"));
    NsProcess vigil =
        a.start(VigilJvm.argv("run", "--vrrp-only", "--status-port", "0", "-f", vc.toString()));
    vigil.awaitOutput(Pattern.compile("vigil running"), WAIT);

    for (Netns ns : java.util.List.of(a, b)) {
      String n = ns == a ? "82" : "81";
      assertThat(ns.sh("ip -o -4 addr show dev eth0"))
          .contains("198.51.100." + n + "/24")
          .contains("203.0.113." + n + "/24");
      ns.sh("ip addr del 203.0.113." + n + "/24 dev eth0");
      ns.sh("ip addr del 198.51.100." + n + "/24 dev eth0");
    }
    keepalived.awaitOutput(Pattern.compile("Restoring deleted static address 198.51.100.81"), WAIT);
    vigil.awaitOutput(
        Pattern.compile("static_ipaddress 198.51.100.82/24 dev eth0 was deleted behind our back"),
        WAIT);
    Thread.sleep(1_000); // would the no_track one come back too?
    for (Netns ns : java.util.List.of(a, b)) {
      String n = ns == a ? "82" : "81";
      assertThat(ns.sh("ip -o -4 addr show dev eth0"))
          .as(ns == a ? vigil.output() : keepalived.output())
          .contains("198.51.100." + n + "/24")
          .doesNotContain("203.0.113.");
    }
    keepalived.signal("TERM");
    keepalived.waitFor(WAIT);
    vigil.signal("TERM");
    assertThat(vigil.waitFor(WAIT)).as(vigil.output()).isZero();
  }
}
