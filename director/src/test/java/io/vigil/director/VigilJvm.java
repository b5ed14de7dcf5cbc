package io.vigil.director;

import io.vigil.lab.LauncherJvm;
import java.util.List;

/** Runs the {@code vigil} CLI in a JVM of its own, from this test run's class path. */
public final class VigilJvm {
  private VigilJvm() {}

  /** The {@code java} binary of the JVM running the tests. */
  public static String java() {
    return LauncherJvm.java();
  }

  /**
   * {@code java FLAGS -cp CLASSPATH io.vigil.director.cli.VigilCommand ARGS…}, with the package
   * launcher's {@link LauncherJvm#flags()}.
   */
  public static String[] argv(String... args) {
    return LauncherJvm.argv(io.vigil.director.cli.VigilCommand.class, List.of(args));
  }
}
