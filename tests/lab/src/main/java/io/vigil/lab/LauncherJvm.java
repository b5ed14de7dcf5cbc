package io.vigil.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM of Vigil's as the package runs it: the settings of its launcher ({@code
 * packaging/src/pkg/vigil.sh.in}) that shape how a daemon runs, for the daemons the tests start.
 * With the JVM's defaults instead (G1 on a heap of 1/64 of the machine), a VRRP master at 10 ms
 * adverts was seen to stop for 38-40 ms in its young collections; the launcher's serial collector
 * on a small heap stops it for 1-2 ms.
 */
public final class LauncherJvm {
  private LauncherJvm() {}

  /**
   * The serial collector on a heap of 8 MiB growing to 256, small stacks, C1 alone, no PerfData:
   * what {@code /usr/sbin/vigil} and {@code bin/vigil} give every command.
   */
  public static List<String> flags() {
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

  /**
   * {@code java FLAGS -cp CLASSPATH MAIN ARGS…}: {@code main} on this test run's class path, with
   * the {@link #flags()}.
   */
  public static String[] argv(Class<?> main, List<String> args) {
    List<String> a = new ArrayList<>();
    a.add(java());
    a.addAll(flags());
    a.add("-cp");
    a.add(System.getProperty("java.class.path"));
    a.add(main.getName());
    a.addAll(args);
    return a.toArray(String[]::new);
  }
}
