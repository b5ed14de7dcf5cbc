package io.vigil.config;

/**
 * One finding about a configuration, printed as {@code FILE:LINE: error|warning: message}.
 *
 * @param origin where it is
 * @param severity how bad it is
 * @param message what is wrong, naming the keyword or value
 */
public record Diagnostic(Origin origin, Severity severity, String message) {
  /** How bad a finding is; the order is from worst to mildest. */
  public enum Severity {
    /** The configuration cannot be run at all (a missing file, an include loop). */
    FATAL("error"),
    /** Something keepalived reports as an error: ignored, defaulted or rejected. */
    ERROR("error"),
    /** Legal but suspicious, deprecated, or not implemented by Vigil. */
    WARNING("warning"),
    /** Scripts would run without {@code enable_script_security} (keepalived's exit code 6). */
    SECURITY("error"),
    /**
     * What a checked include ({@code includem} ..., {@code include_check}) finds missing:
     * keepalived then does not run the configuration at all, and {@code -t} exits 6 (its
     * EXIT_NOTCONFIGURED).
     */
    INCLUDE("error");

    private final String label;

    Severity(String label) {
      this.label = label;
    }

    /** The word printed after the location. */
    public String label() {
      return label;
    }
  }

  @Override
  public String toString() {
    return origin + ": " + severity.label() + ": " + message;
  }
}
