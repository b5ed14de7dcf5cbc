package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.LoadResult;
import io.vigil.config.model.Addresses;
import io.vigil.config.model.Checker;
import io.vigil.config.model.Garp;
import io.vigil.config.model.GlobalDefs;
import io.vigil.config.model.Script;
import io.vigil.config.model.Vrrp;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

public class VrrpConfigTest {
  public static final String MINIMAL =
      """
      vrrp_instance VI_1 {
        interface eth0
        virtual_router_id 51
        virtual_ipaddress {
          192.0.2.10/24
        }
      }
      """;

  static Vrrp.Instance only(LoadResult r) {
    assertThat(r.config().instances()).hasSize(1);
    return r.config().instances().get(0);
  }

  @Test
  void minimalInstanceGetsKeepalivedsDefaults() {
    LoadResult r = Cfg.load(MINIMAL);
    assertThat(r.diagnostics()).isEmpty();
    assertThat(r.exitCode()).isZero();
    Vrrp.Instance i = only(r);
    assertThat(i.state()).isEqualTo(Vrrp.State.BACKUP);
    assertThat(i.priority()).isEqualTo(100);
    assertThat(i.advertIntUs()).isEqualTo(1_000_000);
    assertThat(i.version()).isEqualTo(2);
    assertThat(i.nopreempt()).isFalse();
    assertThat(i.garp()).isEqualTo(Garp.DEFAULTS);
    assertThat(i.virtualIpaddress().get(0).prefix().toString()).isEqualTo("192.0.2.10/24");
  }

  @Test
  void masterWithoutPriorityOwnsTheAddressesAndPriority255MeansMaster() {
    assertThat(
            only(Cfg.load(MINIMAL.replace("interface eth0", "interface eth0\nstate MASTER")))
                .priority())
        .isEqualTo(255);
    assertThat(
            only(Cfg.load(MINIMAL.replace("interface eth0", "interface eth0\npriority 255")))
                .state())
        .isEqualTo(Vrrp.State.MASTER);
  }

  @Test
  void everyOptionIsRead() {
    LoadResult r =
        Cfg.load(
            """
            global_defs {
              vrrp_garp_master_refresh 60
            }
            vrrp_script chk {
              script "/usr/bin/check 'a b'"
              interval 2
              weight -20
              rise 2
              fall 3
              init_fail
            }
            vrrp_track_file tf {
              file /run/prio
              weight 5 reverse
            }
            vrrp_instance VI_6 {
              state MASTER
              interface eth1
              virtual_router_id 7
              priority 150
              advert_int 0.5
              version 3
              nopreempt
              preempt_delay 30
              unicast_src_ip 2001:db8::1
              unicast_peer {
                2001:db8::2
                2001:db8::3
              }
              virtual_ipaddress {
                2001:db8::10/64 dev eth1
              }
              virtual_ipaddress_excluded {
                2001:db8:1::10
              }
              track_interface {
                eth0 weight -10
              }
              track_script {
                chk
              }
              track_file {
                tf weight 2
              }
              notify_master "/bin/notify master \\"x y\\""
              notify "/bin/n2 a b"
              garp_master_delay 1
              garp_master_repeat 3
              accept
            }
            """);
    assertThat(Cfg.findings(r)).isEmpty();
    Vrrp.Instance i = only(r);
    assertThat(i.iface()).isEqualTo("eth1");
    // as keepalived reads a notify line: the words after the command are its user and group
    LoadResult withUser =
        Cfg.load(MINIMAL.replace("interface eth0", "interface eth0\nnotify /bin/n nobody nogroup"));
    assertThat(Cfg.findings(withUser)).isEmpty();
    assertThat(only(withUser).notifyScripts().any().orElseThrow())
        .isEqualTo(new Script(List.of("/bin/n"), Optional.of("nobody nogroup")));
    assertThat(
            Cfg.findings(
                Cfg.load(MINIMAL.replace("interface eth0", "interface eth0\nnotify /bin/n u g x"))))
        .containsExactly(
            "3 warning: notify: words after the user and group 'u g' are ignored - quote the whole"
                + " command line");
    assertThat(i.virtualRouterId()).isEqualTo(7);
    assertThat(i.priority()).isEqualTo(150);
    assertThat(i.advertIntUs()).isEqualTo(500_000);
    assertThat(i.version()).isEqualTo(3);
    assertThat(i.nopreempt()).isTrue();
    assertThat(i.preemptDelayUs()).isEqualTo(30_000_000);
    assertThat(i.unicastSrcIp().map(Addresses::format)).contains("2001:db8::1");
    assertThat(i.unicastPeers())
        .extracting(p -> Addresses.format(p.address()))
        .containsExactly("2001:db8::2", "2001:db8::3");
    Vrrp.Vip vip = i.virtualIpaddress().get(0);
    assertThat(vip.prefix().toString()).isEqualTo("2001:db8::10/64");
    assertThat(vip.dev()).contains("eth1");
    assertThat(vip.label()).as("IPv4 only (AddressOptionsConfigTest)").isEmpty();
    assertThat(vip.scope()).isEmpty();
    assertThat(i.virtualIpaddressExcluded()).hasSize(1);
    assertThat(i.trackInterfaces().get(0).weight()).contains(-10);
    assertThat(i.trackScripts().get(0).name()).isEqualTo("chk");
    assertThat(i.trackFiles().get(0).weight()).contains(2);
    assertThat(i.notifyScripts().master().get().argv())
        .containsExactly("/bin/notify", "master", "x y");
    assertThat(i.notifyScripts().any().get().argv()).containsExactly("/bin/n2", "a", "b");
    // keepalived 2.2.7 -d for the same instance: "Gratuitous ARP lower priority delay = 5",
    // "... repeat = 5": the instance's garp_master_* do not reach its garp_lower_prio_*
    assertThat(i.garp()).isEqualTo(new Garp(1_000_000, 3, 60_000_000, 1, 5_000_000, 5));
    assertThat(i.accept()).isTrue();
    Vrrp.ScriptDef s = r.config().vrrpScripts().get(0);
    assertThat(s.script().argv()).containsExactly("/usr/bin/check", "a b");
    assertThat(s.intervalUs()).isEqualTo(2_000_000);
    assertThat(s.timeoutUs()).isEqualTo(2_000_000);
    assertThat(s.weight()).isEqualTo(-20);
    assertThat(s.rise()).isEqualTo(2);
    assertThat(s.initFail()).isTrue();
    assertThat(s.fall()).isEqualTo(3);
    assertThat(r.config().trackFiles().get(0).weightReverse()).isTrue();
  }

