package io.vigil.healthcheck.net;

import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.spec.MiscCheckSpec;
import io.vigil.kernel.process.ScriptRunner;
import java.util.function.Consumer;

/**
 * {@code MISC_CHECK}: exit 0 is up, 1 is down; 2-255 is up at weight {@code status - 2} with {@code
 * misc_dynamic} and down without; a script still running after {@code misc_timeout} is killed with
 * its whole process group and counts as down.
 */
public final class MiscChecker implements Checker {
  private final MiscCheckSpec spec;
  private final ScriptRunner scripts;

  public MiscChecker(MiscCheckSpec spec, ScriptRunner scripts) {
    this.spec = spec;
    this.scripts = scripts;
  }

  @Override
  public void check(Consumer<CheckResult> done) {
    scripts.run(spec.command(), spec.user(), spec.timeoutNs(), o -> done.accept(verdict(spec, o)));
  }

  static CheckResult verdict(MiscCheckSpec spec, ScriptRunner.Outcome outcome) {
    if (outcome instanceof ScriptRunner.Outcome.Exited e) {
      int s = e.status();
      if (s == 0) {
        return CheckResult.up("exit 0");
      }
      if (spec.dynamic() && s >= 2 && s <= 255) {
        return CheckResult.upWithWeight(s - 2, "exit " + s);
      }
      return CheckResult.down("exit status " + s);
    }
    if (outcome instanceof ScriptRunner.Outcome.TimedOut t) {
      return CheckResult.down("timed out after " + Durations.text(t.afterNs()));
    }
    return CheckResult.down(
        "cannot run "
            + spec.command().get(0)
            + ": "
            + ((ScriptRunner.Outcome.NotStarted) outcome).reason());
  }
}
