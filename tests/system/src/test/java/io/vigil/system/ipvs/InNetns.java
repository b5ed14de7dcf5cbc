package io.vigil.system.ipvs;

import io.vigil.lab.Netns;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the vigil CLI (this build's classes) inside a lab namespace, so each test gets a fresh IPVS
 * table of its own.
 */
final class InNetns {
  private InNetns() {}

  /** The argv for `vigil ARGS...` on this JVM's classpath. */
  static String[] vigil(String... args) {
    List<String> argv = new ArrayList<>();
    argv.add(System.getProperty("java.home") + "/bin/java");
    argv.add("-XX:TieredStopAtLevel=1");
    argv.add("-XX:+UseSerialGC");
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add("io.vigil.director.cli.VigilCommand");
    argv.addAll(List.of(args));
    return argv.toArray(String[]::new);
  }

  /** A shell line that pipes {@code stdin} into `vigil ARGS...`. */
  static String vigilWithInput(String stdinFile, String... args) {
    StringBuilder sb = new StringBuilder();
    for (String a : vigil(args)) {
      sb.append('\'').append(a.replace("'", "'\\''")).append("' ");
    }
    return sb.append("< ").append(stdinFile).toString();
  }

  static String sh(Netns ns, String line) {
    return ns.sh(line);
  }
}