  @Test
  void outOfRangeValuesAreErrorsAtTheirLine() {
    LoadResult r =
        Cfg.load(
            """
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 256
              priority 0
              advert_int 300
              state LEADER
              virtual_ipaddress {
                192.0.2.300/24
                192.0.2.1/33
              }
            }
            """);
    assertThat(Cfg.findings(r))
        .containsExactly(
            "1 error: (VI_1) the virtual router id must be set",
            "1 error: (VI_1) no VIP specified; at least one is sensible",
            "3 error: virtual_router_id: number '256' outside range [1, 255]",
            "4 error: priority: number '0' outside range [1, 255]",
            "5 error: advert_int: '300' outside range [0.01, 255] seconds",
            "6 error: unknown state 'LEADER' (MASTER or BACKUP)",
            "8 error: invalid address '192.0.2.300/24'",
            "9 error: invalid prefix length in '192.0.2.1/33'");
    assertThat(r.config().instances()).isEmpty();
    assertThat(r.exitCode()).isEqualTo(5);
  }

  @Test
  void advertIntervalIsWholeSecondsInV2AndCentisecondsInV3() {
    LoadResult v2 = Cfg.load(MINIMAL.replace("interface eth0", "interface eth0\nadvert_int 1.5"));
    assertThat(only(v2).advertIntUs()).isEqualTo(2_000_000);
    assertThat(Cfg.findings(v2))
        .containsExactly(
            "3 error: (VI_1) VRRPv2 advertisement interval 1.5s must be an integer - rounding to 2s");
    LoadResult v3 =
        Cfg.load(MINIMAL.replace("interface eth0", "interface eth0\nversion 3\nadvert_int 0.123"));
    assertThat(only(v3).advertIntUs()).isEqualTo(120_000);
    assertThat(Cfg.findings(v3)).singleElement().asString().contains("units of 10ms");
    LoadResult v3max =
        Cfg.load(MINIMAL.replace("interface eth0", "interface eth0\nversion 3\nadvert_int 41"));
    assertThat(only(v3max).advertIntUs()).isEqualTo(40_950_000);
    LoadResult global3 =
        Cfg.load(
            "global_defs {\n vrrp_version 3\n}\n"
                + MINIMAL.replace("interface eth0", "interface eth0\nadvert_int 0.25"));
    assertThat(Cfg.findings(global3)).isEmpty();
    assertThat(only(global3).version()).isEqualTo(3);
  }

  @Test
  void vipsOfTheOtherFamilyAreDroppedWithAnError() {
    LoadResult r =
        Cfg.load(MINIMAL.replace("192.0.2.10/24", "192.0.2.10/24\n2001:db8::1\n192.0.2.11"));
    assertThat(Cfg.findings(r))
        .containsExactly(
            "6 error: (VI_1) address family must match VRRP instance [2001:db8::1] - ignoring");
    assertThat(only(r).virtualIpaddress()).hasSize(2);
  }

  @Test
  void unknownVipOptionAndMissingValueAreErrors() {
    LoadResult r =
        Cfg.load(MINIMAL.replace("192.0.2.10/24", "192.0.2.10/24 colour\n192.0.2.11 dev"));
    assertThat(Cfg.findings(r))
        .containsExactly(
            "5 error: virtual_ipaddress 192.0.2.10/24: unknown option 'colour'",
            "6 error: virtual_ipaddress 192.0.2.11: 'dev' needs a value");
  }

  /**
   * Unicast instances may share a VRID on one interface as keepalived 2.2.7 lets them (checked with
   * its {@code -t}): with no peer in common, or from different source addresses.
   */
  @Test
  void unicastInstancesShareAVridUnlessTheyShareAPeerFromOneSource() {
    String two =
        """
        vrrp_instance A {
          interface eth0
          virtual_router_id 51
          priority 100
          %s
          unicast_peer {
            %s
          }
          virtual_ipaddress {
            192.0.2.10/24
          }
        }
        vrrp_instance B {
          interface eth0
          virtual_router_id 51
          priority 100
          %s
          unicast_peer {
            %s
          }
          virtual_ipaddress {
            192.0.2.11/24
          }
        }
        """;
    assertThat(Cfg.findings(Cfg.load(two.formatted("", "192.0.2.2", "", "192.0.2.3")))).isEmpty();
    assertThat(Cfg.findings(Cfg.load(two.formatted("", "192.0.2.2", "", "192.0.2.2"))))
        .containsExactly("13 error: (B) duplicate VRID conflict with A VRID 51 on eth0");
    String src1 = "unicast_src_ip 192.0.2.1";
    assertThat(
            Cfg.findings(
                Cfg.load(
                    two.formatted(src1, "192.0.2.2", "unicast_src_ip 192.0.2.9", "192.0.2.2"))))
        .isEmpty();
    assertThat(Cfg.findings(Cfg.load(two.formatted(src1, "192.0.2.2", "", "192.0.2.2"))))
        .containsExactly("13 error: (B) duplicate VRID conflict with A VRID 51 on eth0");
  }

  @Test
  void interfaceUpDownDelaysAreReadWithKeepalivedsChecks() {
    LoadResult r =
        Cfg.load("interface_up_down_delays {\n  eth0 0.5 1\n  eth1 2\n  eth9 1\n}\n" + MINIMAL);
    assertThat(r.config().globalDefs().interfaceDelays())
        .containsOnly(
            java.util.Map.entry("eth0", new GlobalDefs.UpDownDelay(500_000, 1_000_000)),
            // no up delay: 0, as keepalived 2.2.7's parser has it
            java.util.Map.entry("eth1", new GlobalDefs.UpDownDelay(2_000_000, 0)));
    assertThat(Cfg.findings(r))
        .containsExactly("4 error: unknown interface eth9 specified for up/down delay");
    LoadResult dynamic =
        Cfg.load(
            "global_defs {\n  dynamic_interfaces\n}\n"
                + "interface_up_down_delays {\n  eth2\n  eth3 300\n  eth4 1 2 3\n}\n"
                + MINIMAL);
    assertThat(dynamic.config().globalDefs().interfaceDelays())
        .containsOnly(
            java.util.Map.entry("eth4", new GlobalDefs.UpDownDelay(1_000_000, 2_000_000)));
    assertThat(Cfg.findings(dynamic))
        .containsExactly(
            "5 warning: No timeouts specified for eth2 up/down delays",
            "6 warning: Invalid down delay 300 for eth3",
            "7 warning: Too many parameters for eth4 up/down delays");
  }

