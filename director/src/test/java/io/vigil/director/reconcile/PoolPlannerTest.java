package io.vigil.director.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.reconcile.PoolPlanner.Member;
import io.vigil.director.reconcile.PoolPlanner.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class PoolPlannerTest {
  private static Member<String> rs(String name, boolean alive, int weight) {
    return new Member<>(name, alive, weight, false);
  }

  private static Member<String> inhibited(String name, boolean alive, int weight) {
    return new Member<>(name, alive, weight, true);
  }

  @Test
  void aliveServersAreInAtTheirWeightAndDeadOnesAreOut() {
    PoolPlanner<String> p = new PoolPlanner<>(1, 0);
    var plan = p.plan(List.of(rs("a", true, 3), rs("b", false, 2)), Optional.empty(), true);
    assertThat(plan.placements()).containsExactly(new Placement<>("a", 3));
    assertThat(plan.quorumUp()).isTrue();
    assertThat(plan.sorryActive()).isFalse();
  }

  @Test
  void inhibitOnFailureKeepsADeadServerAtWeightZero() {
    PoolPlanner<String> p = new PoolPlanner<>(1, 0);
    var plan = p.plan(List.of(rs("a", true, 1), inhibited("b", false, 5)), Optional.empty(), true);
    assertThat(plan.placements()).containsExactly(new Placement<>("a", 1), new Placement<>("b", 0));
  }

  @Test
  void losingQuorumSwapsTheAliveServersForTheSorryServer() {
    PoolPlanner<String> p = new PoolPlanner<>(3, 0);
    Optional<Member<String>> sorry = Optional.of(rs("sorry", true, 1));
    var plan = p.plan(List.of(rs("a", true, 2), rs("b", false, 2)), sorry, true);
    assertThat(plan.quorumUp()).isFalse();
    assertThat(plan.sorryActive()).isTrue();
    assertThat(plan.placements()).containsExactly(new Placement<>("sorry", 1));

    var back = p.plan(List.of(rs("a", true, 2), rs("b", true, 2)), sorry, false);
    assertThat(back.quorumUp()).isTrue();
    assertThat(back.placements()).containsExactly(new Placement<>("a", 2), new Placement<>("b", 2));
  }

  @Test
  void withoutASorryServerTheAliveServersStayWhenQuorumIsLost() {
    PoolPlanner<String> p = new PoolPlanner<>(3, 0);
    var plan = p.plan(List.of(rs("a", true, 2)), Optional.empty(), true);
    assertThat(plan.quorumUp()).isFalse();
    assertThat(plan.placements()).containsExactly(new Placement<>("a", 2));
  }

  @Test
  void anInhibitedSorryServerWaitsAtWeightZero() {
    PoolPlanner<String> p = new PoolPlanner<>(1, 0);
    var plan = p.plan(List.of(rs("a", true, 1)), Optional.of(inhibited("sorry", true, 1)), true);
    assertThat(plan.placements())
        .containsExactly(new Placement<>("a", 1), new Placement<>("sorry", 0));
  }

  @Test
  void hysteresisHoldsTheQuorumStateInsideTheBand() {
    PoolPlanner<String> p = new PoolPlanner<>(4, 1);
    // up: stays up down to quorum - hysteresis = 3, lost at 2
    assertThat(p.nextQuorum(true, 3)).isTrue();
    assertThat(p.nextQuorum(true, 2)).isFalse();
    // down: regained only at quorum + hysteresis = 5
    assertThat(p.nextQuorum(false, 4)).isFalse();
    assertThat(p.nextQuorum(false, 5)).isTrue();
    // zero alive weight always loses it
    assertThat(new PoolPlanner<String>(1, 1).nextQuorum(true, 0)).isFalse();
  }

  @Test
  void startUpQuorumNeedsQuorumPlusHysteresis() {
    PoolPlanner<String> p = new PoolPlanner<>(2, 1);
    assertThat(p.initialQuorum(List.of(rs("a", true, 2)))).isFalse();
    assertThat(p.initialQuorum(List.of(rs("a", true, 3)))).isTrue();
  }

  /**
   * Whatever the health, a plan never places a dead non-inhibited server, never places the same
   * destination twice, and places the sorry server only when quorum is down.
   */
  @RepeatedTest(200)
  void plansAreAlwaysConsistent(RepetitionInfo rep) {
    Random rnd = new Random(31L * rep.getCurrentRepetition());
    PoolPlanner<String> p = new PoolPlanner<>(1 + rnd.nextInt(6), rnd.nextInt(3));
    List<Member<String>> members = new ArrayList<>();
    for (int i = 0; i < rnd.nextInt(6); i++) {
      members.add(new Member<>("rs" + i, rnd.nextBoolean(), rnd.nextInt(5), rnd.nextBoolean()));
    }
    Optional<Member<String>> sorry =
        rnd.nextBoolean()
            ? Optional.of(new Member<>("sorry", true, 1 + rnd.nextInt(3), rnd.nextBoolean()))
            : Optional.empty();
    var plan = p.plan(members, sorry, rnd.nextBoolean());
    List<String> placed = plan.placements().stream().map(Placement::destination).toList();
    assertThat(placed).doesNotHaveDuplicates();
    for (Member<String> m : members) {
      if (!m.alive() && !m.inhibit()) {
        assertThat(placed).doesNotContain(m.destination());
      }
    }
    boolean sorryLive =
        plan.placements().stream().anyMatch(x -> x.destination().equals("sorry") && x.weight() > 0);
    assertThat(sorryLive).isEqualTo(plan.sorryActive());
    assertThat(plan.sorryActive()).isEqualTo(!plan.quorumUp() && sorry.isPresent());
  }
}
