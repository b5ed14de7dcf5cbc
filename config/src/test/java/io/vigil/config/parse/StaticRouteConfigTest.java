package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import io.vigil.config.StaticDump;
import io.vigil.config.model.StaticRoute;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Accept/refuse cases were checked against keepalived 2.2.7's {@code keepalived -t}. */
class StaticRouteConfigTest {
  private static LoadResult load(String line) {
    return Cfg.load("static_routes {\n  " + line + "\n}\n");
  }

  private static StaticRoute route(String line) {
    LoadResult r = load(line);
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(r.config().staticRoutes()).hasSize(1);
    return r.config().staticRoutes().get(0);
  }

  @Test
  void defaultsAreKeepalivedsAndTheLineIsKept() {
    StaticRoute r = route("192.0.2.0/24 via 198.51.100.1 dev eth0");
    assertThat(r.origin().line()).isEqualTo(2);
    assertThat(r.ipv6()).isFalse();
    assertThat(r.type()).isEqualTo(StaticRoute.Type.UNICAST);
    assertThat(r.table()).isEqualTo(254);
    assertThat(r.scope()).isZero();
    assertThat(r.protocol()).hasValue(RouteParser.PROTO_KEEPALIVED);
    assertThat(r.tracked()).isTrue();
    assertThat(r.mode()).isEqualTo(StaticRoute.Mode.PREPEND);
    assertThat(r.metric()).isEmpty();
    assertThat(r.via().orElseThrow().getHostAddress()).isEqualTo("198.51.100.1");
  }

  /** keepalived's dump of this line: {@code tos 8 dev lo table 8}; then protocol 8 (not 10). */
  @Test
  void tableTosAndProtocolNumbersAreReadAsStrtoulReadsThem() {
    StaticRoute r = route("192.0.2.0/24 dev eth0 table 010 tos 010 protocol 010 no_track");
    assertThat(r.table()).isEqualTo(8);
    assertThat(r.tos()).hasValue(8);
    assertThat(r.protocol()).hasValue(8);
    assertThat(route("192.0.2.0/24 dev eth0 table 0x10 tos 0x28").table()).isEqualTo(16);
    assertThat(route("192.0.2.0/24 dev eth0 scope 0x10").scope()).isEqualTo(16);
    assertThat(route("192.0.2.0/24 dev eth0 scope 010").scope()).isEqualTo(8);
    assertThat(route("192.0.2.0/24 dev eth0 encap ip id 1 dst 192.0.2.9 tos 010").encap())
        .hasValueSatisfying(e -> assertThat(e.tos()).hasValue(8));
  }

  /**
   * keepalived's get_u32 and get_u8 read a route's numbers in decimal (its dump of "metric 010 mtu
   * 010": metric 10 mtu 10; "metric +5": metric 5; "weight 010": weight 10), and refuse 0x10.
   */
  @Test
  void metricsAndWeightsAreDecimalAsGetU32ReadsThem() {
    StaticRoute r = route("192.0.2.0/24 dev eth0 metric 010 mtu 010");
    assertThat(r.metric()).hasValue(10);
    assertThat(r.metrics()).isEqualTo(Map.of("mtu", 10L));
    assertThat(route("192.0.2.0/24 dev eth0 metric +5").metric()).hasValue(5);
    assertThat(
            route(
                    "192.0.2.0/24 no_track nexthop via 192.0.2.1 dev eth0 weight 010 nexthop via"
                        + " 192.0.2.2 dev eth0")
                .nexthops()
                .get(0)
                .weight())
        .isEqualTo(10);
  }

