package io.vigil.healthcheck.net;

import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.spec.BfdCheckSpec;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code BFD_CHECK}: the state of a BFD session, asked of {@code sessions} (the daemon's BFD
 * sessions: Up, not Up, or empty when no such session runs), at once on the caller's thread. With
 * no {@code sessions} at all (BFD not run, {@code vigil run -B}) the checker keeps its initial
 * state: up, or down with {@code alpha}.
 */
public final class BfdChecker implements Checker {
  private final BfdCheckSpec spec;
  private final Function<String, Optional<Boolean>> sessions;

  /** The checker of {@code spec}; {@code sessions} null when BFD is not run. */
  public BfdChecker(BfdCheckSpec spec, Function<String, Optional<Boolean>> sessions) {
    this.spec = spec;
    this.sessions = sessions;
  }

  @Override
  public void check(Consumer<CheckResult> done) {
    if (sessions == null) {
      String why = "BFD is not run (-B): BFD_CHECK keeps its initial state";
      done.accept(spec.timing().alpha() ? CheckResult.down(why) : CheckResult.up(why));
      return;
    }
    Optional<Boolean> up = sessions.apply(spec.session());
    if (up.isEmpty()) {
      done.accept(CheckResult.down("BFD " + spec.session() + " is not running"));
    } else if (up.get()) {
      done.accept(CheckResult.up("BFD " + spec.session() + " is Up"));
    } else {
      done.accept(CheckResult.down("BFD " + spec.session() + " is down"));
    }
  }
}