  @Test
  void reloadSchedulingKeywordsAreRead() {
    LoadResult r =
        Cfg.load(
            "global_defs {\n  reload_time_file /run/vigil/at\n  reload_repeat\n  reload_file\n"
                + "  reload_check_config /tmp/check.log\n}\n"
                + MINIMAL);
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(r.config().globalDefs().reloads())
        .isEqualTo(
            new io.vigil.config.model.GlobalDefs.Reloads(
                Optional.of("/run/vigil/at"),
                true,
                Optional.of(""),
                Optional.of("/tmp/check.log")));
    assertThat(Cfg.load(MINIMAL).config().globalDefs().reloads())
        .isEqualTo(io.vigil.config.model.GlobalDefs.Reloads.NONE);
    LoadResult bare =
        Cfg.load(
            "global_defs {\n  reload_time_file\n  reload_file /run/k.reload\n"
                + "  reload_check_config\n}\n"
                + MINIMAL);
    assertThat(Cfg.findings(bare)).containsExactly("2 error: reload_time_file invalid");
    assertThat(bare.config().globalDefs().reloads())
        .isEqualTo(
            new io.vigil.config.model.GlobalDefs.Reloads(
                Optional.empty(), false, Optional.of("/run/k.reload"), Optional.of("/dev/null")));
  }

  @Test
  void fifoWriteVrrpStatesOnReloadIsReadNotIgnored() {
    LoadResult r = Cfg.load("global_defs {\n  fifo_write_vrrp_states_on_reload\n}\n" + MINIMAL);
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(r.config().globalDefs().fifoWriteVrrpStatesOnReload()).isTrue();
    assertThat(Cfg.load(MINIMAL).config().globalDefs().fifoWriteVrrpStatesOnReload()).isFalse();
  }

  @Test
  void dynamicInterfacesLetAnInstanceNameAnInterfaceThatDoesNotExistYet() {
    String dynamic = "global_defs {\n  dynamic_interfaces\n}\n";
    String later =
        MINIMAL
            .replace("eth0", "eth9")
            .replace(
                "virtual_router_id 51", "virtual_router_id 51\n  track_interface {\n    eth8\n  }");
    LoadResult r = Cfg.load(dynamic + later);
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(r.config().globalDefs().dynamicInterfaces()).isTrue();
    assertThat(only(r).iface()).isEqualTo("eth9");
    assertThat(
            Cfg.findings(
                Cfg.load(dynamic.replace("interfaces", "interfaces allow_if_changes") + later)))
        .isEmpty();
    assertThat(
            Cfg.findings(Cfg.load(dynamic.replace("interfaces", "interfaces sometimes") + later)))
        .containsExactly("2 error: Unknown dynamic_interfaces option 'sometimes'");
    assertThat(Cfg.findings(Cfg.load(later)))
        .containsExactly(
            "2 error: interface eth9 for vrrp_instance doesn't exist",
            "5 error: (VI_1) tracked interface eth8 doesn't exist");
  }

  @Test
  void interfaceMustExistAndNotBeLoopback() {
    assertThat(Cfg.findings(Cfg.load(MINIMAL.replace("eth0", "eth9"))))
        .containsExactly("2 error: interface eth9 for vrrp_instance doesn't exist");
    assertThat(Cfg.findings(Cfg.load(MINIMAL.replace("eth0", "lo"))))
        .contains("2 error: cannot use a loopback interface (lo) for vrrp - ignoring");
  }

  @Test
  void duplicateVridOnOneInterfaceIsAnErrorButOtherInterfacesAndFamiliesAreFine() {
    String second = MINIMAL.replace("VI_1", "VI_2");
    assertThat(Cfg.findings(Cfg.load(MINIMAL + second)))
        .containsExactly("8 error: (VI_2) duplicate VRID conflict with VI_1 VRID 51 on eth0");
    assertThat(Cfg.findings(Cfg.load(MINIMAL + second.replace("eth0", "eth1")))).isEmpty();
    assertThat(Cfg.findings(Cfg.load(MINIMAL + second.replace("192.0.2.10/24", "2001:db8::5"))))
        .isEmpty();
  }

  @Test
  void duplicateInstanceNamesAreErrors() {
    assertThat(Cfg.findings(Cfg.load(MINIMAL + MINIMAL.replace("51", "52"))))
        .containsExactly("8 error: vrrp_instance VI_1 is already defined at t.conf:1 - ignoring");
  }

  @Test
  void undefinedTrackScriptsAndFilesAreDroppedWithAnErrorAtTheirLine() {
    LoadResult r =
        Cfg.load(
            MINIMAL.replace(
                "interface eth0",
                "interface eth0\ntrack_script {\n nosuch\n}\ntrack_file {\n nofile weight 3\n}"));
    assertThat(Cfg.findings(r))
        .containsExactly(
            "4 error: (VI_1) track script nosuch not found, ignoring",
            "7 error: (VI_1) track file nofile not found, ignoring");
    assertThat(only(r).trackScripts()).isEmpty();
  }

  @Test
  void trackWeightsAreRangeChecked() {
    LoadResult r =
        Cfg.load(
            MINIMAL.replace(
                "interface eth0",
                "interface eth0\ntrack_interface {\n eth1 weight 300\n eth0 wait\n}"));
    assertThat(Cfg.findings(r))
        .containsExactly(
            "4 error: eth1: number '300' outside range [-253, 253]",
            "5 error: track_interface eth0: unexpected 'wait'",
            "5 warning: (VI_1) Ignoring track_interface eth0 since own interface");
  }

