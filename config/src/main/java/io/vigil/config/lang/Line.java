package io.vigil.config.lang;

import io.vigil.config.Origin;
import java.util.List;

/**
 * One logical line after preprocessing: comments gone, parameters substituted, includes and
 * sequences expanded, and every brace on a line of its own (as keepalived's reader does).
 *
 * @param origin the file and line it came from
 * @param words the line split into words; a double-quoted word loses its quotes
 * @param text the line's text, for the few keywords that re-split it with escapes
 */
public record Line(Origin origin, List<String> words, String text) {
  public Line {
    words = List.copyOf(words);
  }

  public String first() {
    return words.get(0);
  }

  public boolean isOpen() {
    return words.size() == 1 && words.get(0).equals("{") && !text.startsWith("\"");
  }

  public boolean isClose() {
    return words.size() == 1 && words.get(0).equals("}") && !text.startsWith("\"");
  }
}
