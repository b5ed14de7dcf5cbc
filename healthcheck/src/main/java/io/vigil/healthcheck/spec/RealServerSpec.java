package io.vigil.healthcheck.spec;

import java.util.List;

/**
 * A real server as the health checks see it: an identity chosen by the caller (the director uses
 * {@code "TCP 192.0.2.10:80 203.0.113.5:8080"}), its configured {@code weight}, whether its virtual
 * server has {@code omega}, and its checkers. It is alive only when every checker is up; a real
 * server without checkers is always alive.
 */
public record RealServerSpec(String id, int weight, boolean omega, List<CheckerSpec> checkers) {
  public RealServerSpec {
    checkers = List.copyOf(checkers);
    if (id.isEmpty()) {
      throw new IllegalArgumentException("empty real server id");
    }
  }
}
