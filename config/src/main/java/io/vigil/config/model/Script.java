package io.vigil.config.model;

import java.util.List;
import java.util.Optional;

/** A command to run: the program and its arguments, already unquoted and unescaped. */
public record Script(List<String> argv, Optional<String> user) {
  public Script {
    argv = List.copyOf(argv);
  }

  /** A script without its own user (it runs as {@code script_user}, or as Vigil). */
  public Script(List<String> argv) {
    this(argv, Optional.empty());
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (String a : argv) {
      if (b.length() > 0) {
        b.append(' ');
      }
      boolean plain = !a.isEmpty() && a.chars().noneMatch(c -> c <= ' ' || c == '"' || c == '\\');
      b.append(plain ? a : '"' + a.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
    }
    return b.toString();
  }
}
