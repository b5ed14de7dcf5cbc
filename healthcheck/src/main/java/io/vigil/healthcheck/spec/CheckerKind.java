package io.vigil.healthcheck.spec;

import java.util.concurrent.TimeUnit;

/**
 * keepalived's checker types, with the per-type defaults keepalived.conf(5) documents: {@code
 * retry} is 1 except DNS_CHECK (3) and MISC_CHECK (0); {@code delay_before_retry} is 3 s for
 * HTTP_GET and SSL_GET, {@code delay_loop} for DNS_CHECK and 1 s otherwise.
 */
public enum CheckerKind {
  TCP_CHECK,
  HTTP_GET,
  SSL_GET,
  MISC_CHECK,
  SMTP_CHECK,
  DNS_CHECK,
  UDP_CHECK,
  PING_CHECK,
  FILE_CHECK;

  /** keepalived's default {@code retry} for this checker type. */
  public int defaultRetry() {
    return switch (this) {
      case DNS_CHECK -> 3;
      case MISC_CHECK -> 0;
      default -> 1;
    };
  }

  /**
   * keepalived's default {@code delay_before_retry} for this type, given the {@code delay_loop}.
   */
  public long defaultDelayBeforeRetryNs(long delayLoopNs) {
    return switch (this) {
      case HTTP_GET, SSL_GET -> TimeUnit.SECONDS.toNanos(3);
      case DNS_CHECK -> delayLoopNs;
      default -> TimeUnit.SECONDS.toNanos(1);
    };
  }
}
