package io.vigil.director.lvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.CheckerRef;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Function;

/**
 * What the {@link LvsRuntime} tests share: a config text loaded and mapped (without an error), a
 * runtime started on the pure health core ({@link CoreHealthDriver}), and check outcomes.
 */
final class LvsRuntimes {
  static final Environment ENV = Environment.fixed("dir1", Set.of("eth0"));

  private LvsRuntimes() {}

  /** {@code text} loaded on {@link #ENV} and mapped; fails the test on an error. */
  static LvsMapping.Result map(String text) {
    LoadResult r = ConfigLoader.loadString(text, "test.conf", Path.of("."), ENV);
    assertThat(r.diagnostics()).noneMatch(d -> d.toString().contains("error"));
    LvsMapping.Result m = LvsMapping.map(r.config());
    assertThat(m.errors()).isEmpty();
    return m;
  }

  /** Starts {@code runtime} with {@code m}'s checks on the pure health core, which it returns. */
  static CoreHealthDriver start(LvsRuntime runtime, LvsMapping.Result m) {
    CoreHealthDriver[] health = new CoreHealthDriver[1];
    runtime.start(m.checks(), listener -> health[0] = new CoreHealthDriver(m.checks(), listener));
    assertThat(health[0]).as("the health driver, made by start").isNotNull();
    return health[0];
  }

  /** Every check passes but those of {@code realServerId}. */
  static Function<CheckerRef, CheckResult> downOnly(String realServerId) {
    return ref ->
        ref.realServerId().equals(realServerId)
            ? CheckResult.down("connection refused")
            : CheckResult.up("connected");
  }
}
