package io.vigil.healthcheck.spec;

/**
 * {@code BFD_CHECK}: up while the BFD session of the {@code bfd_instance} {@code session} is Up
 * (keepalived's check_bfd.c is told of each change of the session; Vigil's checker reads its state
 * at each {@code delay_loop}, set short by the configuration's mapping).
 */
public record BfdCheckSpec(String session, CheckTiming timing) implements CheckerSpec {
  @Override
  public CheckerKind kind() {
    return CheckerKind.BFD_CHECK;
  }
}
