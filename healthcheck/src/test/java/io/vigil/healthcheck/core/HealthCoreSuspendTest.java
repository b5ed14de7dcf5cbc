package io.vigil.healthcheck.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.CheckerRef;
import io.vigil.healthcheck.HealthEvent;
import io.vigil.healthcheck.HealthEvent.CheckerChanged;
import io.vigil.healthcheck.HealthEvent.CheckerSuspended;
import io.vigil.healthcheck.HealthEvent.RealServerChanged;
import io.vigil.healthcheck.spec.CheckTiming;
import io.vigil.healthcheck.spec.CheckerKind;
import io.vigil.healthcheck.spec.CheckerSpec;
import io.vigil.healthcheck.spec.ConnectSpec;
import io.vigil.healthcheck.spec.FileCheckSpec;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.healthcheck.spec.TcpCheckSpec;
import io.vigil.healthcheck.spec.TestSpecs;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * {@code ha_suspend} in the pure core, as keepalived 2.2.7's {@code checker->enabled}: a suspended
 * checker's timer keeps turning every {@code delay_loop} without checking; its state, its retries
 * and its real server's verdict stay as they were.
 */
class HealthCoreSuspendTest {
  private static final long S = 1_000_000_000L;
  private static final CheckerRef A0 = new CheckerRef("a", 0);
  private static final CheckerRef B0 = new CheckerRef("b", 0);

  /** delay_loop 10 s, retry 1, delay_before_retry 2 s, no warmup. */
  private static CheckTiming timing() {
    return TestSpecs.timing(CheckerKind.TCP_CHECK, 10 * S)
        .withWarmupNs(0)
        .withDelayBeforeRetryNs(2 * S);
  }

  private static TcpCheckSpec tcp(CheckTiming t) {
    return new TcpCheckSpec(
        ConnectSpec.to(new InetSocketAddress(InetAddress.getLoopbackAddress(), 80)), t);
  }

  private static RealServerSpec server(String id, CheckerSpec... checkers) {
    return new RealServerSpec(id, 1, false, List.of(checkers));
  }

  private static HealthCore core(RealServerSpec... servers) {
    return new HealthCore(List.of(servers), 0, new Random(1));
  }

  private static List<HealthEvent> step(HealthCore c, CheckerRef ref, CheckResult r, long nowNs) {
    assertThat(c.due(nowNs)).contains(ref);
    return c.onResult(ref, r, nowNs);
  }

  @Test
  void aSuspendedCheckerRunsNoCheckAndItsTimerTurnsEveryDelayLoop() {
    HealthCore c = core(server("a", tcp(timing())));
    step(c, A0, CheckResult.up("connected"), 0);
    assertThat(c.suspendOnly(Set.of("a"), 5 * S))
        .containsExactly(new CheckerSuspended(A0, CheckerKind.TCP_CHECK, true, 5 * S));
    assertThat(c.suspended(A0)).isTrue();
    assertThat(c.nextDueNs()).isEqualTo(10 * S);
    assertThat(c.due(10 * S)).isEmpty();
    assertThat(c.nextDueNs()).as("put back one delay_loop later").isEqualTo(20 * S);
    assertThat(c.due(20 * S)).isEmpty();
    assertThat(c.skippedWhileSuspended()).isEqualTo(2);
    // resumed at 25 s: the check runs at the timer's next turn, 30 s, not before
    assertThat(c.suspendOnly(Set.of(), 25 * S))
        .containsExactly(new CheckerSuspended(A0, CheckerKind.TCP_CHECK, false, 25 * S));
    assertThat(c.due(30 * S - 1)).isEmpty();
    assertThat(c.due(30 * S)).containsExactly(A0);
  }

  @Test
  void theVerdictAndTheRetriesUnderWaySurviveASuspension() {
    HealthCore c = core(server("a", tcp(timing())));
    step(c, A0, CheckResult.up("connected"), 0);
    step(c, A0, CheckResult.down("refused"), 10 * S); // retry 1 of 1, due at 12 s
    c.suspendOnly(Set.of("a"), 11 * S);
    assertThat(c.due(12 * S)).isEmpty();
    assertThat(c.alive("a")).as("suspended: the verdict stays").isTrue();
    assertThat(c.checkerUp(A0)).isTrue();
    c.suspendOnly(Set.of(), 15 * S);
    // the retry's timer was put back to 22 s; the retry count was kept: this failure is the last
    assertThat(c.due(22 * S - 1)).isEmpty();
    assertThat(step(c, A0, CheckResult.down("refused"), 22 * S))
        .containsExactly(
            new CheckerChanged(A0, CheckerKind.TCP_CHECK, false, "refused after 1 retry", 22 * S),
            new RealServerChanged("a", false, 1, "TCP_CHECK refused after 1 retry", 22 * S));
  }

  @Test
  void anAlphaCheckerSuspendedBeforeItsFirstCheckStaysDown() {
    HealthCore c = core(server("a", tcp(timing().withAlpha(true))));
    c.suspendOnly(Set.of("a"), 0);
    for (long t = 0; t <= 100 * S; t += 10 * S) {
      assertThat(c.due(t)).isEmpty();
    }
    assertThat(c.alive("a")).isFalse();
    assertThat(c.initialVerdicts(0))
        .containsExactly(new RealServerChanged("a", false, 1, "alpha: starts down", 0));
  }

