package io.vigil.config.parse;

import io.vigil.config.lang.Node;
import io.vigil.config.model.TimingOptions;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The checker options a virtual server, a real server and a checker share ({@code connect_timeout},
 * {@code retry}, {@code delay_before_retry}, {@code delay_loop}, {@code warmup}, {@code alpha}),
 * read the same way at each level. keepalived 2.2.7's ranges: {@code retry} at least 1 on a virtual
 * or real server ({@code check_parser.c} {@code vs_retry_handler()}), at least 0 in a checker
 * ({@code check_api.c} {@code retry_handler()}); {@code delay_loop} and {@code connect_timeout} at
 * least 1 µs, the others at least 0.
 */
final class TimingKeywords {
  private static final long DAY_US = 86_400 * Values.US_PER_S;

  /** What one level sets. */
  static final class Written {
    Long connectTimeoutUs;
    Integer retry;
    Long delayBeforeRetryUs;
    Long delayLoopUs;
    Long warmupUs;
    Boolean alpha;

    TimingOptions options() {
      return new TimingOptions(
          connectTimeoutUs == null ? OptionalLong.empty() : OptionalLong.of(connectTimeoutUs),
          retry == null ? OptionalInt.empty() : OptionalInt.of(retry),
          delayBeforeRetryUs == null ? OptionalLong.empty() : OptionalLong.of(delayBeforeRetryUs),
          delayLoopUs == null ? OptionalLong.empty() : OptionalLong.of(delayLoopUs),
          warmupUs == null ? OptionalLong.empty() : OptionalLong.of(warmupUs),
          Optional.ofNullable(alpha));
    }
  }

  private TimingKeywords() {}

  /**
   * Handles one of the shared keywords, written into {@code w}; false for another keyword. {@code
   * minRetry} is 1 for virtual and real servers, 0 for checkers; {@code connectTimeout} false for
   * MISC_CHECK, which has none.
   */
  static boolean handle(Node c, Written w, Values v, int minRetry, boolean connectTimeout) {
    switch (c.keyword()) {
      case "connect_timeout" -> {
        if (!connectTimeout) {
          return false;
        }
        GlobalParser.set(v.timerUs(c, 0, 1, DAY_US), t -> w.connectTimeoutUs = t);
      }
      case "retry" ->
          GlobalParser.set(
              v.integer(c, 0, minRetry, Integer.MAX_VALUE), t -> w.retry = t.intValue());
      case "delay_before_retry" ->
          GlobalParser.set(v.timerUs(c, 0, 0, DAY_US), t -> w.delayBeforeRetryUs = t);
      case "delay_loop" -> GlobalParser.set(v.timerUs(c, 0, 1, DAY_US), t -> w.delayLoopUs = t);
      case "warmup" -> GlobalParser.set(v.timerUs(c, 0, 0, DAY_US), t -> w.warmupUs = t);
      case "alpha" -> w.alpha = v.flag(c);
      default -> {
        return false;
      }
    }
    return true;
  }
}
