package io.vigil.config.model;

import java.util.List;

/** A command to run: the program and its arguments, already unquoted and unescaped. */
public record Script(List<String> argv) {
  public Script {
    argv = List.copyOf(argv);
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
