package io.vigil.healthcheck.spec;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Spec fixtures for the checker tests. The values are chosen by the tests, not defaults of this
 * module (it has none: keepalived's defaults live in the config module's {@code CheckerDefaults}).
 */
public final class TestSpecs {
  private TestSpecs() {}

  private static final long S = TimeUnit.SECONDS.toNanos(1);

  /** Timing for a checker of this kind with this delay_loop (5 s connect timeout, warmup 0). */
  public static CheckTiming timing(CheckerKind kind, long delayLoopNs) {
    int retry =
        switch (kind) {
          case DNS_CHECK -> 3;
          case MISC_CHECK -> 0;
          default -> 1;
        };
    long delayBeforeRetry =
        switch (kind) {
          case HTTP_GET, SSL_GET -> 3 * S;
          case DNS_CHECK -> delayLoopNs;
          default -> S;
        };
    return new CheckTiming(5 * S, retry, delayBeforeRetry, delayLoopNs, delayLoopNs, false, false);
  }

  /** {@link #timing(CheckerKind, long)} with a 60 s delay_loop. */
  public static CheckTiming timing(CheckerKind kind) {
    return timing(kind, 60 * S);
  }

  /** GET this path, accept 200-299. */
  public static HttpCheckSpec.UrlSpec url(String path) {
    return new HttpCheckSpec.UrlSpec(
        path,
        List.of(new HttpCheckSpec.StatusRange(200, 299)),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false);
  }

  /** HTTP_GET of these urls over HTTP/1.0, no virtualhost, no TLS. */
  public static HttpCheckSpec httpGet(
      ConnectSpec connect, CheckTiming timing, List<HttpCheckSpec.UrlSpec> urls) {
    return new HttpCheckSpec(
        connect,
        timing,
        urls,
        HttpCheckSpec.HttpProtocol.HTTP_1_0,
        Optional.empty(),
        false,
        Optional.empty());
  }

  /** TLS without SNI, CA or client certificate. */
  public static final HttpCheckSpec.Tls NO_TLS_OPTIONS =
      new HttpCheckSpec.Tls(
          false,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
}
