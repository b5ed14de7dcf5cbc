package io.vigil.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** CheckerRef's hand-written equals and hashCode say what the record's own would. */
class CheckerRefTest {
  @Test
  void equalExactlyWhenBothComponentsAreAndThenWithTheSameHash() {
    String[] ids = {"a", "b", null};
    for (String id1 : ids) {
      for (String id2 : ids) {
        for (int i = 0; i < 2; i++) {
          for (int j = 0; j < 2; j++) {
            CheckerRef x = new CheckerRef(id1, i);
            // a fresh string: equal by value, not by identity
            CheckerRef y = new CheckerRef(id2 == null ? null : new String(id2), j);
            boolean same = java.util.Objects.equals(id1, id2) && i == j;
            assertThat(x.equals(y)).as("%s vs %s", x, y).isEqualTo(same);
            assertThat(y.equals(x)).as("%s vs %s", y, x).isEqualTo(same);
            if (same) {
              assertThat(x.hashCode()).isEqualTo(y.hashCode());
            }
          }
        }
      }
    }
    assertThat(new CheckerRef("a", 0).equals(null)).isFalse();
    assertThat(new CheckerRef("a", 0).equals("a #0")).isFalse();
  }
}
