package io.vigil.healthcheck.net;

import static io.vigil.healthcheck.net.Checks.once;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.spec.CheckTiming;
import io.vigil.healthcheck.spec.CheckerKind;
import io.vigil.healthcheck.spec.MiscCheckSpec;
import io.vigil.healthcheck.spec.TestSpecs;
import io.vigil.kernel.process.ScriptRunner;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** MISC_CHECK's {@code user}: the script runs as that user (needs root, as keepalived does). */
class MiscUserIT {
  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  @Test
  void theScriptRunsAsTheConfiguredUser() {
    Assumptions.assumeTrue(root(), "MISC_CHECK user needs root");
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    try (ScriptRunner runner = new ScriptRunner(2, timers)) {
      CheckTiming t = TestSpecs.timing(CheckerKind.MISC_CHECK);
      MiscCheckSpec asNobody =
          new MiscCheckSpec(
              List.of("/bin/sh", "-c", "exit $(( $(id -u) == 65534 ? 0 : 1 ))"),
              10_000_000_000L,
              false,
              Optional.of("nobody"),
              t);
      assertThat(once(new MiscChecker(asNobody, runner))).isEqualTo(CheckResult.up("exit 0"));
      MiscCheckSpec asRoot =
          new MiscCheckSpec(
              List.of("/bin/sh", "-c", "exit $(( $(id -u) == 65534 ? 0 : 1 ))"),
              10_000_000_000L,
              false,
              Optional.empty(),
              t);
      assertThat(once(new MiscChecker(asRoot, runner)))
          .isEqualTo(CheckResult.down("exit status 1"));
    } finally {
      timers.shutdownNow();
    }
  }
}
