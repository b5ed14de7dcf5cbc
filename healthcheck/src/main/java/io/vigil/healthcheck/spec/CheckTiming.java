package io.vigil.healthcheck.spec;

import java.util.concurrent.TimeUnit;

/**
 * The options every checker shares that drive the runner: when to check, how often to retry, and
 * how a checker starts. Resolved values (keepalived's inheritance virtual server → real server →
 * checker is the caller's job); {@link #defaults(CheckerKind)} gives keepalived's defaults.
 *
 * @param connectTimeoutNs {@code connect_timeout} (default 5 s); for network checkers also the
 *     bound on waiting for each answer
 * @param retry {@code retry}: failed checks tolerated before an up checker goes down
 * @param delayBeforeRetryNs {@code delay_before_retry}: the delay before a retry check
 * @param delayLoopNs {@code delay_loop} (default 60 s): the delay between regular checks
 * @param warmupNs {@code warmup} (default {@code delay_loop}): the first check starts at a random
 *     point in {@code [0, warmup]}; 0 starts it at once
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

  /** keepalived's default {@code connect_timeout}. */
  public static final long DEFAULT_CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

  /** keepalived's default {@code delay_loop}. */
  public static final long DEFAULT_DELAY_LOOP_NS = TimeUnit.SECONDS.toNanos(60);

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

  /** keepalived's defaults for a checker of this type. */
  public static CheckTiming defaults(CheckerKind kind) {
    return new CheckTiming(
        DEFAULT_CONNECT_TIMEOUT_NS,
        kind.defaultRetry(),
        kind.defaultDelayBeforeRetryNs(DEFAULT_DELAY_LOOP_NS),
        DEFAULT_DELAY_LOOP_NS,
        DEFAULT_DELAY_LOOP_NS,
        false,
        false);
  }

  /**
   * keepalived's defaults for this type with this {@code delay_loop}: warmup and (for DNS_CHECK)
   * delay_before_retry follow it.
   */
  public static CheckTiming defaults(CheckerKind kind, long delayLoopNs) {
    return new CheckTiming(
        DEFAULT_CONNECT_TIMEOUT_NS,
        kind.defaultRetry(),
        kind.defaultDelayBeforeRetryNs(delayLoopNs),
        delayLoopNs,
        delayLoopNs,
        false,
        false);
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
