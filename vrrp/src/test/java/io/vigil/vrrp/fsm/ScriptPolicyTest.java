package io.vigil.vrrp.fsm;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.vrrp.fsm.ScriptPolicy.Status;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** keepalived's vrrp_script rise/fall counter and its run schedule, on a manual clock. */
class ScriptPolicyTest {
  static final long S = 1_000_000_000L;
  static final long T0 = Long.MAX_VALUE - 10 * S; // deadlines must survive the clock wrapping

  @Test
  void firstRunIsDueAtOnceThenEveryIntervalFromTheStart() {
    ScriptPolicy p = new ScriptPolicy(1, 1, false, 2 * S, T0);
    assertThat(p.startIfDue(T0 - 1)).isFalse();
    assertThat(p.startIfDue(T0)).isTrue();
    p.finished(true);
    assertThat(p.nextRunNs()).isEqualTo(T0 + 2 * S);
    assertThat(p.startIfDue(T0 + 2 * S - 1)).isFalse();
    assertThat(p.startIfDue(T0 + 2 * S)).isTrue();
    p.finished(true);
    assertThat(p.startIfDue(T0 + 4 * S + 1)).as("a little late still runs").isTrue();
    assertThat(p.nextRunNs()).as("the period is kept").isEqualTo(T0 + 6 * S);
  }

  @Test
  void aRunStillGoingWhenTheNextIsDueSkipsThatTurn() {
    ScriptPolicy p = new ScriptPolicy(1, 1, false, S, T0);
    assertThat(p.startIfDue(T0)).isTrue();
    assertThat(p.startIfDue(T0 + S)).isFalse();
    assertThat(p.skipped()).isEqualTo(1);
    p.finished(false);
    assertThat(p.startIfDue(T0 + S + 1)).as("that turn is gone").isFalse();
    assertThat(p.startIfDue(T0 + 2 * S)).isTrue();
  }

  @Test
  void aClockFarBehindDoesNotBurstRuns() {
    ScriptPolicy p = new ScriptPolicy(1, 1, false, S, T0);
    assertThat(p.startIfDue(T0 + 100 * S)).isTrue();
    p.finished(true);
    assertThat(p.startIfDue(T0 + 100 * S + 1)).isFalse();
    assertThat(p.nextRunNs()).isEqualTo(T0 + 101 * S);
  }

  @Test
  void theFirstExitIsReportedWhicheverWayItGoes() {
    assertThat(new ScriptPolicy(3, 3, false, S, T0).finished(true)).contains(Status.UP);
    assertThat(new ScriptPolicy(3, 3, false, S, T0).finished(false)).contains(Status.DOWN);
  }

  @Test
  void fallFailuresInARowGoDownAndRiseSuccessesComeBack() {
    ScriptPolicy p = new ScriptPolicy(2, 3, false, S, T0);
    assertThat(p.finished(true)).contains(Status.UP);
    assertThat(p.finished(false)).isEmpty();
    assertThat(p.finished(false)).isEmpty();
    assertThat(p.finished(true)).as("a success resets the fall count").isEmpty();
    assertThat(p.finished(false)).isEmpty();
    assertThat(p.finished(false)).isEmpty();
    assertThat(p.finished(false)).contains(Status.DOWN);
    assertThat(p.finished(false)).isEmpty();
    assertThat(p.finished(true)).isEmpty();
    assertThat(p.finished(false)).as("a failure resets the rise count").isEmpty();
    assertThat(p.finished(true)).isEmpty();
    assertThat(p.finished(true)).contains(Status.UP);
    assertThat(p.status()).isEqualTo(Status.UP);
  }

  @Test
  void initFailStartsDownAndNeedsRiseSuccesses() {
    ScriptPolicy p = new ScriptPolicy(2, 1, true, S, T0);
    assertThat(p.status()).isEqualTo(Status.DOWN);
    assertThat(p.finished(false)).as("already down").isEmpty();
    assertThat(p.finished(true)).isEmpty();
    assertThat(p.finished(true)).contains(Status.UP);
  }

  @Test
  void anUnknownScriptMovesNoPriorityAndCausesNoFault() {
    assertThat(ScriptPolicy.initialTrackerUp(Status.UNKNOWN, 10, false)).isFalse();
    assertThat(ScriptPolicy.initialTrackerUp(Status.UNKNOWN, -10, false)).isTrue();
    assertThat(ScriptPolicy.initialTrackerUp(Status.UNKNOWN, 0, false)).isTrue();
    assertThat(ScriptPolicy.initialTrackerUp(Status.UNKNOWN, 0, true)).isFalse();
    assertThat(ScriptPolicy.initialTrackerUp(Status.DOWN, -10, false)).isFalse();
    for (int w : new int[] {-20, 20}) {
      for (boolean rev : new boolean[] {false, true}) {
        Tracker t = new Tracker("s", Tracker.Kind.SCRIPT, w, rev, true);
        t =
            new Tracker(
                "s", t.kind(), w, rev, ScriptPolicy.initialTrackerUp(Status.UNKNOWN, w, rev));
        VrrpInstance i = new VrrpInstance(Fixtures.v3().track(t).build());
        assertThat(i.effectivePriority()).as("weight %d reverse %s", w, rev).isEqualTo(100);
      }
    }
  }

  /** The reported status always equals keepalived's rule: up while the counter is >= rise. */
  @RepeatedTest(20)
  void reportsFollowAModelOfKeepalivedsCounter(RepetitionInfo info) {
    Random r = new Random(4242L + info.getCurrentRepetition());
    int rise = 1 + r.nextInt(4);
    int fall = 1 + r.nextInt(4);
    boolean initFail = r.nextBoolean();
    ScriptPolicy p = new ScriptPolicy(rise, fall, initFail, S, T0);
    int counter = initFail ? 0 : rise - 1;
    Boolean up = initFail ? Boolean.FALSE : null;
    for (int n = 0; n < 200; n++) {
      boolean ok = r.nextInt(3) > 0;
      // keepalived: success: result < rise - 1 ? result++ : result = rise + fall - 1;
      //             failure: result > rise ? result-- : result = 0
      counter =
          ok
              ? (counter < rise - 1 ? counter + 1 : rise + fall - 1)
              : counter > rise ? counter - 1 : 0;
      boolean nowUp = counter >= rise;
      Optional<Status> got = p.finished(ok);
      if (up == null || up != nowUp) {
        assertThat(got).as("step %d", n).contains(nowUp ? Status.UP : Status.DOWN);
      } else {
        assertThat(got).as("step %d", n).isEmpty();
      }
      up = nowUp;
    }
  }
}
