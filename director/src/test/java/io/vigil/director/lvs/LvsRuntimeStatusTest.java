package io.vigil.director.lvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.reconcile.InMemoryIpvsKernel;
import io.vigil.director.status.DirectorStatus;
import io.vigil.director.status.Metrics;
import io.vigil.healthcheck.CheckResult;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The status snapshot and the counters the runtime keeps, from health events it was fed. */
class LvsRuntimeStatusTest {
  /** A virtual server of two real servers (weights 2 and 1), quorum 3, a sorry server. */
  static final String CONF =
      """
      virtual_server 192.0.2.10 80 {
        delay_loop 2
        lb_algo wrr
        lb_kind NAT
        protocol TCP
        quorum 3
        sorry_server 203.0.113.99 80
        real_server 203.0.113.5 80 {
          weight 2
          TCP_CHECK {
            connect_timeout 3
            retry 0
          }
        }
        real_server 203.0.113.6 80 {
          weight 1
          TCP_CHECK {
            connect_timeout 3
            retry 0
          }
        }
      }
      """;

  private final InMemoryIpvsKernel kernel = new InMemoryIpvsKernel();
  private final Metrics metrics = new Metrics();
  private LvsRuntime runtime;
  private CoreHealthDriver health;

  @AfterEach
  void stop() {
    runtime.stop(false);
  }

  private void start() {
    start(CONF);
  }

  private void start(String conf) {
    LvsMapping.Result m = LvsRuntimes.map(conf);
    runtime = new LvsRuntime(m.model(), kernel, new LvsRuntime.Options(3_600_000, false), metrics);
    health = LvsRuntimes.start(runtime, m);
    runtime.reconcile();
  }

