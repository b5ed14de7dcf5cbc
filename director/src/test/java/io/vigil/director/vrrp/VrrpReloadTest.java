package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which reloads of a running instance are done in place, and what the log line says. */
class VrrpReloadTest {
  private static final Environment ENV = Environment.fixed("dir1", Set.of("eth0", "eth1"));

  private static final String BASE =
      """
      vrrp_script chk {
        script "/bin/true"
      }
      vrrp_instance VI_1 {
        interface eth0
        virtual_router_id 51
        priority 100
        advert_int 1
        %s
        virtual_ipaddress {
          192.0.2.10/32
          %s
        }
      }
      """;

  private static VrrpSpec spec(String settings, String moreVips) {
    return load(BASE.formatted(settings, moreVips));
  }

  private static VrrpSpec load(String text) {
    LoadResult r = ConfigLoader.loadString(text, "k.conf", Path.of("/tmp"), ENV);
    assertThat(r.diagnostics()).as("the text loads cleanly").isEmpty();
    VrrpMapping.Result m = VrrpMapping.map(r.config());
    assertThat(m.errors()).isEmpty();
    return m.specs().get(0);
  }

  private static VrrpSpec spec(String settings) {
    return spec(settings, "");
  }

  private static VrrpSpec onIface(VrrpSpec s, String iface) {
    return new VrrpSpec(
        s.source(),
        iface,
        s.unicastSrc(),
        s.unicastPeers(),
        s.unicastTtl(),
        s.authentication(),
        s.vips(),
        s.trackedInterfaces(),
        s.trackedScripts(),
        s.trackedFiles(),
        s.notifyScripts(),
        s.mail(),
        s.template(),
        s.checksumGroup4(),
        s.siblingPeers());
  }

  private static VrrpReload.Plan plan(VrrpSpec a, VrrpSpec b) {
    return VrrpReload.plan(a, b);
  }

  @Test
  void theSameInstanceWrittenElsewhereIsKept() {
    VrrpSpec a = spec("");
    VrrpSpec b = load("# a comment that moves the lines\n\n" + BASE.formatted("", ""));
    assertThat(a.source().origin()).isNotEqualTo(b.source().origin());
    assertThat(plan(a, b)).isEqualTo(new VrrpReload.Keep());
  }

  @Test
  void aNewPriorityAndANewAddressAreReloadedInPlaceAndSaidInWords() {
    assertThat(plan(spec(""), spec("priority 150", "192.0.2.20/32")))
        .isEqualTo(
            new VrrpReload.InPlace(List.of("priority 100 -> 150", "VIP 192.0.2.20/32 added")));
    assertThat(plan(spec("", "192.0.2.20/32"), spec("")))
        .isEqualTo(new VrrpReload.InPlace(List.of("VIP 192.0.2.20/32 removed")));
  }

  @Test
  void timersPreemptGarpAndTrackersAreReloadedInPlace() {
    assertThat(plan(spec(""), spec("advert_int 0.5\n version 3")))
        .isEqualTo(new VrrpReload.Restart(List.of("version 2 -> 3")));
    assertThat(plan(spec("version 3"), spec("version 3\n advert_int 0.5")))
        .isEqualTo(new VrrpReload.InPlace(List.of("advert_int 1 -> 0.5")));
    assertThat(plan(spec(""), spec("down_timer_adverts 5")))
        .isEqualTo(new VrrpReload.InPlace(List.of("down_timer_adverts 3 -> 5")));
    assertThat(plan(spec(""), spec("nopreempt\n preempt_delay 5")))
        .isEqualTo(
            new VrrpReload.InPlace(
                List.of("preempt preempt -> nopreempt", "preempt_delay 0 -> 5")));
    assertThat(plan(spec(""), spec("garp_master_delay 2\n garp_master_refresh 60")))
        .isEqualTo(
            new VrrpReload.InPlace(
                List.of("garp_master_delay 5 -> 2", "garp_master_refresh 0 -> 60")));
    assertThat(plan(spec(""), spec("track_interface {\n eth1 weight 10\n}")))
        .isEqualTo(new VrrpReload.InPlace(List.of("track_interface eth1 added")));
    assertThat(
            plan(
                spec("track_interface {\n eth1 weight 10\n}"),
                spec("track_interface {\n eth1 weight -20\n}")))
        .isEqualTo(new VrrpReload.InPlace(List.of("track_interface eth1 weight 10 -> -20")));
    assertThat(plan(spec("track_script {\n chk weight 5\n}"), spec("")))
        .isEqualTo(new VrrpReload.InPlace(List.of("track_script chk removed")));
    assertThat(plan(spec(""), spec("notify_master /bin/true")))
        .isEqualTo(new VrrpReload.InPlace(List.of("notify scripts changed")));
    assertThat(plan(spec(""), spec("state MASTER")))
        .isEqualTo(new VrrpReload.InPlace(List.of("state BACKUP -> MASTER")));
  }

