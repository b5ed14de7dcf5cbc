package io.vigil.config;

/**
 * Where a token came from: the file as named by the operator (or an include) and a 1-based line.
 */
public record Origin(String file, int line) {
  /** For findings that have no place in a file (a missing file, a whole-config check). */
  public static Origin none(String file) {
    return new Origin(file, 0);
  }

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line : file;
  }
}
