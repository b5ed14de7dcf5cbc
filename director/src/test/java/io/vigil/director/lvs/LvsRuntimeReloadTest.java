package io.vigil.director.lvs;

import static io.vigil.director.lvs.LvsRuntimes.downOnly;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.reconcile.InMemoryIpvsKernel;
import io.vigil.director.reconcile.TablePlan;
import io.vigil.healthcheck.CheckResult;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.Protocol;
import io.vigil.netlink.ipvs.ServiceKey;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A reload happens inside one runtime: only the difference reaches the kernel, verdicts of
 * unchanged real servers and the quorum memory survive, and services the old configuration owned
 * are deleted when the new one drops them. Health comes from the pure core on a hand-moved clock.
 */
class LvsRuntimeReloadTest {
  private static final String WEB_ID_5 = "192.0.2.10:80 203.0.113.5:80";

  private final InMemoryIpvsKernel kernel = new InMemoryIpvsKernel();
  private LvsRuntime runtime;
  private CoreHealthDriver health;

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.stop(false);
    }
  }

  private static String rs(String address, int weight) {
    return """
          real_server %s 80 {
            weight %d
            TCP_CHECK {
              connect_timeout 3
              retry 0
            }
          }
        """
        .formatted(address, weight);
  }

  private static String web(String quorum, String... servers) {
    return """
        virtual_server 192.0.2.10 80 {
          delay_loop 2
          lb_algo wrr
          lb_kind NAT
          protocol TCP
        %s
        %s
        }
        """
        .formatted(quorum, String.join("", servers));
  }

  private static final String MAIL =
      """
      virtual_server 192.0.2.11 25 {
        delay_loop 2
        lb_algo rr
        lb_kind NAT
        protocol TCP
      """
          + rs("203.0.113.7", 1)
          + "}\n";

  private void start(String text) {
    LvsMapping.Result m = LvsRuntimes.map(text);
    runtime = new LvsRuntime(m.model(), kernel, new LvsRuntime.Options(3_600_000, false));
    health = LvsRuntimes.start(runtime, m);
    runtime.reconcile();
  }

  private void reload(String text) {
    LvsMapping.Result m = LvsRuntimes.map(text);
    runtime.reload(m.model(), m.checks());
  }

  private static ServiceKey service(String address, int port) throws Exception {
    return ServiceKey.of(Protocol.TCP, InetAddress.getByName(address), port);
  }

  private static DestKey dest(String address) throws Exception {
    return new DestKey(InetAddress.getByName(address), 80);
  }

  private List<TablePlan.Op<ServiceKey, ?, DestKey, ?>> opsSince(int before) {
    return List.copyOf(kernel.ops().subList(before, kernel.ops().size()));
  }

  @Test
  void itsLoopsReportTurningWhileRunningAndNothingOnceStopped() {
    start(web("", rs("203.0.113.5", 1)));

    assertThat(runtime.quietForNs(System.nanoTime()))
        .containsOnlyKeys("the IPVS conductor", "the health checks' event loops")
        .allSatisfy((loop, quiet) -> assertThat(quiet).isZero());
    // a conductor that has not turned for a minute is reported as quiet that long (less its beat)
    assertThat(runtime.quietForNs(System.nanoTime() + 60_000_000_000L).get("the IPVS conductor"))
        .isGreaterThan(50_000_000_000L);

    runtime.stop(false);
    assertThat(runtime.quietForNs(System.nanoTime())).isEmpty();
  }

  @Test
  void theStartsRehearsalOfAVerdictWritesNothingAndDumpsNothing() throws Exception {
    start(web("quorum 2", rs("203.0.113.5", 1), rs("203.0.113.6", 1)));

    // start: one dump and the service with its two real servers, and the full pass start(...)
    // runs after it; the rehearsal (every verdict turned over, which would also lose the quorum)
    // and its empty fast pass add no write or dump
    assertThat(kernel.ops()).hasSize(3);
    assertThat(kernel.dumps()).isEqualTo(2);
    assertThat(kernel.destinations(service("192.0.2.10", 80))).hasSize(2);
  }

  @Test
  void aVerdictWritesItsChangeAtOnceWithoutDumpingTheKernel() throws Exception {
    start(web("", rs("203.0.113.5", 1), rs("203.0.113.6", 1)));
    health.runEveryCheck(ref -> CheckResult.up("connected"));
    runtime.reconcile();
    int writes = kernel.ops().size();
    int dumps = kernel.dumps();

    health.runEveryCheck(downOnly(WEB_ID_5));
    long deadline = System.nanoTime() + 10_000_000_000L; // the conductor's fast pass, bounded
    while (kernel.ops().size() == writes && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }

    assertThat(opsSince(writes))
        .singleElement()
        .isEqualTo(
            new TablePlan.DeleteDestination<>(service("192.0.2.10", 80), dest("203.0.113.5")));
    assertThat(kernel.dumps()).isEqualTo(dumps);
  }

  @Test
  void aReloadAddingOneRealServerWritesOnlyThatDestination() throws Exception {
    String before = web("", rs("203.0.113.5", 1), rs("203.0.113.6", 1)) + MAIL;
    start(before);
    health.runEveryCheck(ref -> CheckResult.up("connected"));
    runtime.reconcile();
    assertThat(kernel.destinations(service("192.0.2.10", 80))).hasSize(2);
    int writes = kernel.ops().size();

    reload(web("", rs("203.0.113.5", 1), rs("203.0.113.6", 1), rs("203.0.113.8", 1)) + MAIL);
    runtime.reconcile();

    assertThat(opsSince(writes))
        .singleElement()
        .isInstanceOfSatisfying(
            TablePlan.AddDestination.class,
            a -> {
              assertThat(a.service()).isEqualTo(uncheck(() -> service("192.0.2.10", 80)));
              assertThat(a.destination()).isEqualTo(uncheck(() -> dest("203.0.113.8")));
            });
  }

  @Test
  void aDownRealServerStaysDownAcrossAReload() throws Exception {
    start(web("", rs("203.0.113.5", 1), rs("203.0.113.6", 1)) + MAIL);
    health.runEveryCheck(downOnly(WEB_ID_5));
    runtime.reconcile();
    assertThat(kernel.destinations(service("192.0.2.10", 80)))
        .containsOnlyKeys(dest("203.0.113.6"));
    int writes = kernel.ops().size();

    // the same real servers, another virtual server's change: web is untouched
    reload(web("", rs("203.0.113.5", 1), rs("203.0.113.6", 1)) + MAIL.replace("rr", "wrr"));
    runtime.reconcile();

    assertThat(runtime.alive(WEB_ID_5)).isFalse();
    assertThat(kernel.destinations(service("192.0.2.10", 80)))
        .containsOnlyKeys(dest("203.0.113.6"));
    assertThat(opsSince(writes))
        .singleElement()
        .isInstanceOf(TablePlan.EditService.class)
        .extracting(op -> ((TablePlan.EditService<?, ?, ?, ?>) op).service())
        .isEqualTo(service("192.0.2.11", 25));
  }

  @Test
  void aRealServerWhoseCheckerChangedStartsAfresh() throws Exception {
    start(web("", rs("203.0.113.5", 1), rs("203.0.113.6", 1)));
    health.runEveryCheck(downOnly(WEB_ID_5));
    runtime.reconcile();
    assertThat(runtime.alive(WEB_ID_5)).isFalse();

    reload(
        web(
            "",
            rs("203.0.113.5", 1).replace("connect_timeout 3", "connect_timeout 4"),
            rs("203.0.113.6", 1)));
    runtime.reconcile();

    assertThat(runtime.alive(WEB_ID_5)).isTrue();
    assertThat(kernel.destinations(service("192.0.2.10", 80)))
        .containsOnlyKeys(dest("203.0.113.5"), dest("203.0.113.6"));
  }

  @Test
  void aVirtualServerDroppedFromTheConfigurationIsDeletedFromTheKernel() throws Exception {
    start(web("", rs("203.0.113.5", 1)) + MAIL);
    assertThat(kernel.serviceKeys()).contains(service("192.0.2.11", 25));
    int writes = kernel.ops().size();

    reload(web("", rs("203.0.113.5", 1)));
    runtime.reconcile();

    assertThat(kernel.serviceKeys()).containsExactly(service("192.0.2.10", 80));
    assertThat(opsSince(writes)).singleElement().isInstanceOf(TablePlan.DeleteService.class);
    assertThat(runtime.lastOutcome().foreign()).isEmpty();
  }

  @Test
  void theQuorumMemoryIsKeptAcrossAReload() throws Exception {
    // quorum 2 with hysteresis 1: gained at 3, lost below 1; with 2 alive it stays as it was
    String quorum = "quorum 2\n  hysteresis 1\n  sorry_server 203.0.113.99 80";
    String conf = web(quorum, rs("203.0.113.5", 1), rs("203.0.113.6", 1), rs("203.0.113.7", 1));
    start(conf);
    health.runEveryCheck(downOnly(WEB_ID_5));
    runtime.reconcile();
    assertThat(runtime.quorum()).containsEntry("192.0.2.10:80", true);
    int writes = kernel.ops().size();

    reload(conf);
    runtime.reconcile();

    // a fresh start with 2 of 3 alive would begin without quorum and put the sorry server in
    assertThat(runtime.quorum()).containsEntry("192.0.2.10:80", true);
    assertThat(kernel.destinations(service("192.0.2.10", 80)))
        .containsOnlyKeys(dest("203.0.113.6"), dest("203.0.113.7"));
    assertThat(opsSince(writes)).isEmpty();
  }

  @Test
  void omegaOnStopDoesNotRemoveRealServers() throws Exception {
    start(web("omega", rs("203.0.113.5", 1)));
    health.runEveryCheck(ref -> CheckResult.up("connected"));
    runtime.reconcile();
    int writes = kernel.ops().size();

    runtime.stop(false);
    runtime = null;

    assertThat(opsSince(writes)).isEmpty();
    assertThat(kernel.destinations(service("192.0.2.10", 80))).hasSize(1);
  }

  private interface ThrowingSupplier<T> {
    T get() throws Exception;
  }

  private static <T> T uncheck(ThrowingSupplier<T> s) {
    try {
      return s.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
