package io.vigil.director.lifecycle;

import java.util.Map;

/**
 * Chooses the log line format before Logback starts: journald-friendly (no timestamp, the journal
 * has one) when stderr goes to the journal, a timestamped line otherwise.
 */
public final class LogSetup {
  private LogSetup() {}

  /**
   * Sets the properties {@link LogConfigurator} reads, and names {@link LogProvider} as SLF4J's
   * provider unless the operator named a Logback file or a provider; call before the first logger
   * is created.
   */
  public static void configure(Map<String, String> env, boolean debug) {
    if (System.getProperty("vigil.log.journal") == null && env.containsKey("JOURNAL_STREAM")) {
      System.setProperty("vigil.log.journal", "true");
    }
    if (System.getProperty("logback.configurationFile") == null
        && System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.provider", LogProvider.class.getName());
      if (System.getProperty("slf4j.internal.verbosity") == null) {
        // SLF4J says at INFO that it loads a named provider: not a line for the daemon's log
        System.setProperty("slf4j.internal.verbosity", "WARN");
      }
    }
    if (debug && System.getProperty("vigil.log.level") == null) {
      System.setProperty("vigil.log.level", "DEBUG");
    }
  }
}
