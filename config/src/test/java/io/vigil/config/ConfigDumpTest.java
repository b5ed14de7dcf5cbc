package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigDumpTest {
  static final String A =
      """
      global_defs {
        router_id lb1
        enable_script_security
      }
      vrrp_script chk {
        script "/usr/local/bin/chk 'two words'"
        interval 2
      }
      vrrp_instance VI_B {
        interface eth1
        virtual_router_id 2
        virtual_ipaddress {
          192.0.2.20/24
          192.0.2.21/24 dev eth1 label eth1:1
        }
      }
      vrrp_instance VI_A {
        interface eth0
        virtual_router_id 1
        priority 120
        track_script {
          chk weight 10
        }
        virtual_ipaddress {
          2001:db8::1/64
        }
        notify_master "/bin/echo master"
      }
      vrrp_sync_group G {
        group {
          VI_B
          VI_A
        }
        sync_group_tracking_weight
      }
      virtual_server 192.0.2.20 80 {
        lb_algo rr
        lb_kind NAT
        protocol TCP
        real_server 198.51.100.3 8080 {
          HTTP_GET {
            url {
              path /healthz
              status_code 200 204
              regex "^ok\\\\s"
            }
          }
        }
        real_server 198.51.100.2 8080 {
          weight 5
          DNS_CHECK {
            name ""
          }
        }
      }
      virtual_server fwmark 9 {
        lb_algo sh
        lb_kind DR
        real_server 198.51.100.2 0 {
          MISC_CHECK {
            misc_path "/bin/misc arg"
          }
        }
      }
      """;

  /** The same configuration: blocks and lines in another order, synonyms, defaults spelled out. */
  static final String A_REORDERED =
      """
      virtual_server fwmark 9 {
        lvs_method DR
        lvs_sched sh
        delay_loop 60
        real_server 198.51.100.2 0 {
          MISC_CHECK {
            misc_path "/bin/misc arg"
          }
        }
      }
      vrrp_sync_group G {
        sync_group_tracking_weight yes
        group {
          VI_A VI_B
        }
      }
      vrrp_instance VI_A {
        priority 120
        interface eth0
        virtual_router_id 1
        advert_int 1
        notify_master "/bin/echo master"
        virtual_ipaddress {
          2001:db8:0:0::1/64
        }
        track_script {
          chk weight 10
        }
      }
      virtual_server 192.0.2.20 80 {
        protocol TCP
        lb_kind NAT
        lb_algo rr
        real_server 198.51.100.2 8080 {
          DNS_CHECK {
            name ""
            retry 3
          }
          weight 5
        }
        real_server 198.51.100.3 8080 {
          HTTP_GET {
            url {
              status_code 200 204
              path /healthz
              regex "^ok\\\\s"
            }
          }
        }
      }
      global_defs {
        enable_script_security
        router_id lb1
        vrrp_version 2
      }
      vrrp_instance VI_B {
        interface eth1
        virtual_ipaddress {
          192.0.2.21/24 dev eth1 label eth1:1
          192.0.2.20/24
        }
        virtual_router_id 2
      }
      vrrp_script chk {
        interval 2.0
        script "/usr/local/bin/chk 'two words'"
      }
      """;

  @Test
  void equivalentConfigurationsDumpIdentically() {
    LoadResult a = Cfg.load(A);
    LoadResult b = Cfg.load(A_REORDERED);
    assertThat(Cfg.findings(a)).isEmpty();
    assertThat(Cfg.findings(b)).isEmpty();
    assertThat(ConfigDump.dump(b.config())).isEqualTo(ConfigDump.dump(a.config()));
  }

  @Test
  void aChangeShowsUpAsALineOfDiff() {
    String before = ConfigDump.dump(Cfg.load(A).config());
    String after = ConfigDump.dump(Cfg.load(A.replace("priority 120", "priority 121")).config());
    assertThat(before.lines().filter(l -> !after.lines().toList().contains(l)).toList())
        .containsExactly("  priority 120");
  }

  @Test
  void theDumpIsItselfAConfigurationThatDumpsTheSame() {
    String once = ConfigDump.dump(Cfg.load(A).config());
    LoadResult again = Cfg.load(once);
    assertThat(Cfg.findings(again)).isEmpty();
    assertThat(ConfigDump.dump(again.config())).isEqualTo(once);
  }

  @Test
  void bindIfIsDumpedAndReadBack() {
    String conf =
        io.vigil.config.parse.LvsConfigTest.VS.replace(
            "TCP_CHECK {", "TCP_CHECK {\nbind_if eth1\n");
    String once = ConfigDump.dump(Cfg.load(conf).config());
    assertThat(once).contains("      bind_if eth1\n");
    LoadResult again = Cfg.load(once);
    assertThat(Cfg.findings(again)).isEmpty();
    assertThat(ConfigDump.dump(again.config())).isEqualTo(once);
  }

  @Test
  void theGlobalSettingsOfVrrpAndReloadsAreDumpedAndReadBack() {
    String conf =
        """
        global_defs {
          nftables vigil_fw
          nftables_priority -5
          nftables_counters
          nftables_ifindex
          dynamic_interfaces
          fifo_write_vrrp_states_on_reload
          reload_time_file /run/vigil/at
          reload_repeat
          reload_file
          reload_check_config /tmp/check.log
        }
        interface_up_down_delays {
          eth1 2
          eth0 0.5 1.25
        }
        """
            + io.vigil.config.parse.VrrpConfigTest.MINIMAL;
    LoadResult first = Cfg.load(conf);
    assertThat(Cfg.findings(first)).isEmpty();
    String once = ConfigDump.dump(first.config());
    assertThat(once)
        .contains(
            "  fifo_write_vrrp_states_on_reload\n  nftables vigil_fw\n  nftables_priority -5\n"
                + "  nftables_counters\n  nftables_ifindex\n  dynamic_interfaces\n"
                + "  reload_time_file /run/vigil/at\n  reload_repeat\n  reload_file\n"
                + "  reload_check_config /tmp/check.log\n}\n"
                + "interface_up_down_delays {\n  eth0 0.5 1.25\n  eth1 2 0\n}\n");
    LoadResult again = Cfg.load(once);
    assertThat(Cfg.findings(again)).isEmpty();
    assertThat(again.config().globalDefs()).isEqualTo(first.config().globalDefs());
    assertThat(ConfigDump.dump(again.config())).isEqualTo(once);
  }

  @Test
  void theDumpSpellsOutDefaults() {
    String d = ConfigDump.dump(Cfg.load(A).config());
    assertThat(d)
        .contains(
            "vrrp_instance VI_B {\n  state BACKUP\n  interface eth1\n  virtual_router_id 2\n  priority 100\n  advert_int 1\n")
        .contains(
            "    DNS_CHECK {\n      connect_port 8080\n      connect_timeout 5\n      retry 3\n")
        .contains("      status_code 200 204\n")
        .contains("2001:db8::1/64");
  }
}
