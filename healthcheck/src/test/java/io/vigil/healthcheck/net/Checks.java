package io.vigil.healthcheck.net;

import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.spec.CheckTiming;
import io.vigil.healthcheck.spec.CheckerKind;
import io.vigil.healthcheck.spec.TestSpecs;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Test helpers: run one check and wait (bounded) for its single result. */
final class Checks {
  static final long MS = 1_000_000L;

  private Checks() {}

  static CheckResult once(Checker c) {
    CompletableFuture<CheckResult> f = new CompletableFuture<>();
    c.check(
        r -> {
          if (!f.complete(r)) {
            throw new AssertionError("a checker reported twice: " + r);
          }
        });
    return f.orTimeout(20, TimeUnit.SECONDS).join();
  }

  /** Short timeouts so failing checks fail fast. */
  static CheckTiming timing(CheckerKind kind, long connectTimeoutMs) {
    return TestSpecs.timing(kind).withConnectTimeoutNs(connectTimeoutMs * MS);
  }
}
