package io.vigil.healthcheck.net;

import io.vigil.healthcheck.CheckResult;
import java.util.function.Consumer;

/**
 * One checker: runs one check and reports its result exactly once, within its own timeouts. It
 * never blocks the calling thread (an event loop) and holds nothing between checks.
 */
public interface Checker {
  /** Starts one check; {@code done} is called once, on any thread. */
  void check(Consumer<CheckResult> done);
}
