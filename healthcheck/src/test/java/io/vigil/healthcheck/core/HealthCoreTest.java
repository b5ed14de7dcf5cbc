package io.vigil.healthcheck.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.CheckerRef;
import io.vigil.healthcheck.HealthEvent;
import io.vigil.healthcheck.HealthEvent.CheckFailed;
import io.vigil.healthcheck.HealthEvent.CheckerChanged;
import io.vigil.healthcheck.HealthEvent.RealServerChanged;
import io.vigil.healthcheck.spec.CheckTiming;
import io.vigil.healthcheck.spec.CheckerKind;
import io.vigil.healthcheck.spec.CheckerSpec;
import io.vigil.healthcheck.spec.ConnectSpec;
import io.vigil.healthcheck.spec.MiscCheckSpec;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.healthcheck.spec.TcpCheckSpec;
import io.vigil.healthcheck.spec.TestSpecs;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class HealthCoreTest {
  private static final long S = 1_000_000_000L;
  private static final CheckerRef A0 = new CheckerRef("a", 0);
  private static final CheckerRef A1 = new CheckerRef("a", 1);

  private static CheckTiming timing() {
    // delay_loop 10 s, retry 1, delay_before_retry 2 s, no warmup
    return TestSpecs.timing(CheckerKind.TCP_CHECK, 10 * S)
        .withWarmupNs(0)
        .withDelayBeforeRetryNs(2 * S);
  }

  private static TcpCheckSpec tcp(CheckTiming t) {
    return new TcpCheckSpec(
        ConnectSpec.to(new InetSocketAddress(InetAddress.getLoopbackAddress(), 80)), t);
  }

  private static MiscCheckSpec misc(boolean dynamic) {
    return new MiscCheckSpec(
        List.of("/bin/true"), 5 * S, dynamic, Optional.empty(), timing().withRetry(0));
  }

  private static HealthCore core(long nowNs, CheckerSpec... checkers) {
    return new HealthCore(
        List.of(new RealServerSpec("a", 1, false, List.of(checkers))), nowNs, new Random(1));
  }

  /** Runs the due check at exactly nowNs with this result. */
  private static List<HealthEvent> step(HealthCore c, CheckerRef ref, CheckResult r, long nowNs) {
    assertThat(c.due(nowNs)).contains(ref);
    return c.onResult(ref, r, nowNs);
  }

  @Test
  void dueNowBringsTheSelectedCheckersForwardButNotOneInFlightOrSuspended() {
    HealthCore c = core(0, tcp(timing()), misc(false));
    assertThat(c.due(0)).containsExactly(A0, A1);
    c.onResult(A0, CheckResult.up("connected"), 0);
    c.onResult(A1, CheckResult.up("exit 0"), 0);
    assertThat(c.nextDueNs()).isEqualTo(10 * S);
    // only the MISC_CHECK is selected: it is due at once, the TCP_CHECK keeps its turn
    assertThat(c.dueNow(s -> s instanceof MiscCheckSpec, 3 * S)).isEqualTo(1);
    assertThat(c.due(3 * S)).containsExactly(A1);
    assertThat(c.dueNow(s -> true, 3 * S)).as("A1 in flight, A0 moved").isEqualTo(1);
    assertThat(c.due(3 * S)).containsExactly(A0);
    c.onResult(A0, CheckResult.up("connected"), 3 * S);
    c.onResult(A1, CheckResult.up("exit 0"), 3 * S);
    // a suspended checker stays where it is; a checker due already is not moved
    c.suspendOnly(java.util.Set.of("a"), 4 * S);
    assertThat(c.dueNow(s -> true, 4 * S)).isZero();
    c.suspendOnly(java.util.Set.of(), 4 * S);
    assertThat(c.dueNow(s -> true, 13 * S)).isZero();
    assertThat(c.due(13 * S)).containsExactlyInAnyOrder(A0, A1);
  }

  @Test
  void nextCheckIsDueAtDelayLoopNotOneNanosecondBefore() {
    HealthCore c = core(0, tcp(timing()));
    assertThat(c.nextDueNs()).isZero();
    step(c, A0, CheckResult.up("connected"), 0);
    assertThat(c.nextDueNs()).isEqualTo(10 * S);
    assertThat(c.due(10 * S - 1)).isEmpty();
    assertThat(c.due(10 * S)).containsExactly(A0);
    // in flight: not due again, however late it is
    assertThat(c.due(10 * S + 1)).isEmpty();
    assertThat(c.due(100 * S)).isEmpty();
  }

  /**
   * {@code dueWithin} lets a check go out with others up to 1/50 of the delay that scheduled it
   * early, at most 0.1 s: 0.2 s at delay_loop 10 s is capped to 0.1 s, delay_before_retry 2 s gives
   * 40 ms; {@code due} stays exact.
   */
  @Test
  void aCheckGoesOutWithOthersAtMostAFiftiethOfItsDelayEarly() {
    HealthCore c = core(0, tcp(timing()));
    step(c, A0, CheckResult.up("connected"), 0);
    long early = HealthCore.MAX_EARLY_NS;
    assertThat(c.dueWithin(10 * S - early - 1)).isEmpty();
    assertThat(c.due(10 * S - early)).isEmpty();
    assertThat(c.dueWithin(10 * S - early)).containsExactly(A0);
    c.onResult(A0, CheckResult.down("connection refused"), 10 * S); // retry in 2 s
    assertThat(c.nextDueNs()).isEqualTo(12 * S);
    assertThat(c.dueWithin(12 * S - 40_000_001L)).isEmpty();
    assertThat(c.dueWithin(12 * S - 40_000_000L)).containsExactly(A0);
    assertThat(HealthCore.early(3 * S)).isEqualTo(60_000_000L);
    assertThat(HealthCore.early(60 * S)).isEqualTo(HealthCore.MAX_EARLY_NS);
  }

  /**
   * Checks spread by their warmup and driven the engine's way (a wake-up at the earliest due time,
   * every check within its early window out at once) never go out before their window, and go out
   * in fewer wake-ups than there are checks: 200 checkers, delay_loop 1 s, warmup 1 s, 20 s of
   * results a random 0-5 ms after each launch, 8 seeds.
   */
  @RepeatedTest(8)
  void wakeUpsGatherChecksAndNoneGoesOutBeforeItsWindow(RepetitionInfo info) {
    Random r = new Random(info.getCurrentRepetition());
    List<RealServerSpec> servers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      servers.add(
          new RealServerSpec(
              "rs" + i,
              1,
              false,
              List.of(
                  tcp(TestSpecs.timing(CheckerKind.TCP_CHECK, S).withWarmupNs(S).withRetry(0)))));
    }
    HealthCore c = new HealthCore(servers, 0, new Random(r.nextLong()));
    java.util.TreeMap<Long, List<CheckerRef>> results = new java.util.TreeMap<>();
    java.util.Map<CheckerRef, Long> lastResult = new java.util.HashMap<>();
    int wakeUps = 0;
    int launched = 0;
    long now = 0;
    while (now < 20 * S) {
      now = Math.min(c.nextDueNs(), results.isEmpty() ? Long.MAX_VALUE : results.firstKey());
      List<CheckerRef> done = results.remove(now);
      if (done != null) {
        for (CheckerRef ref : done) {
          c.onResult(ref, CheckResult.up("connected"), now);
          lastResult.put(ref, now);
        }
        continue;
      }
      long dueNs = c.nextDueNs();
      List<CheckerRef> out = c.dueWithin(now);
      assertThat(out).isNotEmpty();
      assertThat(dueNs).as("the wake-up is at the earliest due time").isEqualTo(now);
      wakeUps++;
      for (CheckerRef ref : out) {
        Long last = lastResult.get(ref);
        if (last != null) {
          assertThat(now).as("%s went out", ref).isGreaterThanOrEqualTo(last + S - S / 50);
        }
        launched++;
        results.computeIfAbsent(now + r.nextInt(5_000_001), k -> new ArrayList<>()).add(ref);
      }
    }
    assertThat(launched).isGreaterThan(3000);
    assertThat(wakeUps).as("wake-ups for %d checks", launched).isLessThan(launched * 3 / 4);
  }

  @Test
  void upServerRetriesBeforeGoingDownAndSaysHowManyRetries() {
    HealthCore c = core(0, tcp(timing()));
    step(c, A0, CheckResult.up("connected"), 0);
    List<HealthEvent> first = step(c, A0, CheckResult.down("connection refused"), 10 * S);
    assertThat(first)
        .containsExactly(
            new CheckFailed(A0, CheckerKind.TCP_CHECK, "connection refused", 1, 1, 10 * S));
    assertThat(c.alive("a")).isTrue();
    // retry at delay_before_retry, not before
    assertThat(c.due(12 * S - 1)).isEmpty();
    List<HealthEvent> second = step(c, A0, CheckResult.down("connect timeout after 5 s"), 12 * S);
    assertThat(second)
        .containsExactly(
            new CheckerChanged(
                A0,
                CheckerKind.TCP_CHECK,
                false,
                "connect timeout after 5 s after 1 retry",
                12 * S),
            new RealServerChanged(
                "a", false, 1, "TCP_CHECK connect timeout after 5 s after 1 retry", 12 * S));
    assertThat(c.nextDueNs()).isEqualTo(22 * S);
  }

  @Test
  void aSuccessfulRetryKeepsTheServerUpAndResetsTheCount() {
    HealthCore c = core(0, tcp(timing()));
    step(c, A0, CheckResult.up("ok"), 0);
    step(c, A0, CheckResult.down("refused"), 10 * S);
    assertThat(step(c, A0, CheckResult.up("ok"), 12 * S)).isEmpty();
    assertThat(c.nextDueNs()).isEqualTo(22 * S);
    // the count was reset: one failure is again only a retry
    assertThat(step(c, A0, CheckResult.down("refused"), 22 * S))
        .hasSize(1)
        .allMatch(e -> e instanceof CheckFailed);
    assertThat(c.alive("a")).isTrue();
  }

  @Test
  void downServerComesBackOnTheFirstSuccess() {
    HealthCore c = core(0, tcp(timing().withRetry(0)));
    step(c, A0, CheckResult.down("refused"), 0);
    assertThat(c.alive("a")).isFalse();
    // failures while down change nothing and are not retried
    assertThat(step(c, A0, CheckResult.down("refused"), 10 * S)).isEmpty();
    assertThat(c.nextDueNs()).isEqualTo(20 * S);
    List<HealthEvent> up = step(c, A0, CheckResult.up("connected"), 20 * S);
    assertThat(up)
        .containsExactly(
            new CheckerChanged(A0, CheckerKind.TCP_CHECK, true, "connected", 20 * S),
            new RealServerChanged("a", true, 1, "TCP_CHECK connected", 20 * S));
  }

  @Test
  void withoutAlphaARealServerStartsAliveAndItsFirstFailureIsRetried() {
    HealthCore c = core(0, tcp(timing()));
    assertThat(c.initialVerdicts(0))
        .containsExactly(new RealServerChanged("a", true, 1, "initial state", 0));
    assertThat(step(c, A0, CheckResult.down("refused"), 0))
        .hasSize(1)
        .allMatch(e -> e instanceof CheckFailed);
    assertThat(c.nextDueNs()).isEqualTo(2 * S);
  }

  @Test
  void alphaStartsDownAndAFirstFailureIsNotRetried() {
    HealthCore c = core(0, tcp(timing().withAlpha(true)));
    assertThat(c.alive("a")).isFalse();
    assertThat(c.initialVerdicts(5))
        .containsExactly(new RealServerChanged("a", false, 1, "alpha: starts down", 5));
    assertThat(step(c, A0, CheckResult.down("refused"), 0))
        .containsExactly(new HealthEvent.FirstCheckFailed(A0, CheckerKind.TCP_CHECK, "refused", 0));
    assertThat(c.nextDueNs()).isEqualTo(10 * S);
    assertThat(c.allHaveRun()).isTrue();
    assertThat(step(c, A0, CheckResult.up("ok"), 10 * S)).hasSize(2);
    assertThat(c.alive("a")).isTrue();
  }

  @Test
  void aRealServerIsAliveOnlyWhenAllItsCheckersAreUp() {
    HealthCore c = core(0, tcp(timing().withRetry(0)), tcp(timing().withRetry(0)));
    c.due(0);
    assertThat(c.onResult(A0, CheckResult.down("refused"), 0)).hasSize(2);
    assertThat(c.alive("a")).isFalse();
    // the other checker's failure changes the checker, not the (already dead) server
    assertThat(c.onResult(A1, CheckResult.down("refused"), 0))
        .hasSize(1)
        .allMatch(e -> e instanceof CheckerChanged);
    assertThat(c.due(10 * S)).containsExactly(A0, A1);
    assertThat(c.onResult(A0, CheckResult.up("ok"), 10 * S)).hasSize(1);
    assertThat(c.alive("a")).isFalse();
    List<HealthEvent> last = c.onResult(A1, CheckResult.up("ok"), 10 * S);
    assertThat(last).last().isEqualTo(new RealServerChanged("a", true, 1, "TCP_CHECK ok", 10 * S));
  }

  @Test
  void dynamicWeightFollowsTheExitStatusAndDropsBackOnFailure() {
    HealthCore c = core(0, misc(true));
    List<HealthEvent> w10 = step(c, A0, CheckResult.upWithWeight(10, "exit 12"), 0);
    assertThat(w10)
        .containsExactly(new RealServerChanged("a", true, 10, "weight 1 -> 10: exit 12", 0));
    assertThat(step(c, A0, CheckResult.upWithWeight(10, "exit 12"), 10 * S)).isEmpty();
    assertThat(step(c, A0, CheckResult.upWithWeight(20, "exit 22"), 20 * S)).hasSize(1);
    assertThat(c.weight("a")).isEqualTo(20);
    // exit 0: the weight returns to the configured one
    step(c, A0, CheckResult.up("exit 0"), 30 * S);
    assertThat(c.weight("a")).isEqualTo(1);
    step(c, A0, CheckResult.upWithWeight(5, "exit 7"), 40 * S);
    List<HealthEvent> down = step(c, A0, CheckResult.down("exit status 1"), 50 * S);
    assertThat(down)
        .last()
        .isEqualTo(new RealServerChanged("a", false, 1, "MISC_CHECK exit status 1", 50 * S));
  }

  @Test
  void fileCheckAdjustmentsAddToTheConfiguredWeight() {
    HealthCore c = core(0, misc(true), tcp(timing()));
    c.due(0);
    c.onResult(A0, CheckResult.upWithWeight(10, "exit 12"), 0);
    c.onResult(A1, CheckResult.upAdjusting(-3, "state reads -3"), 0);
    assertThat(c.weight("a")).isEqualTo(1 + 9 - 3);
  }

  @Test
  void twoDynamicCheckersAddTheirAdjustments() {
    HealthCore c = core(0, misc(true), misc(true));
    c.due(0);
    c.onResult(A0, CheckResult.upWithWeight(10, "exit 12"), 0);
    c.onResult(A1, CheckResult.upWithWeight(20, "exit 22"), 0);
    // keepalived: effective = weight + (10 - weight) + (20 - weight)
    assertThat(c.weight("a")).isEqualTo(1 + 9 + 19);
  }

  @Test
  void settledOnlyOnceEveryCheckerRanAndNoneIsWaitingOnARetry() {
    HealthCore c = core(0, tcp(timing()), tcp(timing()));
    assertThat(c.settled()).isFalse();
    c.due(0);
    c.onResult(A0, CheckResult.up("ok"), 0);
    assertThat(c.settled()).isFalse();
    c.onResult(A1, CheckResult.down("refused"), 0);
    assertThat(c.allHaveRun()).isTrue();
    assertThat(c.settled()).as("A1 waits on its retry").isFalse();
    assertThat(c.due(2 * S)).containsExactly(A1);
    c.onResult(A1, CheckResult.down("refused"), 2 * S);
    assertThat(c.settled()).isTrue();
    assertThat(c.alive("a")).isFalse();
  }

  @Test
  void reloadKeepsTheStateRetriesAndScheduleOfUnchangedCheckers() {
    TcpCheckSpec t = tcp(timing());
    HealthCore c = core(0, t);
    step(c, A0, CheckResult.up("ok"), 0);
    step(c, A0, CheckResult.down("refused"), 10 * S); // retry 1 of 1 under way, due at 12 s
    HealthCore.Reloaded r =
        HealthCore.reload(
            c, List.of(new RealServerSpec("a", 1, false, List.of(t))), 11 * S, new Random(2));
    HealthCore n = r.core();
    assertThat(r.events()).isEmpty();
    assertThat(n.nextDueNs()).isEqualTo(12 * S);
    // the retry count came along: this failure is the last straw
    assertThat(step(n, A0, CheckResult.down("refused"), 12 * S))
        .last()
        .isEqualTo(new RealServerChanged("a", false, 1, "TCP_CHECK refused after 1 retry", 12 * S));
  }

  @Test
  void reloadKeepsAnInFlightCheckAndAcceptsItsResult() {
    TcpCheckSpec t = tcp(timing().withRetry(0));
    HealthCore c = core(0, t);
    c.due(0);
    HealthCore n =
        HealthCore.reload(
                c, List.of(new RealServerSpec("a", 1, false, List.of(t))), 1, new Random(2))
            .core();
    assertThat(n.due(100 * S)).isEmpty();
    assertThat(n.onResult(A0, CheckResult.down("refused"), 5)).hasSize(2);
    assertThat(n.alive("a")).isFalse();
  }

  @Test
  void reloadStartsChangedCheckersAfreshAndReportsChangedVerdicts() {
    HealthCore c = core(0, tcp(timing().withRetry(0)));
    step(c, A0, CheckResult.down("refused"), 0);
    assertThat(c.alive("a")).isFalse();
    // another connect_timeout: a new checker, up again until it fails; weight 1 -> 4; a new server
    TcpCheckSpec changed = tcp(timing().withRetry(0).withConnectTimeoutNs(2 * S));
    HealthCore.Reloaded r =
        HealthCore.reload(
            c,
            List.of(
                new RealServerSpec("a", 4, false, List.of(changed)),
                new RealServerSpec("b", 1, false, List.of(tcp(timing().withAlpha(true))))),
            20 * S,
            new Random(2));
    assertThat(r.events())
        .containsExactly(
            new RealServerChanged("a", true, 4, "reload", 20 * S),
            new RealServerChanged("b", false, 1, "added, alpha: starts down", 20 * S));
    assertThat(r.core().nextDueNs()).isBetween(20 * S, 30 * S);
    // a result for a checker the reload removed is ignored by the engine (has() says so)
    assertThat(r.core().has(new CheckerRef("a", 1))).isFalse();
  }

  @Test
  void logAllFailuresReportsFailuresThatChangeNothing() {
    HealthCore c = core(0, tcp(timing().withRetry(0).withLogAllFailures(true)));
    step(c, A0, CheckResult.down("refused"), 0);
    assertThat(step(c, A0, CheckResult.down("refused"), 10 * S))
        .containsExactly(new CheckFailed(A0, CheckerKind.TCP_CHECK, "refused", 0, 0, 10 * S));
  }

  @Test
  void flappingFasterThanTheRetriesNeverTakesTheServerDown() {
    HealthCore c = core(0, tcp(timing()));
    long now = 0;
    List<HealthEvent> all = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      now = c.nextDueNs();
      all.addAll(step(c, A0, i % 2 == 0 ? CheckResult.down("refused") : CheckResult.up("ok"), now));
    }
    assertThat(all).noneMatch(e -> e instanceof RealServerChanged);
    assertThat(c.alive("a")).isTrue();
  }

  @Test
  void omegaReportsAliveServersDownAtShutdownAndWithoutItNothing() {
    HealthCore with =
        new HealthCore(
            List.of(
                new RealServerSpec("o", 3, true, List.of(tcp(timing()))),
                new RealServerSpec("n", 3, false, List.of(tcp(timing())))),
            0,
            new Random(1));
    assertThat(with.shutdown(7))
        .containsExactly(new RealServerChanged("o", false, 3, "shutdown (omega)", 7));
    assertThat(with.nextDueNs()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void resultsForACheckerNotInFlightAreIgnoredAndCounted() {
    HealthCore c = core(0, tcp(timing()));
    assertThat(c.onResult(A0, CheckResult.down("late"), 0)).isEmpty();
    assertThat(c.ignoredResults()).isEqualTo(1);
    assertThat(c.alive("a")).isTrue();
  }

  @Test
  void aServerWithoutCheckersIsAlwaysAlive() {
    HealthCore c =
        new HealthCore(List.of(new RealServerSpec("x", 2, false, List.of())), 0, new Random(1));
    assertThat(c.alive("x")).isTrue();
    assertThat(c.nextDueNs()).isEqualTo(Long.MAX_VALUE);
  }

  @RepeatedTest(20)
  void warmupSpreadsFirstChecksOverTheWholeWarmupAndNoFurther(RepetitionInfo info) {
    Random seeds = new Random(info.getCurrentRepetition());
    long start = seeds.nextLong() >>> 2; // any start time, also near overflow of the difference
    long warmup = (1 + seeds.nextInt(60)) * S;
    List<RealServerSpec> rs = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      rs.add(new RealServerSpec("rs" + i, 1, false, List.of(tcp(timing().withWarmupNs(warmup)))));
    }
    HealthCore c = new HealthCore(rs, start, new Random(seeds.nextLong()));
    int[] buckets = new int[10];
    int total = 0;
    for (int b = 0; b < 10; b++) {
      long until = start + warmup * (b + 1) / 10;
      buckets[b] = c.due(until).size();
      total += buckets[b];
    }
    assertThat(total).isEqualTo(1000);
    // uniform: each tenth of the warmup gets about 100 (a 4-sigma band)
    for (int n : buckets) {
      assertThat(n).isBetween(56, 144);
    }
  }

  @RepeatedTest(20)
  void randomResultsKeepTheVerdictEqualToAllCheckersUp(RepetitionInfo info) {
    Random r = new Random(1000 + info.getCurrentRepetition());
    int n = 1 + r.nextInt(3);
    List<CheckerSpec> checkers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      checkers.add(tcp(timing().withRetry(r.nextInt(3)).withAlpha(r.nextBoolean())));
    }
    HealthCore c = core(0, checkers.toArray(CheckerSpec[]::new));
    boolean alive = c.alive("a");
    for (int i = 0; i < 200; i++) {
      long now = c.nextDueNs();
      for (CheckerRef ref : c.due(now)) {
        for (HealthEvent e :
            c.onResult(ref, r.nextInt(3) == 0 ? CheckResult.down("x") : CheckResult.up("y"), now)) {
          if (e instanceof RealServerChanged rc) {
            assertThat(rc.alive()).isNotEqualTo(alive);
            alive = rc.alive();
          }
        }
      }
      boolean all = true;
      for (int k = 0; k < n; k++) {
        all &= c.checkerUp(new CheckerRef("a", k));
      }
      assertThat(c.alive("a")).isEqualTo(all).isEqualTo(alive);
    }
  }
}
