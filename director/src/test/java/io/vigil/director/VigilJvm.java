package io.vigil.director;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the {@code vigil} CLI in a JVM of its own, from this test run's class path. */
public final class VigilJvm {
  private VigilJvm() {}

  /**
   * The JVM settings of the package's launcher ({@code packaging/src/pkg/vigil.sh.in}) that shape
   * how the daemon runs: the serial collector on a heap of 8 MiB growing to 256, small stacks, C1
   * alone, no PerfData. The tests' daemons run as an operator's do: with the JVM's default
   * collector (G1), a master at 10 ms adverts was seen to stop for 38-40 ms in its young
   * collections, which the launcher's collector does not do.
   */
  public static List<String> launcherFlags() {
    return List.of(
        "-XX:+UseSerialGC",
        "-Xms8m",
        "-Xmx256m",
        "-Xss512k",
        "-XX:TieredStopAtLevel=1",
        "-XX:-UsePerfData");
  }

  /** The {@code java} binary of the JVM running the tests. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** {@code java FLAGS -cp CLASSPATH MAIN ARGS…}, with the {@link #launcherFlags()}. */
  public static String[] argv(Class<?> main, List<String> args) {
    List<String> a = new ArrayList<>();
    a.add(java());
    a.addAll(launcherFlags());
    a.add("-cp");
    a.add(System.getProperty("java.class.path"));
    a.add(main.getName());
    a.addAll(args);
    return a.toArray(String[]::new);
  }

  /** {@code java FLAGS -cp CLASSPATH io.vigil.director.cli.VigilCommand ARGS…}. */
  public static String[] argv(String... args) {
    return argv(io.vigil.director.cli.VigilCommand.class, List.of(args));
  }
}
