package io.vigil.config.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replaces {@code $NAME} and {@code ${NAME}} in one line. {@code $NAME} must be followed by a
 * blank, a comma, a closing parenthesis or the end of the line; an undefined name stays as it is.
 * Replacement text is scanned again, so parameters may refer to parameters. Inside braces, numbers
 * separated by blanks may follow the name ({@code ${_RANDOM 1 10}}, keepalived's {@code
 * find_definition()}); only a built-in takes them, any other such reference stays as it is.
 *
 * @param text the line after substitution
 * @param moreLines the further lines of multi-line parameters, in order
 * @param error why substitution gave up, or null
 */
record Substitution(String text, List<String> moreLines, String error) {
  /** The substituted line, or null when no parameter was referenced. */
  static Substitution apply(String buf, Map<String, Definition> defs, int maxSubs, int maxChars) {
    StringBuilder b = new StringBuilder(buf);
    List<String> more = new ArrayList<>();
    int count = 0;
    int pos = 0;
    while ((pos = b.indexOf("$", pos)) >= 0 && pos + 1 < b.length()) {
      Ref ref = Ref.at(b, pos + 1);
      Definition def = ref == null ? null : defs.get(ref.name);
      if (def == null
          || (def.multiline() && ref.end != b.length())
          || (ref.params != null && def.builtin() == null)) {
        pos++;
        continue;
      }
      if (++count > maxSubs) {
        return new Substitution(b.toString(), more, "parameter substitution does not terminate");
      }
      String value;
      if (def.builtin() != null) {
        try {
          value = def.builtin().apply(ref.params);
        } catch (IllegalArgumentException e) {
          return new Substitution(b.toString(), more, e.getMessage());
        }
      } else {
        value = def.firstLine();
      }
      if (def.multiline() && def.lines().size() > 1) {
        more.addAll(0, def.lines().subList(1, def.lines().size()));
      }
      b.replace(pos, ref.end, value);
      if (b.length() > maxChars) {
        return new Substitution(b.toString(), more, "line longer than " + maxChars + " characters");
      }
      if (value.strip().startsWith("~")) {
        break;
      }
    }
    return count == 0 ? null : new Substitution(b.toString(), more, null);
  }

  /** A reference's name, its parameters (null: none) and where it ends (exclusive). */
  private record Ref(String name, String params, int end) {
    static Ref at(CharSequence s, int i) {
      boolean braces = i < s.length() && s.charAt(i) == '{';
      int p = braces ? i + 1 : i;
      if (p >= s.length() || !(Character.isLetter(s.charAt(p)) || s.charAt(p) == '_')) {
        return null;
      }
      int q = p + 1;
      while (q < s.length() && (Preprocessor.isAsciiAlnum(s.charAt(q)) || s.charAt(q) == '_')) {
        q++;
      }
      String name = s.subSequence(p, q).toString();
      if (braces) {
        int r = q;
        while (r < s.length() && (s.charAt(r) == ' ' || Character.isDigit(s.charAt(r)))) {
          r++;
        }
        String params = s.subSequence(q, r).toString().strip();
        // a parameter list may not end with a blank; "${NAME }" is just NAME
        if (r >= s.length()
            || s.charAt(r) != '}'
            || (!params.isEmpty() && s.charAt(r - 1) == ' ')) {
          return null;
        }
        return new Ref(name, params.isEmpty() ? null : params, r + 1);
      }
      if (q == s.length() || " \t,)".indexOf(s.charAt(q)) >= 0) {
        return new Ref(name, null, q);
      }
      return null;
    }
  }
}
