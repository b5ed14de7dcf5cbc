package io.vigil.healthcheck;

import io.vigil.healthcheck.spec.CheckerKind;

/** What the health checks tell the rest of the director. */
public sealed interface HealthEvent {
  long atNs();

  /**
   * A real server's verdict changed: it became alive or dead, or its effective weight changed
   * (dynamic checkers). {@code weight} is the configured weight plus every dynamic checker's
   * adjustment, keepalived's {@code effective_weight}.
   */
  record RealServerChanged(String realServerId, boolean alive, int weight, String reason, long atNs)
      implements HealthEvent {}

  /** One checker went up or down (after its retries). */
  record CheckerChanged(CheckerRef checker, CheckerKind kind, boolean up, String reason, long atNs)
      implements HealthEvent {}

  /**
   * An alpha checker's first check failed: it stays down, nothing changes, but keepalived runs the
   * real server's {@code notify_down} then (its {@code has_run} epilogue).
   */
  record FirstCheckFailed(CheckerRef checker, CheckerKind kind, String reason, long atNs)
      implements HealthEvent {}

  /**
   * A failed check that changed nothing: a retry is scheduled, or ({@code log_all_failures}) an up
   * checker's failure worth a log line. {@code retryIt} of {@code retry} retries are used.
   */
  record CheckFailed(
      CheckerRef checker, CheckerKind kind, String reason, int retryIt, int retry, long atNs)
      implements HealthEvent {}

  /**
   * A checker was suspended or resumed (keepalived's {@code ha_suspend}: its virtual server's
   * address left or came back to this host). A suspended checker runs no check; its checker and its
   * real server keep the state they had.
   */
  record CheckerSuspended(CheckerRef checker, CheckerKind kind, boolean suspended, long atNs)
      implements HealthEvent {}
}
