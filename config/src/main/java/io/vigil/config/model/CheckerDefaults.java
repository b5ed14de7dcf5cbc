package io.vigil.config.model;

/**
 * keepalived 2.2.7's checker defaults, the one table Vigil has: the config model is filled from it,
 * and the director maps the model's values to the health checks without defaults of its own.
 * Sources are keepalived 2.2.7's {@code keepalived/check/*.c} (function names given) and
 * keepalived.conf(5).
 *
 * <p>Inheritance ({@code check_data.c} {@code validate_check_config()}): an option a checker does
 * not set comes from its real server, which takes what it does not set from its virtual server;
 * only then does the checker type's default apply. The virtual server's defaults are set when it is
 * allocated ({@code alloc_vs()}): connect_timeout 5 s and delay_loop 60 s; retry, warmup and
 * delay_before_retry stay unset there, so their defaults depend on the checker.
 */
public final class CheckerDefaults {
  private CheckerDefaults() {}

  private static final long US_PER_S = 1_000_000L;

  /** {@code connect_timeout}: 5 s ({@code alloc_vs()}: {@code connection_to = 5 * TIMER_HZ}). */
  public static final long CONNECT_TIMEOUT_US = 5 * US_PER_S;

  /** {@code delay_loop}: 60 s ({@code alloc_vs()}: {@code KEEPALIVED_DEFAULT_DELAY}). */
  public static final long DELAY_LOOP_US = 60 * US_PER_S;

  /** {@code alpha}: off ({@code alloc_vs()}: {@code alpha = false}). */
  public static final boolean ALPHA = false;

  /** SMTP_CHECK {@code helo_name} ({@code check_smtp.h} {@code SMTP_DEFAULT_HELO}). */
  public static final String SMTP_HELO_NAME = "smtpchecker.keepalived.org";

  /** DNS_CHECK {@code type} ({@code check_dns.h} {@code DNS_DEFAULT_TYPE}: SOA). */
  public static final String DNS_TYPE = "SOA";

  /** DNS_CHECK {@code name}: the root ({@code check_dns.h} {@code DNS_DEFAULT_NAME ""}). */
  public static final String DNS_NAME = "";

  /** UDP_CHECK {@code min_reply_length} ({@code check_udp.c} {@code udp_check_handler()}). */
  public static final int UDP_MIN_REPLY_LENGTH = 0;

  /** UDP_CHECK {@code max_reply_length}: 255 ({@code udp_check_handler()}: UINT8_MAX). */
  public static final int UDP_MAX_REPLY_LENGTH = 255;

  /** HTTP_GET / SSL_GET {@code http_protocol} ({@code check_http.c}: HTTP_PROTOCOL_1_0). */
  public static final String HTTP_PROTOCOL = "1.0";

  /** A url's {@code status_code} when none is listed ({@code check_http.h}: 200-299). */
  public static final int HTTP_STATUS_MIN = 200;

  public static final int HTTP_STATUS_MAX = 299;

  /** FILE_CHECK {@code weight} multiplier (keepalived.conf(5), {@code check_file.c}). */
  public static final int FILE_WEIGHT = 1;

  /**
   * {@code retry} when no level sets it: 1 ({@code check_api.c} {@code queue_checker()}), 0 for
   * MISC_CHECK ({@code check_misc.c} {@code misc_check_handler()}), 3 for DNS_CHECK ({@code
   * check_dns.c}: {@code DNS_DEFAULT_RETRY}). keepalived.conf(5) says the same.
   */
  public static int retry(Checker.Kind kind) {
    return switch (kind) {
      case MISC_CHECK -> 0;
      case DNS_CHECK -> 3;
      default -> 1;
    };
  }

  /**
   * {@code delay_before_retry} when no level sets it: 1 s ({@code queue_checker()}), 3 s for
   * HTTP_GET and SSL_GET ({@code check_http.c} {@code http_get_handler()}), the checker's
   * delay_loop for DNS_CHECK ({@code check_dns.c} sets 0, which {@code validate_check_config()}
   * replaces with the delay_loop). keepalived.conf(5) says the same.
   */
  public static long delayBeforeRetryUs(Checker.Kind kind, long checkerDelayLoopUs) {
    return switch (kind) {
      case HTTP_GET, SSL_GET -> 3 * US_PER_S;
      case DNS_CHECK -> checkerDelayLoopUs;
      default -> US_PER_S;
    };
  }

  /**
   * {@code warmup} when no level sets it: the checker's delay_loop ({@code
   * validate_check_config()}; keepalived.conf(5): "Enabled by default, with the maximum at
   * delay_loop").
   */
  public static long warmupUs(long checkerDelayLoopUs) {
    return checkerDelayLoopUs;
  }

  /**
   * MISC_CHECK {@code misc_timeout} when unset or 0: the virtual server's delay_loop, not the
   * checker's ({@code check_misc.c} {@code misc_check_thread()}: {@code timeout ? timeout :
   * checker->vs->delay_loop}).
   */
  public static long miscTimeoutUs(long virtualServerDelayLoopUs) {
    return virtualServerDelayLoopUs;
  }

  /** A virtual server's own delay_loop: as written, else {@link #DELAY_LOOP_US}. */
  public static long virtualServerDelayLoopUs(TimingOptions vs) {
    return vs.delayLoopUs().orElse(DELAY_LOOP_US);
  }

  /** The values a checker runs with. */
  public record Resolved(
      long connectTimeoutUs,
      int retry,
      long delayBeforeRetryUs,
      long delayLoopUs,
      long warmupUs,
      boolean alpha) {}

  /**
   * Resolves a checker's options keepalived's way: the checker's own value, else its real server's,
   * else its virtual server's, else the default of its kind.
   */
  public static Resolved resolve(
      Checker.Kind kind, TimingOptions vs, TimingOptions rs, TimingOptions checker) {
    long delayLoop =
        first(checker.delayLoopUs(), rs.delayLoopUs(), vs.delayLoopUs(), DELAY_LOOP_US);
    int retry =
        checker.retry().orElse(rs.retry().orElse(vs.retry().orElse(CheckerDefaults.retry(kind))));
    return new Resolved(
        first(
            checker.connectTimeoutUs(),
            rs.connectTimeoutUs(),
            vs.connectTimeoutUs(),
            CONNECT_TIMEOUT_US),
        retry,
        first(
            checker.delayBeforeRetryUs(),
            rs.delayBeforeRetryUs(),
            vs.delayBeforeRetryUs(),
            delayBeforeRetryUs(kind, delayLoop)),
        delayLoop,
        first(checker.warmupUs(), rs.warmupUs(), vs.warmupUs(), warmupUs(delayLoop)),
        checker.alpha().orElse(rs.alpha().orElse(vs.alpha().orElse(ALPHA))));
  }

  private static long first(
      java.util.OptionalLong a, java.util.OptionalLong b, java.util.OptionalLong c, long dflt) {
    return a.orElse(b.orElse(c.orElse(dflt)));
  }
}
