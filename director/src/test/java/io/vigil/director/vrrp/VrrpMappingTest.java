package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import io.vigil.config.model.Vrrp;
import io.vigil.netlink.rtnl.IfAddress;
import io.vigil.vrrp.fsm.InstanceConfig;
import io.vigil.vrrp.fsm.Tracker;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VrrpMappingTest {
  private static final Environment ENV = Environment.fixed("dir1", Set.of("eth0", "eth1"));

  private static VrrpMapping.Result map(String text) {
    LoadResult r = ConfigLoader.loadString(text, "k.conf", Path.of("/tmp"), ENV);
    assertThat(r.diagnostics()).as("the text loads cleanly").isEmpty();
    return VrrpMapping.map(r.config());
  }

  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void unicastInstancesSharingAVridIgnoreEachOthersPeers() throws Exception {
    String one =
        """
        vrrp_instance %s {
          interface %s
          virtual_router_id 51
          priority 100
          unicast_peer {
            %s
          }
          virtual_ipaddress {
            192.0.2.%d/24
          }
        }
        """;
    VrrpMapping.Result r =
        map(
            one.formatted("A", "eth0", "192.0.2.2", 10)
                + one.formatted("B", "eth0", "192.0.2.3\n192.0.2.4", 11)
                + one.formatted("C", "eth1", "192.0.2.5", 12));
    assertThat(r.specs())
        .extracting(VrrpSpec::name, VrrpSpec::siblingPeers)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("A", Set.of(ip("192.0.2.3"), ip("192.0.2.4"))),
            org.assertj.core.groups.Tuple.tuple("B", Set.of(ip("192.0.2.2"))),
            org.assertj.core.groups.Tuple.tuple("C", Set.of()));
    assertThat(VrrpRuntime.rules(r.specs().get(1)).ignoredSources())
        .containsExactly(ip("192.0.2.2"));
    // a sibling's new peer reaches the other instance with a reload in place
    VrrpSpec a2 =
        map(one.formatted("A", "eth0", "192.0.2.2", 10)
                + one.formatted("B", "eth0", "192.0.2.3", 11))
            .specs()
            .get(0);
    assertThat(VrrpReload.plan(r.specs().get(0), a2))
        .isEqualTo(
            new VrrpReload.InPlace(
                List.of(
                    "unicast peers of the other instances of VRID 51 on eth0"
                        + " [192.0.2.3, 192.0.2.4] -> [192.0.2.3]")));
  }

  @Test
  void addressOptionsBecomeWhatKeepalivedAddsToTheKernel() throws Exception {
    VrrpSpec s =
        map("""
            vrrp_instance VI_6 {
              interface eth0
              virtual_router_id 61
              priority 100
              virtual_ipaddress {
                2001:db8::10/64
                2001:db8::11
                2001:db8::12/64 -nodad mngtmpaddr preferred_lft 30 no_track
              }
              virtual_ipaddress_excluded {
                192.0.2.7 peer 192.0.2.8 home autojoin
              }
            }
            """)
            .specs()
            .get(0);
    VrrpSpec.VipSpec plain = s.vips().get(0);
    assertThat(plain.flags()).as("IPv6: nodad").isEqualTo(IfAddress.F_NODAD);
    assertThat(plain.preferredLifetime()).isEqualTo(IfAddress.FOREVER);
    assertThat(plain.noTrack()).isFalse();
    assertThat(s.vips().get(1).preferredLifetime()).as("a /128: deprecated").isZero();
    VrrpSpec.VipSpec opts = s.vips().get(2);
    assertThat(opts.flags()).isEqualTo(IfAddress.F_MANAGETEMPADDR);
    assertThat(opts.preferredLifetime()).isEqualTo(30);
    assertThat(opts.noTrack()).isTrue();
    VrrpSpec.VipSpec p2p = s.vips().get(3);
    assertThat(p2p.peer()).contains(ip("192.0.2.8"));
    assertThat(p2p.prefixLength()).isEqualTo(32);
    assertThat(p2p.flags()).isEqualTo(IfAddress.F_HOMEADDRESS | IfAddress.F_MCAUTOJOIN);
    assertThat(p2p.preferredLifetime()).isEqualTo(IfAddress.FOREVER);
  }

  @Test
  void theDeviceOfAnAddressIsTrackedUnweightedUnlessNoTrackAsKeepalivedTracksIt() {
    String conf =
        """
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          priority 100
          virtual_ipaddress {
            192.0.2.100/24
            192.0.2.101/24 dev eth1%s
          }%s
        }
        """;
    VrrpSpec s = map(conf.formatted("", "")).specs().get(0);
    assertThat(s.trackedInterfaces()).containsExactly("eth0", "eth1");
    assertThat(s.template().trackers()).contains(Tracker.iface("eth1", 0));

    s = map(conf.formatted(" no_track", "")).specs().get(0);
    assertThat(s.trackedInterfaces()).containsExactly("eth0");

    // keepalived 2.2.7, measured: FAULT when eth1 goes down, not the weight
    s = map(conf.formatted("", "\n  track_interface {\n    eth1 weight -20\n  }")).specs().get(0);
    assertThat(s.template().trackers())
        .filteredOn(t -> t.name().equals("eth1"))
        .containsExactly(Tracker.iface("eth1", 0));
  }

  @Test
  void aStaticAddressTrackGroupPutsItsInstancesInFaultWhileItsDeviceIsDown() {
    // keepalived 2.2.7, measured in a namespace: the static address's interface down, its
    // track_group's instance enters FAULT; up again, BACKUP
    VrrpMapping.Result r =
        map(
            """
            track_group G {
              group {
                VI_1
              }
            }
            static_ipaddress {
              198.51.100.5/32 dev eth1 track_group G
              198.51.100.6/32 dev eth0 track_group G
            }
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 51
              priority 100
              virtual_ipaddress {
                192.0.2.100/24
              }
            }
            vrrp_instance VI_2 {
              interface eth0
              virtual_router_id 52
              priority 100
              virtual_ipaddress {
                192.0.2.101/24
              }
            }
            """);
    VrrpSpec one = r.specs().get(0);
    assertThat(one.trackedInterfaces()).containsExactly("eth0", "eth1");
    assertThat(one.template().trackers())
        .filteredOn(t -> t.kind() == Tracker.Kind.INTERFACE)
        .containsExactly(Tracker.iface("eth0", 0), Tracker.iface("eth1", 0));
    VrrpSpec two = r.specs().get(1);
    assertThat(two.trackedInterfaces()).as("not in the group").containsExactly("eth0");
  }

  @Test
  void aStaticRouteOrRulesTrackGroupTracksItsDevOrIif() {
    String conf =
        """
        track_group G {
          group {
            VI_1
          }
        }
        %s
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          priority 100
          virtual_ipaddress {
            192.0.2.100/24
          }
        }
        """;
    for (String statics :
        List.of(
            "static_routes {\n  198.51.100.0/24 via 203.0.113.9 dev eth1 track_group G\n}",
            "static_rules {\n  from 198.51.100.0/24 table 7 priority 7 iif eth1 track_group G\n}")) {
      VrrpSpec s = map(conf.formatted(statics)).specs().get(0);
      assertThat(s.trackedInterfaces()).as(statics).containsExactly("eth0", "eth1");
      assertThat(s.template().trackers()).as(statics).contains(Tracker.iface("eth1", 0));
    }
  }

  @Test
  void withUseVmacTheInstancesOwnAddressesGoOnTheVmacAndItsAdvertsLeaveFromIt() throws Exception {
    String conf =
        """
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          use_vmac
          %s
          virtual_ipaddress {
            192.0.2.100/24
            192.0.2.101/24 dev eth0
            192.0.2.102/24 dev eth1
          }
          virtual_ipaddress_excluded {
            2001:db8::100/64
          }
        }
        """;
    VrrpSpec s = map(conf.formatted("")).specs().get(0);
    assertThat(s.vips())
        .extracting(VrrpSpec.VipSpec::dev)
        .as("own family, own interface: the VMAC; another device or family: as written")
        .containsExactly("vrrp.51", "vrrp.51", "eth1", "eth0");
    assertThat(s.iface()).as("the address it sends from is eth0's").isEqualTo("eth0");
    assertThat(s.sendIface()).isEqualTo("vrrp.51");
    assertThat(VrrpRuntime.announcedElsewhere(s))
        .as("another device, or the other family (by the runtime, with ARP or NA)")
        .containsExactlyInAnyOrder(ip("192.0.2.102"), ip("2001:db8::100"));
    VrrpSpec base = map(conf.formatted("vmac_xmit_base")).specs().get(0);
    assertThat(base.sendIface()).isEqualTo("eth0");
    assertThat(VrrpRuntime.announcedElsewhere(base))
        .containsExactlyInAnyOrder(
            ip("192.0.2.100"), ip("192.0.2.101"), ip("192.0.2.102"), ip("2001:db8::100"));
    assertThat(VrrpReload.plan(s, base))
        .isEqualTo(
            new VrrpReload.Restart(
                java.util.List.of(
                    "use_vmac vrrp.51 00:00:5e:00:01:33 -> vrrp.51 00:00:5e:00:01:33"
                        + " vmac_xmit_base")));
  }

  @Test
  void garpExtraIfIsOnWithAllAndAnAddressOnAnotherDeviceAsKeepalivedHasIt() {
    String conf =
        """
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          %s
          virtual_ipaddress {
            192.0.2.100/24
            %s
          }
        }
        """;
    long on =
        map(conf.formatted("garp_extra_if all 100", "198.51.100.100/24 dev eth1"))
            .specs()
            .get(0)
            .template()
            .garpExtraIfNs();
    assertThat(on).isEqualTo(100_000_000_000L);
    assertThat(
            map(conf.formatted("garp_extra_if 100", "198.51.100.100/24 dev eth1"))
                .specs()
                .get(0)
                .template()
                .garpExtraIfNs())
        .as("without all: only the VIPs' own VMACs")
        .isZero();
    VrrpSpec own =
        map(conf.formatted("garp_extra_if 100", "198.51.100.100/24 dev eth1 use_vmac"))
            .specs()
            .get(0);
    assertThat(own.template().garpExtraIfNs())
        .as("an address's own VMAC")
        .isEqualTo(100_000_000_000L);
    assertThat(own.extraDevices()).containsOnlyKeys("vrrp.51");
    assertThat(own.vips()).extracting(VrrpSpec.VipSpec::dev).contains("vrrp.51");
    assertThat(
            map(conf.formatted("garp_extra_if all 100", "192.0.2.101/24"))
                .specs()
                .get(0)
                .template()
                .garpExtraIfNs())
        .as("no other device")
        .isZero();
    VrrpSpec s =
        map(conf.formatted("garp_extra_if all 100", "198.51.100.100/24 dev eth1")).specs().get(0);
    assertThat(s.extraDevices()).containsOnlyKeys("eth1");
  }

  @Test
  void interfaceDelaysStayUnderWhatWouldLetABackupTakeOverFirst() {
    VrrpMapping.Result r =
        map(
            """
            interface_up_down_delays {
              eth0 5 0.5
              eth1 0.25
            }
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 51
              advert_int 1
              virtual_ipaddress {
                192.0.2.100/24
              }
            }
            vrrp_instance VI_2 {
              interface eth1
              virtual_router_id 52
              down_timer_adverts 1
              use_vmac vrrp.52
              virtual_ipaddress {
                192.0.2.101/24
              }
            }
            """);
    java.util.Map<String, long[]> d =
        VrrpRuntime.linkDelays(r.globals().interfaceDelays(), r.specs());
    // 5 s is more than (3 - 1) adverts of 1 s: 2 s less 1/256 s; the up delay stays
    assertThat(d.get("eth0")).containsExactly(2_000_000_000L - 1_000_000_000L / 256, 500_000_000L);
    // down_timer_adverts 1: none at all; its VMAC has its interface's
    assertThat(d.get("eth1")).containsExactly(0L, 0L);
    assertThat(d.get("vrrp.52")).containsExactly(0L, 0L);
  }

  @Test
  void aScopeIsANameOrANumberAsKeepalivedTakesIt() throws Exception {
    VrrpMapping.Result r =
        map(
            """
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 51
              virtual_ipaddress {
                192.0.2.100 scope 253
                192.0.2.101 scope nowhere
                192.0.2.102 scope site
                192.0.2.103
              }
            }
            """);
    assertThat(r.errors()).isEmpty();
    assertThat(r.specs().get(0).vips())
        .extracting(VrrpSpec.VipSpec::scope)
        .containsExactly(253, 255, 200, 0);
  }

  @Test
  void everySupportedKeywordReachesTheInstanceConfiguration() throws Exception {
    VrrpMapping.Result r =
        map(
            """
            vrrp_instance VI_1 {
              state MASTER
              interface eth0
              virtual_router_id 51
              priority 150
              advert_int 2
              preempt_delay 7
              unicast_src_ip 192.0.2.1
              unicast_peer {
                192.0.2.2 min_ttl 60
              }
              unicast_ttl 64
              down_timer_adverts 4
              authentication {
                auth_type PASS
                auth_pass s3cret
              }
              garp_master_delay 3
              garp_master_repeat 2
              garp_master_refresh 60
              virtual_ipaddress {
                192.0.2.100/24 dev eth1 label eth1:vip scope link
                192.0.2.101
              }
              virtual_ipaddress_excluded {
                198.51.100.7/32
              }
              track_interface {
                eth1 weight -20
              }
              notify /usr/local/bin/n.sh
              notify_master "/usr/local/bin/m.sh up"
            }
            """);
    assertThat(r.errors()).isEmpty();
    assertThat(r.specs()).hasSize(1);
    VrrpSpec s = r.specs().get(0);
    assertThat(s.name()).isEqualTo("VI_1");
    assertThat(s.iface()).isEqualTo("eth0");
    assertThat(s.unicastSrc()).contains(ip("192.0.2.1"));
    assertThat(s.peerAddresses()).containsExactly(ip("192.0.2.2"));
    assertThat(s.unicastPeers()).containsExactly(new Vrrp.UnicastPeer(ip("192.0.2.2"), 60, 255));
    assertThat(s.unicastTtl()).isEqualTo(64);
    assertThat(VrrpRuntime.rules(s).unicastPeers())
        .containsExactly(
            java.util.Map.entry(
                ip("192.0.2.2"), new io.vigil.vrrp.wire.ReceiveRules.TtlRange(60, 255)));
    assertThat(s.authentication()).contains(new Vrrp.Authentication("PASS", "s3cret"));
    assertThat(s.vips())
        .containsExactly(
            new VrrpSpec.VipSpec(
                ip("192.0.2.100"),
                24,
                "eth1",
                Optional.of("eth1:vip"),
                253,
                Optional.empty(),
                false),
            new VrrpSpec.VipSpec(
                ip("192.0.2.101"), 32, "eth0", Optional.empty(), 0, Optional.empty(), false),
            new VrrpSpec.VipSpec(
                ip("198.51.100.7"), 32, "eth0", Optional.empty(), 0, Optional.empty(), true));
    // its own interface first, tracked unweighted (keepalived's default, no dont_track_primary)
    assertThat(s.trackedInterfaces()).containsExactly("eth0", "eth1");
    assertThat(s.notifyScripts().any().orElseThrow().argv()).containsExactly("/usr/local/bin/n.sh");
    assertThat(s.notifyScripts().master().orElseThrow().argv())
        .containsExactly("/usr/local/bin/m.sh", "up");

    InstanceConfig c = s.instanceConfig(ip("192.0.2.1"));
    assertThat(c.vrid()).isEqualTo(51);
    assertThat(c.version()).isEqualTo(2);
    assertThat(c.basePriority()).isEqualTo(150);
    assertThat(c.advertIntervalCs()).isEqualTo(200);
    assertThat(c.downTimerAdverts()).isEqualTo(4);
    assertThat(c.preemptDelayNs()).isEqualTo(7_000_000_000L);
    assertThat(c.startAsMaster()).isTrue();
    assertThat(c.garpMasterDelayNs()).isEqualTo(3_000_000_000L);
    assertThat(c.garpMasterRepeat()).isEqualTo(2);
    assertThat(c.garpMasterRefreshNs()).isEqualTo(60_000_000_000L);
    assertThat(c.vips()).containsExactly(ip("192.0.2.100"), ip("192.0.2.101"));
    assertThat(c.excludedVips()).containsExactly(ip("198.51.100.7"));
    // eth1 holds a VIP: tracked unweighted whatever track_interface says, as in keepalived
    assertThat(c.trackers()).containsExactly(Tracker.iface("eth0", 0), Tracker.iface("eth1", 0));
  }

  @Test
  void theAnnounceIntervalIsGarpIntervalForIpv4AndGnaIntervalForIpv6() throws Exception {
    String text =
        """
        global_defs {
          vrrp_garp_interval 0.002
          vrrp_gna_interval 0.003
        }
        vrrp_instance V4 {
          interface eth0
          virtual_router_id 9
          virtual_ipaddress {
            192.0.2.10/24
          }
        }
        vrrp_instance V6 {
          interface eth0
          version 3
          virtual_router_id 9
          virtual_ipaddress {
            2001:db8::10/64
          }
        }
        """;
    VrrpMapping.Result r = map(text);
    assertThat(r.errors()).isEmpty();
    assertThat(r.specs().get(0).instanceConfig(ip("192.0.2.1")).announceIntervalNs())
        .isEqualTo(2_000_000);
    assertThat(r.specs().get(1).instanceConfig(ip("fe80::1")).announceIntervalNs())
        .isEqualTo(3_000_000);
  }

  @Test
  void nopreemptVersion3AndSubSecondIntervalsAndIpv6() throws Exception {
    VrrpMapping.Result r =
        map(
            """
            vrrp_instance V6 {
              state BACKUP
              nopreempt
              interface eth0
              version 3
              virtual_router_id 9
              advert_int 0.5
              virtual_ipaddress {
                2001:db8::10/64
              }
            }
            """);
    assertThat(r.errors()).isEmpty();
    InstanceConfig c = r.specs().get(0).instanceConfig(ip("fe80::1"));
    assertThat(c.version()).isEqualTo(3);
    assertThat(c.preempt()).isFalse();
    assertThat(c.advertIntervalCs()).isEqualTo(50);
    assertThat(c.basePriority()).isEqualTo(100);
    assertThat(c.vips()).containsExactly(ip("2001:db8::10"));
  }

  @Test
  void whatCannotRunYetIsRefusedWithItsPlaceInTheFile() {
    VrrpMapping.Result r =
        map(
            """
            vrrp_script chk {
              script "/bin/true"
            }
            vrrp_sync_group G1 {
              group {
                VI_1
              }
            }
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 51
              track_script {
                chk
              }
              virtual_ipaddress {
                192.0.2.100/24
              }
            }
            vrrp_instance VI_2 {
              interface eth0
              virtual_router_id 52
              track_script {
                chk
                chk weight 2
              }
              virtual_ipaddress {
                192.0.2.101/24
              }
            }
            """);
    assertThat(r.specs()).extracting(VrrpSpec::name).containsExactly("VI_1");
    assertThat(r.groups())
        .extracting(VrrpMapping.GroupSpec::members)
        .containsExactly(List.of("VI_1"));
    assertThat(r.errors())
        .singleElement()
        .satisfies(e -> assertThat(e).contains("VI_2: track_script chk listed twice"));
  }

  @Test
  void aSyncGroupMapsWithItsNotifyScriptsAndItsTrackersGoToEveryMember() {
    String group =
        """
        vrrp_sync_group G1 {
          group {
            VI_1
            VI_2
          }
          notify_master /usr/local/bin/g.sh
          %s
        }
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          virtual_ipaddress {
            192.0.2.100/24
          }
        }
        vrrp_instance VI_2 {
          interface eth1
          virtual_router_id 52
          virtual_ipaddress {
            198.51.100.100/24
          }
        }
        """;
    VrrpMapping.Result r = map(group.formatted(""));
    assertThat(r.errors()).isEmpty();
    VrrpMapping.GroupSpec g = r.groups().get(0);
    assertThat(g.name()).isEqualTo("G1");
    assertThat(g.members()).containsExactly("VI_1", "VI_2");
    assertThat(g.notifyScripts().master().orElseThrow().argv())
        .containsExactly("/usr/local/bin/g.sh");
    // keepalived.conf(5): a sync group's tracking updates all VRRP instances which are members
    VrrpMapping.Result tracked =
        map(group.formatted("track_interface {\n    eth1\n    eth2 weight -20\n  }"));
    assertThat(tracked.errors()).isEmpty();
    for (VrrpSpec s : tracked.specs()) {
      // its own interface first (VI_2's is eth1: tracked once, unweighted), then the group's
      List<String> names =
          s.iface().equals("eth0") ? List.of("eth0", "eth1", "eth2") : List.of("eth1", "eth2");
      assertThat(s.trackedInterfaces()).as(s.name()).isEqualTo(names);
      assertThat(s.template().trackers())
          .extracting(io.vigil.vrrp.fsm.Tracker::name, io.vigil.vrrp.fsm.Tracker::weight)
          .endsWith(
              org.assertj.core.groups.Tuple.tuple("eth1", 0),
              org.assertj.core.groups.Tuple.tuple("eth2", -20))
          .hasSize(names.size());
    }
  }

  @Test
  void trackScriptTakesTheScriptsWeightOrItsOwnAndRunsOnlyTrackedScripts() throws Exception {
    VrrpMapping.Result r =
        map(
            """
            global_defs {
              script_user nobody
            }
            vrrp_script chk {
              script "/bin/true"
              weight -20
            }
            vrrp_script rev {
              script "/bin/false"
              weight 10 reverse
              init_fail
            }
            vrrp_script zero {
              script "/bin/true"
            }
            vrrp_script unused {
              script "/bin/true"
            }
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 51
              track_script {
                chk
                rev
                zero weight 30
              }
              virtual_ipaddress {
                192.0.2.100/24
              }
            }
            """);
    assertThat(r.errors()).isEmpty();
    assertThat(r.scripts()).extracting(s -> s.name()).containsExactly("chk", "rev", "zero");
    assertThat(r.globals().scriptUser()).contains("nobody");
    VrrpSpec s = r.specs().get(0);
    assertThat(s.trackedScripts()).containsExactly("chk", "rev", "zero");
    InstanceConfig c = s.instanceConfig(ip("192.0.2.1"));
    assertThat(c.trackers())
        .containsExactly(
            Tracker.iface("eth0", 0), // its own interface
            // not run yet: each starts where it moves nothing
            new Tracker("script:chk", Tracker.Kind.SCRIPT, -20, false, true),
            // init_fail: down from the start
            new Tracker("script:rev", Tracker.Kind.SCRIPT, 10, true, false),
            new Tracker("script:zero", Tracker.Kind.SCRIPT, 30, false, false));
    InstanceConfig known =
        s.instanceConfig(
            ip("192.0.2.1"), n -> n.equals("script:chk") ? Optional.of(false) : Optional.empty());
    assertThat(known.trackers().get(1).initiallyUp()).as("a status known now wins").isFalse();
  }

  @Test
  void trackFileTakesTheFilesWeightOrItsOwn() throws Exception {
    VrrpMapping.Result r =
        map(
            """
            track_file tf {
              file /tmp/x
              weight -3 reverse
            }
            vrrp_track_file other {
              file /tmp/y
            }
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 51
              track_file {
                tf
                other weight 0
              }
              virtual_ipaddress {
                192.0.2.100/24
              }
            }
            """);
    assertThat(r.errors()).isEmpty();
    assertThat(r.trackFiles()).extracting(f -> f.name()).containsExactly("tf", "other");
    assertThat(r.specs().get(0).trackedFiles()).containsExactly("tf", "other");
    assertThat(r.specs().get(0).instanceConfig(ip("192.0.2.1")).trackers())
        .containsExactly(
            Tracker.iface("eth0", 0), // its own interface
            new Tracker("file:tf", Tracker.Kind.FILE, -3, true, true),
            new Tracker("file:other", Tracker.Kind.FILE, 0, false, true));
  }

  @Test
  void anotherMulticastGroupIsTheInstancesGroupAndAChangeOfItRestartsIt() {
    String text =
        """
        global_defs {
          vrrp_mcast_group4 224.0.0.19
        }
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          virtual_ipaddress {
            192.0.2.100/24
          }
        }
        """;
    VrrpMapping.Result r = map(text);
    assertThat(r.errors()).isEmpty();
    VrrpSpec a = r.specs().get(0);
    assertThat(a.source().mcastGroup().map(InetAddress::getHostAddress)).contains("224.0.0.19");
    VrrpSpec b = map(text.replace("224.0.0.19", "224.0.0.20")).specs().get(0);
    assertThat(VrrpReload.sameRun(a, b)).isFalse();
    assertThat(VrrpReload.restartReasons(a, b))
        .containsExactly("multicast group 224.0.0.19 -> 224.0.0.20");
  }

  @Test
  void aConfigurationWithoutVrrpMapsToNothing() {
    assertThat(map("global_defs {\n  router_id x\n}\n").specs()).isEqualTo(List.of());
  }

  static final String PRIORITY_CHANGES =
      """
      global_defs {
        vrrp_notify_priority_changes
        vrrp_garp_lower_prio_delay 7
        vrrp_garp_lower_prio_repeat 3
      }
      vrrp_sync_group G1 {
        group {
          VI_1
          VI_2
        }
        notify_priority_changes false
      }
      vrrp_instance VI_1 {
        interface eth0
        virtual_router_id 51
        garp_master_delay 2
        garp_master_repeat 9
        virtual_ipaddress {
          192.0.2.100
        }
        notify_priority_changes on
      }
      vrrp_instance VI_2 {
        interface eth0
        virtual_router_id 52
        garp_lower_prio_delay 1
        garp_lower_prio_repeat 0
        virtual_ipaddress {
          192.0.2.101
        }
      }
      vrrp_instance VI_3 {
        interface eth0
        virtual_router_id 53
        virtual_ipaddress {
          192.0.2.102
        }
      }
      """;

  @Test
  void notifyPriorityChangesIsTheInstancesElseItsGroupsElseTheGlobalOne() throws Exception {
    VrrpMapping.Result r = map(PRIORITY_CHANGES);
    assertThat(r.errors()).isEmpty();
    InetAddress me = ip("192.0.2.1");
    assertThat(r.specs())
        .extracting(s -> s.instanceConfig(me).notifyPriorityChanges())
        .containsExactly(true, false, true);
    assertThat(map(PRIORITY_CHANGES.replace("vrrp_notify_priority_changes", "")).specs())
        .extracting(s -> s.instanceConfig(me).notifyPriorityChanges())
        .as("keepalived's default is off")
        .containsExactly(true, false, false);
  }

  @Test
  void garpLowerPrioIsTheInstancesElseTheGlobalOneNeverTheInstancesGarpMaster() throws Exception {
    InetAddress me = ip("192.0.2.1");
    List<InstanceConfig> c =
        map(PRIORITY_CHANGES).specs().stream().map(s -> s.instanceConfig(me)).toList();
    assertThat(c.get(0).garpLowerPrioDelayNs()).isEqualTo(7_000_000_000L);
    assertThat(c.get(0).garpLowerPrioRepeat()).isEqualTo(3);
    assertThat(c.get(1).garpLowerPrioDelayNs()).isEqualTo(1_000_000_000L);
    assertThat(c.get(1).garpLowerPrioRepeat()).isZero();
    InstanceConfig defaults =
        map(PRIORITY_CHANGES.replace("vrrp_garp_lower_prio_", "vrrp_garp_master_"))
            .specs()
            .get(0)
            .instanceConfig(ip("192.0.2.1"));
    assertThat(defaults.garpLowerPrioDelayNs())
        .as("unset: the global vrrp_garp_master_delay")
        .isEqualTo(7_000_000_000L);
    assertThat(defaults.garpLowerPrioRepeat()).isEqualTo(3);
  }

  @Test
  void lowerPrioNoAdvertIsTheInstancesElseTheGlobalOne() throws Exception {
    String conf =
        """
        global_defs {
          %s
        }
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          virtual_ipaddress {
            192.0.2.100
          }
          lower_prio_no_advert
        }
        vrrp_instance VI_2 {
          interface eth0
          virtual_router_id 52
          virtual_ipaddress {
            192.0.2.101
          }
          lower_prio_no_advert false
        }
        vrrp_instance VI_3 {
          interface eth0
          virtual_router_id 53
          virtual_ipaddress {
            192.0.2.102
          }
        }
        """;
    InetAddress me = ip("192.0.2.1");
    assertThat(map(conf.formatted("vrrp_lower_prio_no_advert")).specs())
        .extracting(s -> s.instanceConfig(me).lowerPrioNoAdvert())
        .containsExactly(true, false, true);
    assertThat(map(conf.formatted("router_id x")).specs())
        .extracting(s -> s.instanceConfig(me).lowerPrioNoAdvert())
        .as("keepalived's default: a master answers a lower advert with its own")
        .containsExactly(true, false, false);
  }

  @Test
  void higherPrioSendAdvertIsTheInstancesElseTheGlobalOne() throws Exception {
    String conf =
        """
        global_defs {
          %s
        }
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          virtual_ipaddress {
            192.0.2.100
          }
          higher_prio_send_advert
        }
        vrrp_instance VI_2 {
          interface eth0
          virtual_router_id 52
          virtual_ipaddress {
            192.0.2.101
          }
          higher_prio_send_advert off
        }
        vrrp_instance VI_3 {
          interface eth0
          virtual_router_id 53
          virtual_ipaddress {
            192.0.2.102
          }
        }
        """;
    InetAddress me = ip("192.0.2.1");
    assertThat(map(conf.formatted("vrrp_higher_prio_send_advert")).specs())
        .extracting(s -> s.instanceConfig(me).higherPrioSendAdvert())
        .containsExactly(true, false, true);
    assertThat(map(conf.formatted("router_id x")).specs())
        .extracting(s -> s.instanceConfig(me).higherPrioSendAdvert())
        .as("keepalived's default: a master yields quietly")
        .containsExactly(true, false, false);
  }

  static final String OWN =
      """
      vrrp_instance VI_1 {
        interface eth0
        virtual_router_id 51
        %s
        virtual_ipaddress {
          192.0.2.100
        }
      }
      """;

  @Test
  void itsOwnInterfaceIsTrackedUnweightedUnlessDontTrackPrimary() throws Exception {
    VrrpSpec tracked = map(OWN.formatted("")).specs().get(0);
    assertThat(tracked.trackedInterfaces()).containsExactly("eth0");
    assertThat(tracked.instanceConfig(ip("192.0.2.1")).trackers())
        .containsExactly(Tracker.iface("eth0", 0));
    VrrpSpec not = map(OWN.formatted("dont_track_primary")).specs().get(0);
    assertThat(not.trackedInterfaces()).isEmpty();
    assertThat(not.instanceConfig(ip("192.0.2.1")).trackers()).isEmpty();
  }

  @Test
  void aSyncGroupsWeightOnAMembersOwnInterfaceCountsOnlyWithDontTrackPrimary() throws Exception {
    String group =
        """
        vrrp_sync_group G {
          group {
            VI_1
          }
          track_interface {
            eth0 weight -30
          }
          sync_group_tracking_weight
        }
        """;
    assertThat(
            map(group + OWN.formatted(""))
                .specs()
                .get(0)
                .instanceConfig(ip("192.0.2.1"))
                .trackers())
        .containsExactly(Tracker.iface("eth0", 0));
    assertThat(
            map(group + OWN.formatted("dont_track_primary"))
                .specs()
                .get(0)
                .instanceConfig(ip("192.0.2.1"))
                .trackers())
        .containsExactly(Tracker.iface("eth0", -30));
  }
}
