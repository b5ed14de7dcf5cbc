package io.vigil.config.model;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The checker options a {@code virtual_server}, a {@code real_server} or a checker may set, as
 * written at that level: empty where the level does not set them (so "unset" and "set to the
 * default" stay apart). {@link CheckerDefaults#resolve} turns the three levels into the values a
 * checker runs with.
 */
public record TimingOptions(
    OptionalLong connectTimeoutUs,
    OptionalInt retry,
    OptionalLong delayBeforeRetryUs,
    OptionalLong delayLoopUs,
    OptionalLong warmupUs,
    Optional<Boolean> alpha) {
  /** Nothing set. */
  public static final TimingOptions NONE =
      new TimingOptions(
          OptionalLong.empty(),
          OptionalInt.empty(),
          OptionalLong.empty(),
          OptionalLong.empty(),
          OptionalLong.empty(),
          Optional.empty());
}
