package io.vigil.healthcheck.spec;

/**
 * {@code BFD_CHECK}: up while the BFD session of the {@code bfd_instance} {@code session} is Up
 * (keepalived's check_bfd.c is told of each change of the session; Vigil's checker reads its state
 * when the session changes ({@link #following}) and at each {@code delay_loop}).
 */
public record BfdCheckSpec(String session, CheckTiming timing) implements CheckerSpec {
  @Override
  public CheckerKind kind() {
    return CheckerKind.BFD_CHECK;
  }

  /** The checkers that follow {@code session}: those to look at once when it changes. */
  public static java.util.function.Predicate<CheckerSpec> following(String session) {
    return spec -> spec instanceof BfdCheckSpec b && b.session().equals(session);
  }
}