  @Test
  void everyModelledOptionIsTyped() {
    StaticRoute r =
        route(
            "to 192.0.2.0/24 src 192.0.2.1 via 198.51.100.1 oif eth1 table 100 scope link metric 5"
                + " tos 0x10 mtu lock 1400 hoplimit 64 advmss 1360 window 9 cwnd lock 10"
                + " ssthresh 11 reordering 3 initcwnd 12 initrwnd 13 onlink append");
    assertThat(r.src().orElseThrow().getHostAddress()).isEqualTo("192.0.2.1");
    assertThat(r.dev()).contains("eth1");
    assertThat(r.table()).isEqualTo(100);
    assertThat(r.scope()).isEqualTo(253);
    assertThat(r.metric()).hasValue(5);
    assertThat(r.tos()).hasValue(16);
    assertThat(r.metrics())
        .isEqualTo(
            Map.of(
                "mtu",
                1400L,
                "hoplimit",
                64L,
                "advmss",
                1360L,
                "window",
                9L,
                "cwnd",
                10L,
                "ssthresh",
                11L,
                "reordering",
                3L,
                "initcwnd",
                12L,
                "initrwnd",
                13L));
    assertThat(r.locked()).isEqualTo(Set.of("mtu", "cwnd"));
    assertThat(r.onlink()).isTrue();
    assertThat(r.mode()).isEqualTo(StaticRoute.Mode.APPEND);
  }

  @Test
  void typesDefaultsAndIpv6() {
    assertThat(route("unreachable 192.0.2.0/24 dev eth0").type())
        .isEqualTo(StaticRoute.Type.UNREACHABLE);
    assertThat(route("blackhole default dev eth0").dst().toString()).isEqualTo("0.0.0.0/0");
    StaticRoute six = route("default via inet6 2001:db8::1 dev eth0");
    assertThat(six.ipv6()).isTrue();
    assertThat(six.dst().toString()).isEqualTo("::/0");
    assertThat(route("default6 via 2001:db8::1 dev eth0").dst().toString()).isEqualTo("::/0");
    StaticRoute from = route("2001:db8:1::/64 from 2001:db8:2::/64 dev eth0 inet6");
    assertThat(from.from().orElseThrow().toString()).isEqualTo("2001:db8:2::/64");
    StaticRoute nt = route("192.0.2.0/24 via 198.51.100.1 protocol static no_track");
    assertThat(nt.tracked()).isFalse();
    assertThat(nt.protocol()).hasValue(4);
    assertThat(nt.dev()).isEmpty();
    assertThat(route("192.0.2.0/24 dev eth0 table main protocol keepalived").table())
        .isEqualTo(254);
    assertThat(route("192.0.2.0/24 dev eth0 table 0").table()).isZero();
    assertThat(
            route("192.0.2.0/24 dev eth0 features ecn quickack 1 fastopen_no_cookie 0").metrics())
        .isEqualTo(Map.of("features", 1L, "quickack", 1L, "fastopen_no_cookie", 0L));
    StaticRoute pref = route("pref high 2001:db8::/32 dev eth0 expires 100");
    assertThat(pref.ipv6()).isTrue();
    assertThat(pref.metrics()).isEqualTo(Map.of("pref", 1L, "expires", 100L));
    assertThat(route("2001:db8::/32 dev eth0 pref low").metrics()).isEqualTo(Map.of("pref", 3L));
  }

