package io.vigil.netlink.rtnl;

import static io.vigil.netlink.rtnl.RtnlGoldenTest.hex;
import static io.vigil.netlink.rtnl.RtnlGoldenTest.ip;
import static io.vigil.netlink.rtnl.RtnlGoldenTest.ours;
import static io.vigil.netlink.rtnl.RtnlGoldenTest.theirs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.netlink.Golden;
import io.vigil.netlink.KernelTwin;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.NlMsg;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our route and rule encoding and decoding against iproute2's {@code ip route} / {@code ip rule}
 * talking to the host kernel (src/test/resources/golden/ip-route-*.hex and ip-rule-*.hex, captured
 * with strace by capture-ip-route.sh; v0 is ifindex 3 with 192.0.2.1/24 and 2001:db8::1/64).
 */
class RouteGoldenTest {
  static final int V0 = 3;
  static final int KEEPALIVED = Rtnl.RTPROT_KEEPALIVED;

  /** ip route prepend 198.51.100.0/24 proto 18 scope global metric 5 via 192.0.2.254 dev v0 ... */
  static Route prependV4() {
    return Route.to(ip("198.51.100.0"), 24)
        .via(ip("192.0.2.254"), V0)
        .inTable(100, KEEPALIVED, 5)
        .withMetrics(
            new TreeMap<>(Map.of(Rtnl.RTAX_MTU, 1400L, Rtnl.RTAX_ADVMSS, 1360L)),
            1 << Rtnl.RTAX_MTU);
  }

  static Route v6() {
    return Route.to(ip("2001:db8:1::"), 64)
        .via(ip("2001:db8::fe"), V0)
        .inTable(Rtnl.RT_TABLE_MAIN, KEEPALIVED, 1024)
        .withMetrics(new TreeMap<>(Map.of(Rtnl.RTAX_HOPLIMIT, 5L)), 0);
  }

  static Route appendV4() {
    Route r = Route.to(ip("203.0.113.0"), 24).via(null, V0).inTable(1000, KEEPALIVED, -1);
    return new Route(
        r.family(),
        r.type(),
        r.dst(),
        r.dstLen(),
        null,
        0,
        ip("192.0.2.1"),
        null,
        V0,
        1000,
        Rtnl.RT_SCOPE_LINK,
        KEEPALIVED,
        0x10,
        -1,
        0,
        r.metrics(),
        0,
        -1,
        -1,
        -1,
        null,
        List.of(),
        null);
  }

  static Route replaced() {
    return Route.to(ip("198.51.100.0"), 24)
        .via(ip("192.0.2.253"), V0)
        .inTable(100, KEEPALIVED, 5)
        .withMetrics(new TreeMap<>(Map.of(Rtnl.RTAX_MTU, 1300L)), 0);
  }

  static Route blackhole() {
    Route r = Route.to(ip("203.0.113.128"), 25).inTable(Rtnl.RT_TABLE_MAIN, KEEPALIVED, -1);
    return new Route(
        r.family(),
        6,
        r.dst(),
        25,
        null,
        0,
        null,
        null,
        0,
        Rtnl.RT_TABLE_MAIN,
        0,
        KEEPALIVED,
        0,
        -1,
        0,
        r.metrics(),
        0,
        -1,
        -1,
        -1,
        null,
        List.of(),
        null);
  }

  static Route v6DefaultOnlink() {
    Route r = Route.to(ip("::"), 0).via(ip("2001:db8::fe"), V0).inTable(200, KEEPALIVED, -1);
    return new Route(
        r.family(),
        r.type(),
        r.dst(),
        0,
        null,
        0,
        null,
        r.gateway(),
        V0,
        200,
        0,
        KEEPALIVED,
        0,
        -1,
        Rtnl.RTNH_F_ONLINK,
        r.metrics(),
        0,
        -1,
        -1,
        -1,
        null,
        List.of(),
        null);
  }

  static Route withPref(Route r, int pref) {
    return new Route(
        r.family(),
        r.type(),
        r.dst(),
        r.dstLen(),
        r.from(),
        r.fromLen(),
        r.prefSrc(),
        r.gateway(),
        r.oif(),
        r.table(),
        r.scope(),
        r.protocol(),
        r.tos(),
        r.priority(),
        r.flags(),
        r.metrics(),
        r.lock(),
        pref,
        r.expires(),
        r.realms(),
        r.congctl(),
        r.nexthops(),
        r.encap());
  }

