package io.vigil.director.lvs;

import static io.vigil.director.lvs.LvsRuntimes.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.reconcile.InMemoryIpvsKernel;
import io.vigil.director.status.DirectorStatus;
import io.vigil.director.status.Metrics;
import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.CheckerRef;
import io.vigil.healthcheck.HealthEvent;
import io.vigil.healthcheck.spec.CheckerKind;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.ServiceKey;
import java.net.InetAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ha_suspend} in the IPVS half, with the address twin and the pure health core: the checkers
 * of a virtual server whose address is not on the host run no check; the real servers keep their
 * verdicts and the IPVS table stays as they say (keepalived 2.2.7 touches neither); the checks
 * resume when the address appears; a reload turns it on and off.
 */
class LvsRuntimeHaSuspendTest {
  private static final String RS = "192.0.2.10:80 198.51.100.2:80";
  private static final String OTHER = "192.0.2.11:80 198.51.100.3:80";
  private static final CheckerRef CHECK = new CheckerRef(RS, 0);

  private final InMemoryIpvsKernel kernel = new InMemoryIpvsKernel();
  private final InMemoryAddressWatch host = new InMemoryAddressWatch();
  private final Metrics metrics = new Metrics();
  private LvsRuntime runtime;
  private CoreHealthDriver health;
  private int checks;

  @AfterEach
  void stop() {
    runtime.stop(false);
  }

  private static String conf(boolean haSuspend) {
    return HaSuspendTest.vs("192.0.2.10 80", haSuspend, "198.51.100.2 80")
            .replace("TCP_CHECK {", "TCP_CHECK {\n retry 0")
        + HaSuspendTest.vs("192.0.2.11 80", false, "198.51.100.3 80");
  }

  private void start(boolean haSuspend) {
    LvsMapping.Result m = LvsRuntimes.map(conf(haSuspend));
    runtime = new LvsRuntime(m.model(), kernel, new LvsRuntime.Options(3_600_000, false), metrics);
    runtime.addressWatch(host::open);
    health = LvsRuntimes.start(runtime, m);
  }

  private void reload(boolean haSuspend) {
    LvsMapping.Result m = LvsRuntimes.map(conf(haSuspend));
    runtime.reload(m.model(), m.checks());
  }

  /** Runs the checks due over the next 10 delay_loops (60 s each); counts those of RS. */
  private void runFor10Loops(boolean up) {
    long until = health.nowNs() + 600_000_000_000L;
    for (int i = 0; i < 100 && health.nowNs() < until; i++) {
      health.runDueChecks(
          ref -> {
            if (ref.equals(CHECK)) {
              checks++;
            }
            return up ? CheckResult.up("connected") : CheckResult.down("refused");
          });
    }
  }

  private DirectorStatus.RealServer status(String id) {
    for (DirectorStatus.VirtualServer vs : runtime.status()) {
      for (DirectorStatus.RealServer r : vs.realServers()) {
        if (id.endsWith(" " + r.address())) {
          return r;
        }
      }
    }
    throw new AssertionError(id);
  }

  private boolean inKernel() throws Exception {
    ServiceKey vs = ServiceKey.of(io.vigil.netlink.ipvs.Protocol.TCP, ip("192.0.2.10"), 80);
    return kernel.destinations(vs).containsKey(new DestKey(ip("198.51.100.2"), 80));
  }

  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void withoutItsAddressTheCheckerNeverRunsAndTheRealServerStaysInTheTable() throws Exception {
    start(true);
    assertThat(host.opened).isEqualTo(1);
    assertThat(health.suspended(CHECK)).isTrue();
    assertThat(health.suspended(new CheckerRef(OTHER, 0))).isFalse();
    runFor10Loops(false);
    assertThat(checks).isZero();
    runtime.reconcile();
    assertThat(runtime.alive(RS)).isTrue();
    assertThat(inKernel()).as("programmed at its starting verdict, as keepalived does").isTrue();
    assertThat(status(RS).checksSuspended()).isTrue();
    assertThat(status(OTHER).checksSuspended()).isFalse();
    assertThat(metrics.scrape()).contains("vigil_real_servers_checks_suspended 1\n");
    assertThat(runtime.alive(OTHER)).as("the other virtual server's checks ran").isFalse();
  }