  /** Units as keepalived 2.2.7's get_time_rtt reads them; each line passes its keepalived -t. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "rtt 300ms | rtt | 2400",
        "rtt 300MS | rtt | 2400",
        "rtt 3secs | rtt | 24000",
        "rtt .5s | rtt | 4000",
        "rtt 1.25s | rtt | 10000",
        "rtt 2400 | rtt | 2400",
        "rttvar 300ms | rttvar | 1200",
        "rttvar 1s | rttvar | 4000",
        "rto_min 250ms | rto_min | 250",
        "rto_min 120s | rto_min | 120000",
      })
  void timeMetricsAreInTheKernelsUnits(String words, String key, long value) {
    assertThat(route("192.0.2.0/24 dev eth0 " + words).metrics()).isEqualTo(Map.of(key, value));
  }

  @Test
  void timeMetricsOutsideTheKernelsBoundsAreBroughtToThemWithAWarningAsKeepalivedDoes() {
    LoadResult r = load("192.0.2.0/24 dev eth0 rtt 10ms rto_min lock 199 rttvar 200s");
    assertThat(Cfg.findings(r))
        .containsExactly(
            "2 warning: static_routes '192.0.2.0/24 dev eth0 rtt 10ms rto_min lock 199 rttvar"
                + " 200s': rtt '10ms' is below 200 ms: 1600 (200 ms) is set, as keepalived does",
            "2 warning: static_routes '192.0.2.0/24 dev eth0 rtt 10ms rto_min lock 199 rttvar"
                + " 200s': rto_min '199' is below 200 ms: 200 (200 ms) is set, as keepalived does",
            "2 warning: static_routes '192.0.2.0/24 dev eth0 rtt 10ms rto_min lock 199 rttvar"
                + " 200s': rttvar '200s' is above 120 s: 480000 (120 s) is set, as keepalived"
                + " does");
    StaticRoute route = r.config().staticRoutes().get(0);
    assertThat(route.metrics()).isEqualTo(Map.of("rtt", 1600L, "rto_min", 200L, "rttvar", 480000L));
    assertThat(route.locked()).containsExactly("rto_min");
  }

  @Test
  void nextHopsAreTheRestOfTheLine() {
    StaticRoute r =
        route(
            "203.0.113.0/24 table 100 no_track nexthop via 192.0.2.253 dev eth0 weight 2 realms 5"
                + " nexthop via 192.0.2.254 dev eth1 onlink nexthop dev eth0");
    assertThat(r.ipv6()).isFalse();
    assertThat(r.via()).isEmpty();
    assertThat(r.dev()).isEmpty();
    assertThat(r.nexthops())
        .containsExactly(
            new StaticRoute.Nexthop(
                java.util.Optional.of(Values.literal("192.0.2.253")),
                java.util.Optional.of("eth0"),
                2,
                false,
                java.util.OptionalLong.of(5)),
            new StaticRoute.Nexthop(
                java.util.Optional.of(Values.literal("192.0.2.254")),
                java.util.Optional.of("eth1"),
                1,
                true,
                java.util.OptionalLong.empty()),
            new StaticRoute.Nexthop(
                java.util.Optional.empty(),
                java.util.Optional.of("eth0"),
                1,
                false,
                java.util.OptionalLong.empty()));
    // a next hop's own encap, read as a route's; the next "nexthop" ends it
    StaticRoute encaps =
        route(
            "203.0.113.0/24 no_track nexthop via 192.0.2.253 dev eth0 encap mpls 100/200 weight 2"
                + " nexthop via 192.0.2.254 encap ip id 7 dst 192.0.2.9 nexthop dev eth0");
    assertThat(encaps.nexthops())
        .extracting(StaticRoute.Nexthop::encap)
        .containsExactly(
            java.util.Optional.of(StaticRoute.Encap.mpls(java.util.List.of(100, 200))),
            java.util.Optional.of(
                new StaticRoute.Encap(
                    false,
                    java.util.OptionalLong.of(7),
                    java.util.Optional.of(Values.literal("192.0.2.9")),
                    java.util.Optional.empty(),
                    java.util.OptionalInt.empty(),
                    java.util.OptionalInt.empty())),
            java.util.Optional.empty());
    assertThat(encaps.nexthops().get(0).weight()).isEqualTo(2);
    StaticRoute six =
        route("2001:db8:5::/64 no_track nexthop via 2001:db8::fd nexthop via inet6 2001:db8::fe");
    assertThat(six.ipv6()).isTrue();
    assertThat(six.nexthops()).hasSize(2);
    // keepalived tracks a multipath route by its own dev only
    assertThat(route("203.0.113.0/24 dev eth0 nexthop via 192.0.2.1 nexthop dev eth0").tracked())
        .isTrue();
  }

  @Test
  void aVrfTakesThePlaceOfTheTableWrittenBeforeIt() {
    StaticRoute r = route("192.0.2.0/24 dev eth0 table 5 vrf eth1");
    assertThat(r.vrf()).contains("eth1");
    StaticRoute t = route("192.0.2.0/24 dev eth0 vrf eth1 table 5");
    assertThat(t.vrf()).as("the later table wins").isEmpty();
    assertThat(t.table()).isEqualTo(5);
    assertThat(StaticDump.route(r)).contains(" table 5 vrf eth1");
  }

  @Test
  void anEncapTakesItsWordsInPairsAndTheLineGoesOn() {
    StaticRoute r =
        route(
            "192.0.2.0/24 dev eth0 encap ip id 5 dst 192.0.2.9 ttl 10 tos 0x10 src 192.0.2.1 metric 7");
    assertThat(r.encap())
        .contains(
            new StaticRoute.Encap(
                false,
                java.util.OptionalLong.of(5),
                java.util.Optional.of(Values.literal("192.0.2.9")),
                java.util.Optional.of(Values.literal("192.0.2.1")),
                java.util.OptionalInt.of(16),
                java.util.OptionalInt.of(10)));
    assertThat(r.metric()).hasValue(7);
    StaticRoute six =
        route("2001:db8:9::/64 dev eth0 encap ip6 id 18446744073709551615 tc 16 hoplimit 5");
    assertThat(six.encap().orElseThrow().id()).hasValue(-1L);
    assertThat(six.encap().orElseThrow().ttl()).hasValue(5);
    assertThat(route("192.0.2.0/24 dev eth0 encap ip dst 192.0.2.9 onlink").onlink()).isTrue();
    assertThat(six.encap().orElseThrow().flags()).isEmpty();
    // an MPLS label stack, numbers as strtoul reads them (0x10 and 020 are sixteen)
    assertThat(route("192.0.2.0/24 via 198.51.100.1 encap mpls 100/200 dev eth0").encap())
        .contains(StaticRoute.Encap.mpls(java.util.List.of(100, 200)));
    assertThat(route("192.0.2.0/24 dev eth0 encap mpls 0x10/020").encap().orElseThrow().mpls())
        .containsExactly(16, 16);
    assertThat(route("192.0.2.0/24 dev eth0 encap mpls 1048575 metric 3").metric()).hasValue(3);
    // an ILA locator as keepalived's get_addr64 reads it (checked with keepalived -t: 0x2001 and
    // 00002001 are accepted); an IPv4 route takes one too, which the kernel then refuses
    assertThat(route("2001:db8:7::/67 via 2001:db8::fe encap ila 2001:db8:1:2 dev eth0").encap())
        .contains(StaticRoute.Encap.ila(0x2001_0db8_0001_0002L));
    assertThat(route("2001:db8:7::/67 dev eth0 encap ila 0x2001:00000DB8:0:ffff").encap())
        .contains(StaticRoute.Encap.ila(0x2001_0db8_0000_ffffL));
    assertThat(route("198.51.100.0/24 dev eth0 encap ila 2001:db8:1:2").encap()).isPresent();
    // flags as keepalived reads them: decimal, leading zeros allowed (010 is ten), up to 65535
    assertThat(
            route("192.0.2.0/24 dev eth0 encap ip id 5 flags 1024").encap().orElseThrow().flags())
        .hasValue(1024);
    assertThat(route("192.0.2.0/24 dev eth0 encap ip id 5 flags 010").encap().orElseThrow().flags())
        .hasValue(10);
    assertThat(
            route("2001:db8::/64 dev eth0 encap ip6 id 5 flags 65535 hoplimit 3")
                .encap()
                .orElseThrow()
                .flags())
        .hasValue(65535);
  }

  @Test
  void ttlPropagateIsReadAndLeftOutWithAWarning() {
    LoadResult r = load("192.0.2.0/24 dev eth0 ttl-propagate enabled");
    assertThat(Cfg.findings(r))
        .containsExactly(
            "2 warning: static_routes '192.0.2.0/24 dev eth0 ttl-propagate enabled': ttl-propagate"
                + " applies to MPLS routes only: the kernel ignores it on an IPv4 or IPv6 route, and"
                + " so does vigil");
    assertThat(r.config().staticRoutes().get(0).metrics()).isEmpty();
  }

  @Test
  void realmsAndCongctl() {
    StaticRoute r = route("192.0.2.0/24 dev eth0 realms 3/4 congctl lock reno");
    assertThat(r.metrics()).isEqualTo(Map.of("realms", 3L << 16 | 4));
    assertThat(r.congctl()).contains("reno");
    assertThat(r.locked()).containsExactly("congctl");
    StaticRoute to = route("192.0.2.0/24 dev eth0 realms cosmos congctl cubic");
    assertThat(to.metrics()).isEqualTo(Map.of("realms", 0L));
    assertThat(to.locked()).isEmpty();
    assertThat(route("default dev eth0 realms 7").ipv6()).as("realms make it IPv4").isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "192.0.2.0/24 via 2001:db8::1 dev eth0 | cannot mix IPv4 and IPv6 addresses for a route",
        "192.0.2.0/24 via inet6 2001:db8::1 dev eth0 | cannot mix IPv4 and IPv6 addresses for a"
            + " route",
        "192.0.2.0/24 dev eth0 inet6 | inet6 specified for an IPv4 route",
        "inet6 default via 2001:db8::1 dev eth0 | keepalived 2.2.7 skips the word after 'inet6'"
            + " ('default'): write 'inet6' at the end of the line",
        "192.0.2.0/24 dev eth0 colour blue | unknown route keyword 'colour'",
        "dev eth0 | a route must have a destination",
        "192.0.2.0/24 dev eth0 protocol static | a tracked route has protocol keepalived (18): add"
            + " 'no_track' to set another",
        "192.0.2.0/24 gw 198.51.100.1 dev eth0 | 'gw' is deprecated (keepalived -t fails on it):"
            + " write 'via'",
        "192.0.2.0/24 dev eth0 from 192.0.2.1 | route 'from' is only supported with IPv6",
        "192.0.2.0/24 dev eth0 hoplimit 256 | invalid hoplimit '256'",
        "192.0.2.0/24 dev eth0 metric -1 | invalid metric '-1'",
        "192.0.2.0/24 dev eth0 metric 0x10 | invalid metric '0x10'",
        "192.0.2.0/24 dev eth0 mtu 0x500 | invalid mtu '0x500'",
        "192.0.2.0/24 dev eth0 metric 4294967296 | invalid metric '4294967296'",
        "192.0.2.0/24 dev eth0 table foo | routing table 'foo' not found",
        "192.0.2.0/24 dev eth0 tos 256 | TOS value '256' is invalid",
        "192.0.2.0/24 dev eth0 scope 300 | scope '300' not found or invalid",
        "192.0.2.0/24 dev eth0 protocol nosuch | protocol 'nosuch' not found or invalid",
        "192.0.2.0/24 dev eth9 | interface eth9 doesn't exist",
        "192.0.2.0/24 dev eth0 mtu lock | 'mtu' needs a value",
        "192.0.2.0/24 dev | 'dev' needs a value",
        "192.0.2.0/33 dev eth0 | unknown route keyword '192.0.2.0/33'",
        "203.0.113.0/24 no_track nexthop via 2001:db8::fd | address family mismatch for next hop"
            + " 2001:db8::fd",
        "203.0.113.0/24 no_track nexthop via inet6 2001:db8::fd | IPv4/6 mismatch for nexthop",
        "203.0.113.0/24 no_track nexthop via 192.0.2.1 weight 0 | invalid weight 0 specified for"
            + " route (1 to 256)",
        "203.0.113.0/24 no_track nexthop via 192.0.2.1 weight 257 | invalid weight 257 specified"
            + " for route (1 to 256)",
        "203.0.113.0/24 no_track nexthop via 192.0.2.1 metric 5 | route has trailing nonsense"
            + " after nexthops - metric",
        "203.0.113.0/24 no_track nexthop via 192.0.2.1 dev eth9 | interface eth9 for nexthop"
            + " doesn't exist",
        "2001:db8:5::/64 no_track nexthop via 2001:db8::fd realms 3 | realms are only supported"
            + " for IPv4",
        "203.0.113.0/24 no_track nexthop via 192.0.2.1 as 192.0.2.9 | 'as [to]' (nat) not"
            + " supported",
        "203.0.113.0/24 no_track nexthop via 192.0.2.1 encap | missing encap type",
        "203.0.113.0/24 no_track nexthop via 192.0.2.1 encap mpls 1048576 | invalid mpls address"
            + " 1048576 for encapsulation",
        "203.0.113.0/24 no_track nexthop via bogus | invalid nexthop address bogus",
        "nexthop via 192.0.2.1 | a route must have a destination",
        "203.0.113.0/24 via 192.0.2.1 or via 192.0.2.2 | 'or' is deprecated (keepalived -t fails"
            + " on it): write 'nexthop'",
        "192.0.2.0/24 dev eth0 features foo | feature 'foo' not supported (only 'ecn')",
        "192.0.2.0/24 dev eth0 quickack 2 | invalid quickack '2' (0 or 1)",
        "192.0.2.0/24 dev eth0 pref high | pref is only valid for IPv6",
        "192.0.2.0/24 dev eth0 expires 10 | expires is only valid for IPv6",
        "2001:db8::/32 dev eth0 pref 256 | invalid pref '256'",
        "192.0.2.0/24 dev eth0 rtt 1.5ms | invalid rtt '1.5ms': too many decimal places",
        "192.0.2.0/24 dev eth0 rtt 1.2345s | invalid rtt '1.2345s': too many decimal places",
        "192.0.2.0/24 dev eth0 rtt 1e3 | invalid rtt '1e3'",
        "192.0.2.0/24 dev eth0 rtt 3x | invalid rtt '3x'",
        "192.0.2.0/24 dev eth0 rtt 3us | invalid rtt '3us'",
        "192.0.2.0/24 dev eth0 rtt -3 | invalid rtt '-3'",
        "192.0.2.0/24 dev eth0 rtt lock | 'rtt' needs a value",
        "192.0.2.0/24 dev eth0 rto_min 130s | invalid rto_min '130s': at most 120s",
        "192.0.2.0/24 dev eth0 rttvar 480001 | invalid rttvar '480001': at most 480000",
        "192.0.2.0/24 dev eth0 rto_min 120001ms | invalid rto_min '120001ms': at most 120000ms",
        "2001:db8::/32 dev eth0 realms 3/4 | realms are only valid for IPv4",
        "192.0.2.0/24 dev eth0 realms 3/256 | invalid realms 3/256 for route",
        "192.0.2.0/24 dev eth0 congctl | 'congctl' needs a value",
        "192.0.2.0/24 dev eth0 vrf blue | VRF blue not found for route",
        "192.0.2.0/24 dev eth0 encap | missing encap type",
        "192.0.2.0/24 dev eth0 encap foo 1 | unknown encap type - foo",
        // keepalived's get_addr64: four groups of at most 0xffff, no '::', hex digit first
        "2001:db8:7::/67 dev eth0 encap ila | missing locator for ILA encapsulation",
        "2001:db8:7::/67 dev eth0 encap ila 2001:db8:1 | invalid locator 2001:db8:1 for ila"
            + " encapsulation",
        "2001:db8:7::/67 dev eth0 encap ila 2001:db8:1:2:3 | invalid locator 2001:db8:1:2:3 for"
            + " ila encapsulation",
        "2001:db8:7::/67 dev eth0 encap ila 12345:db8:1:2 | invalid locator 12345:db8:1:2 for"
            + " ila encapsulation",
        "2001:db8:7::/67 dev eth0 encap ila 2001::1:2 | invalid locator 2001::1:2 for ila"
            + " encapsulation",
        "2001:db8:7::/67 dev eth0 encap ila 2001:DB8:1:+2 | invalid locator 2001:DB8:1:+2 for"
            + " ila encapsulation",
        "2001:db8:7::/67 dev eth0 encap ila 2001:db8:1:2 csum-mode neutral-map | unknown route"
            + " keyword 'csum-mode'",
        // keepalived's parse_mpls_address: at most two labels of 20 bits
        "192.0.2.0/24 dev eth0 encap mpls | missing address for MPLS encapsulation",
        "192.0.2.0/24 dev eth0 encap mpls 100/200/300 | invalid mpls address 100/200/300 for"
            + " encapsulation",
        "192.0.2.0/24 dev eth0 encap mpls 1048576 | invalid mpls address 1048576 for"
            + " encapsulation",
        "192.0.2.0/24 dev eth0 encap mpls 100/ | invalid mpls address 100/ for encapsulation",
        "192.0.2.0/24 dev eth0 encap ip ttl 10 | address or id missing for ip encapsulation",
        "192.0.2.0/24 dev eth0 encap ip id 0x10 dst 192.0.2.9 | encap ip id 0x10 value is invalid",
        "192.0.2.0/24 dev eth0 encap ip dst 2001:db8::1 | IPv6 address 2001:db8::1 not valid for"
            + " ip encapsulation",
        "192.0.2.0/24 dev eth0 encap ip dst 192.0.2.9 ttl 256 | ttl 256 is not valid for ip"
            + " encapsulation",
        // keepalived's get_u8 and get_u16: decimal only
        "192.0.2.0/24 dev eth0 encap ip dst 192.0.2.9 ttl 0x10 | ttl 0x10 is not valid for ip"
            + " encapsulation",
        "2001:db8::/64 dev eth0 encap ip6 dst 2001:db8::9 hoplimit 0x10 | Invalid hoplimit 0x10"
            + " specified for ip6 encapsulation",
        "192.0.2.0/24 dev eth0 encap ip dst 192.0.2.9 tos 256 | dsfield 256 not valid for ip"
            + " encapsulation",
        "2001:db8::/64 dev eth0 encap ip6 dst 2001:db8::9 tc 0x100 | tc value 0x100 is invalid"
            + " for ip6 encapsulation",
        "192.0.2.0/24 dev eth0 encap ip dst 192.0.2.9 flags 0x400 | flags 0x400 is not valid for"
            + " ip encapsulation",
        "192.0.2.0/24 dev eth0 encap ip dst 192.0.2.9 flags 65536 | flags 65536 is not valid for"
            + " ip encapsulation",
        "2001:db8::/64 dev eth0 encap ip6 dst 2001:db8::9 flags -1 | flags -1 is not valid for"
            + " ip6 encapsulation",
        "192.0.2.0/24 dev eth0 as to 192.0.2.5 | 'as [to]' is for MPLS routes only (keepalived -t"
            + " fails on it)",
        "192.0.2.0/24 dev eth0 ttl-propagate on | ttl-propagate value on not recognised",
      })
  void refusedWithItsLineAndReason(String line, String reason) {
    LoadResult r = load(line);
    assertThat(Cfg.findings(r)).containsExactly("2 error: static_routes '" + line + "': " + reason);
    assertThat(r.config().staticRoutes()).isEmpty();
  }

  @Test
  void aRouteWithoutDevIsNotTrackedWithAWarningAsKeepalivedSaysAndRunsIt() {
    LoadResult r = load("192.0.2.0/24 via 198.51.100.1");
    assertThat(Cfg.findings(r))
        .containsExactly(
            "2 warning: static_routes '192.0.2.0/24 via 198.51.100.1': cannot track a route with no"
                + " interface: not tracking (add 'dev' or 'no_track')");
    assertThat(r.config().staticRoutes()).hasSize(1);
    assertThat(r.config().staticRoutes().get(0).tracked()).isFalse();
    assertThat(r.config().staticRoutes().get(0).protocol()).as("not keepalived's").isEmpty();
  }

  @Test
  void dumpIsNormalisedAndReadsBackToTheSameRoute() {
    for (String line :
        List.of(
            "192.0.2.0/24 via 198.51.100.1 dev eth0",
            "to 192.0.2.0/24 src 192.0.2.1 via 198.51.100.1 oif eth1 table 100 scope link"
                + " metric 5 tos 16 mtu lock 1400 hoplimit 64 onlink append",
            "throw default dev eth0 table local",
            "default via inet6 2001:db8::1 dev eth0 add",
            "2001:db8:1::/64 from 2001:db8:2::/64 dev eth0 no_track protocol bird",
            "2001:db8::/32 dev eth0 features ecn quickack 1 pref low expires 5",
            "192.0.2.0/24 dev eth0 realms 3/4 rtt lock 300ms rttvar 1s rto_min 250ms congctl"
                + " lock reno",
            "192.0.2.0/24 dev eth0 realms 5 congctl cubic",
            "192.0.2.0/24 dev eth0 table 7 vrf eth1",
            "192.0.2.0/24 dev eth0 encap ip id 5 dst 192.0.2.9 src 192.0.2.1 tos 16 ttl 10",
            "2001:db8:9::/64 dev eth0 hoplimit 64 encap ip6 dst 2001:db8::9 hoplimit 5",
            "192.0.2.0/24 dev eth0 encap ip id 5 flags 1024",
            "192.0.2.0/24 via 198.51.100.1 dev eth0 encap mpls 100/200",
            "2001:db8:9::/64 dev eth0 encap mpls 300",
            "2001:db8:7::/67 via 2001:db8::fe dev eth0 encap ila 2001:db8:0:ffff",
            "2001:db8:9::/64 dev eth0 encap ip6 dst 2001:db8::9 flags 2304 tc 3",
            "203.0.113.0/24 table 100 no_track nexthop via 192.0.2.253 dev eth0 weight 2 realms 5"
                + " nexthop via 192.0.2.254 dev eth1 onlink nexthop dev eth0",
            "2001:db8:5::/64 dev eth0 nexthop via 2001:db8::fd weight 256",
            "203.0.113.0/24 no_track nexthop via 192.0.2.253 dev eth0 realms 5 encap mpls 100"
                + " nexthop via 192.0.2.254 dev eth0 encap ip id 7 dst 192.0.2.9 ttl 3")) {
      StaticRoute r = route(line);
      StaticRoute again = route(StaticDump.route(r));
      assertThat(StaticDump.route(again)).isEqualTo(StaticDump.route(r));
      assertThat(again).usingRecursiveComparison().ignoringFields("origin").isEqualTo(r);
    }
    assertThat(ConfigDump.dump(load("192.0.2.0/24 via 198.51.100.1 dev eth0").config()))
        .contains(
            "static_routes {\n  192.0.2.0/24 via 198.51.100.1 dev eth0 table main scope global"
                + " protocol 18\n}");
  }

  @Test
  void aTrackGroupIsKeptOnATrackedRouteAndDumped() {
    LoadResult r =
        Cfg.load(
            """
            track_group G {
            }
            static_routes {
              192.0.2.0/24 via 198.51.100.1 dev eth0 track_group G
              192.0.2.128/25 via 198.51.100.1 dev eth0 no_track track_group G
              198.51.100.0/25 via 198.51.100.1 dev eth0 track_group H
            }
            """);
    assertThat(Cfg.findings(r))
        .containsExactlyInAnyOrder(
            "5 warning: static_routes '192.0.2.128/25 via 198.51.100.1 dev eth0 no_track"
                + " track_group G': track_group G ignored: the route is not tracked",
            "6 warning: track_group H not found");
    List<StaticRoute> routes = r.config().staticRoutes();
    assertThat(routes)
        .extracting(StaticRoute::trackGroup)
        .containsExactly(
            java.util.Optional.of("G"), java.util.Optional.empty(), java.util.Optional.empty());
    assertThat(StaticDump.route(routes.get(0))).endsWith(" track_group G");
    assertThat(Cfg.findings(Cfg.load(ConfigDump.dump(r.config()))))
        .as("the dump loads again")
        .isEmpty();
  }
}