  @Test
  void virtualRoutesRulesAndMailAreReloadedInPlace() {
    String routes = "virtual_routes {\n 198.51.100.0/24 via 192.0.2.254 dev eth0\n }";
    String rules = "virtual_rules {\n from 192.0.2.10 table 100 priority 100\n }";
    assertThat(plan(spec(""), spec(routes)))
        .isEqualTo(new VrrpReload.InPlace(List.of("virtual_routes changed")));
    assertThat(plan(spec(routes), spec(routes + "\n" + rules)))
        .isEqualTo(new VrrpReload.InPlace(List.of("virtual_rules changed")));
    assertThat(plan(spec(routes), load("# moved\n" + BASE.formatted(routes, ""))))
        .as("the same routes written elsewhere")
        .isEqualTo(new VrrpReload.Keep());
  }

  @Test
  void whatTheSocketsAreMadeOfRestartsTheInstance() {
    assertThat(plan(spec(""), onIface(spec(""), "eth1")))
        .isEqualTo(new VrrpReload.Restart(List.of("interface eth0 -> eth1")));
    assertThat(plan(spec(""), spec("unicast_peer {\n 192.0.2.2\n}")))
        .isEqualTo(new VrrpReload.Restart(List.of("unicast_peer [] -> [192.0.2.2]")));
    assertThat(plan(spec(""), spec("mcast_dst_ip 224.0.0.19")))
        .isEqualTo(new VrrpReload.Restart(List.of("multicast group 224.0.0.18 -> 224.0.0.19")));
    String peer = "unicast_peer {\n 192.0.2.2\n}";
    assertThat(plan(spec(peer), spec(peer + "\n unicast_ttl 64")))
        .isEqualTo(new VrrpReload.Restart(List.of("unicast_ttl 255 -> 64")));
    // the global vrrp_mcast_group4 is in a unicast instance's old checksum (not in RFC 5798's)
    String otherGroup = "global_defs {\n vrrp_mcast_group4 224.0.0.19\n}\n";
    assertThat(plan(spec(peer), load(otherGroup + BASE.formatted(peer, ""))))
        .isEqualTo(new VrrpReload.Restart(List.of("vrrp_mcast_group4 224.0.0.18 -> 224.0.0.19")));
    String never = peer + "\n old_unicast_checksum never";
    assertThat(plan(spec(never), load(otherGroup + BASE.formatted(never, ""))))
        .isEqualTo(new VrrpReload.Keep());
    assertThat(plan(spec(peer), spec("unicast_peer {\n 192.0.2.2 min_ttl 250\n}")))
        .isEqualTo(
            new VrrpReload.Restart(
                List.of("unicast_peer [192.0.2.2] -> [192.0.2.2 min_ttl 250 max_ttl 255]")));
    assertThat(plan(spec(""), spec("unicast_src_ip 192.0.2.1")))
        .isEqualTo(new VrrpReload.Restart(List.of("unicast_src_ip none -> 192.0.2.1")));
    assertThat(
            plan(
                spec("authentication {\n auth_type PASS\n auth_pass aaa\n}"),
                spec("authentication {\n auth_type PASS\n auth_pass bbb\n}")))
        .isEqualTo(new VrrpReload.Restart(List.of("auth_pass changed")));
    assertThat(plan(spec("", "192.0.2.20/24 dev eth0"), spec("", "192.0.2.20/24 dev eth1")))
        .isEqualTo(new VrrpReload.Restart(List.of("virtual address 192.0.2.20 dev eth0 -> eth1")));
  }

  @Test
  void aKeptAddressWrittenDifferentlyOnTheSameDeviceIsReplacedInPlace() {
    assertThat(plan(spec("", "192.0.2.20/32"), spec("", "192.0.2.20/24")))
        .isEqualTo(new VrrpReload.InPlace(List.of("VIP 192.0.2.20/32 -> 192.0.2.20/24 scope 0")));
    assertThat(plan(spec("", "192.0.2.20/24"), spec("", "192.0.2.20/24 label eth1:v scope link")))
        .isEqualTo(
            new VrrpReload.InPlace(
                List.of("VIP 192.0.2.20/24 -> 192.0.2.20/24 scope 253 label eth1:v")));
  }

  @Test
  void aKeptAddressWithOtherOptionsIsReplacedAndNoTrackIsTakenInPlace() {
    assertThat(plan(spec("", "192.0.2.20/24"), spec("", "192.0.2.20/24 noprefixroute")))
        .isEqualTo(
            new VrrpReload.InPlace(
                List.of("VIP 192.0.2.20/24 -> 192.0.2.20/24 scope 0 flags 0x200")));
    assertThat(plan(spec("", "192.0.2.20"), spec("", "192.0.2.20 peer 192.0.2.21")))
        .isEqualTo(
            new VrrpReload.InPlace(
                List.of("VIP 192.0.2.20/32 -> 192.0.2.20/32 scope 0 peer 192.0.2.21")));
    assertThat(plan(spec("", "192.0.2.20/24"), spec("", "192.0.2.20/24 no_track")))
        .as("no address to replace: the watcher reads the new spec")
        .isEqualTo(new VrrpReload.InPlace(List.of("VIP 192.0.2.20/24 no_track")));
  }

  @Test
  void secondsAreWrittenAsKeepalivedReadsThem() {
    assertThat(VrrpReload.seconds(1_000)).isEqualTo("1");
    assertThat(VrrpReload.seconds(500)).isEqualTo("0.5");
    assertThat(VrrpReload.seconds(10)).isEqualTo("0.01");
    assertThat(VrrpReload.seconds(0)).isEqualTo("0");
  }
}
