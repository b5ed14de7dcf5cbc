package io.vigil.director.lvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.reconcile.InMemoryIpvsKernel;
import io.vigil.director.reconcile.TablePlan;
import io.vigil.director.status.Metrics;
import io.vigil.healthcheck.CheckResult;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.ServiceKey;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The drift repair's full pass reuses the desired table while the model, the verdicts and the
 * quorum are as they were, and computes it anew when one of them changed: an entry deleted behind
 * our back comes back either way, and a verdict or a quorum change between two passes is never lost
 * to the reuse.
 */
class LvsRuntimeDriftTest {

  private final InMemoryIpvsKernel kernel = new InMemoryIpvsKernel();
  private LvsRuntime runtime;
  private CoreHealthDriver health;

  @AfterEach
  void stop() {
    runtime.stop(false);
  }

  private static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }

  private List<String> destinations() {
    ServiceKey vs = kernel.serviceKeys().iterator().next();
    return kernel.destinations(vs).entrySet().stream()
        .map(e -> e.getKey().address().getHostAddress() + " " + e.getValue().weight())
        .sorted()
        .toList();
  }

  /** Deletes a destination as {@code ipvsadm -d} would, not through the runtime. */
  private void deleteBehindItsBack(String address) {
    ServiceKey vs = kernel.serviceKeys().iterator().next();
    DestKey d = new DestKey(ip(address), 80);
    kernel.apply(List.of(new TablePlan.DeleteDestination<>(vs, d)));
  }

  @Test
  void driftIsRepairedAndNoChangeBetweenPassesIsLost() {
    LvsMapping.Result m = LvsRuntimes.map(LvsRuntimeStatusTest.CONF);
    runtime =
        new LvsRuntime(m.model(), kernel, new LvsRuntime.Options(3_600_000, false), new Metrics());
    health = LvsRuntimes.start(runtime, m);
    health.runEveryCheck(ref -> CheckResult.up("connected"));
    runtime.reconcile();
    assertThat(destinations()).containsExactly("203.0.113.5 2", "203.0.113.6 1");

    deleteBehindItsBack("203.0.113.6");
    runtime.reconcile(); // nothing changed here: the same desired table
    assertThat(destinations()).containsExactly("203.0.113.5 2", "203.0.113.6 1");

    // a verdict, then a deletion behind our back before the next full pass
    health.runEveryCheck(LvsRuntimes.downOnly(m.checks().get(1).id()));
    deleteBehindItsBack("203.0.113.5");
    runtime.reconcile();
    assertThat(destinations())
        .as("203.0.113.6 down: the quorum (3) is lost, the sorry server serves")
        .containsExactly("203.0.113.99 1");

    health.runEveryCheck(ref -> CheckResult.up("connected"));
    deleteBehindItsBack("203.0.113.99");
    runtime.reconcile();
    assertThat(destinations()).containsExactly("203.0.113.5 2", "203.0.113.6 1");
  }
}
