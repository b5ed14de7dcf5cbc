package io.vigil.director.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which of the director's loops have stopped turning. Each loop (a VRRP instance's, the IPVS
 * conductor, the health checks' event loops) reports how long it has gone without a turn; one quiet
 * for longer than the limit is stuck, and the watchdog keep-alive is withheld while any is, so
 * systemd restarts a director that still answers signals but no longer does its work.
 */
public final class Liveness {
  private Liveness() {}

  /**
   * The loops quiet for longer than {@code limitNs}, as "NAME (quiet for N s)" ("stopped" for a
   * loop that reports it will never turn again), in the order given.
   */
  public static List<String> stuck(Map<String, Long> quietNs, long limitNs) {
    List<String> out = new ArrayList<>();
    quietNs.forEach(
        (name, quiet) -> {
          if (quiet > limitNs) {
            out.add(
                quiet == Long.MAX_VALUE
                    ? name + " (stopped)"
                    : name + " (quiet for " + quiet / 1_000_000_000L + " s)");
          }
        });
    return List.copyOf(out);
  }
}
