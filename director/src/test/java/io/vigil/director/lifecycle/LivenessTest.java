package io.vigil.director.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LivenessTest {
  private static final long S = 1_000_000_000L;

  @Test
  void loopsWithinTheLimitAreAlive() {
    assertThat(
            Liveness.stuck(Map.of("vrrp_instance VI_1", 0L, "the IPVS conductor", 20 * S), 20 * S))
        .isEmpty();
  }

  @Test
  void aLoopQuietForLongerThanTheLimitIsNamedWithHowLong() {
    Map<String, Long> quiet = new LinkedHashMap<>();
    quiet.put("vrrp_instance VI_1", 100_000_000L);
    quiet.put("the health checks' event loops", 31 * S);
    quiet.put("the IPVS conductor", Long.MAX_VALUE);

    assertThat(Liveness.stuck(quiet, 20 * S))
        .containsExactly(
            "the health checks' event loops (quiet for 31 s)", "the IPVS conductor (stopped)");
  }
}
