package io.vigil.director.statics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import io.vigil.config.model.VigilConfig;
import io.vigil.kernel.Errno;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.NlMsg;
import io.vigil.netlink.rtnl.Route;
import io.vigil.netlink.rtnl.Rtnl;
import io.vigil.netlink.rtnl.Rule;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StaticRoutingTest {
  /**
   * Interfaces eth0 (index 2) and eth1 (3); answers as the kernel does: an identical route is
   * EEXIST (with NLM_F_EXCL any of its key), NLM_F_REPLACE replaces the first of its key, a missing
   * route ESRCH, an existing rule EEXIST, a missing one ENOENT, a gateway listed in {@code
   * unreachable} ENETUNREACH.
   */
  static final class Twin implements RoutingKernel {
    final List<Route> routes = new ArrayList<>();
    final List<Rule> rules = new ArrayList<>();
    final List<String> requests = new ArrayList<>();
    final Set<InetAddress> unreachable = new HashSet<>();
    final Map<String, Integer> links = Map.of("eth0", 2, "eth1", 3);

    @Override
    public int indexOf(String dev) {
      Integer i = links.get(dev);
      if (i == null) {
        throw new NetlinkException(Errno.ENODEV, null, "get link " + dev);
      }
      return i;
    }

    /** eth1 is a VRF of table 10 here. */
    @Override
    public long vrfTable(String dev) {
      if (!dev.equals("eth1")) {
        throw new IllegalArgumentException("route specified VRF " + dev + " is not a VRF");
      }
      return 10;
    }

    static boolean kernelKey(Route a, Route b) {
      return a.family() == b.family()
          && a.table() == b.table()
          && a.dst().equals(b.dst())
          && a.dstLen() == b.dstLen()
          && a.tos() == b.tos()
          && a.priority() == b.priority();
    }

    @Override
    public void addRoute(Route r, int modeFlags) {
      requests.add(((modeFlags & NlMsg.F_REPLACE) != 0 ? "replace " : "add ") + r);
      if (r.gateway() != null && unreachable.contains(r.gateway())) {
        throw new NetlinkException(Errno.ENETUNREACH, "Nexthop has invalid gateway", "add " + r);
      }
      if ((modeFlags & NlMsg.F_REPLACE) != 0) {
        for (int i = 0; i < routes.size(); i++) {
          if (kernelKey(routes.get(i), r)) {
            routes.set(i, r);
            return;
          }
        }
      } else if (routes.contains(r)
          || ((modeFlags & NlMsg.F_EXCL) != 0 && routes.stream().anyMatch(x -> kernelKey(x, r)))) {
        throw new NetlinkException(Errno.EEXIST, null, "add route " + r);
      }
      routes.add(r);
    }

    @Override
    public void deleteRoute(Route r) {
      requests.add("delete " + r);
      if (!routes.removeIf(
          x ->
              kernelKey(x, r)
                  && x.protocol() == r.protocol()
                  && java.util.Objects.equals(x.gateway(), r.gateway())
                  && x.oif() == r.oif())) {
        throw new NetlinkException(Errno.ESRCH, null, "delete route " + r);
      }
    }

    @Override
    public List<Route> routes() {
      return List.copyOf(routes);
    }

    @Override
    public void addRule(Rule r) {
      requests.add("add rule " + r);
      if (rules.contains(r)) {
        throw new NetlinkException(Errno.EEXIST, null, "add rule " + r);
      }
      rules.add(r);
    }

    @Override
    public void deleteRule(Rule r) {
      requests.add("delete rule " + r);
      if (!rules.remove(r)) {
        throw new NetlinkException(Errno.ENOENT, null, "delete rule " + r);
      }
    }

    @Override
    public List<Rule> rules() {
      return List.copyOf(rules);
    }

    @Override
    public void close() {}
  }

  static VigilConfig config(String text) {
    LoadResult r =
        ConfigLoader.loadString(
            text,
            "t.conf",
            Path.of("/nonexistent"),
            Environment.fixed("n1", Set.of("eth0", "eth1")));
    assertThat(r.diagnostics()).isEmpty();
    return r.config();
  }

  static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  private final Twin kernel = new Twin();
  private final StaticRouting routing = new StaticRouting(() -> kernel);

  int apply(String text) {
    VigilConfig c = config(text);
    return routing.apply(c.staticRoutes(), c.staticRules());
  }

  static final String START =
      """
      static_routes {
        198.51.100.0/24 via 192.0.2.254 dev eth0 table 100 metric 5 mtu lock 1400 advmss 1360
        2001:db8:1::/64 via 2001:db8::fe dev eth1
        203.0.113.0/24 dev eth0 no_track
      }
      static_rules {
        from 192.0.2.0/24 fwmark 0x10/0xff table 100 priority 100
        to 2001:db8:2::/48 table 200 priority 200
      }
      """;

  @Test
  void startAddsEveryRouteAndRuleWithItsAttributesAndCountsOnesAlreadyThereAsOurs()
      throws Exception {
    Route there = Route.to(ip("2001:db8:1::"), 64).via(ip("2001:db8::fe"), 3).inTable(254, 18, -1);
    kernel.routes.add(there);
    assertThat(apply(START)).isZero();
    Route v4 =
        kernel.routes.stream().filter(r -> r.dst().equals(ipq("198.51.100.0"))).findFirst().get();
    assertThat(v4.gateway()).isEqualTo(ip("192.0.2.254"));
    assertThat(v4.oif()).isEqualTo(2);
    assertThat(v4.table()).isEqualTo(100);
    assertThat(v4.priority()).isEqualTo(5);
    assertThat(v4.protocol()).isEqualTo(Rtnl.RTPROT_KEEPALIVED);
    assertThat(v4.metrics())
        .containsEntry(Rtnl.RTAX_MTU, 1400L)
        .containsEntry(Rtnl.RTAX_ADVMSS, 1360L);
    assertThat(v4.lock()).isEqualTo(1 << Rtnl.RTAX_MTU);
    Route untracked =
        kernel.routes.stream().filter(r -> r.dst().equals(ipq("203.0.113.0"))).findFirst().get();
    assertThat(untracked.protocol()).as("keepalived's protocol, tracked or not").isEqualTo(18);
    assertThat(kernel.routes).hasSize(3); // the one already there once
    assertThat(kernel.rules)
        .extracting(Rule::priority, Rule::table, Rule::fwmark, Rule::fwmask, Rule::protocol)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(100L, 100L, 16L, 255L, 18),
            org.assertj.core.groups.Tuple.tuple(200L, 200L, -1L, -1L, 18));
    assertThat(kernel.rules.get(1).family()).isEqualTo(Rtnl.AF_INET6);

    kernel.requests.clear();
    routing.stop();
    assertThat(kernel.routes).isEmpty(); // the one found there too: keepalived counts it as its own
    assertThat(kernel.rules).isEmpty();
    assertThat(kernel.requests.get(0)).startsWith("delete rule");
    assertThat(kernel.requests.get(1)).startsWith("delete rule");
    assertThat(kernel.requests.subList(2, 5))
        .allMatch(r -> r.startsWith("delete 2") || r.startsWith("delete 1"));
  }

  @Test
  void realmsTimeMetricsCongctlAndNextHopsMapToTheirAttributes() throws Exception {
    Route r =
        StaticRoutingMapping.route(
            config(
                    """
                    static_routes {
                      198.51.100.0/25 via 192.0.2.254 dev eth0 realms 3/4 rtt lock 300ms \
                          rttvar 250ms rto_min 250ms congctl lock reno
                    }
                    """)
                .staticRoutes()
                .get(0),
            dev -> 2,
            dev -> 0);
    assertThat(r.realms()).isEqualTo(3 << 16 | 4);
    assertThat(r.congctl()).isEqualTo("reno");
    assertThat(r.metrics())
        .isEqualTo(Map.of(Rtnl.RTAX_RTT, 2400L, Rtnl.RTAX_RTTVAR, 1000L, Rtnl.RTAX_RTO_MIN, 250L));
    assertThat(r.lock()).isEqualTo(1 << Rtnl.RTAX_RTT | 1 << Rtnl.RTAX_CC_ALGO);
    Route multipath =
        StaticRoutingMapping.route(
            config(
                    """
                    static_routes {
                      203.0.113.0/24 dev eth0 nexthop via 192.0.2.253 dev eth1 weight 2 realms 5 \
                          nexthop via 192.0.2.254 onlink
                    }
                    """)
                .staticRoutes()
                .get(0),
            dev -> dev.equals("eth0") ? 2 : 3,
            dev -> 0);
    assertThat(multipath.oif()).isEqualTo(2);
    assertThat(multipath.nexthops())
        .containsExactly(
            new Route.Nexthop(ip("192.0.2.253"), 3, 2, 0, 5),
            new Route.Nexthop(ip("192.0.2.254"), 0, 1, Rtnl.RTNH_F_ONLINK, -1));
    Route plain =
        StaticRoutingMapping.route(config(START).staticRoutes().get(0), dev -> 2, dev -> 0);
    assertThat(plain.realms()).isEqualTo(-1);
    assertThat(plain.congctl()).isNull();
  }

  @Test
  void aVrfsRouteGoesInItsTableAndOneNamingAnotherDeviceIsReported() {
    assertThat(
            apply(
                """
                static_routes {
                  198.51.100.0/24 via 192.0.2.254 dev eth0 table 5 vrf eth1
                  203.0.113.0/24 via 192.0.2.254 dev eth0 vrf eth0
                }
                """))
        .as("one not applied")
        .isEqualTo(1);
    assertThat(kernel.routes).extracting(Route::table).containsExactly(10L);
  }

  @Test
  void aReloadDeletesWhatWentReplacesWhatChangedAddsWhatIsNewAndLeavesTheRest() throws Exception {
    kernel.routes.add(Route.to(ip("192.0.2.128"), 25)); // not ours: never touched
    assertThat(apply(START)).isZero();
    kernel.requests.clear();
    assertThat(
            apply(
                """
                static_routes {
                  198.51.100.0/24 via 192.0.2.254 dev eth0 table 100 metric 5 mtu 1300
                  2001:db8:1::/64 via 2001:db8::fe dev eth1
                  203.0.113.0/24 via 192.0.2.253 dev eth0 no_track
                  default via 192.0.2.254 dev eth0 table 300
                }
                static_rules {
                  from 192.0.2.0/24 fwmark 0x10/0xff table 100 priority 100
                  to 2001:db8:3::/48 table 200 priority 200
                }
                """))
        .isZero();
    assertThat(kernel.requests)
        .containsExactly(
            "delete rule priority 200 to 2001:db8:2:0:0:0:0:0/48 table 200 inet6",
            "delete 203.0.113.0/24 oif 2 table 254", // its key changed: a gateway now
            "replace 198.51.100.0/24 via 192.0.2.254 oif 2 table 100 metric 5", // mtu 1300
            "add 203.0.113.0/24 via 192.0.2.253 oif 2 table 254",
            "add 0.0.0.0/0 via 192.0.2.254 oif 2 table 300",
            "add rule priority 200 to 2001:db8:3:0:0:0:0:0/48 table 200 inet6");
    Route mtu =
        kernel.routes.stream().filter(r -> r.dst().equals(ipq("198.51.100.0"))).findFirst().get();
    assertThat(mtu.metrics()).containsExactly(Map.entry(Rtnl.RTAX_MTU, 1300L));
    assertThat(mtu.lock()).isZero();

    kernel.requests.clear();
    apply("");
    assertThat(kernel.routes).containsExactly(Route.to(ip("192.0.2.128"), 25));
    assertThat(kernel.rules).isEmpty();
  }

  @Test
  void aRouteTheKernelRefusesIsReportedAndTriedAgainOnTheNextReload() throws Exception {
    kernel.unreachable.add(ip("198.51.100.9"));
    String conf =
        """
        static_routes {
          203.0.113.0/24 via 198.51.100.9 dev eth0
          192.0.2.0/24 dev eth1
        }
        """;
    assertThat(apply(conf)).isEqualTo(1);
    assertThat(kernel.routes).hasSize(1);
    kernel.unreachable.clear();
    kernel.requests.clear();
    assertThat(apply(conf)).isZero();
    assertThat(kernel.requests)
        .containsExactly("add 203.0.113.0/24 via 198.51.100.9 oif 2 table 254");
    assertThat(kernel.routes).hasSize(2);
  }

  @Test
  void oneDeletedBehindOurBackStaysDeletedUntilAReloadPutsItBack() throws Exception {
    assertThat(apply(START)).isZero();
    kernel.routes.removeIf(r -> r.dst().equals(ipq("198.51.100.0")));
    kernel.rules.remove(0);
    kernel.requests.clear();
    assertThat(apply(START)).isZero();
    assertThat(kernel.requests)
        .containsExactly(
            "add 198.51.100.0/24 via 192.0.2.254 oif 2 table 100 metric 5",
            "add rule priority 100 from 192.0.2.0/24 fwmark 0x10/0xff table 100 inet");
    assertThat(kernel.routes).hasSize(3);
    assertThat(kernel.rules).hasSize(2);
    kernel.requests.clear();
    assertThat(apply(START)).isZero();
    assertThat(kernel.requests).as("all there: nothing sent").isEmpty();
    routing.stop();
    assertThat(kernel.routes).isEmpty();
    assertThat(kernel.rules).isEmpty();
  }

  /**
   * What the VRRP runtime does with route events for virtual routes: a tracked one that a route
   * event says is gone goes back with one request; a {@code no_track} one, a route of someone else
   * or one Vigil deleted itself (stop) does not; after lost events, one dump finds the missing.
   */
  @Test
  void aTrackedRouteOrRuleDeletedBehindOurBackIsRestoredFromItsEvent() throws Exception {
    StaticRouting virtual = new StaticRouting(() -> kernel, "virtual_routes", "virtual_rules");
    VigilConfig c = config(START);
    assertThat(virtual.apply(c.staticRoutes(), c.staticRules())).isZero();
    Route tracked =
        kernel.routes.stream().filter(r -> r.dst().equals(ipq("198.51.100.0"))).findFirst().get();
    Route untracked =
        kernel.routes.stream().filter(r -> r.dst().equals(ipq("203.0.113.0"))).findFirst().get();
    Rule rule = kernel.rules.get(0);
    kernel.routes.remove(tracked);
    kernel.routes.remove(untracked);
    kernel.rules.remove(rule);
    kernel.requests.clear();

    assertThat(virtual.restore(tracked)).isTrue();
    assertThat(virtual.restore(untracked)).as("no_track").isFalse();
    assertThat(virtual.restore(rule)).isTrue();
    Route foreign = Route.to(ip("192.0.2.0"), 24).via(ip("192.0.2.1"), 2).inTable(254, 186, -1);
    assertThat(virtual.restore(foreign)).as("a routing daemon's route").isFalse();
    assertThat(kernel.requests)
        .containsExactly(
            "add 198.51.100.0/24 via 192.0.2.254 oif 2 table 100 metric 5",
            "add rule priority 100 from 192.0.2.0/24 fwmark 0x10/0xff table 100 inet");
    assertThat(kernel.routes).contains(tracked).doesNotContain(untracked);

    kernel.routes.remove(tracked);
    kernel.rules.clear();
    kernel.requests.clear();
    assertThat(virtual.repair()).as("both rules and the tracked route").isEqualTo(3);
    assertThat(kernel.routes).contains(tracked).doesNotContain(untracked);
    assertThat(kernel.rules).hasSize(2);

    virtual.stop();
    kernel.requests.clear();
    assertThat(virtual.restore(tracked)).as("after stop: none of ours").isFalse();
    assertThat(virtual.repair()).isZero();
    assertThat(kernel.requests).isEmpty();
  }

  /**
   * Static ones go back only while deletions are followed, as keepalived 2.2.7 follows them
   * (checked in a namespace): routes while a static route has a {@code track_group} or an instance
   * has {@code virtual_routes}, and then every tracked one; rules the same with their own.
   */
  @Test
  void staticOnesArePutBackWhileTheirDeletionsAreFollowedAsInKeepalived() throws Exception {
    VigilConfig c =
        config(
            """
            track_group G {
            }
            static_routes {
              198.51.100.0/24 via 192.0.2.254 dev eth0 track_group G
              203.0.113.0/24 via 192.0.2.254 dev eth0
              203.0.113.128/25 via 192.0.2.254 dev eth0 no_track
            }
            static_rules {
              from 192.0.2.0/24 table 100 priority 100
            }
            """);
    assertThat(StaticRouting.routesWatched(c)).isTrue();
    assertThat(StaticRouting.rulesWatched(c)).isFalse();
    assertThat(routing.apply(c.staticRoutes(), c.staticRules())).isZero();
    assertThat(routing.restoring()).as("not before watch").isFalse();
    routing.watch(true, false);
    assertThat(routing.restoring()).isTrue();
    Route grouped =
        kernel.routes.stream().filter(r -> r.dst().equals(ipq("198.51.100.0"))).findFirst().get();
    Route plain =
        kernel.routes.stream()
            .filter(r -> r.dstLen() == 24 && r.dst().equals(ipq("203.0.113.0")))
            .findFirst()
            .get();
    Route untracked = kernel.routes.stream().filter(r -> r.dstLen() == 25).findFirst().get();
    Rule rule = kernel.rules.get(0);
    kernel.routes.clear();
    kernel.rules.clear();
    kernel.requests.clear();

    assertThat(routing.restore(grouped)).isTrue();
    assertThat(routing.restore(plain)).as("tracked, without a track_group: back too").isTrue();
    assertThat(routing.restore(untracked)).as("no_track").isFalse();
    assertThat(routing.restore(rule)).as("rule deletions not followed").isFalse();
    assertThat(kernel.requests).hasSize(2);

    kernel.routes.remove(grouped); // its interface went down: the kernel dropped it
    kernel.requests.clear();
    assertThat(routing.linkUp("eth7")).as("not the interface of one of them").isZero();
    assertThat(kernel.requests).isEmpty();
    assertThat(routing.linkUp("eth0")).isEqualTo(1);
    assertThat(kernel.routes).contains(grouped).doesNotContain(untracked);

    routing.watch(false, false);
    kernel.routes.clear();
    assertThat(routing.restore(grouped)).as("no longer followed").isFalse();
    assertThat(
            StaticRouting.routesWatched(
                config(
                    """
                    vrrp_instance VI_1 {
                      interface eth0
                      virtual_router_id 51
                      priority 100
                      virtual_ipaddress {
                        192.0.2.100/24
                      }
                      virtual_rules {
                        from 192.0.2.0/24 table 100 priority 100
                      }
                    }
                    """)))
        .as("virtual_rules: rules followed, not routes")
        .isFalse();
  }

  static InetAddress ipq(String s) {
    try {
      return ip(s);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