  @Test
  void aCheckInFlightWhenSuspendedFinishesAndCounts() {
    HealthCore c = core(server("a", tcp(timing().withRetry(0))));
    assertThat(c.due(0)).containsExactly(A0);
    c.suspendOnly(Set.of("a"), 1);
    assertThat(c.onResult(A0, CheckResult.down("refused"), 2))
        .containsExactly(
            new CheckerChanged(A0, CheckerKind.TCP_CHECK, false, "refused", 2),
            new RealServerChanged("a", false, 1, "TCP_CHECK refused", 2));
    assertThat(c.due(2 + 10 * S)).as("then suspended").isEmpty();
  }

  @Test
  void theSetIsTheWholeTruthAndApplyingItAgainChangesNothing() {
    HealthCore c = core(server("a", tcp(timing())), server("b", tcp(timing())));
    assertThat(c.suspendOnly(Set.of("a"), 0))
        .containsExactly(new CheckerSuspended(A0, CheckerKind.TCP_CHECK, true, 0));
    assertThat(c.suspendOnly(Set.of("a"), 1)).isEmpty();
    assertThat(c.suspendOnly(Set.of("b"), 2))
        .containsExactly(
            new CheckerSuspended(A0, CheckerKind.TCP_CHECK, false, 2),
            new CheckerSuspended(B0, CheckerKind.TCP_CHECK, true, 2));
    assertThat(c.due(2)).containsExactly(A0);
    assertThat(c.suspendOnly(Set.of("no such server"), 3))
        .containsExactly(new CheckerSuspended(B0, CheckerKind.TCP_CHECK, false, 3));
  }

  @Test
  void aFileCheckFollowsItsFileAndIsNeverSuspended() {
    FileCheckSpec file = new FileCheckSpec(Path.of("/run/weight"), 1, false, timing());
    HealthCore c = core(server("a", tcp(timing()), file));
    assertThat(c.suspendOnly(Set.of("a"), 0))
        .containsExactly(new CheckerSuspended(A0, CheckerKind.TCP_CHECK, true, 0));
    assertThat(c.due(0)).containsExactly(new CheckerRef("a", 1));
  }

  @Test
  void aReloadKeepsAKeptCheckerSuspendedAndANewOneStartsResumed() {
    HealthCore c = core(server("a", tcp(timing())));
    c.suspendOnly(Set.of("a"), 0);
    HealthCore.Reloaded r =
        HealthCore.reload(
            c, List.of(server("a", tcp(timing())), server("b", tcp(timing()))), 1, new Random(1));
    assertThat(r.core().suspended(A0)).isTrue();
    assertThat(r.core().suspended(B0)).isFalse();
    assertThat(r.core().due(1)).containsExactly(B0);
  }

  /**
   * Random suspensions, resumptions and results on three servers: no suspended checker is ever
   * handed out; while suspended, a checker not in flight keeps its state; a checker resumed at r
   * (not in flight) is handed out by the first {@code due(t)} with t at least r + delay_loop.
   */
  @RepeatedTest(200)
  void suspensionRulesHoldForRandomSequences(RepetitionInfo info) {
    Random rnd = new Random(7_919L * info.getCurrentRepetition());
    List<String> ids = List.of("a", "b", "c");
    List<RealServerSpec> specs = new ArrayList<>();
    for (String id : ids) {
      specs.add(server(id, tcp(timing().withRetry(rnd.nextInt(3)))));
    }
    HealthCore c = new HealthCore(specs, 0, new Random(rnd.nextLong()));
    Set<String> suspended = new HashSet<>();
    Map<CheckerRef, Long> resumedAt = new HashMap<>();
    Map<CheckerRef, Boolean> upWhenSuspended = new HashMap<>();
    List<CheckerRef> inFlight = new ArrayList<>();
    long now = 0;
    for (int i = 0; i < 300; i++) {
      now += rnd.nextInt(4) * S;
      int op = rnd.nextInt(4);
      if (op == 0) {
        Set<String> next = new HashSet<>();
        for (String id : ids) {
          if (rnd.nextBoolean()) {
            next.add(id);
          }
        }
        for (CheckerSuspended e : c.suspendOnly(next, now)) {
          CheckerRef ref = e.checker();
          assertThat(e.suspended()).isEqualTo(next.contains(ref.realServerId()));
          if (e.suspended()) {
            resumedAt.remove(ref);
            upWhenSuspended.put(ref, c.checkerUp(ref));
          } else {
            upWhenSuspended.remove(ref);
            if (!inFlight.contains(ref)) {
              resumedAt.put(ref, now);
            }
          }
        }
        suspended = next;
      } else if (op == 1) {
        if (!inFlight.isEmpty()) {
          CheckerRef ref = inFlight.remove(rnd.nextInt(inFlight.size()));
          c.onResult(ref, rnd.nextBoolean() ? CheckResult.up("ok") : CheckResult.down("x"), now);
          if (upWhenSuspended.containsKey(ref)) {
            upWhenSuspended.put(ref, c.checkerUp(ref)); // a check already under way counts
          }
        }
      } else {
        List<CheckerRef> due = c.due(now);
        for (CheckerRef ref : due) {
          assertThat(suspended).doesNotContain(ref.realServerId());
          inFlight.add(ref);
          resumedAt.remove(ref);
        }
        for (Map.Entry<CheckerRef, Long> e : resumedAt.entrySet()) {
          assertThat(now - e.getValue())
              .as("%s resumed at %d, still not due at %d", e.getKey(), e.getValue(), now)
              .isLessThan(10 * S);
        }
      }
      for (Map.Entry<CheckerRef, Boolean> e : upWhenSuspended.entrySet()) {
        assertThat(c.checkerUp(e.getKey())).isEqualTo(e.getValue());
      }
    }
  }
}
