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
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code vigil run} applies {@code static_routes} and {@code static_rules} over rtnetlink in a
 * namespace as keepalived 2.2.7 does, checked with iproute2: added at start (IPv4 and IPv6, {@code
 * via}, {@code table}, a metric with {@code lock mtu}, {@code realms}, the time metrics and {@code
 * congctl}, an {@code encap ip} with {@code flags} (ip shows {@code key}), multipath routes with
 * weights (IPv4 and IPv6), rules with {@code from} / {@code fwmark} / {@code table} / {@code
 * priority} / {@code suppress_prefixlength} / {@code suppress_ifgroup}, {@code l3mdev}, {@code
 * realms}, {@code tunnel-id}), a refusal logged with its line, brought in step on SIGHUP (a route
 * replaced in place, ones deleted behind its back put back), deleted at SIGTERM (what was not
 * Vigil's stays). A route with a {@code track_group}: put back at once when deleted, its group's
 * instances in FAULT while its interface is down, the route back with it, as keepalived 2.2.7 does
 * side by side.
 */
class StaticRoutesIT {
  @RegisterExtension final NetLab lab = new NetLab();

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void appliedAtStartRestoredInStepOnReloadAndDeletedAtStop() throws Exception {
    Bridge lan = lab.bridge("lan");
    Netns ns = lab.netns("sr").attach(lan, "eth0", "192.0.2.1/24");
    ns.sh("ip addr add 2001:db8::1/64 dev eth0 nodad");
    ns.sh("ip route add 198.51.100.128/25 via 192.0.2.253 dev eth0 table 100"); // not Vigil's
    Path conf = Files.createTempFile("vigil-routes", ".conf");
    Files.writeString(
        conf,
        """
        static_routes {
          198.51.100.0/24 via 192.0.2.254 dev eth0 table 100 metric 5 mtu lock 1400
          2001:db8:1::/64 via 2001:db8::fe dev eth0 metric 10
          203.0.113.0/24 dev eth0 no_track
          203.0.113.128/25 via 198.51.100.99 dev eth0
          198.51.100.0/25 via 192.0.2.254 dev eth0 table 110 realms 3/4 rtt 300ms rttvar lock 250ms rto_min 250ms congctl lock reno
          203.0.113.0/24 table 120 no_track nexthop via 192.0.2.253 dev eth0 weight 2 nexthop via 192.0.2.254 dev eth0
          2001:db8:5::/64 table 120 no_track nexthop via 2001:db8::fd dev eth0 nexthop via 2001:db8::fe dev eth0 weight 3
          198.51.100.64/26 dev eth0 table 130 encap ip id 5 dst 192.0.2.9 ttl 10 flags 1024
          198.51.100.128/26 table 140 no_track nexthop via 192.0.2.253 dev eth0
        }
        static_rules {
          from 192.0.2.0/24 fwmark 0x10/0xff table 100 priority 100
          from 2001:db8::/64 table 200 priority 200
          table main suppress_prefixlength 0 suppress_ifgroup 3 priority 150
          l3mdev priority 160
          from 203.0.113.0/24 realms 2/3 table 100 priority 170
          from 203.0.113.0/24 tunnel-id 81985529216486895 table 100 priority 180
        }
        """);
    NsProcess vigil =
        ns.start(VigilJvm.argv("run", "--vrrp-only", "--status-port", "0", "-f", conf.toString()));
    vigil.awaitOutput(Pattern.compile("vigil running"), WAIT);
    Supplier<String> out = vigil::output;
    assertThat(ns.sh("ip route show table 100"))
        .as(out)
        .contains(
            "198.51.100.0/24 via 192.0.2.254 dev eth0 proto keepalived metric 5 mtu lock 1400")
        .contains("198.51.100.128/25 via 192.0.2.253 dev eth0");
    assertThat(ns.sh("ip -6 route show"))
        .contains("2001:db8:1::/64 via 2001:db8::fe dev eth0 proto keepalived metric 10");
    String multipathV4 =
        "203.0.113.0/24 proto keepalived \n\tnexthop via 192.0.2.253 dev eth0 weight 2 \n"
            + "\tnexthop via 192.0.2.254 dev eth0 weight 1";
    String multipathV6 =
        "2001:db8:5::/64 proto keepalived metric 1024 pref medium\n"
            + "\tnexthop via 2001:db8::fd dev eth0 weight 1 \n"
            + "\tnexthop via 2001:db8::fe dev eth0 weight 3";
    assertThat(ns.sh("ip route show table 120")).contains(multipathV4);
    assertThat(ns.sh("ip -6 route show table 120")).contains(multipathV6);
    String encap =
        "198.51.100.64/26  encap ip id 5 src 0.0.0.0 dst 192.0.2.9 ttl 10 tos 0 key dev eth0 proto"
            + " keepalived";
    assertThat(ns.sh("ip route show table 130")).contains(encap);
    assertThat(ns.sh("ip route show table 140"))
        .as("one next hop: a plain route in the kernel")
        .contains("198.51.100.128/26 via 192.0.2.253 dev eth0 proto keepalived");
    assertThat(ns.sh("ip route show table 110"))
        .contains(
            "198.51.100.0/25 via 192.0.2.254 dev eth0 proto keepalived realms 3/4 rtt 300ms"
                + " rttvar lock 250ms rto_min 250ms congctl lock reno");
    assertThat(ns.sh("ip route show")).contains("203.0.113.0/24 dev eth0 proto keepalived");
    assertThat(ns.sh("ip rule show"))
        .contains("100:\tfrom 192.0.2.0/24 fwmark 0x10/0xff lookup 100 proto keepalived");
    assertThat(ns.sh("ip -6 rule show"))
        .contains("200:\tfrom 2001:db8::/64 lookup 200 proto keepalived");
    String suppress = "150:\tfrom all lookup main suppress_prefixlength 0 suppress_ifgroup 3";
    assertThat(ns.sh("ip rule show"))
        .contains(suppress + " proto keepalived")
        .contains("160:\tfrom all lookup [l3mdev-table] proto keepalived")
        .contains("170:\tfrom 203.0.113.0/24 lookup 100 realms 2/3 proto keepalived")
        .contains("180:\tfrom 203.0.113.0/24 tun_id 81985529216486895 lookup 100 proto keepalived");
    // the kernel's refusal, with the line and the route as vigil dump-config prints it
    assertThat(vigil.output())
        .contains(
            conf
                + ":5: static_routes '203.0.113.128/25 via 198.51.100.99 dev eth0 table main"
                + " scope global protocol 18' not added: ENETUNREACH");

    // deleted behind Vigil's back: left so, as keepalived 2.2.7 leaves them (it restores only
    // entries with a track_group); the reload puts back the ones still configured
    ns.sh("ip route del 198.51.100.0/24 table 100 proto keepalived");
    ns.sh("ip rule del priority 100");
    ns.sh("ip -6 rule del priority 200");
    ns.sh("ip route del 203.0.113.0/24");
    ns.sh("ip route del 203.0.113.0/24 table 120");

    Files.writeString(
        conf,
        """
        static_routes {
          198.51.100.0/24 via 192.0.2.254 dev eth0 table 100 metric 5 mtu 1300
          default via 192.0.2.254 dev eth0 table 300
          198.51.100.0/25 via 192.0.2.254 dev eth0 table 110 realms 3/4 rtt 400ms rttvar lock 250ms rto_min 250ms congctl cubic
          203.0.113.0/24 table 120 no_track nexthop via 192.0.2.253 dev eth0 weight 2 nexthop via 192.0.2.254 dev eth0
          2001:db8:5::/64 table 120 no_track nexthop via 2001:db8::fd dev eth0 nexthop via 2001:db8::fe dev eth0 weight 3
          198.51.100.64/26 dev eth0 table 130 encap ip id 5 dst 192.0.2.9 ttl 10 flags 1024
          198.51.100.128/26 table 140 no_track nexthop via 192.0.2.253 dev eth0
        }
        static_rules {
          from 192.0.2.0/24 fwmark 0x10/0xff table 100 priority 100
          from 2001:db8::/64 table 200 priority 200
          to 2001:db8:2::/48 table 200 priority 201
          table main suppress_prefixlength 0 suppress_ifgroup 3 priority 150
          l3mdev priority 160
          from 203.0.113.0/24 realms 2/3 table 100 priority 170
          from 203.0.113.0/24 tunnel-id 81985529216486895 table 100 priority 180
        }
        """);
    vigil.signal("HUP");
    vigil.awaitOutput(Pattern.compile("reloaded:"), WAIT);
    assertThat(ns.sh("ip route show table 100"))
        .as(out)
        .contains("198.51.100.0/24 via 192.0.2.254 dev eth0 proto keepalived metric 5 mtu 1300")
        .doesNotContain("lock");
    assertThat(ns.sh("ip route show table 300"))
        .contains("default via 192.0.2.254 dev eth0 proto keepalived");
    assertThat(ns.sh("ip route show table 110").strip())
        .as("replaced in place")
        .isEqualTo(
            "198.51.100.0/25 via 192.0.2.254 dev eth0 proto keepalived realms 3/4 rtt 400ms"
                + " rttvar lock 250ms rto_min 250ms congctl cubic");
    assertThat(ns.sh("ip -6 route show")).doesNotContain("2001:db8:1::/64");
    assertThat(ns.sh("ip route show table 120")).contains(multipathV4);
    assertThat(ns.sh("ip -6 route show table 120")).contains(multipathV6);
    assertThat(ns.sh("ip rule show")).contains("100:\tfrom 192.0.2.0/24 fwmark 0x10/0xff");
    assertThat(vigil.output())
        .contains("static_rules 'priority 100 from 192.0.2.0/24 fwmark 0x10/0xff table 100")
        .contains("was missing from the kernel: added again")
        .contains(
            "static_routes '203.0.113.0/24 table 120 scope global no_track nexthop via 192.0.2.253"
                + " dev eth0 weight 2 nexthop via 192.0.2.254 dev eth0' was missing from the kernel:"
                + " added again")
        .as("the multipath route deleted behind its back is added again, the IPv6 one is there")
        .doesNotContainPattern(
            "'(2001:db8:5::/64|198.51.100.64/26|198.51.100.128/26) [^\\n]*(was missing|already"
                + " there)")
        .as("the suppressors read back from the kernel: the rule is there, unchanged")
        .doesNotContainPattern("'priority 1[5678]0 [^\\n]*(was missing|already there)");
    assertThat(ns.sh("ip rule show").split(suppress, -1)).hasSize(2);
    assertThat(ns.sh("ip rule show").split("l3mdev-table", -1)).hasSize(2);
    assertThat(ns.sh("ip rule show").split("realms 2/3", -1)).hasSize(2);
    assertThat(ns.sh("ip -6 rule show"))
        .contains("200:\tfrom 2001:db8::/64 lookup 200 proto keepalived")
        .contains("201:\tfrom all to 2001:db8:2::/48 lookup 200 proto keepalived");
    assertThat(ns.sh("ip route show")).doesNotContain("203.0.113.0/24");

    vigil.signal("TERM");
    assertThat(vigil.waitFor(WAIT)).as(out).isZero();
    assertThat(ns.sh("ip route show table 100"))
        .doesNotContain("198.51.100.0/24 ")
        .contains("198.51.100.128/25");
    assertThat(ns.sh("ip route show table all")).doesNotContain("proto keepalived");
    assertThat(ns.sh("ip rule show") + ns.sh("ip -6 rule show")).doesNotContain("proto keepalived");
    assertThat(ns.sh("ip route show")).contains("192.0.2.0/24 dev eth0 proto kernel");
  }

  @Test
  void aRouteWithATrackGroupIsPutBackAndFaultsItsGroupWithItsInterfaceAsWithKeepalived()
      throws Exception {
    TrackGroupPair p =
        TrackGroupPair.start(
            lab,
            """
            static_routes {
              198.51.100.0/25 via 203.0.113.9 dev d0 track_group G
              198.51.100.128/26 via 203.0.113.9 dev d0
              198.51.100.192/26 via 203.0.113.9 dev d0 no_track
            }""",
            " && ip addr add 203.0.113.1/24 dev d0");
    NsProcess vigil = p.vigil();
    NsProcess keepalived = p.keepalived();

    // deleted behind its back: with route deletions followed (a track_group), every tracked one
    // comes back, the no_track one does not
    p.both()
        .forEach(
            ns ->
                ns.sh(
                    "ip route del 198.51.100.0/25 && ip route del 198.51.100.128/26"
                        + " && ip route del 198.51.100.192/26"));
    keepalived.awaitOutput(
        Pattern.compile("Restoring deleted static route .*198.51.100.128/26"), WAIT);
    vigil.awaitOutput(
        Pattern.compile("198.51.100.128/26 .*was deleted behind our back: added again"), WAIT);
    for (Netns ns : p.both()) {
      p.in(ns)
          .awaitThat(
              () ->
                  ns.sh("ip route").contains("198.51.100.0/25")
                      && ns.sh("ip route").contains("198.51.100.128/26"),
              WAIT);
    }
    Thread.sleep(1_000); // would the no_track one come back too?
    for (Netns ns : p.both()) {
      assertThat(ns.sh("ip route")).as(ns.name()).doesNotContain("198.51.100.192/26");
    }

    // its interface down: FAULT, the kernel drops the route; up: out of FAULT, the route back
    p.both().forEach(ns -> ns.sh("ip link set d0 down"));
    keepalived.awaitOutput(Pattern.compile("Entering FAULT STATE"), WAIT);
    vigil.awaitOutput(Pattern.compile("INSTANCE VI_1: FAULT"), WAIT);
    int vigilMasters = vigil.count("INSTANCE VI_1: MASTER");
    p.both().forEach(ns -> ns.sh("ip link set d0 up"));
    keepalived.awaitOutput(Pattern.compile("Entering FAULT STATE[\\s\\S]*Entering BACKUP"), WAIT);
    vigil.awaitThat(() -> vigil.count("INSTANCE VI_1: MASTER") > vigilMasters, WAIT);
    for (Netns ns : p.both()) {
      p.in(ns).awaitThat(() -> ns.sh("ip route").contains("198.51.100.0/25"), WAIT);
    }

    assertThat(p.stop()).as(vigil.output()).isZero();
    assertThat(p.a().sh("ip route")).as("deleted at stop").doesNotContain("198.51.100.0/25");
  }
}
