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
 * no_track}, as keepalived 2.2.7 restores it (checked side by side); an address's {@code
 * track_group} puts the group's instances in FAULT while its interface is down or gone, and the
 * address goes back on the interface made again, as with keepalived 2.2.7 (side by side).
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

  @Test
  void aTrackGroupsInstancesFaultWhileTheAddressesInterfaceIsDownAsWithKeepalived()
      throws Exception {
    TrackGroupPair p =
        TrackGroupPair.start(
            lab, "static_ipaddress {\n  198.51.100.N/32 dev d0 track_group G\n}", "");
    NsProcess vigil = p.vigil();
    NsProcess keepalived = p.keepalived();

    // the address's interface down: FAULT (the address itself stays on it)
    p.both().forEach(ns -> ns.sh("ip link set d0 down"));
    keepalived.awaitOutput(Pattern.compile("Entering FAULT STATE"), WAIT);
    vigil.awaitOutput(Pattern.compile("INSTANCE VI_1: FAULT"), WAIT);
    assertThat(p.a().sh("ip -o -4 addr show dev eth0"))
        .doesNotContain("192.0.2." + TrackGroupPair.VIGIL);

    // up again: out of FAULT, and master again (nobody else on the LAN for its VRID)
    int vigilMasters = vigil.count("INSTANCE VI_1: MASTER");
    int keepalivedMasters = keepalived.count("Entering MASTER STATE");
    p.both().forEach(ns -> ns.sh("ip link set d0 up"));
    keepalived.awaitOutput(
        Pattern.compile("Entering FAULT STATE[\\s\\S]*Entering BACKUP STATE"), WAIT);
    vigil.awaitThat(() -> vigil.count("INSTANCE VI_1: MASTER") > vigilMasters, WAIT);
    keepalived.awaitThat(() -> keepalived.count("Entering MASTER STATE") > keepalivedMasters, WAIT);
    assertThat(p.a().sh("ip -o -4 addr show dev eth0")).contains("192.0.2." + TrackGroupPair.VIGIL);

    // the interface deleted: FAULT; made again: out of it, the static address put back on it
    int vigilFaults = vigil.count("INSTANCE VI_1: FAULT");
    int keepalivedFaults = keepalived.count("Entering FAULT STATE");
    p.both().forEach(ns -> ns.sh("ip link del d0"));
    vigil.awaitThat(() -> vigil.count("INSTANCE VI_1: FAULT") > vigilFaults, WAIT);
    keepalived.awaitThat(() -> keepalived.count("Entering FAULT STATE") > keepalivedFaults, WAIT);
    int vigilMasters2 = vigil.count("INSTANCE VI_1: MASTER");
    p.both()
        .forEach(
            ns ->
                ns.sh(
                    "ip link add d0 type veth peer name d1 && ip link set d1 up && ip link set d0 up"));
    vigil.awaitThat(() -> vigil.count("INSTANCE VI_1: MASTER") > vigilMasters2, WAIT);
    for (Netns ns : p.both()) {
      String n = ns == p.a() ? TrackGroupPair.VIGIL : TrackGroupPair.KEEPALIVED;
      p.in(ns)
          .awaitThat(
              () -> ns.sh("ip -o -4 addr show dev d0").contains("198.51.100." + n + "/32"), WAIT);
    }
    assertThat(p.stop()).as(vigil.output()).isZero();
  }
}
