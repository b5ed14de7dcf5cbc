package io.vigil.lab;

/** What a finished command left: its exit code and everything it printed. */
public record ExecResult(int exitCode, String stdout, String stderr) {
  /** True when the command exited 0. */
  public boolean ok() {
    return exitCode == 0;
  }

  /** Throws with the command's output unless it exited 0; returns stdout. */
  public String orThrow(String what) {
    if (exitCode != 0) {
      throw new LabException(
          what + " exited " + exitCode + (stderr.isBlank() ? "" : ": " + stderr.strip()));
    }
    return stdout;
  }
}
