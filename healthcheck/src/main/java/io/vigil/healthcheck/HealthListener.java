package io.vigil.healthcheck;

/**
 * Receives health events, in order, on one thread (the engine's control loop). It must not block:
 * hand slow work (IPVS changes, notify scripts) to another executor.
 */
@FunctionalInterface
public interface HealthListener {
  void onEvent(HealthEvent event);
}