  @Test
  void syncGroupsReferToDefinedInstancesOnlyOnce() {
    LoadResult r =
        Cfg.load(
            MINIMAL
                + """
                vrrp_sync_group G1 {
                  group {
                    VI_1 VI_9
                  }
                  notify_backup /bin/b
                }
                vrrp_sync_group G2 {
                  group {
                    VI_1
                  }
                }
                """);
    assertThat(Cfg.findings(r))
        .containsExactly(
            "8 error: virtual router VI_9 specified in sync group G1 doesn't exist - ignoring",
            "14 error: virtual router VI_1 cannot be in more than one sync group - ignoring in G2",
            "14 error: sync group G2 has no virtual router(s) - ignoring");
    assertThat(r.config().syncGroups())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.instances()).containsExactly("VI_1");
              assertThat(g.notifyScripts().backup().map(s -> s.argv())).contains(List.of("/bin/b"));
            });
  }

  @Test
  void authenticationIsForV2Ipv4() {
    String auth = "interface eth0\nauthentication {\n auth_type PASS\n auth_pass secret123\n}";
    LoadResult r = Cfg.load(MINIMAL.replace("interface eth0", auth));
    assertThat(only(r).authentication()).contains(new Vrrp.Authentication("PASS", "secret12"));
    assertThat(Cfg.findings(r))
        .containsExactly("5 warning: auth_pass is longer than 8 characters - truncated to 8");
    assertThat(
            only(Cfg.load(
                    MINIMAL.replace(
                        "interface eth0", auth.replace("secret123", "s") + "\nversion 3")))
                .authentication())
        .isEqualTo(Optional.empty());
  }

  @Test
  void authTypeAhStartsAsBackupUnlessTheAddressOwnerAndNeedsAPassword() {
    String ah = "interface eth0\nauthentication {\n auth_type AH\n auth_pass ah1\n}";
    LoadResult r = Cfg.load(MINIMAL.replace("interface eth0", ah + "\nstate MASTER\npriority 100"));
    assertThat(only(r).authentication()).contains(new Vrrp.Authentication("AH", "ah1"));
    assertThat(only(r).state()).isEqualTo(Vrrp.State.BACKUP);
    // keepalived 2.2.7's words (vrrp.c): it must hear the master's AH sequence number first
    assertThat(Cfg.findings(r))
        .containsExactly(
            "1 error: (VI_1) Initial state master is incompatible with AH authentication -"
                + " clearing");
    LoadResult owner =
        Cfg.load(MINIMAL.replace("interface eth0", ah + "\nstate MASTER\npriority 255"));
    assertThat(only(owner).state()).isEqualTo(Vrrp.State.MASTER);
    assertThat(Cfg.findings(owner)).isEmpty();

    LoadResult none =
        Cfg.load(
            MINIMAL.replace(
                "interface eth0", "interface eth0\nauthentication {\n auth_type AH\n}"));
    assertThat(only(none).authentication()).isEmpty();
    assertThat(Cfg.findings(none))
        .containsExactly(
            "1 error: (VI_1) Authentication specified but no password given. Ignoring");
  }

  @Test
  void nopreemptWithPriority255IsReset() {
    LoadResult r =
        Cfg.load(MINIMAL.replace("interface eth0", "interface eth0\npriority 255\nnopreempt"));
    assertThat(only(r).nopreempt()).isFalse();
    assertThat(Cfg.findings(r)).singleElement().asString().contains("nopreempt is incompatible");
  }

  @Test
  void downTimerAdvertsComesFromTheInstanceElseGlobalDefsElseThree() {
    assertThat(only(Cfg.load(MINIMAL)).downTimerAdverts()).isEqualTo(3);
    String global = "global_defs {\n  vrrp_down_timer_adverts 5\n}\n";
    assertThat(only(Cfg.load(global + MINIMAL)).downTimerAdverts()).isEqualTo(5);
    LoadResult own =
        Cfg.load(
            global + MINIMAL.replace("interface eth0", "interface eth0\ndown_timer_adverts 2"));
    assertThat(Cfg.findings(own)).isEmpty();
    assertThat(only(own).downTimerAdverts()).isEqualTo(2);
    assertThat(
            Cfg.findings(
                Cfg.load(
                    MINIMAL.replace("interface eth0", "interface eth0\ndown_timer_adverts 0"))))
        .containsExactly("3 error: down_timer_adverts: number '0' outside range [1, 100]");
    assertThat(
            Cfg.findings(Cfg.load("global_defs {\n  vrrp_down_timer_adverts 101\n}\n" + MINIMAL)))
        .containsExactly("2 error: vrrp_down_timer_adverts: number '101' outside range [1, 100]");
  }

  @Test
  void unicastPeersTakeTtlRangesAndUnicastTtlNeedsPeers() throws Exception {
    String peers =
        """
        interface eth0
        unicast_ttl 64
        unicast_peer {
          192.0.2.2
          192.0.2.3 min_ttl 200 max_ttl 255
          192.0.2.4 max_ttl 64
        }""";
    LoadResult r = Cfg.load(MINIMAL.replace("interface eth0", peers));
    assertThat(Cfg.findings(r)).isEmpty();
    Vrrp.Instance i = only(r);
    assertThat(i.unicastTtl()).isEqualTo(64);
    assertThat(i.unicastPeers())
        .containsExactly(
            Vrrp.UnicastPeer.of(java.net.InetAddress.getByName("192.0.2.2")),
            new Vrrp.UnicastPeer(java.net.InetAddress.getByName("192.0.2.3"), 200, 255),
            new Vrrp.UnicastPeer(java.net.InetAddress.getByName("192.0.2.4"), 0, 64));
    assertThat(only(Cfg.load(MINIMAL)).unicastTtl()).isEqualTo(255);

    LoadResult bad =
        Cfg.load(
            MINIMAL.replace(
                "interface eth0",
                """
                interface eth0
                unicast_peer {
                  192.0.2.2 min_ttl
                  192.0.2.3 hops 3
                  192.0.2.4 min_ttl 100 max_ttl 50
                  192.0.2.5 max_ttl 256
                }"""));
    assertThat(Cfg.findings(bad))
        .containsExactly(
            "4 error: min_ttl is missing a value",
            "5 error: unknown unicast_peer option hops",
            "6 error: unicast_peer 192.0.2.4: min_ttl 100 > max_ttl 50 - all its packets would be"
                + " discarded",
            "7 error: unicast_peer 192.0.2.5: max_ttl '256' is not 0-255");
    LoadResult alone =
        Cfg.load(MINIMAL.replace("interface eth0", "interface eth0\nunicast_ttl 10"));
    assertThat(Cfg.findings(alone))
        .containsExactly(
            "8 error: (VI_1) Cannot use unicast_ttl (line 3) without unicast peers - resetting");
    assertThat(only(alone).unicastTtl()).isEqualTo(255);
    // what Vigil always does: read without a finding
    assertThat(
            Cfg.findings(
                Cfg.load(
                    "global_defs {\n  vrrp_check_unicast_src\n}\n"
                        + MINIMAL.replace("interface eth0", peers + "\ncheck_unicast_src"))))
        .isEmpty();
  }

  @Test
  void skipCheckAdvAddrComesFromTheInstanceElseGlobalDefs() {
    assertThat(only(Cfg.load(MINIMAL)).skipCheckAdvAddr()).isFalse();
    String global = "global_defs {\n  vrrp_skip_check_adv_addr\n}\n";
    assertThat(only(Cfg.load(global + MINIMAL)).skipCheckAdvAddr()).isTrue();
    LoadResult off =
        Cfg.load(
            global + MINIMAL.replace("interface eth0", "interface eth0\nskip_check_adv_addr off"));
    assertThat(Cfg.findings(off)).isEmpty();
    assertThat(only(off).skipCheckAdvAddr()).isFalse();
  }

  @Test
  void vrrpMinGarpMeansOneAnnouncementAndNoSecondBurstUnlessSetBefore() {
    Garp min = only(Cfg.load("global_defs {\n  vrrp_min_garp\n}\n" + MINIMAL)).garp();
    assertThat(min.masterRepeat()).isEqualTo(1);
    assertThat(min.masterDelayUs()).isZero();
    assertThat(min.lowerPrioRepeat()).isEqualTo(1);
    Garp set =
        only(Cfg.load("global_defs {\n  vrrp_garp_master_repeat 3\n  vrrp_min_garp\n}\n" + MINIMAL))
            .garp();
    assertThat(set.masterRepeat()).isEqualTo(3);
    assertThat(set.masterDelayUs()).isZero();
    assertThat(only(Cfg.load("global_defs {\n  vrrp_min_garp off\n}\n" + MINIMAL)).garp())
        .isEqualTo(Garp.DEFAULTS);
  }

  @Test
  void announceIntervalsComeFromTheInterfacesGarpGroupElseGlobalDefs() {
    assertThat(only(Cfg.load(MINIMAL)).garpIntervalUs()).isZero();
    String global =
        """
        global_defs {
          vrrp_garp_interval 0.001
          vrrp_gna_interval 0.000002
        }
        """;
    Vrrp.Instance g = only(Cfg.load(global + MINIMAL));
    assertThat(g.garpIntervalUs()).isEqualTo(1_000);
    assertThat(g.gnaIntervalUs()).isEqualTo(2);
    String group =
        """
        garp_group {
          garp_interval 0.01
          interface eth0
        }
        """;
    LoadResult grouped = Cfg.load(global + group + MINIMAL);
    assertThat(Cfg.findings(grouped)).isEmpty();
    assertThat(only(grouped).garpIntervalUs()).isEqualTo(10_000);
    assertThat(only(grouped).gnaIntervalUs()).as("not set in its group: none").isZero();

    LoadResult zero = Cfg.load("global_defs {\n  vrrp_garp_interval 0\n}\n" + MINIMAL);
    assertThat(Cfg.findings(zero))
        .containsExactly(
            "2 warning: vrrp_garp_interval 0: no interval (the default); keepalived 2.2.7 reports 0"
                + " as invalid");
    assertThat(only(zero).garpIntervalUs()).isZero();
    assertThat(
            Cfg.findings(
                Cfg.load(
                    """
                    garp_group {
                      interface eth0
                    }
                    garp_group {
                      gna_interval 1
                      interfaces {
                        eth0
                        eth9
                      }
                    }
                    garp_group {
                      garp_interval 1
                      interface eth0
                    }
                    """
                        + MINIMAL)))
        .containsExactly(
            "3 error: garp group does not have any delay set - removing",
            "8 error: WARNING - interface eth9 specified for garp_group doesn't exist",
            "13 error: garp_group already specified for eth0 - ignoring");
  }

  @Test
  void startupAndShutdownScriptsWithTheirUsersAndTimeouts() {
    LoadResult r =
        Cfg.load(
            """
            global_defs {
              enable_script_security
              startup_script "/bin/echo up" nobody
              startup_script_timeout 3
              shutdown_script /bin/true
            }
            """);
    assertThat(Cfg.findings(r)).isEmpty();
    var g = r.config().globalDefs();
    assertThat(g.startupScript().orElseThrow().script())
        .isEqualTo(new Script(List.of("/bin/echo", "up"), Optional.of("nobody")));
    assertThat(g.startupScript().orElseThrow().timeoutS()).isEqualTo(3);
    assertThat(g.shutdownScript().orElseThrow().timeoutS()).isEqualTo(10);
    assertThat(Cfg.load("").config().globalDefs().startupScript()).isEmpty();
    assertThat(Cfg.findings(Cfg.load("global_defs {\n  startup_script_timeout 1001\n}\n")))
        .containsExactly("2 error: startup_script_timeout: number '1001' outside range [1, 1000]");
  }

  @Test
  void lvsTimeoutsAreReadAsKeepalivedReadsThem() {
    LoadResult r =
        Cfg.load("global_defs {\n  lvs_timeouts tcp 7200 udp 60\n  lvs_timeouts tcpfin 30\n}\n");
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(r.config().globalDefs().lvsTimeouts())
        .contains(new io.vigil.config.model.LvsTimeouts(7200, 30, 60));
    assertThat(Cfg.load("").config().globalDefs().lvsTimeouts()).isEmpty();
    assertThat(
            Cfg.findings(
                Cfg.load(
                    "global_defs {\n  lvs_timeouts tcp\n  lvs_timeouts tcp x udp 2678401 syn 3\n"
                        + "  lvs_timeouts udp\n}\n")))
        .containsExactly(
            "2 error: lvs_timeouts requires at least one option",
            "3 error: Invalid lvs_timeout tcp (x) - ignoring",
            "3 error: Invalid lvs_timeout udp (2678401) - ignoring",
            "3 error: Unknown option syn specified for lvs_timeouts",
            "3 error: Unknown option 3 specified for lvs_timeouts",
            "4 error: lvs_timeouts requires at least one option");
  }

  @Test
  void debugIsALevelKeepalivedOnlyKeepsAndChecks() {
    assertThat(Cfg.findings(Cfg.load(MINIMAL.replace("interface eth0", "interface eth0\ndebug 4"))))
        .isEmpty();
    assertThat(Cfg.findings(Cfg.load(MINIMAL.replace("interface eth0", "interface eth0\ndebug 5"))))
        .containsExactly("3 error: (VI_1) Debug value '5' not valid; must be between 0-4");
  }

  @Test
  void keywordsKeepalivedKnowsButVigilDoesNotAreWarningsOthersErrors() {
    LoadResult r =
        Cfg.load(
            MINIMAL.replace(
                "interface eth0", "interface eth0\nlinkbeat_use_polling\nfrobnicate 3"));
    assertThat(Cfg.findings(r))
        .containsExactly(
            "3 warning: 'linkbeat_use_polling' in vrrp_instance is not implemented by vigil (or not valid here) - ignored",
            "4 error: unknown keyword 'frobnicate' in vrrp_instance");
  }

  @Test
  void bfdCheckIsReadAsKeepalivedReadsIt() {
    LoadResult r =
        Cfg.load(
            """
            bfd_instance b1 {
              neighbor_ip 192.0.2.2
            }
            virtual_server 192.0.2.10 80 {
              lb_algo rr
              lb_kind NAT
              protocol TCP
              real_server 198.51.100.5 80 {
                BFD_CHECK {
                  name b1
                  alpha
                }
              }
              real_server 198.51.100.6 80 {
                BFD_CHECK {
                  name b1 b2
                }
              }
              real_server 198.51.100.8 80 {
                BFD_CHECK {
                  alpha
                  retry 3
                }
              }
            }
            """);
    // keepalived 2.2.7 -t says the same (its real servers as [ADDR]:tcp:PORT; retry is no keyword
    // of its BFD_CHECK either: "Unknown keyword 'retry'")
    assertThat(Cfg.findings(r))
        .containsExactly(
            "16 error: (198.51.100.6:80) BFD_CHECK - No or too many names specified - skipping"
                + " checker",
            "22 warning: 'retry' in BFD_CHECK is not implemented by vigil (or not valid here) -"
                + " ignored",
            "23 error: (198.51.100.8:80) No name has been specified for BFD_CHECKER - skipping");
    var rs = r.config().virtualServers().get(0).realServers().get(0);
    assertThat(rs.checkers())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c).isEqualTo(new Checker.Bfd(c.common(), "b1"));
              assertThat(c.common().alpha()).isTrue();
              assertThat(c.common().retry()).isZero();
            });
    String dump = io.vigil.config.ConfigDump.dump(r.config());
    assertThat(dump).contains("BFD_CHECK {\n      name b1\n      alpha\n    }");
    assertThat(Cfg.findings(Cfg.load(dump))).isEmpty();
  }

  @Test
  void aSecondBfdInstanceToTheSameNeighbourIsIgnoredAsKeepalivedIgnoresIt() {
    LoadResult r =
        Cfg.load(
            """
            bfd_instance b1 {
              neighbor_ip 192.0.2.2
              source_ip 192.0.2.1
            }
            bfd_instance b2 {
              neighbor_ip 192.0.2.2
              source_ip 192.0.2.1
            }
            bfd_instance b3 {
              neighbor_ip 192.0.2.3
            }
            bfd_instance b4 {
              neighbor_ip 192.0.2.3
            }
            """);
    // keepalived 2.2.7 -t, word for word
    assertThat(Cfg.findings(r))
        .containsExactly(
            "8 error: Configuration error: BFD instance b2 has duplicate source/neighbor address"
                + " 192.0.2.1/192.0.2.2, ignoring instance",
            "14 error: Configuration error: BFD instance b4 has duplicate neighbor address"
                + " 192.0.2.3, ignoring instance");
    assertThat(r.config().bfdInstances()).extracting(Vrrp.BfdDef::name).containsExactly("b1", "b3");
  }

  @Test
  void bfdInstancesAreReadWithKeepalivedsDefaultsAndWords() {
    LoadResult r =
        Cfg.load(
            """
            bfd_instance b1 {
              neighbor_ip 192.0.2.2
              source_ip 192.0.2.1
              min_rx 50
              min_tx 20.5
              idle_tx 500
              multiplier 300
              ttl 0
              max_hops 256
              weight 300 sideways
            }
            bfd_instance b2 {
              source_ip 192.0.2.1
            }
            bfd_instance b3 {
              neighbor_ip 2001:db8::2
              source_ip 192.0.2.1
            }
            bfd_instance b4 {
              neighbour_ip 2001:db8::3
              passive
              max_hops -1
              weight -20 reverse
              checker
            }
            bfd_instance b5 {
              neighbor_ip 192.0.2.5
              ttl 10
              max_hops 20
            }
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 51
              priority 100
              track_bfd {
                b1 weight 10
                b4
                nothere
              }
              virtual_ipaddress {
                192.0.2.10/24
              }
            }
            """);
    // keepalived 2.2.7 -t says the same of each line (its message for b3 names the source twice)
    assertThat(Cfg.findings(r))
        .containsExactly(
            "6 error: Configuration error: BFD instance b1 idle_tx value 500 is not valid (must"
                + " be in range [1000-4294967]), ignoring",
            "7 error: Configuration error: BFD instance b1 multiplier value 300 not valid (must"
                + " be in range [1-255]), ignoring",
            "8 error: Configuration error: BFD instance b1 ttl/hoplimit value 0 not valid (must"
                + " be in range [1-255]), ignoring",
            "9 error: Configuration error: BFD instance b1 max_hops value 256 not valid (must be"
                + " in range [-1-255]), ignoring",
            "10 error: Configuration error: BFD instance b1 weight value 300 not valid (must be"
                + " in range [-253-253]), ignoring",
            "10 error: Configuration error: BFD instance b1 unknown weight option sideways",
            "14 error: Configuration error: BFD instance b2 has no neighbor address set,"
                + " disabling instance",
            "18 error: Configuration error: BFD instance b3 source address 192.0.2.1 and"
                + " neighbor address 2001:db8::2 are not of the same family, disabling instance",
            "30 error: BFD instance b5: max_hops exceeds ttl/hoplimit - setting to ttl/hoplimit",
            "37 error: (VI_1) track bfd b4 not found, ignoring",
            "38 error: (VI_1) track bfd nothere not found, ignoring");
    var bfds = r.config().bfdInstances();
    assertThat(bfds).extracting(Vrrp.BfdDef::name).containsExactly("b1", "b4", "b5");
    Vrrp.BfdDef b1 = bfds.get(0);
    assertThat(b1.minRxUs()).isEqualTo(50_000);
    assertThat(b1.minTxUs()).isEqualTo(20_500);
    assertThat(b1.idleTxUs()).isEqualTo(1_000_000);
    assertThat(b1.multiplier()).isEqualTo(5);
    assertThat(b1.ttl()).isEqualTo(255);
    assertThat(b1.maxHops()).isZero();
    assertThat(b1.vrrp() && b1.checker()).isTrue();
    Vrrp.BfdDef b4 = bfds.get(1);
    assertThat(b4.ttl()).as("IPv6: hop limit 64").isEqualTo(64);
    assertThat(b4.maxHops()).as("-1: not checked").isEqualTo(255);
    assertThat(b4.passive()).isTrue();
    assertThat(b4.weight()).isEqualTo(-20);
    assertThat(b4.weightReverse()).isTrue();
    assertThat(b4.vrrp()).as("only the checkers are told").isFalse();
    assertThat(bfds.get(2).maxHops()).isEqualTo(10);
    assertThat(only(r).trackBfds())
        .singleElement()
        .satisfies(t -> assertThat(t.name() + " " + t.weight().orElse(0)).isEqualTo("b1 10"));
    String dump = io.vigil.config.ConfigDump.dump(r.config());
    assertThat(dump).contains("bfd_instance b1 {").contains("min_tx 20.5").contains("track_bfd {");
    assertThat(Cfg.findings(Cfg.load(dump))).isEmpty();
  }

  @Test
  void acceptIsKeepalivedsDefaultOnForTheOwnerAndOffInStrictMode() {
    assertThat(only(Cfg.load(MINIMAL)).accept()).as("not strict").isTrue();
    assertThat(only(Cfg.load(MINIMAL.replace("eth0", "eth0\nno_accept"))).accept()).isFalse();
    String strict = "global_defs {\n  vrrp_strict\n}\n";
    assertThat(only(Cfg.load(strict + MINIMAL.replace("eth0", "eth0\nversion 3"))).accept())
        .as("strict")
        .isFalse();
    assertThat(
            only(Cfg.load(strict + MINIMAL.replace("eth0", "eth0\npriority 255\nstate MASTER")))
                .accept())
        .as("strict, the address owner")
        .isTrue();
    assertThat(only(Cfg.load(strict + MINIMAL.replace("eth0", "eth0\nversion 3\naccept"))).accept())
        .as("strict VRRPv3 with accept")
        .isTrue();
    LoadResult v2 = Cfg.load(strict + MINIMAL.replace("eth0", "eth0\naccept"));
    assertThat(only(v2).accept()).as("strict VRRPv2 with accept").isFalse();
    assertThat(Cfg.findings(v2))
        .contains(
            "4 error: (VI_1) warning - accept mode for VRRP version 2 does not comply with"
                + " RFC3768 - resetting");
  }

  @Test
  void nftablesSettingsAreReadAsKeepalivedReadsThem() {
    GlobalDefs.Nftables none = Cfg.load(MINIMAL).config().globalDefs().nftables();
    assertThat(none).isEqualTo(GlobalDefs.Nftables.DEFAULT);
    assertThat(none.tableName()).isEqualTo("keepalived");
    LoadResult r =
        Cfg.load(
            "global_defs {\n  nftables_priority -7\n  nftables vigil\n  nftables_priority -5\n"
                + "  nftables other\n  nftables_counters\n  nftables_ifindex\n}\n"
                + MINIMAL);
    assertThat(r.config().globalDefs().nftables())
        .isEqualTo(new GlobalDefs.Nftables(Optional.of("vigil"), -5, true, true));
    assertThat(Cfg.findings(r)).containsExactly("5 error: nftables already specified - ignoring");
    LoadResult legacy = Cfg.load("global_defs {\n  vrrp_iptables IN OUT\n}\n" + MINIMAL);
    assertThat(legacy.config().globalDefs().nftables().table()).contains("keepalived");
    assertThat(Cfg.findings(legacy))
        .containsExactly(
            "2 error: iptables not supported, using nftables instead. Please replace"
                + " 'vrrp_iptables and 'vrrp_ipsets' with 'nftables' config option");
    assertThat(
            Cfg.findings(
                Cfg.load("global_defs {\n  nftables " + "t".repeat(256) + "\n}\n" + MINIMAL)))
        .containsExactly("2 error: nftables table name too long - ignoring");
  }

  @Test
  void notifyFifosAndTheirScriptsAreRead() {
    LoadResult r =
        Cfg.load(
            """
            global_defs {
              notify_fifo_script "/usr/local/bin/read-fifo -v"
              notify_fifo /run/k.fifo nobody nogroup
              vrrp_notify_fifo /run/v.fifo
              notify_fifo /run/other.fifo
              lvs_notify_fifo /run/l.fifo
              lvs_notify_fifo_script /usr/local/bin/read-lvs
            }
            """);
    assertThat(Cfg.findings(r))
        .containsExactly("5 error: notify_fifo already specified - ignoring /run/other.fifo");
    var g = r.config().globalDefs();
    assertThat(g.notifyFifo().orElseThrow().path()).isEqualTo("/run/k.fifo");
    assertThat(g.notifyFifo().orElseThrow().user()).contains("nobody nogroup");
    assertThat(g.notifyFifo().orElseThrow().script().orElseThrow().argv())
        .containsExactly("/usr/local/bin/read-fifo", "-v");
    assertThat(g.vrrpNotifyFifo().orElseThrow().path()).isEqualTo("/run/v.fifo");
    assertThat(g.vrrpNotifyFifo().orElseThrow().script()).isEmpty();
    assertThat(g.lvsNotifyFifo().orElseThrow().path()).isEqualTo("/run/l.fifo");
    assertThat(g.lvsNotifyFifo().orElseThrow().script().orElseThrow().argv())
        .containsExactly("/usr/local/bin/read-lvs");
  }

  @Test
  void globalDefsAreRead() {
    LoadResult r =
        Cfg.load(
            """
            global_defs {
              router_id lb1
              notification_email {
                ops@example.org
              }
              notification_email_from lb@example.org
              smtp_server 192.0.2.25 25
              vrrp_mcast_group4 224.0.0.19
              vrrp_garp_master_delay 2
              garp_master_repeat 2
              vrrp_strict
              enable_script_security
              script_user nobody nogroup
              lvs_flush
            }
            """);
    assertThat(Cfg.findings(r)).isEmpty();
    var g = r.config().globalDefs();
    assertThat(g.routerId()).contains("lb1");
    assertThat(g.notificationEmails()).containsExactly("ops@example.org");
    assertThat(g.smtpServer()).contains("192.0.2.25 25");
    assertThat(Addresses.format(g.vrrpMcastGroup4())).isEqualTo("224.0.0.19");
    assertThat(g.garp().masterDelayUs()).isEqualTo(2_000_000);
    assertThat(g.garp().masterRepeat()).isEqualTo(2);
    assertThat(g.garp().lowerPrioRepeat()).isEqualTo(2);
    assertThat(g.vrrpStrict()).isTrue();
    assertThat(g.enableScriptSecurity()).isTrue();
    assertThat(g.scriptUser()).contains("nobody nogroup");
    assertThat(g.lvsFlush()).isTrue();
    assertThat(Cfg.findings(Cfg.load("global_defs {\n vrrp_mcast_group4 192.0.2.1\n}")))
        .containsExactly(
            "2 error: vrrp_mcast_group4: '192.0.2.1' is not an IPv4 multicast address");
  }

  @Test
  void theMulticastGroupIsTheInstancesOwnElseTheGlobalOneOfItsFamily() {
    LoadResult r =
        Cfg.load(
            """
            global_defs {
              vrrp_mcast_group4 224.0.0.19
              vrrp_mcast_group6 ff02::13
            }
            vrrp_instance A {
              interface eth0
              virtual_router_id 1
              virtual_ipaddress {
                192.0.2.10/24
              }
            }
            vrrp_instance B {
              interface eth0
              virtual_router_id 1
              mcast_dst_ip 224.0.0.20
              virtual_ipaddress {
                192.0.2.11/24
              }
            }
            vrrp_instance C {
              interface eth0
              virtual_router_id 1
              virtual_ipaddress {
                2001:db8::10/64
              }
            }
            vrrp_instance D {
              interface eth0
              virtual_router_id 2
              unicast_peer {
                192.0.2.2
              }
              virtual_ipaddress {
                192.0.2.12/24
              }
            }
            """);
    // A and B share VRID 1 on eth0 but not their group: no conflict (keepalived 2.2.7 neither)
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(
            r.config().instances().stream()
                .map(i -> i.name() + " " + i.mcastGroup().map(Addresses::format).orElse("-")))
        .containsExactly("A 224.0.0.19", "B 224.0.0.20", "C ff02::13", "D -");
    String dump = io.vigil.config.ConfigDump.dump(r.config());
    assertThat(dump).contains("mcast_dst_ip 224.0.0.20").doesNotContain("mcast_dst_ip 224.0.0.19");
    assertThat(Cfg.findings(Cfg.load(dump))).isEmpty();
  }

  @Test
  void aMulticastGroupIsRefusedAsKeepalivedRefusesIt() {
    assertThat(
            Cfg.findings(
                Cfg.load(
                    """
                    global_defs {
                      vrrp_mcast_group6 ff05::12
                    }
                    vrrp_instance A {
                      interface eth0
                      virtual_router_id 1
                      mcast_dst_ip 192.0.2.1
                      virtual_ipaddress {
                        192.0.2.10/24
                      }
                    }
                    vrrp_instance B {
                      interface eth0
                      virtual_router_id 2
                      mcast_dst_ip ff05::12
                      virtual_ipaddress {
                        2001:db8::10/64
                      }
                    }
                    vrrp_instance C {
                      interface eth0
                      virtual_router_id 3
                      mcast_dst_ip ff02::12
                      virtual_ipaddress {
                        192.0.2.12/24
                      }
                    }
                    vrrp_instance D {
                      interface eth0
                      virtual_router_id 4
                      mcast_dst_ip 224.0.0.19
                      unicast_peer {
                        192.0.2.2
                      }
                      virtual_ipaddress {
                        192.0.2.13/24
                      }
                    }
                    vrrp_instance E {
                      interface eth0
                      virtual_router_id 5
                      virtual_ipaddress {
                        192.0.2.14/24
                      }
                    }
                    vrrp_instance F {
                      interface eth0
                      virtual_router_id 5
                      virtual_ipaddress {
                        192.0.2.15/24
                      }
                    }
                    """)))
        .containsExactly(
            "2 warning: vrrp_mcast_group6 [ff05::12] should be link-local multicast.",
            "7 error: (A) mcast_dst_ip 192.0.2.1 not multicast. Skipping...",
            "15 error: (B) mcast_dst_ip ff05::12 not link-local multicast. Skipping...",
            "23 error: (C) mcast dest address ff02::12 MUST match VRRP instance family. Skipping...",
            "38 error: (D) multicast destination specified with unicast - ignoring",
            "46 error: (F) duplicate VRID conflict with E VRID 5 on eth0");
  }

  @Test
  void existingScriptsWithoutScriptSecurityAreASecurityFinding() {
    var env = new io.vigil.config.Environment("n", x -> true, p -> p.equals("/bin/true"));
    String text = "vrrp_script s {\n script /bin/true\n}\n" + MINIMAL;
    LoadResult r =
        io.vigil.config.ConfigLoader.loadString(text, "t.conf", java.nio.file.Path.of("/"), env);
    assertThat(r.exitCode()).isEqualTo(6);
    LoadResult ok =
        io.vigil.config.ConfigLoader.loadString(
            "global_defs {\n enable_script_security\n}\n" + text,
            "t.conf",
            java.nio.file.Path.of("/"),
            env);
    assertThat(ok.exitCode()).isZero();
  }

  @Test
  void wordsKeepalivedWouldSilentlyIgnoreAreWarnings() {
    LoadResult r =
        Cfg.load(MINIMAL.replace("virtual_router_id 51", "virtual_router_id 51 ; priority 120"));
    assertThat(Cfg.findings(r))
        .containsExactly(
            "3 warning: virtual_router_id: words after '51' are ignored: '; priority 120'");
    assertThat(only(r).priority()).isEqualTo(100);
  }

  @Test
  void mcastSrcIpIsKeepalivedsOlderNameForTheSourceAddress() {
    io.vigil.config.LoadResult r =
        io.vigil.config.Cfg.load(
            """
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 51
              mcast_src_ip 192.0.2.7
              virtual_ipaddress {
                192.0.2.100
              }
            }
            """);
    assertThat(io.vigil.config.Cfg.findings(r)).isEmpty();
    assertThat(
            r.config().instances().get(0).unicastSrcIp().map(java.net.InetAddress::getHostAddress))
        .contains("192.0.2.7");
  }

  @Test
  void aTrackInterfaceOfItsOwnInterfaceIsIgnoredAsKeepalivedIgnoresIt() {
    LoadResult r =
        Cfg.load(
            """
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 51
              track_interface {
                eth0 weight -20
                eth1 weight -10
              }
              virtual_ipaddress {
                192.0.2.100
              }
            }
            """);
    assertThat(Cfg.findings(r))
        .containsExactly("5 warning: (VI_1) Ignoring track_interface eth0 since own interface");
    assertThat(only(r).trackInterfaces()).extracting(Vrrp.Track::name).containsExactly("eth1");
  }
}
