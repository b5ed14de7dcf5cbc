package io.vigil.config.lang;

import java.util.List;

/**
 * A parameter defined by {@code $NAME=value}. A multi-line one (continued with a trailing
 * backslash) may only be used at the end of a line; its first line replaces the reference and the
 * others follow as lines of their own.
 */
record Definition(String name, List<String> lines, boolean multiline) {
  Definition {
    lines = List.copyOf(lines);
  }

  static Definition single(String name, String value) {
    return new Definition(name, List.of(value), false);
  }

  static Definition multiline(String name, List<String> lines) {
    return new Definition(name, lines, true);
  }

  String firstLine() {
    return lines.isEmpty() ? "" : lines.get(0);
  }
}
