package io.vigil.healthcheck.spec;

import java.nio.file.Path;

/**
 * {@code FILE_CHECK}: the number in a tracked file (keepalived's {@code track_file}) sets the
 * checker's state and the real server's weight. With {@code weight} 0, a non-zero value is a
 * failure (with {@code reverse}, a zero value is). Otherwise {@code value * weight} (negated with
 * {@code reverse}) is added to the real server's weight, and a result at or below -2^31 is a
 * failure. A missing or empty file reads as 0. keepalived watches the file with inotify; Vigil
 * reads it every {@code delay_loop} (the timing's other fields do not apply).
 */
public record FileCheckSpec(Path file, int weight, boolean reverse, CheckTiming timing)
    implements CheckerSpec {
  @Override
  public CheckerKind kind() {
    return CheckerKind.FILE_CHECK;
  }
}
