package io.vigil.director.lvs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** LvsRuntime.Verdict's hand-written equals and hashCode say what the record's own would. */
class VerdictTest {
  @Test
  void equalExactlyWhenBothComponentsAreAndThenWithTheSameHash() {
    boolean[] alive = {true, false};
    int[] weights = {0, 1, 2};
    for (boolean a1 : alive) {
      for (boolean a2 : alive) {
        for (int w1 : weights) {
          for (int w2 : weights) {
            LvsRuntime.Verdict x = new LvsRuntime.Verdict(a1, w1);
            LvsRuntime.Verdict y = new LvsRuntime.Verdict(a2, w2);
            boolean same = a1 == a2 && w1 == w2;
            assertThat(x.equals(y)).as("%s vs %s", x, y).isEqualTo(same);
            if (same) {
              assertThat(x.hashCode()).isEqualTo(y.hashCode());
            }
          }
        }
      }
    }
    assertThat(new LvsRuntime.Verdict(true, 1).equals(null)).isFalse();
  }
}
