package io.vigil.healthcheck;

import io.vigil.healthcheck.spec.CheckerKind;

/**
 * Receives health events, in order, on one thread (the engine's control loop). It must not block:
 * hand slow work (IPVS changes, notify scripts) to another executor.
 */
@FunctionalInterface
public interface HealthListener {
  void onEvent(HealthEvent event);

  /**
   * Every check's result, before the events it causes (if any): what a status view shows as a real
   * server's last check. Called for each check (thousands a second with many real servers), so it
   * must be cheap; by default nothing is done.
   */
  default void onCheck(CheckerRef checker, CheckerKind kind, CheckResult result, long atNs) {}
}
