package io.vigil.director;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the {@code vigil} CLI in a JVM of its own, from this test run's class path. */
public final class VigilJvm {
  private VigilJvm() {}

  /** The {@code java} binary of the JVM running the tests. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** {@code java -cp CLASSPATH io.vigil.director.cli.VigilCommand ARGS…}. */
  public static String[] argv(String... args) {
    List<String> a = new ArrayList<>();
    a.add(java());
    a.add("-cp");
    a.add(System.getProperty("java.class.path"));
    a.add("io.vigil.director.cli.VigilCommand");
    a.addAll(List.of(args));
    return a.toArray(String[]::new);
  }
}
