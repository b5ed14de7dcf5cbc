package io.vigil.healthcheck;

import java.util.OptionalInt;

/**
 * The outcome of one check. A failed check carries the reason an operator reads ("HTTP 503 on
 * /health", "connect timeout after 3 s"); a successful dynamic check may carry the weight it asks
 * for ({@code misc_dynamic}: {@code weight}) or an amount to add to the configured weight
 * (FILE_CHECK: {@code adjustment}).
 */
public record CheckResult(boolean up, String reason, OptionalInt weight, OptionalInt adjustment) {
  public CheckResult {
    if (!up && (weight.isPresent() || adjustment.isPresent())) {
      throw new IllegalArgumentException("a failed check sets no weight");
    }
    if (weight.isPresent() && adjustment.isPresent()) {
      throw new IllegalArgumentException("a weight or an adjustment, not both");
    }
  }

  public CheckResult(boolean up, String reason, OptionalInt weight) {
    this(up, reason, weight, OptionalInt.empty());
  }

  /** A successful check that adds {@code adjustment} to the real server's weight (FILE_CHECK). */
  public static CheckResult upAdjusting(int adjustment, String detail) {
    return new CheckResult(true, detail, OptionalInt.empty(), OptionalInt.of(adjustment));
  }

  /** A successful check. */
  public static CheckResult up(String detail) {
    return new CheckResult(true, detail, OptionalInt.empty());
  }

  /** A successful check that sets the real server's weight ({@code misc_dynamic}). */
  public static CheckResult upWithWeight(int weight, String detail) {
    return new CheckResult(true, detail, OptionalInt.of(weight));
  }

  /** A failed check, with the reason. */
  public static CheckResult down(String reason) {
    return new CheckResult(false, reason, OptionalInt.empty());
  }
}
