package io.vigil.director.lifecycle;

import java.util.Map;

/**
 * Chooses the log line format before Logback starts: journald-friendly (no timestamp, the journal
 * has one) when stderr goes to the journal, a timestamped line otherwise.
 */
public final class LogSetup {
  static final String JOURNAL_PATTERN = "%-5level %logger{0}: %msg%n";

  private LogSetup() {}

  /** Sets the properties {@link LogConfigurator} reads; call before the first logger is created. */
  public static void configure(Map<String, String> env, boolean debug) {
    if (System.getProperty("vigil.log.pattern") == null && env.containsKey("JOURNAL_STREAM")) {
      System.setProperty("vigil.log.pattern", JOURNAL_PATTERN);
    }
    if (debug && System.getProperty("vigil.log.level") == null) {
      System.setProperty("vigil.log.level", "DEBUG");
    }
  }
}