  /**
   * ip-route-add-realms-v4: realms 3/4, rtt lock 300ms, rttvar 100ms, rto_min 250ms, initrwnd 20,
   * congctl lock reno, fastopen_no_cookie 1 (ip locks rto_min whether written or not: keepalived's
   * {@code rto_min lock 250ms}).
   */
  static Route realmsV4() {
    return Route.to(ip("198.51.100.0"), 24)
        .via(ip("192.0.2.254"), V0)
        .inTable(100, KEEPALIVED, -1)
        .withMetrics(
            new TreeMap<>(
                Map.of(
                    Rtnl.RTAX_RTT, 2400L,
                    Rtnl.RTAX_RTTVAR, 400L,
                    Rtnl.RTAX_RTO_MIN, 250L,
                    Rtnl.RTAX_INITRWND, 20L,
                    Rtnl.RTAX_FASTOPEN_NO_COOKIE, 1L)),
            1 << Rtnl.RTAX_RTT | 1 << Rtnl.RTAX_RTO_MIN | 1 << Rtnl.RTAX_CC_ALGO)
        .withRealmsAndCongctl(3 << 16 | 4, "reno");
  }

  /**
   * ip-route-add-multipath-v4: nexthop via .253 dev v0 weight 2 realms 5 nexthop via .254 onlink.
   */
  static Route multipathV4() {
    return Route.to(ip("203.0.113.0"), 24)
        .inTable(100, KEEPALIVED, -1)
        .withNexthops(
            List.of(
                new Route.Nexthop(ip("192.0.2.253"), V0, 2, 0, 5),
                new Route.Nexthop(ip("192.0.2.254"), V0, 1, Rtnl.RTNH_F_ONLINK, -1)));
  }

  /** ip-route-add-multipath-v6: nexthop via 2001:db8::fd nexthop via 2001:db8::fe weight 3. */
  static Route multipathV6() {
    return Route.to(ip("2001:db8:5::"), 64)
        .inTable(100, KEEPALIVED, -1)
        .withNexthops(
            List.of(
                new Route.Nexthop(ip("2001:db8::fd"), V0, 1, 0, -1),
                new Route.Nexthop(ip("2001:db8::fe"), V0, 3, 0, -1)));
  }

  /** ip-route-add-encap-v4: 203.0.113.0/24 table 100 encap ip id 5 dst .9 src .1 dev v0. */
  static Route encapV4() {
    return Route.to(ip("203.0.113.0"), 24)
        .via(null, V0)
        .inTable(100, KEEPALIVED, -1)
        .withEncap(
            new Route.Encap(Rtnl.LWTUNNEL_ENCAP_IP, 5L, ip("192.0.2.9"), ip("192.0.2.1"), -1, -1));
  }

  /** ip-route-add-encap-v6: 2001:db8:9::/64 encap ip6 id 7 dst 2001:db8::9 tc 0x10 hoplimit 5. */
  static Route encapV6() {
    return Route.to(ip("2001:db8:9::"), 64)
        .via(null, V0)
        .inTable(100, KEEPALIVED, -1)
        .withEncap(new Route.Encap(Rtnl.LWTUNNEL_ENCAP_IP6, 7L, ip("2001:db8::9"), null, 0x10, 5));
  }

  /**
   * ip-route-add-encap-flags-v4: 198.51.100.0/24 encap ip id 5 dst 192.0.2.9 key: ip sends
   * TUNNEL_KEY (0x0004 big-endian), which keepalived's {@code flags} writes as 1024 (host order).
   */
  static Route encapFlagsV4() {
    return Route.to(ip("198.51.100.0"), 24)
        .via(null, V0)
        .inTable(100, KEEPALIVED, -1)
        .withEncap(
            new Route.Encap(Rtnl.LWTUNNEL_ENCAP_IP, 5L, ip("192.0.2.9"), null, -1, -1, 1024));
  }

  /** ip-route-add-encap-flags-v6: encap ip6 id 7 dst 2001:db8::9 csum seq (flags 0x0009). */
  static Route encapFlagsV6() {
    return Route.to(ip("2001:db8:8::"), 64)
        .via(null, V0)
        .inTable(100, KEEPALIVED, -1)
        .withEncap(
            new Route.Encap(Rtnl.LWTUNNEL_ENCAP_IP6, 7L, ip("2001:db8::9"), null, -1, -1, 2304));
  }

