package io.vigil.director.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.model.ProcessScheduling;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * keepalived's {@code max_auto_priority} steps: from normal scheduling to SCHED_RR 1, then one up
 * per late turn, never past the maximum; a thread already at {@code *_rt_priority} goes on from
 * there; 0 and -1 never raise.
 */
class AutoPriorityTest {
  @Test
  void stepsUpOneAtATimeToTheMaximum() {
    assertThat(AutoPriority.next(0, 3)).isEqualTo(1);
    assertThat(AutoPriority.next(1, 3)).isEqualTo(2);
    assertThat(AutoPriority.next(2, 3)).isEqualTo(3);
    assertThat(AutoPriority.next(3, 3)).isEqualTo(3);
    assertThat(AutoPriority.next(10, 3)).as("above the maximum already").isEqualTo(10);
  }

  @Test
  void onlyAMaximumAboveTheThreadsPriorityRaisesIt() {
    assertThat(auto(0, 0).enabled()).isFalse();
    assertThat(auto(0, -1).enabled()).isFalse();
    assertThat(auto(0, 5).enabled()).isTrue();
    assertThat(auto(5, 5).enabled()).as("vrrp_rt_priority 5, max 5").isFalse();
    assertThat(auto(5, 10).enabled()).isTrue();
    assertThat(auto(5, 10).current()).isEqualTo(5);
    assertThat(auto(0, 5).afterNs()).isEqualTo(250_000_000L);
  }

  private static AutoPriority auto(int rt, int max) {
    return new AutoPriority(
        new ProcessScheduling(0, rt, 10_000, List.of(), max, 250_000, false), "vrrp");
  }

  @Test
  void theProbeRunsEveryHalfDelayBetween10MsAnd1S() {
    assertThat(LateProbe.periodNs(1_000_000_000L)).isEqualTo(500_000_000L);
    assertThat(LateProbe.periodNs(200_000_000L)).isEqualTo(100_000_000L);
    assertThat(LateProbe.periodNs(1_000L)).isEqualTo(10_000_000L);
    assertThat(LateProbe.periodNs(10_000_000_000L)).isEqualTo(1_000_000_000L);
  }
}
