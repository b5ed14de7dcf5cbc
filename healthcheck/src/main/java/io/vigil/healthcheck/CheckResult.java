package io.vigil.healthcheck;

import java.util.OptionalInt;

/**
 * The outcome of one check. A failed check carries the reason an operator reads ("HTTP 503 on
 * /health", "connect timeout after 3 s"); a successful dynamic check ({@code misc_dynamic}) may
 * carry the weight it asks for.
 */
public record CheckResult(boolean up, String reason, OptionalInt weight) {
  public CheckResult {
    if (!up && weight.isPresent()) {
      throw new IllegalArgumentException("a failed check sets no weight");
    }
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