  /** In capture-ip-mpls.sh's namespace of the lab VM, v0 is ifindex 5. */
  static final int VM_V0 = 5;

  /** ip-route-add-encap-mpls-v4: 198.51.100.0/24 encap mpls 100/200 via 192.0.2.254 dev v0. */
  static Route encapMplsV4() {
    return Route.to(ip("198.51.100.0"), 24)
        .via(ip("192.0.2.254"), VM_V0)
        .inTable(100, KEEPALIVED, -1)
        .withEncap(Route.Encap.mpls(List.of(100, 200)));
  }

  /** ip-route-add-encap-mpls-v6: 2001:db8:7::/64 encap mpls 300 via 2001:db8::fe dev v0. */
  static Route encapMplsV6() {
    return Route.to(ip("2001:db8:7::"), 64)
        .via(ip("2001:db8::fe"), VM_V0)
        .inTable(100, KEEPALIVED, -1)
        .withEncap(Route.Encap.mpls(List.of(300)));
  }

  /**
   * ip-route-add-encap-ila (capture-ip-encap.sh, v0 is ifindex 5 there too): 2001:db8:7:0:2000::/67
   * encap ila 2001:db8:1:2 via 2001:db8::fe dev v0.
   */
  static Route encapIla() {
    return Route.to(ip("2001:db8:7:0:2000::"), 67)
        .via(ip("2001:db8::fe"), VM_V0)
        .inTable(100, KEEPALIVED, -1)
        .withEncap(Route.Encap.ila(0x2001_0db8_0001_0002L));
  }

  /**
   * ip-route-add-nexthop-encap-v4 (capture-ip-encap.sh): nexthop via 192.0.2.254 dev v0 realms 5
   * encap mpls 100/200 nexthop via 192.0.2.253 dev v0 weight 2 encap ip id 7 dst 192.0.2.9 ttl 3.
   */
  static Route nexthopEncapV4() {
    return Route.to(ip("198.51.100.0"), 24)
        .inTable(100, KEEPALIVED, -1)
        .withNexthops(
            List.of(
                new Route.Nexthop(
                    ip("192.0.2.254"), VM_V0, 1, 0, 5, Route.Encap.mpls(List.of(100, 200))),
                new Route.Nexthop(
                    ip("192.0.2.253"),
                    VM_V0,
                    2,
                    0,
                    -1,
                    new Route.Encap(Rtnl.LWTUNNEL_ENCAP_IP, 7L, ip("192.0.2.9"), null, -1, 3))));
  }

  /** ip-route-add-nexthop-encap-v6: nexthop via 2001:db8::fe encap mpls 300 nexthop via ::fd. */
  static Route nexthopEncapV6() {
    return Route.to(ip("2001:db8:8::"), 64)
        .inTable(100, KEEPALIVED, -1)
        .withNexthops(
            List.of(
                new Route.Nexthop(
                    ip("2001:db8::fe"), VM_V0, 1, 0, -1, Route.Encap.mpls(List.of(300))),
                new Route.Nexthop(ip("2001:db8::fd"), VM_V0, 1, 0, -1)));
  }

  static Rule ruleV4() {
    Rule r = Rule.lookup(Rtnl.AF_INET, 100, 100);
    return new Rule(
        r.family(),
        r.action(),
        100,
        100,
        ip("192.0.2.0"),
        24,
        null,
        0,
        false,
        0,
        0x10,
        0xff,
        null,
        null,
        KEEPALIVED,
        -1,
        null,
        null,
        null,
        -1);
  }

  static Rule ruleV4Full() {
    return new Rule(
        Rtnl.AF_INET,
        Rtnl.FR_ACT_TO_TBL,
        1000,
        101,
        ip("192.0.2.0"),
        24,
        ip("198.51.100.0"),
        24,
        true,
        0x10,
        5,
        -1,
        "v0",
        "v1",
        KEEPALIVED,
        6,
        new Rule.Range(1000, 2000),
        new Rule.Range(80, 80),
        new Rule.Range(100, 200),
        -1);
  }

  /** ip-rule-add-suppress: from 203.0.113.0/24 suppress_prefixlength 0 suppress_ifgroup 5. */
  static Rule ruleSuppress() {
    return ipv4Lookup(100, 104, ip("203.0.113.0"), 24, 0, 5, false);
  }

