package io.vigil.director.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Environment;
import io.vigil.director.lifecycle.Privileges;
import io.vigil.director.lifecycle.Systemd;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonTest {
  private static final Environment ENV = Environment.fixed("dir1", Set.of("eth0"));

  @TempDir Path dir;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Daemon daemon(String config, boolean checkOnly) throws Exception {
    Path f = dir.resolve("keepalived.conf");
    Files.writeString(f, config);
    return new Daemon(
        Daemon.Settings.of(f, ENV).checkOnly(checkOnly).reconcileIntervalMs(1000).build(),
        () -> {
          throw new AssertionError("a refused configuration must never reach the kernel");
        },
        Systemd.fromEnvironment(Map.of()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static final String LVS =
      """
      virtual_server 192.0.2.10 80 {
        delay_loop 2
        lb_algo rr
        lb_kind NAT
        protocol TCP
        real_server 203.0.113.5 80 {
          TCP_CHECK {
            connect_timeout 3
          }
        }
      }
      """;

  @Test
  void aCleanLvsConfigurationIsAcceptedWithItsServicesAndRealServers() throws Exception {
    Daemon.Plan p = daemon(LVS, true).plan();
    assertThat(p.refusals()).isEmpty();
    assertThat(p.lvs().model().serviceKeys()).hasSize(1);
    assertThat(p.lvs().checks()).hasSize(1);
  }

  @Test
  void vrrpThisVersionCannotRunIsRefusedWithItsPlaceUnlessCheckOnly() throws Exception {
    String conf =
        LVS
            + """
            global_defs {
              enable_script_security
            }
            vrrp_script chk {
              script "/bin/true"
            }
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 51
              priority 100
              track_script {
                chk
                chk weight 2
              }
              virtual_ipaddress {
                192.0.2.10/24
              }
            }
            """;
    Daemon d = daemon(conf, false);
    assertThat(d.run()).isEqualTo(1);
    String out = err.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("keepalived.conf:24: error: vrrp_instance VI_1: track_script chk listed twice")
        .contains("cannot be run as written (1 problem)");
    assertThat(daemon(conf, true).plan().refusals()).isEmpty();
  }

  @Test
  void authTypeAhIsPlannedAsKeepalivedRunsIt() throws Exception {
    String conf =
        LVS
            + """
            vrrp_instance VI_1 {
              state BACKUP
              interface eth0
              virtual_router_id 51
              priority 100
              authentication {
                auth_type AH
                auth_pass x
              }
              virtual_ipaddress {
                192.0.2.10/24
              }
            }
            """;
    Daemon.Plan p = daemon(conf, false).plan();
    assertThat(p.refusals()).isEmpty();
    assertThat(p.vrrp().specs().get(0).authentication())
        .contains(new io.vigil.config.model.Vrrp.Authentication("AH", "x"));
  }

  private static final String VRRP =
      """
      vrrp_instance VI_1 {
        interface eth0
        virtual_router_id 51
        virtual_ipaddress {
          192.0.2.10/24
        }
      }
      """;

  @Test
  void withoutTheCapabilitiesItNeedsItStopsWithOneLineBeforeTouchingAnything() throws Exception {
    Daemon d = daemon(LVS + VRRP, false).privileges(() -> Privileges.ofEffective(0));
    assertThat(d.run()).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "vigil run: cannot start: CAP_NET_ADMIN is needed to program IPVS and add virtual IPs;"
                + " CAP_NET_RAW is needed for VRRP adverts and gratuitous ARP (run as root, or with"
                + " both capabilities as the vigil.service unit grants them)\n");
  }

  @Test
  void whatIsNeededFollowsWhatRuns() throws Exception {
    Privileges adminOnly = Privileges.ofEffective(1L << Privileges.CAP_NET_ADMIN);
    Privileges rawOnly = Privileges.ofEffective(1L << Privileges.CAP_NET_RAW);
    Privileges both =
        Privileges.ofEffective((1L << Privileges.CAP_NET_ADMIN) | (1L << Privileges.CAP_NET_RAW));
    Daemon all = daemon(LVS + VRRP, false);
    assertThat(all.privileges(() -> both).lackingPrivileges(all.plan())).isNull();
    assertThat(all.privileges(() -> adminOnly).lackingPrivileges(all.plan()))
        .contains("CAP_NET_RAW is needed")
        .doesNotContain("CAP_NET_ADMIN");
    Daemon checkOnly = daemon(LVS + VRRP, true); // IPVS alone: NET_ADMIN
    assertThat(checkOnly.privileges(() -> adminOnly).lackingPrivileges(checkOnly.plan())).isNull();
    assertThat(checkOnly.privileges(() -> rawOnly).lackingPrivileges(checkOnly.plan()))
        .contains("CAP_NET_ADMIN is needed");
  }

  @Test
  void staticRoutesAndRulesArePlannedAndNeedNetAdminUnlessCheckOnly() throws Exception {
    String statics =
        """
        static_routes {
          192.0.2.0/24 via 203.0.113.1 dev eth0
        }
        static_rules {
          from 192.0.2.0/24 table 100 priority 100
        }
        """;
    Path f = dir.resolve("keepalived.conf");
    Files.writeString(f, statics);
    Daemon vrrpOnly =
        new Daemon(
            Daemon.Settings.of(f, ENV).reconcileIntervalMs(1000).vrrpOnly(true).build(),
            () -> {
              throw new AssertionError("never");
            },
            Systemd.fromEnvironment(Map.of()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    Daemon.Plan p = vrrpOnly.plan();
    assertThat(p.refusals()).isEmpty();
    Privileges rawOnly = Privileges.ofEffective(1L << Privileges.CAP_NET_RAW);
    Privileges adminOnly = Privileges.ofEffective(1L << Privileges.CAP_NET_ADMIN);
    assertThat(vrrpOnly.privileges(() -> rawOnly).lackingPrivileges(p))
        .contains("CAP_NET_ADMIN is needed");
    assertThat(vrrpOnly.privileges(() -> adminOnly).lackingPrivileges(p)).isNull();
    assertThat(daemon(LVS + statics, true).plan().refusals()).isEmpty();
  }

  @Test
  void aVrrpInstanceIsPlannedAndVrrpOnlyIgnoresTheIpvsHalf() throws Exception {
    String vrrp =
        """
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          virtual_ipaddress {
            192.0.2.10/24
          }
        }
        """;
    Daemon.Plan p = daemon(LVS + vrrp, false).plan();
    assertThat(p.refusals()).isEmpty();
    assertThat(p.vrrp().specs()).extracting(s -> s.name()).containsExactly("VI_1");
    // the config module cannot know the checker's target family when connect_ip is not set
    String broken = LVS.replace("connect_timeout 3", "bindto 2001:db8::1") + vrrp;
    assertThat(daemon(broken, false).plan().refusals()).isNotEmpty();
    Path f = dir.resolve("keepalived.conf");
    Daemon vrrpOnly =
        new Daemon(
            Daemon.Settings.of(f, ENV).reconcileIntervalMs(1000).vrrpOnly(true).build(),
            () -> {
              throw new AssertionError("never");
            },
            Systemd.fromEnvironment(Map.of()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(vrrpOnly.plan().refusals()).isEmpty();
  }

  @Test
  void aCheckerThatCannotRunAsWrittenIsRefusedNotDropped() throws Exception {
    String conf = LVS.replace("connect_timeout 3", "bindto 2001:db8::1");
    Daemon.Plan p = daemon(conf, true).plan();
    assertThat(p.refusals())
        .anySatisfy(
            r ->
                assertThat(r)
                    .contains("keepalived.conf:")
                    .contains(
                        "TCP_CHECK: bindto 2001:db8::1 is not of the address family of 203.0.113.5"));
  }

  @Test
  void aPingCheckIsPlannedNotRefused() throws Exception {
    String conf = LVS.replace("TCP_CHECK {", "PING_CHECK {");
    assertThat(daemon(conf, true).plan().refusals()).isEmpty();
  }

  @Test
  void withAllConfigAMissingIncludedFileIsRefusedAtStartAndOnReloads() throws Exception {
    Path f = Files.writeString(dir.resolve("keepalived.conf"), LVS + "include gone.conf\n");
    java.util.function.Function<Boolean, Daemon> daemon =
        all ->
            new Daemon(
                Daemon.Settings.of(f, ENV).checkOnly(true).allConfig(all).build(),
                () -> {
                  throw new AssertionError("never");
                },
                Systemd.fromEnvironment(Map.of()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(daemon.apply(false).plan().refusals()).isEmpty();
    assertThat(daemon.apply(true).plan().refusals())
        .anyMatch(r -> r.contains("error: Config files missing 'gone.conf'."));
  }

  @Test
  void aMissingFileIsRefusedWithItsName() throws Exception {
    Daemon d =
        new Daemon(
            Daemon.Settings.of(dir.resolve("nope.conf"), ENV)
                .checkOnly(true)
                .reconcileIntervalMs(1000)
                .build(),
            () -> {
              throw new AssertionError("never");
            },
            Systemd.fromEnvironment(Map.of()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(d.run()).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("nope.conf");
  }
}