  @Test
  void theAddressAppearingResumesTheChecksAndItsRemovalSuspendsThemWithTheVerdictKept()
      throws Exception {
    start(true);
    host.add(2, "192.0.2.10");
    assertThat(health.suspended(CHECK)).isFalse();
    assertThat(status(RS).checksSuspended()).isFalse();
    assertThat(metrics.scrape()).contains("vigil_real_servers_checks_suspended 0\n");
    runFor10Loops(false);
    assertThat(checks).isPositive();
    assertThat(runtime.alive(RS)).isFalse();
    runtime.reconcile();
    assertThat(inKernel()).isFalse();

    host.remove(2, "192.0.2.10");
    assertThat(health.suspended(CHECK)).isTrue();
    int before = checks;
    runFor10Loops(true); // it would pass now, but it is not asked
    assertThat(checks).isEqualTo(before);
    assertThat(runtime.alive(RS)).as("down it was, down it stays").isFalse();
    runtime.reconcile();
    assertThat(inKernel()).isFalse();

    host.add(2, "192.0.2.10");
    runFor10Loops(true);
    assertThat(runtime.alive(RS)).isTrue();
    runtime.reconcile();
    assertThat(inKernel()).isTrue();
  }

  @Test
  void anAddressPresentAtStartLeavesTheChecksRunningAndAResyncIsFollowed() {
    host.add(2, "192.0.2.10");
    start(true);
    assertThat(health.suspended(CHECK)).isFalse();
    host.remove(2, "192.0.2.10");
    host.add(2, "192.0.2.10");
    assertThat(health.suspended(CHECK)).isFalse();
    host.remove(2, "192.0.2.10");
    assertThat(health.suspended(CHECK)).isTrue();
    host.resynchronise();
    assertThat(health.suspended(CHECK)).isTrue();
  }

  @Test
  void aReloadTurnsHaSuspendOnAndOffAndOpensTheWatchOnlyWhileNeeded() {
    start(false);
    assertThat(host.opened).as("no ha_suspend: no subscription").isZero();
    assertThat(health.suspended(CHECK)).isFalse();
    reload(true);
    assertThat(host.opened).isEqualTo(1);
    assertThat(health.suspended(CHECK)).isTrue();
    runFor10Loops(true);
    assertThat(checks).isZero();
    host.add(2, "192.0.2.10");
    assertThat(health.suspended(CHECK)).isFalse();
    host.remove(2, "192.0.2.10");
    reload(false);
    assertThat(health.suspended(CHECK)).isFalse();
    assertThat(host.closed).isEqualTo(1);
    runFor10Loops(true);
    assertThat(checks).isPositive();
  }

  /**
   * keepalived 2.2.7 (seen in the lab VM) deactivates the checkers when a reload turns ha_suspend
   * on while the address is there, until the address is deleted and added again; the address being
   * there, Vigil keeps them running.
   */
  @Test
  void aReloadTurningHaSuspendOnWhileTheAddressIsThereLeavesTheChecksRunning() {
    host.add(2, "192.0.2.10");
    start(false);
    reload(true);
    assertThat(health.suspended(CHECK)).isFalse();
    runFor10Loops(true);
    assertThat(checks).isPositive();
  }

  @Test
  void theLogLinesAreKeepalivedsWords() {
    Suspensions s = new Suspensions(host::open);
    LvsMapping.Result m = map(conf(true));
    s.start(m.model(), m.checks(), x -> {}, x -> {});
    assertThat(s.line(new HealthEvent.CheckerSuspended(CHECK, CheckerKind.TCP_CHECK, true, 0)))
        .isEqualTo(
            "Suspending healthchecker for service [198.51.100.2]:tcp:80 for VS"
                + " [192.0.2.10]:tcp:80");
    assertThat(s.line(new HealthEvent.CheckerSuspended(CHECK, CheckerKind.TCP_CHECK, false, 0)))
        .isEqualTo(
            "Activating healthchecker for service [198.51.100.2]:tcp:80 for VS"
                + " [192.0.2.10]:tcp:80");
    s.close();
    start(false); // for @AfterEach
  }
}