  /** ip-rule-add-l3mdev: l3mdev priority 105 (table 0: the VRF device's). */
  static Rule ruleL3mdev() {
    return ipv4Lookup(0, 105, null, 0, -1, -1, true);
  }

  /** ip-rule-add-realms: from 203.0.113.0/24 realms 2/3 priority 106 table 100. */
  static Rule ruleRealms() {
    return ipv4Lookup(100, 106, ip("203.0.113.0"), 24, -1, -1, false, 2 << 16 | 3);
  }

  /** ip-rule-add-tun-id: from 203.0.113.0/24 tun_id 0x0123456789abcdef priority 107 table 100. */
  static Rule ruleTunnelId() {
    return ipv4Lookup(100, 107, ip("203.0.113.0"), 24, -1, -1, false)
        .withTunnelId(0x0123456789abcdefL);
  }

  private static Rule ipv4Lookup(
      long table,
      long priority,
      InetAddress from,
      int fromLen,
      long suppressPrefixLength,
      long suppressIfgroup,
      boolean l3mdev) {
    return ipv4Lookup(
        table, priority, from, fromLen, suppressPrefixLength, suppressIfgroup, l3mdev, -1);
  }

  /** An IPv4 lookup rule of protocol 18 with the selectors the newer options' cases use. */
  private static Rule ipv4Lookup(
      long table,
      long priority,
      InetAddress from,
      int fromLen,
      long suppressPrefixLength,
      long suppressIfgroup,
      boolean l3mdev,
      long realms) {
    return new Rule(
        Rtnl.AF_INET,
        Rtnl.FR_ACT_TO_TBL,
        table,
        priority,
        from,
        fromLen,
        null,
        0,
        false,
        0,
        -1,
        -1,
        null,
        null,
        KEEPALIVED,
        -1,
        null,
        null,
        null,
        -1,
        suppressPrefixLength,
        suppressIfgroup,
        l3mdev,
        realms,
        0);
  }

  static Rule ruleV6() {
    Rule r = Rule.lookup(Rtnl.AF_INET6, 200, 200);
    return new Rule(
        r.family(),
        r.action(),
        200,
        200,
        null,
        0,
        ip("2001:db8:2::"),
        48,
        false,
        0,
        -1,
        -1,
        null,
        null,
        KEEPALIVED,
        -1,
        null,
        null,
        null,
        -1);
  }

  static Rule ruleGoto() {
    return new Rule(
        Rtnl.AF_INET,
        Rtnl.FR_ACT_GOTO,
        0,
        102,
        ip("198.51.100.0"),
        24,
        null,
        0,
        false,
        0,
        -1,
        -1,
        null,
        null,
        KEEPALIVED,
        -1,
        null,
        null,
        null,
        200);
  }

  static Rule ruleBlackhole() {
    return new Rule(
        Rtnl.AF_INET,
        Rtnl.FR_ACT_BLACKHOLE,
        0,
        103,
        null,
        0,
        ip("203.0.113.0"),
        24,
        false,
        0,
        -1,
        -1,
        null,
        null,
        KEEPALIVED,
        -1,
        null,
        null,
        null,
        -1);
  }

