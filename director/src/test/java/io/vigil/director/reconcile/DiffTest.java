package io.vigil.director.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class DiffTest {
  @Test
  void sortsKeysIntoAddedRemovedChangedAndUnchanged() {
    Diff<String, Integer> d =
        Diff.of(Map.of("a", 1, "b", 2, "c", 3), Map.of("b", 2, "c", 30, "d", 4));
    assertThat(d.added()).containsExactly(Map.entry("d", 4));
    assertThat(d.removed()).containsExactly(Map.entry("a", 1));
    assertThat(d.changed()).containsExactly(Map.entry("c", new Diff.Change<>(3, 30)));
    assertThat(d.unchanged()).containsExactly(Map.entry("b", 2));
    assertThat(d.isEmpty()).isFalse();
  }

  @Test
  void equalMapsGiveAnEmptyDiff() {
    assertThat(Diff.of(Map.of("a", 1), Map.of("a", 1)).isEmpty()).isTrue();
  }

  /** Each part keeps the order of the map its values come from (the reconciler's writes, logs). */
  @Test
  void keepsTheOrderOfTheMapsCompared() {
    Map<String, Integer> before = new LinkedHashMap<>();
    Map<String, Integer> after = new LinkedHashMap<>();
    for (int i = 30; i > 0; i--) {
      before.put("gone" + i, i);
      before.put("kept" + i, i);
      before.put("edited" + i, i);
      after.put("new" + i, i);
      after.put("edited" + i, -i);
      after.put("kept" + i, i);
    }
    Diff<String, Integer> d = Diff.of(before, after);
    assertThat(d.added().keySet()).containsExactlyElementsOf(keys("new"));
    assertThat(d.removed().keySet()).containsExactlyElementsOf(keys("gone"));
    assertThat(d.changed().keySet()).containsExactlyElementsOf(keys("edited"));
    assertThat(d.unchanged().keySet()).containsExactlyElementsOf(keys("kept"));
  }

  private static List<String> keys(String prefix) {
    List<String> out = new ArrayList<>();
    for (int i = 30; i > 0; i--) {
      out.add(prefix + i);
    }
    return out;
  }

  /** Applying a diff to the old map always yields the new one. */
  @RepeatedTest(50)
  void applyingTheDiffReproducesTheNewMap(RepetitionInfo rep) {
    Random rnd = new Random(7919L * rep.getCurrentRepetition());
    Map<Integer, Integer> before = randomMap(rnd);
    Map<Integer, Integer> after = randomMap(rnd);
    Diff<Integer, Integer> d = Diff.of(before, after);
    Map<Integer, Integer> applied = new HashMap<>(before);
    d.removed().keySet().forEach(applied::remove);
    applied.putAll(d.added());
    d.changed().forEach((k, c) -> applied.put(k, c.after()));
    assertThat(applied).isEqualTo(after);
    assertThat(d.differingKeys())
        .hasSize(d.added().size() + d.removed().size() + d.changed().size());
    assertThat(List.copyOf(d.unchanged().keySet()))
        .allMatch(k -> before.get(k).equals(after.get(k)));
  }

  private static Map<Integer, Integer> randomMap(Random rnd) {
    Map<Integer, Integer> m = new HashMap<>();
    int n = rnd.nextInt(20);
    for (int i = 0; i < n; i++) {
      m.put(rnd.nextInt(30), rnd.nextInt(3));
    }
    return m;
  }
}
