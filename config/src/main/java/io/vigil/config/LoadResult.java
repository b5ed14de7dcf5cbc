package io.vigil.config;

import io.vigil.config.model.VigilConfig;
import java.util.List;

/**
 * The effective configuration and every finding about it.
 *
 * @param config the typed configuration (what keepalived would run: bad items dropped or defaulted)
 * @param diagnostics the findings, in file order
 * @param dropped findings beyond {@link Diagnostics#MAX}, counted only
 */
public record LoadResult(VigilConfig config, List<Diagnostic> diagnostics, int dropped) {
  /** Nothing to say: exit 0. */
  public static final int EXIT_OK = 0;

  /** The configuration cannot be run (a missing file, an include loop): exit 4. */
  public static final int EXIT_CANNOT_RUN = 4;

  /** There are errors or warnings, but it would run after they are fixed: exit 5. */
  public static final int EXIT_ERRORS = 5;

  /**
   * Scripts would run without enable_script_security, or a checked include is missing (keepalived's
   * EXIT_NOTCONFIGURED, the same number): exit 6.
   */
  public static final int EXIT_SCRIPT_SECURITY = 6;

  public LoadResult {
    diagnostics = List.copyOf(diagnostics);
  }

  /**
   * keepalived's {@code -t} exit codes (those of its code: its man page lists them one lower): 0
   * when clean; 4 when it cannot run; 6 for scripts without script security; 5 for any other
   * finding. Unlike keepalived, which keeps whichever status was reported with the larger code (so
   * a missing file plus a warning gives 5), "cannot run" wins here.
   */
  public int exitCode() {
    return exitCode(0);
  }

  /**
   * The same with {@code moreErrors} found beyond the configuration's text (what the daemon cannot
   * map: an authentication it does not support, a script it may not run).
   */
  public int exitCode(long moreErrors) {
    if (has(Diagnostic.Severity.FATAL)) {
      return EXIT_CANNOT_RUN;
    }
    if (has(Diagnostic.Severity.SECURITY) || has(Diagnostic.Severity.INCLUDE)) {
      return EXIT_SCRIPT_SECURITY; // 6 for both, as keepalived exits
    }
    return diagnostics.isEmpty() && dropped == 0 && moreErrors == 0 ? EXIT_OK : EXIT_ERRORS;
  }

  public boolean has(Diagnostic.Severity s) {
    return diagnostics.stream().anyMatch(d -> d.severity() == s);
  }

  public long count(Diagnostic.Severity s) {
    return diagnostics.stream().filter(d -> d.severity() == s).count();
  }

  /** One line: "N errors, M warnings" and the verdict. */
  public String summary() {
    return summary(0);
  }

  /** The same with {@code moreErrors} ({@link #exitCode(long)}). */
  public String summary(long moreErrors) {
    long errors = diagnostics.size() - count(Diagnostic.Severity.WARNING) + dropped + moreErrors;
    long warnings = count(Diagnostic.Severity.WARNING);
    String verdict =
        switch (exitCode(moreErrors)) {
          case EXIT_OK -> "configuration OK";
          case EXIT_CANNOT_RUN -> "configuration cannot be run";
          case EXIT_SCRIPT_SECURITY -> "scripts configured without enable_script_security";
          default -> "configuration has problems";
        };
    return errors
        + " error"
        + (errors == 1 ? "" : "s")
        + ", "
        + warnings
        + " warning"
        + (warnings == 1 ? "" : "s")
        + ": "
        + verdict;
  }
}
