package io.vigil.system.ipvs;

import io.vigil.lab.Netns;
import io.vigil.system.lab.VigilCli;

/**
 * Runs the vigil CLI (this build's classes) inside a lab namespace, so each test gets a fresh IPVS
 * table of its own.
 */
final class InNetns {
  private InNetns() {}

  /** The argv for `vigil ARGS...` on this JVM's classpath. */
  static String[] vigil(String... args) {
    return VigilCli.argv(args);
  }

  /** A shell line that pipes {@code stdin} into `vigil ARGS...`. */
  static String vigilWithInput(String stdinFile, String... args) {
    return VigilCli.shellLine(args) + " < " + stdinFile;
  }

  static String sh(Netns ns, String line) {
    return ns.sh(line);
  }
}
