package io.vigil.director.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.reconcile.TablePlan.AddDestination;
import io.vigil.director.reconcile.TablePlan.AddService;
import io.vigil.director.reconcile.TablePlan.DeleteDestination;
import io.vigil.director.reconcile.TablePlan.DeleteService;
import io.vigil.director.reconcile.TablePlan.EditDestination;
import io.vigil.director.reconcile.TablePlan.EditService;
import io.vigil.director.reconcile.TablePlan.Op;
import io.vigil.director.reconcile.TablePlan.Service;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class TablePlanTest {
  // service key -> scheduler; destination key -> weight
  private static Map<String, Service<String, String, Integer>> table(Object... kv) {
    Map<String, Service<String, String, Integer>> t = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 3) {
      @SuppressWarnings("unchecked")
      Map<String, Integer> d = (Map<String, Integer>) kv[i + 2];
      t.put((String) kv[i], new Service<>((String) kv[i + 1], d));
    }
    return t;
  }

  @Test
  void anUnchangedTableNeedsNoOperationAtAll() {
    var t = table("TCP 192.0.2.10:80", "wrr", Map.of("203.0.113.5:80", 1));
    assertThat(TablePlan.plan(t, t, k -> true).ops()).isEmpty();
  }

  @Test
  void changedSettingsAreEditsNeverDeleteAndAdd() {
    var actual = table("vs", "rr", Map.of("a", 1, "b", 1));
    var desired = table("vs", "wrr", Map.of("a", 0, "b", 1));
    assertThat(TablePlan.plan(desired, actual, k -> true).ops())
        .containsExactly(
            new EditService<>("vs", "rr", "wrr"), new EditDestination<>("vs", "a", 1, 0));
  }

  @Test
  void additionsComeFirstAndDeletionsLast() {
    var actual = table("old", "rr", Map.of("x", 1), "vs", "rr", Map.of("a", 1));
    var desired = table("vs", "rr", Map.of("b", 2), "new", "sh", Map.of("c", 1));
    var ops = TablePlan.plan(desired, actual, k -> true).ops();
    assertThat(ops)
        .containsExactly(
            new AddService<>("new", "sh"),
            new AddDestination<>("vs", "b", 2),
            new AddDestination<>("new", "c", 1),
            new DeleteDestination<>("vs", "a"),
            new DeleteService<>("old"));
  }

  @Test
  void servicesTheConfigDoesNotOwnAreReportedAndLeftAlone() {
    var actual = table("by-hand", "rr", Map.of("x", 1));
    var result = TablePlan.plan(table(), actual, k -> !k.equals("by-hand"));
    assertThat(result.ops()).isEmpty();
    assertThat(result.foreign()).containsExactly("by-hand");
  }

  /** Applying the plan to the actual table always yields the desired one (owned services). */
  @RepeatedTest(200)
  void applyingThePlanYieldsTheDesiredTable(RepetitionInfo rep) {
    Random rnd = new Random(104729L * rep.getCurrentRepetition());
    var actual = randomTable(rnd);
    var desired = randomTable(rnd);
    var ops = TablePlan.plan(desired, actual, k -> true).ops();
    Map<String, String> svc = new HashMap<>();
    Map<String, Map<String, Integer>> dst = new HashMap<>();
    actual.forEach(
        (k, v) -> {
          svc.put(k, v.settings());
          dst.put(k, new HashMap<>(v.destinations()));
        });
    for (Op<String, String, String, Integer> op : ops) {
      if (op instanceof AddService<String, String, String, Integer> a) {
        assertThat(svc).doesNotContainKey(a.service());
        svc.put(a.service(), a.settings());
        dst.put(a.service(), new HashMap<>());
      } else if (op instanceof EditService<String, String, String, Integer> e) {
        svc.put(e.service(), e.after());
      } else if (op instanceof DeleteService<String, String, String, Integer> d) {
        svc.remove(d.service());
        dst.remove(d.service());
      } else if (op instanceof AddDestination<String, String, String, Integer> a) {
        assertThat(dst.get(a.service())).doesNotContainKey(a.destination());
        dst.get(a.service()).put(a.destination(), a.settings());
      } else if (op instanceof EditDestination<String, String, String, Integer> e) {
        dst.get(e.service()).put(e.destination(), e.after());
      } else if (op instanceof DeleteDestination<String, String, String, Integer> d) {
        dst.get(d.service()).remove(d.destination());
      }
    }
    Map<String, String> wantSvc = new HashMap<>();
    Map<String, Map<String, Integer>> wantDst = new HashMap<>();
    desired.forEach(
        (k, v) -> {
          wantSvc.put(k, v.settings());
          wantDst.put(k, v.destinations());
        });
    assertThat(svc).isEqualTo(wantSvc);
    assertThat(dst).isEqualTo(wantDst);
  }

  private static Map<String, Service<String, String, Integer>> randomTable(Random rnd) {
    Map<String, Service<String, String, Integer>> t = new HashMap<>();
    for (int s = 0; s < rnd.nextInt(5); s++) {
      Map<String, Integer> d = new HashMap<>();
      for (int i = 0; i < rnd.nextInt(4); i++) {
        d.put("d" + rnd.nextInt(5), rnd.nextInt(3));
      }
      t.put("s" + rnd.nextInt(6), new Service<>(rnd.nextBoolean() ? "rr" : "wrr", d));
    }
    return t;
  }
}
