package io.vigil.healthcheck.core;

import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.spec.CheckTiming;

/**
 * One checker's rise/fall policy, keepalived's epilogue written once: a success brings a down
 * checker up at once; a failure of an up checker (or of a checker that has not run yet) is retried
 * {@code retry} times, {@code delay_before_retry} apart, before it goes down; a failure of a down
 * checker changes nothing. With {@code alpha} the checker starts down and a failure before its
 * first success is not retried. Pure: no clock, no I/O.
 */
final class CheckerRunner {
  /** What one result did to the checker. */
  enum Change {
    NONE,
    WENT_UP,
    WENT_DOWN,
    /** first result confirmed the initial state (keepalived's has_run) */
    CONFIRMED,
    RETRYING
  }

  /** The next check's delay from now, and what changed. */
  record Step(long nextDelayNs, Change change, String reason) {}

  final CheckTiming timing;
  private boolean up;
  private boolean hasRun;
  private int retryIt;
  private int requestedWeight;
  private boolean hasRequestedWeight;
  private int adjustment;

  CheckerRunner(CheckTiming timing) {
    this.timing = timing;
    this.up = !timing.alpha();
  }

  boolean up() {
    return up;
  }

  boolean hasRun() {
    return hasRun;
  }

  int retryIt() {
    return retryIt;
  }

  /** The weight the last success asked for (misc_dynamic), while it stands. */
  boolean hasRequestedWeight() {
    return hasRequestedWeight;
  }

  int requestedWeight() {
    return requestedWeight;
  }

  /** What the last success adds to the configured weight (FILE_CHECK), while it stands. */
  int adjustment() {
    return adjustment;
  }

  Step onResult(CheckResult result) {
    boolean firstRun = !hasRun;
    hasRun = true;
    if (result.up()) {
      retryIt = 0;
      hasRequestedWeight = result.weight().isPresent();
      requestedWeight = result.weight().orElse(0);
      adjustment = result.adjustment().orElse(0);
      if (!up) {
        up = true;
        return new Step(timing.delayLoopNs(), Change.WENT_UP, result.reason());
      }
      return new Step(
          timing.delayLoopNs(), firstRun ? Change.CONFIRMED : Change.NONE, result.reason());
    }
    if (up || firstRun) {
      if (retryIt >= timing.retry()) {
        int used = retryIt;
        retryIt = 0;
        hasRequestedWeight = false;
        requestedWeight = 0;
        adjustment = 0;
        String reason = used > 0 ? result.reason() + afterRetries(used) : result.reason();
        if (up) {
          up = false;
          return new Step(timing.delayLoopNs(), Change.WENT_DOWN, reason);
        }
        return new Step(timing.delayLoopNs(), Change.CONFIRMED, reason);
      }
      if (up) {
        retryIt++;
        return new Step(timing.delayBeforeRetryNs(), Change.RETRYING, result.reason());
      }
      // alpha: down before its first success; no retries (keepalived's epilogue)
      return new Step(timing.delayLoopNs(), Change.CONFIRMED, result.reason());
    }
    return new Step(timing.delayLoopNs(), Change.NONE, result.reason());
  }

  private static String afterRetries(int n) {
    return " after " + n + (n == 1 ? " retry" : " retries");
  }
}