  static Stream<Arguments> requests() {
    int ack = NlMsg.F_ACK;
    return Stream.of(
        Arguments.of("ip-route-prepend-v4", RouteCodec.newRoute(prependV4(), 0), ack),
        Arguments.of("ip-route-add-v6", RouteCodec.newRoute(v6(), NlMsg.F_EXCL), ack),
        Arguments.of("ip-route-append-v4", RouteCodec.newRoute(appendV4(), NlMsg.F_APPEND), ack),
        Arguments.of("ip-route-replace-v4", RouteCodec.newRoute(replaced(), NlMsg.F_REPLACE), ack),
        Arguments.of(
            "ip-route-add-blackhole-v4", RouteCodec.newRoute(blackhole(), NlMsg.F_EXCL), ack),
        Arguments.of(
            "ip-route-add-v6-default", RouteCodec.newRoute(v6DefaultOnlink(), NlMsg.F_EXCL), ack),
        Arguments.of("ip-route-add-realms-v4", RouteCodec.newRoute(realmsV4(), NlMsg.F_EXCL), ack),
        Arguments.of("ip-route-del-realms-v4", RouteCodec.deleteRoute(realmsV4()), ack),
        Arguments.of("ip-route-add-multipath-v4", RouteCodec.newRoute(multipathV4(), 0), ack),
        Arguments.of("ip-route-add-multipath-v6", RouteCodec.newRoute(multipathV6(), 0), ack),
        Arguments.of("ip-route-del-multipath-v4", RouteCodec.deleteRoute(multipathV4()), ack),
        Arguments.of("ip-route-del-multipath-v6", RouteCodec.deleteRoute(multipathV6()), ack),
        Arguments.of("ip-route-add-encap-v4", RouteCodec.newRoute(encapV4(), NlMsg.F_EXCL), ack),
        Arguments.of("ip-route-add-encap-v6", RouteCodec.newRoute(encapV6(), NlMsg.F_EXCL), ack),
        Arguments.of("ip-route-del-encap-v4", RouteCodec.deleteRoute(encapV4()), ack),
        Arguments.of(
            "ip-route-add-encap-flags-v4", RouteCodec.newRoute(encapFlagsV4(), NlMsg.F_EXCL), ack),
        Arguments.of(
            "ip-route-add-encap-mpls-v4", RouteCodec.newRoute(encapMplsV4(), NlMsg.F_EXCL), ack),
        Arguments.of(
            "ip-route-add-encap-mpls-v6", RouteCodec.newRoute(encapMplsV6(), NlMsg.F_EXCL), ack),
        Arguments.of("ip-route-del-encap-mpls-v4", RouteCodec.deleteRoute(encapMplsV4()), ack),
        Arguments.of("ip-route-add-encap-ila", RouteCodec.newRoute(encapIla(), NlMsg.F_EXCL), ack),
        Arguments.of(
            "ip-route-add-nexthop-encap-v4",
            RouteCodec.newRoute(nexthopEncapV4(), NlMsg.F_EXCL),
            ack),
        Arguments.of(
            "ip-route-add-nexthop-encap-v6",
            RouteCodec.newRoute(nexthopEncapV6(), NlMsg.F_EXCL),
            ack),
        Arguments.of(
            "ip-route-del-nexthop-encap-v4", RouteCodec.deleteRoute(nexthopEncapV4()), ack),
        Arguments.of("ip-route-del-encap-ila", RouteCodec.deleteRoute(encapIla()), ack),
        Arguments.of(
            "ip-route-add-encap-flags-v6", RouteCodec.newRoute(encapFlagsV6(), NlMsg.F_EXCL), ack),
        Arguments.of("ip-route-del-v4", RouteCodec.deleteRoute(replaced()), ack),
        Arguments.of("ip-route-del-v6", RouteCodec.deleteRoute(v6()), ack),
        Arguments.of("ip-route-show-v4", RouteCodec.dumpRoutes(Rtnl.AF_INET), 0),
        Arguments.of("ip-route-show-v6", RouteCodec.dumpRoutes(Rtnl.AF_INET6), 0),
        Arguments.of("ip-rule-add-v4", RouteCodec.newRule(ruleV4()), ack),
        Arguments.of("ip-rule-add-v4-full", RouteCodec.newRule(ruleV4Full()), ack),
        Arguments.of("ip-rule-add-v6", RouteCodec.newRule(ruleV6()), ack),
        Arguments.of("ip-rule-add-suppress", RouteCodec.newRule(ruleSuppress()), ack),
        Arguments.of("ip-rule-add-l3mdev", RouteCodec.newRule(ruleL3mdev()), ack),
        Arguments.of("ip-rule-add-realms", RouteCodec.newRule(ruleRealms()), ack),
        Arguments.of("ip-rule-add-tun-id", RouteCodec.newRule(ruleTunnelId()), ack),
        Arguments.of("ip-rule-add-goto", RouteCodec.newRule(ruleGoto()), ack),
        Arguments.of("ip-rule-add-blackhole", RouteCodec.newRule(ruleBlackhole()), ack),
        Arguments.of("ip-rule-del-v4", RouteCodec.deleteRule(ruleV4()), ack),
        Arguments.of("ip-rule-del-v6", RouteCodec.deleteRule(ruleV6()), ack),
        Arguments.of("ip-rule-show-v4", RouteCodec.dumpRules(Rtnl.AF_INET), 0),
        Arguments.of("ip-rule-show-v6", RouteCodec.dumpRules(Rtnl.AF_INET6), 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void ourRequestIsByteIdenticalToIps(String capture, byte[] message, int extraFlags) {
    int type =
        java.nio.ByteBuffer.wrap(message).order(java.nio.ByteOrder.nativeOrder()).getShort(4);
    assertThat(hex(ours(message, extraFlags))).isEqualTo(hex(zeroPadding(theirs(capture, type))));
  }

  /**
   * A copy with the padding after each top-level attribute, each one in RTA_ENCAP and each one of a
   * next hop in RTA_MULTIPATH, zeroed: ip may leave stack bytes there (RTA_ENCAP_TYPE's in
   * ip-route-add-encap-v4 and ip-route-add-nexthop-encap-v4, LWTUNNEL_IP_FLAGS's in
   * ip-route-add-encap-flags-v4), which the kernel never reads. rtmsg and fib_rule_hdr are both 12
   * bytes.
   */
  static byte[] zeroPadding(byte[] m) {
    byte[] out = m.clone();
    zeroPadding(out, NlMsg.HEADER_LENGTH + 12, out.length);
    return out;
  }

  /**
   * The padding of the attributes from {@code off} to {@code end}, and of those in RTA_ENCAP and in
   * RTA_MULTIPATH's next hops.
   */
  private static void zeroPadding(byte[] out, int off, int end) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(out).order(java.nio.ByteOrder.nativeOrder());
    while (off + 4 <= end) {
      int len = b.getShort(off) & 0xffff;
      if (len < 4) {
        break;
      }
      if ((b.getShort(off + 2) & 0x3fff) == Rtnl.RTA_ENCAP) {
        zeroPadding(out, off + 4, Math.min(end, off + len));
      }
      if ((b.getShort(off + 2) & 0x3fff) == Rtnl.RTA_MULTIPATH) {
        // each struct rtnexthop (8 bytes) is followed by its attributes: a next hop's encap
        for (int h = off + 4; h + 8 <= Math.min(end, off + len); ) {
          int hopLen = b.getShort(h) & 0xffff;
          if (hopLen < 8) {
            break;
          }
          zeroPadding(out, h + 8, Math.min(end, h + hopLen));
          h += (hopLen + 3) & ~3;
        }
      }
      for (int i = off + len; i < Math.min(end, off + ((len + 3) & ~3)); i++) {
        out[i] = 0;
      }
      off += (len + 3) & ~3;
    }
  }

  /** Answers each dump with what the kernel answered ip's dump of the same family. */
  static KernelTwin dumps(String v4, String v6) {
    Golden g4 = Golden.load(v4);
    Golden g6 = Golden.load(v6);
    return new KernelTwin(
        r -> {
          int family = r.bytes()[NlMsg.HEADER_LENGTH] & 0xff;
          Golden g = family == Rtnl.AF_INET ? g4 : g6;
          // ip looks links up while it prints, so the dump's NLMSG_DONE comes after those
          // answers: every datagram but the link answers is the dump's
          return g.answers().stream()
              .filter(a -> io.vigil.netlink.Wire.split(a).get(0).type() != Rtnl.RTM_NEWLINK)
              .map(a -> Golden.restamp(a, r.seq(), KernelTwin.PORT_ID))
              .toList();
        });
  }

  @Test
  void theRouteDumpDecodesWhatIpShowed() {
    List<Route> all = new RtnlClient(dumps("ip-route-show-v4", "ip-route-show-v6"), 1000).routes();
    // at capture time, besides the kernel's own: the replaced route, the appended one (table
    // 1000), the blackhole, 2001:db8:1::/64 and the IPv6 default route of table 200
    assertThat(all).contains(replaced(), blackhole(), appendV4());
    // the kernel gives an IPv6 route a router preference (medium, 0), and metric 1024 by default
    assertThat(all)
        .contains(withPref(v6(), 0), withPref(v6DefaultOnlink(), 0).inTable(200, KEEPALIVED, 1024));
    Route connected =
        all.stream()
            .filter(r -> r.dst().equals(ip("192.0.2.0")) && r.table() == Rtnl.RT_TABLE_MAIN)
            .findFirst()
            .orElseThrow();
    assertThat(connected.protocol()).isEqualTo(2); // kernel
    assertThat(connected.scope()).isEqualTo(Rtnl.RT_SCOPE_LINK);
    assertThat(connected.prefSrc()).isEqualTo(ip("192.0.2.1"));
    assertThat(connected.priority()).isEqualTo(-1);
  }

  @Test
  void theRouteDumpDecodesTheRealmsAndTheCongestionControlIpAdded() {
    List<Route> all =
        new RtnlClient(dumps("ip-route-show-realms-v4", "ip-route-show-v6"), 1000).routes();
    // the kernel gives the algorithm's name with its NUL, which is not part of the name
    assertThat(all).contains(realmsV4());
    assertThat(all).filteredOn(r -> r.table() != 100).allMatch(r -> r.realms() == -1);
  }

  @Test
  void theRouteDumpDecodesTheNextHopsIpAdded() {
    List<Route> all =
        new RtnlClient(dumps("ip-route-show-multipath-v4", "ip-route-show-multipath-v6"), 1000)
            .routes();
    assertThat(all).contains(multipathV4());
    // the kernel gives an IPv6 route a router preference (medium, 0), and metric 1024 by default
    assertThat(all).contains(withPref(multipathV6(), 0).inTable(100, KEEPALIVED, 1024));
    assertThat(all)
        .filteredOn(r -> r.dstLen() != 24 && r.dstLen() != 64)
        .allMatch(r -> r.nexthops().isEmpty());
  }

  @Test
  void theRouteDumpDecodesTheEncapsulationsIpAdded() {
    List<Route> all =
        new RtnlClient(dumps("ip-route-show-encap-v4", "ip-route-show-encap-v6"), 1000).routes();
    // the kernel gives every field: 0 for the ones not set
    assertThat(all)
        .contains(
            encapV4()
                .withEncap(
                    new Route.Encap(
                        Rtnl.LWTUNNEL_ENCAP_IP, 5L, ip("192.0.2.9"), ip("192.0.2.1"), 0, 0, 0)));
    assertThat(all)
        .filteredOn(r -> r.dst().equals(ip("2001:db8:9::")))
        .extracting(Route::encap)
        .containsExactly(
            new Route.Encap(Rtnl.LWTUNNEL_ENCAP_IP6, 7L, ip("2001:db8::9"), ip("::"), 0x10, 5, 0));
    assertThat(all)
        .filteredOn(r -> r.dstLen() != 24 && r.dstLen() != 64)
        .allMatch(r -> r.encap() == null);
    // an MPLS label stack as it was sent
    assertThat(
            new RtnlClient(
                    dumps("ip-route-show-encap-mpls-v4", "ip-route-show-encap-mpls-v6"), 1000)
                .routes())
        .filteredOn(r -> r.encap() != null)
        .extracting(Route::encap)
        .containsExactly(Route.Encap.mpls(List.of(100, 200)), Route.Encap.mpls(List.of(300)));
    // next hops' encaps as they were sent (the kernel gives an IP encap's every field)
    List<Route> hops =
        new RtnlClient(
                dumps("ip-route-show-nexthop-encap-v4", "ip-route-show-nexthop-encap-v6"), 1000)
            .routes();
    assertThat(hops)
        .filteredOn(r -> r.dst().equals(ip("198.51.100.0")))
        .flatExtracting(Route::nexthops)
        .extracting(Route.Nexthop::encap)
        .containsExactly(
            Route.Encap.mpls(List.of(100, 200)),
            new Route.Encap(Rtnl.LWTUNNEL_ENCAP_IP, 7L, ip("192.0.2.9"), ip("0.0.0.0"), 0, 3, 0));
    assertThat(hops)
        .filteredOn(r -> r.dst().equals(ip("2001:db8:8::")))
        .flatExtracting(Route::nexthops)
        .extracting(Route.Nexthop::encap)
        .containsExactly(Route.Encap.mpls(List.of(300)), null);
    // an ILA locator as it was sent; the kernel's checksum mode, identifier type and hook aside
    assertThat(
            new RtnlClient(dumps("ip-route-show-encap-mpls-v4", "ip-route-show-encap-ila"), 1000)
                .routes())
        .filteredOn(r -> r.encap() != null && r.encap().type() == Rtnl.LWTUNNEL_ENCAP_ILA)
        .extracting(Route::encap)
        .containsExactly(Route.Encap.ila(0x2001_0db8_0001_0002L));
    // the flags as they were sent (ip's key)
    assertThat(
            new RtnlClient(
                    dumps("ip-route-show-encap-flags-v4", "ip-route-show-encap-flags-v6"), 1000)
                .routes())
        .filteredOn(r -> r.dst().equals(ip("198.51.100.0")))
        .extracting(r -> r.encap().flags())
        .containsExactly(1024);
  }

  @Test
  void theRuleDumpDecodesWhatIpShowed() {
    List<Rule> all = new RtnlClient(dumps("ip-rule-show-v4", "ip-rule-show-v6"), 1000).rules();
    // the kernel reports a mark without a mask with the mask all ones
    Rule full = ruleV4Full();
    Rule fullAsShown =
        new Rule(
            full.family(),
            full.action(),
            1000,
            101,
            full.src(),
            24,
            full.dst(),
            24,
            true,
            0x10,
            5,
            0xffffffffL,
            "v0",
            "v1",
            KEEPALIVED,
            6,
            full.sport(),
            full.dport(),
            full.uidRange(),
            -1);
    assertThat(all)
        .contains(ruleV4(), fullAsShown, ruleV6(), ruleGoto(), ruleBlackhole())
        .contains(
            new Rule(
                Rtnl.AF_INET,
                Rtnl.FR_ACT_TO_TBL,
                Rtnl.RT_TABLE_MAIN,
                32766,
                null,
                0,
                null,
                0,
                false,
                0,
                -1,
                -1,
                null,
                null,
                2,
                -1,
                null,
                null,
                null,
                -1));
  }

  @Test
  void theRuleDumpDecodesTheSuppressorsIpAdded() {
    assertThat(new RtnlClient(dumps("ip-rule-show-suppress", "ip-rule-show-v6"), 1000).rules())
        .contains(ruleSuppress())
        .filteredOn(r -> r.priority() != 104)
        .allSatisfy(
            r -> {
              assertThat(r.suppressPrefixLength()).isEqualTo(-1);
              assertThat(r.suppressIfgroup()).isEqualTo(-1);
            });
  }

  @Test
  void theRuleDumpDecodesTheL3mdevRuleIpAdded() {
    List<Rule> all = new RtnlClient(dumps("ip-rule-show-l3mdev", "ip-rule-show-v6"), 1000).rules();
    assertThat(all).contains(ruleL3mdev());
    assertThat(all).filteredOn(r -> r.priority() != 105).noneMatch(Rule::l3mdev);
  }

  @Test
  void theRuleDumpDecodesTheRealmsIpAdded() {
    List<Rule> all = new RtnlClient(dumps("ip-rule-show-realms", "ip-rule-show-v6"), 1000).rules();
    assertThat(all).contains(ruleRealms());
    assertThat(all).filteredOn(r -> r.priority() != 106).allMatch(r -> r.realms() == -1);
  }

  @Test
  void theRuleDumpDecodesTheTunnelIdIpAdded() {
    List<Rule> all = new RtnlClient(dumps("ip-rule-show-tun-id", "ip-rule-show-v6"), 1000).rules();
    assertThat(all).contains(ruleTunnelId());
    assertThat(all).filteredOn(r -> r.priority() != 107).allMatch(r -> r.tunnelId() == 0);
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("ip-route-error-unreachable", "ENETUNREACH", "Nexthop has invalid gateway"),
        Arguments.of("ip-route-error-not-there", "ESRCH", null),
        Arguments.of("ip-rule-error-exists", "EEXIST", null),
        Arguments.of("ip-rule-error-not-there", "ENOENT", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void theKernelsRealRefusalsCarryErrno(String capture, String errno, String extAck) {
    Golden g = Golden.load(capture);
    byte[] answer = g.exchanges().get(g.exchanges().size() - 1).answers().get(0);
    KernelTwin twin =
        new KernelTwin(r -> List.of(Golden.restamp(answer, r.seq(), KernelTwin.PORT_ID)));
    RtnlClient c = new RtnlClient(twin, 1000);
    assertThatThrownBy(() -> c.addRoute(prependV4(), 0))
        .isInstanceOfSatisfying(
            NetlinkException.class,
            e -> {
              assertThat(e.errnoName()).isEqualTo(errno);
              assertThat(e.extAck()).isEqualTo(extAck);
              assertThat(e.getMessage())
                  .startsWith(
                      errno + ": add route 198.51.100.0/24 via 192.0.2.254 oif 3 table 100");
            });
  }
}
