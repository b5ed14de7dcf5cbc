package io.vigil.healthcheck.spec;

/**
 * The options every checker shares that drive the runner: when to check, how often to retry, and
 * how a checker starts. Every value is given: keepalived's defaults and its inheritance (virtual
 * server → real server → checker) are resolved by the config module's {@code CheckerDefaults}, the
 * one table of them, before a spec is built.
 *
 * @param connectTimeoutNs {@code connect_timeout}; for network checkers also the bound on waiting
 *     for each answer
 * @param retry {@code retry}: failed checks tolerated before an up checker goes down
 * @param delayBeforeRetryNs {@code delay_before_retry}: the delay before a retry check
 * @param delayLoopNs {@code delay_loop}: the delay between regular checks
 * @param warmupNs {@code warmup}: the first check starts at a random point in {@code [0, warmup]};
 *     0 starts it at once
 * @param alpha {@code alpha}: the checker starts down and needs one success to go up
 * @param logAllFailures {@code log_all_failures}: report every failed check of an up checker, not
 *     only the one that takes it down
 */
public record CheckTiming(
    long connectTimeoutNs,
    int retry,
    long delayBeforeRetryNs,
    long delayLoopNs,
    long warmupNs,
    boolean alpha,
    boolean logAllFailures) {

  public CheckTiming {
    if (connectTimeoutNs <= 0) {
      throw new IllegalArgumentException("connect_timeout must be > 0: " + connectTimeoutNs);
    }
    if (retry < 0) {
      throw new IllegalArgumentException("retry must be >= 0: " + retry);
    }
    if (delayBeforeRetryNs < 0 || warmupNs < 0) {
      throw new IllegalArgumentException("negative delay_before_retry or warmup");
    }
    if (delayLoopNs <= 0) {
      throw new IllegalArgumentException("delay_loop must be > 0: " + delayLoopNs);
    }
  }

  public CheckTiming withConnectTimeoutNs(long v) {
    return new CheckTiming(
        v, retry, delayBeforeRetryNs, delayLoopNs, warmupNs, alpha, logAllFailures);
  }

  public CheckTiming withRetry(int v) {
    return new CheckTiming(
        connectTimeoutNs, v, delayBeforeRetryNs, delayLoopNs, warmupNs, alpha, logAllFailures);
  }

  public CheckTiming withDelayBeforeRetryNs(long v) {
    return new CheckTiming(
        connectTimeoutNs, retry, v, delayLoopNs, warmupNs, alpha, logAllFailures);
  }

  public CheckTiming withDelayLoopNs(long v) {
    return new CheckTiming(
        connectTimeoutNs, retry, delayBeforeRetryNs, v, warmupNs, alpha, logAllFailures);
  }

  public CheckTiming withWarmupNs(long v) {
    return new CheckTiming(
        connectTimeoutNs, retry, delayBeforeRetryNs, delayLoopNs, v, alpha, logAllFailures);
  }

  public CheckTiming withAlpha(boolean v) {
    return new CheckTiming(
        connectTimeoutNs, retry, delayBeforeRetryNs, delayLoopNs, warmupNs, v, logAllFailures);
  }

  public CheckTiming withLogAllFailures(boolean v) {
    return new CheckTiming(
        connectTimeoutNs, retry, delayBeforeRetryNs, delayLoopNs, warmupNs, alpha, v);
  }
}
