package io.vigil.config.lang;

import java.util.List;
import java.util.function.Function;

/**
 * A parameter defined by {@code $NAME=value}. A multi-line one (continued with a trailing
 * backslash) may only be used at the end of a line; its first line replaces the reference and the
 * others follow as lines of their own. A built-in one ({@code _RANDOM}) computes its value at each
 * use from the numbers written after its name ({@code ${_RANDOM 1 10}}; null when none).
 */
record Definition(
    String name, List<String> lines, boolean multiline, Function<String, String> builtin) {
  Definition {
    lines = List.copyOf(lines);
  }

  static Definition single(String name, String value) {
    return new Definition(name, List.of(value), false, null);
  }

  static Definition multiline(String name, List<String> lines) {
    return new Definition(name, lines, true, null);
  }

  /**
   * A built-in computed at each use; {@code fn} gets the parameters and may throw {@link
   * IllegalArgumentException} with the reason the line cannot be used.
   */
  static Definition builtin(String name, Function<String, String> fn) {
    return new Definition(name, List.of(), false, fn);
  }

  String firstLine() {
    return lines.isEmpty() ? "" : lines.get(0);
  }
}
