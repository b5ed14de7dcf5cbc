package io.vigil.config.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** keepalived's two ways of splitting a line into words. */
public final class Words {
  private static final String WHITE = " \t\f\n\r\u000b";

  private Words() {}

  /**
   * The ordinary split: words separated by white space; a word starting with {@code "} runs to the
   * next {@code "} (no escapes) and loses its quotes. An unmatched quote ends the line and is
   * reported through {@code unmatched} (may be null).
   */
  public static List<String> split(String s, Runnable unmatched) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (true) {
      while (i < n && WHITE.indexOf(s.charAt(i)) >= 0) {
        i++;
      }
      if (i >= n) {
        break;
      }
      if (s.charAt(i) == '"') {
        int end = s.indexOf('"', i + 1);
        if (end < 0) {
          if (unmatched != null) {
            unmatched.run();
          }
          break;
        }
        out.add(s.substring(i + 1, end));
        i = end + 1;
      } else {
        int start = i;
        while (i < n && WHITE.indexOf(s.charAt(i)) < 0 && s.charAt(i) != '"') {
          i++;
        }
        out.add(s.substring(start, i));
      }
    }
    return out;
  }

  /**
   * The split keepalived uses for script command lines and regular expressions: single and double
   * quotes group (and may be glued to other text), and backslash escapes work inside and outside
   * quotes: {@code \a \b \E \f \n \r \t \v}, {@code \xHH..}, octal {@code \ooo}, control {@code
   * \cX}, and any other character stands for itself. Empty when a quote is not closed or the line
   * ends in a lone backslash.
   */
  public static Optional<List<String>> splitEscaped(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (true) {
      while (i < n && WHITE.indexOf(s.charAt(i)) >= 0) {
        i++;
      }
      if (i >= n) {
        break;
      }
      StringBuilder word = new StringBuilder();
      char quote = 0;
      while (i < n) {
        char c = s.charAt(i);
        if (c == '\\') {
          i++;
          if (i >= n) {
            return Optional.empty();
          }
          i = escape(s, i, word);
        } else if (quote != 0) {
          if (c == quote) {
            quote = 0;
          } else {
            word.append(c);
          }
          i++;
        } else if (c == '"' || c == '\'') {
          quote = c;
          i++;
        } else if (WHITE.indexOf(c) >= 0) {
          break;
        } else {
          word.append(c);
          i++;
        }
      }
      if (quote != 0) {
        return Optional.empty();
      }
      out.add(word.toString());
    }
    return Optional.of(out);
  }

  /** Decodes the escape whose first character (after the backslash) is at i; returns the next i. */
  private static int escape(String s, int i, StringBuilder out) {
    int n = s.length();
    char c = s.charAt(i);
    if (c == 'x' && i + 1 < n && hex(s.charAt(i + 1)) >= 0) {
      int v = 0;
      i++;
      while (i < n && hex(s.charAt(i)) >= 0) {
        v = ((v << 4) | hex(s.charAt(i))) & 0xff; // keepalived keeps the low byte
        i++;
      }
      out.append((char) v);
      return i;
    }
    if (c == 'c' && i + 1 < n) {
      out.append((char) (s.charAt(i + 1) & 0x1f));
      return i + 2;
    }
    if (c >= '0' && c <= '7') {
      int v = c - '0';
      i++;
      for (int k = 0; k < 2 && i < n && s.charAt(i) >= '0' && s.charAt(i) <= '7'; k++, i++) {
        v = (v << 3) + (s.charAt(i) - '0');
      }
      out.append((char) (v & 0xff));
      return i;
    }
    out.append(
        switch (c) {
          case 'a' -> '\u0007';
          case 'b' -> '\b';
          case 'E' -> '\u001b';
          case 'f' -> '\f';
          case 'n' -> '\n';
          case 'r' -> '\r';
          case 't' -> '\t';
          case 'v' -> '\u000b';
          default -> c;
        });
    return i + 1;
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