  @Test
  void allUpShowsEveryRealServerWithItsWeightInTheKernel() {
    start();
    health.runEveryCheck(ref -> CheckResult.up("connected"));
    runtime.reconcile();

    DirectorStatus.VirtualServer vs = runtime.status().get(0);
    assertThat(vs.name()).isEqualTo("192.0.2.10:80");
    assertThat(vs.quorum()).isEqualTo(3);
    assertThat(vs.upWeight()).isEqualTo(3);
    assertThat(vs.quorumMet()).isTrue();
    assertThat(vs.sorryServerActive()).isFalse();
    assertThat(vs.realServers())
        .extracting(DirectorStatus.RealServer::address, r -> r.up(), r -> r.weight())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("203.0.113.5:80", true, 2),
            org.assertj.core.groups.Tuple.tuple("203.0.113.6:80", true, 1));
  }

  @Test
  void aFailedRealServerIsDownWithItsReasonAndTheSorryServerTakesOver() {
    start();
    health.runEveryCheck(
        ref ->
            ref.realServerId().endsWith("203.0.113.5:80")
                ? CheckResult.down("connection refused")
                : CheckResult.up("connected"));
    runtime.reconcile();

    DirectorStatus.VirtualServer vs = runtime.status().get(0);
    assertThat(vs.upWeight()).isEqualTo(1);
    assertThat(vs.quorumMet()).isFalse();
    assertThat(vs.sorryServerActive()).isTrue();
    DirectorStatus.RealServer down = vs.realServers().get(0);
    assertThat(down.up()).isFalse();
    assertThat(down.weight()).isZero();
    assertThat(down.lastCheck()).contains("connection refused");
    assertThat(runtime.status().get(0).realServers().get(1).weight()).isZero();

    String scrape = metrics.scrape();
    assertThat(scrape)
        .contains("vigil_health_check_failures_total{kind=\"tcp_check\"} 1")
        .contains("vigil_health_checker_transitions_total{kind=\"tcp_check\",to=\"down\"} 1")
        .contains("vigil_real_server_transitions_total{to=\"down\"} 1")
        .contains("vigil_health_checks_total 2")
        .contains("vigil_ipvs_operations_total{op=\"add_destination\"}")
        .contains("vigil_ipvs_operations_total{op=\"delete_destination\"} 2");
  }

  @Test
  void eachCheckersLatestResultIsShownNotOnlyTheLastChange() {
    String twoCheckers =
        CONF.replace(
            "weight 2\n    TCP_CHECK {\n      connect_timeout 3\n      retry 0\n    }\n",
            "weight 2\n    TCP_CHECK {\n      connect_timeout 3\n      retry 0\n    }\n"
                + "    MISC_CHECK {\n      misc_path /bin/true\n    }\n");
    assertThat(twoCheckers).contains("MISC_CHECK");
    start(twoCheckers);
    DirectorStatus.RealServer before = runtime.status().get(0).realServers().get(0);
    assertThat(before.lastCheck()).isEmpty();
    assertThat(before.checks()).isEmpty();

    health.runEveryCheck(
        ref ->
            ref.index() == 0 ? CheckResult.down("connection refused") : CheckResult.up("exit 0"));
    DirectorStatus.RealServer down = runtime.status().get(0).realServers().get(0);
    assertThat(down.up()).isFalse();
    assertThat(down.checks())
        .extracting(DirectorStatus.Check::checker, DirectorStatus.Check::passed, c -> c.reason())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("TCP_CHECK", false, "connection refused"),
            org.assertj.core.groups.Tuple.tuple("MISC_CHECK", true, "exit 0"));
    assertThat(down.checks()).allMatch(c -> c.secondsAgo() <= 1 && !c.at().isEmpty());

    // the change that took it down stays in the log; the status follows every later check
    health.runEveryCheck(ref -> CheckResult.up(ref.index() == 0 ? "connected" : "exit 0"));
    DirectorStatus.RealServer up = runtime.status().get(0).realServers().get(0);
    assertThat(up.up()).isTrue();
    assertThat(up.lastCheck()).isIn("TCP_CHECK passed: connected", "MISC_CHECK passed: exit 0");
    assertThat(up.checks())
        .extracting(c -> c.text())
        .containsExactly("TCP_CHECK passed: connected", "MISC_CHECK passed: exit 0");
    // the result that came last leads, however close to the other: the MISC_CHECK's, run again
    health.checkNow(spec -> spec.kind() == io.vigil.healthcheck.spec.CheckerKind.MISC_CHECK);
    health.runDueChecks(ref -> CheckResult.up("exit 0 again"));
    assertThat(runtime.status().get(0).realServers().get(0).lastCheck())
        .isEqualTo("MISC_CHECK passed: exit 0 again");
    health.runEveryCheck(
        ref ->
            ref.index() == 0
                ? CheckResult.down("connect timeout after 3 s")
                : CheckResult.up("exit 0"));
    assertThat(runtime.status().get(0).realServers().get(0).checks().get(0).text())
        .isEqualTo("TCP_CHECK failed: connect timeout after 3 s");

    // a reload that removes the MISC_CHECK removes its result; the TCP_CHECK's stays
    LvsMapping.Result one = LvsRuntimes.map(CONF);
    runtime.reload(one.model(), one.checks());
    assertThat(runtime.status().get(0).realServers().get(0).checks())
        .extracting(c -> c.text())
        .containsExactly("TCP_CHECK failed: connect timeout after 3 s");
  }

  @Test
  void aBfdSessionsChangeRunsTheBfdChecksThatFollowItAtOnce() {
    start(
        """
        bfd_instance to_rs {
          neighbor_ip 203.0.113.5
          checker
        }
        bfd_instance to_other {
          neighbor_ip 203.0.113.6
          checker
        }
        virtual_server 192.0.2.10 80 {
          lb_algo rr
          lb_kind NAT
          protocol TCP
          real_server 203.0.113.5 80 {
            BFD_CHECK {
              name to_rs
            }
          }
          real_server 203.0.113.6 80 {
            BFD_CHECK {
              name to_other
            }
          }
        }
        """);
    health.runEveryCheck(ref -> CheckResult.up("BFD is Up"));
    assertThat(health.dueNow()).as("each looks once a second, not now").isEmpty();
    runtime.bfdChanged("to_rs");
    assertThat(health.dueNow())
        .extracting(io.vigil.healthcheck.CheckerRef::realServerId)
        .singleElement()
        .asString()
        .contains("203.0.113.5:80");
  }

  @Test
  void anInhibitedSorryServerWaitingAtWeightZeroIsNotActive() {
    start(
        CONF.replace(
            "sorry_server 203.0.113.99 80",
            "sorry_server 203.0.113.99 80\n  sorry_server_inhibit"));
    health.runEveryCheck(ref -> CheckResult.up("connected"));
    runtime.reconcile();
    assertThat(kernel.dump().services().values().iterator().next().destinations())
        .anyMatch(d -> d.key().toString().equals("203.0.113.99:80") && d.settings().weight() == 0);
    assertThat(runtime.status().get(0).sorryServerActive()).isFalse();

    health.runEveryCheck(ref -> CheckResult.down("connection refused"));
    runtime.reconcile();
    assertThat(runtime.status().get(0).quorumMet()).isFalse();
    assertThat(runtime.status().get(0).sorryServerActive()).isTrue();
  }

  @Test
  void statusListsTheVirtualServersOfTheConfigurationInForce() {
    start();
    assertThat(runtime.status())
        .extracting(DirectorStatus.VirtualServer::name)
        .isEqualTo(List.of("192.0.2.10:80"));
  }
}
