package io.vigil.config.lang;

import io.vigil.config.Origin;
import java.util.ArrayList;
import java.util.List;

/**
 * keepalived's line generators.
 *
 * <ul>
 *   <li>{@code ~SEQ(var, end)}, {@code ~SEQ(var, start, end)}, {@code ~SEQ(var, start, step, end)
 *       text}: {@code text} once per value, with {@code $var} set to it; {@code ~SEQx} gives the
 *       value in lower-case hex. With only an end, the sequence starts at 1 (at -1 for a negative
 *       end). Numbers may be decimal, 0x-hex or 0-octal, and may be parameters.
 *   <li>{@code ~LST(var, v1, v2, ...) text} and {@code ~LST({a,b}, {1,2}, {3,4}) text}: {@code
 *       text} once per value set, missing values empty.
 * </ul>
 */
final class Generators {
  private final Preprocessor pre;

  Generators(Preprocessor pre) {
    this.pre = pre;
  }

  void expand(String buf, Origin o, Preprocessor.Frame frame, int nesting) {
    if (nesting >= Preprocessor.MAX_GENERATOR_NESTING) {
      pre.diags().error(o, "~SEQ/~LST nest deeper than " + Preprocessor.MAX_GENERATOR_NESTING);
      return;
    }
    boolean seq = buf.startsWith("~SEQ");
    String kind = seq ? "~SEQ" : "~LST";
    int open = buf.indexOf('(');
    int close = buf.indexOf(')', Math.max(open, 0));
    boolean hex = seq && buf.length() > 4 && buf.charAt(4) == 'x';
    if (open < 0 || close < 0 || !buf.substring(seq ? (hex ? 5 : 4) : 4, open).isBlank()) {
      pre.diags().error(o, "invalid " + kind + " specification '" + buf + "'");
      return;
    }
    String text = buf.substring(close + 1).strip();
    String args = buf.substring(open + 1, close);
    if (seq) {
      seq(args, hex, text, buf, o, frame, nesting);
    } else {
      lst(args, text, buf, o, frame, nesting);
    }
  }

  private void seq(
      String args, boolean hex, String text, String buf, Origin o, Preprocessor.Frame f, int n) {
    String[] parts = pre.substituted(args).split(",", -1);
    String var = parts[0].strip();
    if (!validName(var) || parts.length < 2 || parts.length > 4) {
      pre.diags().error(o, "invalid ~SEQ specification '" + buf + "'");
      return;
    }
    long[] v = new long[parts.length - 1];
    for (int i = 1; i < parts.length; i++) {
      Long x = number(parts[i].strip());
      if (x == null) {
        pre.diags().error(o, "invalid ~SEQ number '" + parts[i].strip() + "' in '" + buf + "'");
        return;
      }
      v[i - 1] = x;
    }
    long start;
    long step;
    long end;
    if (v.length == 1) {
      end = v[0];
      step = end < 1 ? -1 : 1;
      start = end < 0 ? -1 : 1;
    } else if (v.length == 2) {
      start = v[0];
      end = v[1];
      step = start <= end ? 1 : -1;
    } else {
      start = v[0];
      step = v[1];
      end = v[2];
      if (step == 0 || (start < end && step < 0) || (start > end && step > 0)) {
        pre.diags().error(o, "invalid ~SEQ values '" + buf + "'");
        return;
      }
    }
    if (hex && (start < 0 || end < 0)) {
      pre.diags().error(o, "~SEQx is only valid for positive numbers '" + buf + "'");
      return;
    }
    long count =
        (Math.abs((double) end - start) / Math.abs((double) step)) >= Preprocessor.MAX_LINES
            ? Long.MAX_VALUE
            : (Math.abs(end - start) / Math.abs(step)) + 1;
    if (count > Preprocessor.MAX_LINES) {
      pre.diags()
          .error(o, "~SEQ would repeat its line more than " + Preprocessor.MAX_LINES + " times");
      return;
    }
    long x = start;
    for (long i = 0; i < count && !pre.full(); i++, x += step) {
      pre.define(Definition.single(var, hex ? Long.toHexString(x) : Long.toString(x)));
      if (!text.isEmpty()) {
        pre.logical(text, o, f, n + 1);
      }
    }
  }

  private void lst(String args, String text, String buf, Origin o, Preprocessor.Frame f, int n) {
    List<List<String>> groups = groups(args);
    if (groups == null || groups.size() < 2 || groups.get(0).isEmpty()) {
      pre.diags().error(o, "invalid ~LST specification '" + buf + "'");
      return;
    }
    List<String> vars = groups.get(0);
    for (String var : vars) {
      if (!validName(var)) {
        pre.diags().error(o, "invalid ~LST variable '" + var + "' in '" + buf + "'");
        return;
      }
    }
    for (List<String> values : groups.subList(1, groups.size())) {
      if (values.size() > vars.size()) {
        pre.diags().error(o, "~LST specification has too many values '" + buf + "'");
        return;
      }
    }
    for (List<String> values : groups.subList(1, groups.size())) {
      if (pre.full()) {
        return;
      }
      for (int i = 0; i < vars.size(); i++) {
        pre.define(Definition.single(vars.get(i), i < values.size() ? values.get(i) : ""));
      }
      if (!text.isEmpty()) {
        pre.logical(text, o, f, n + 1);
      }
    }
  }

  /** "a, {b,c}, d" as [[a],[b,c],[d]]; null when braces do not balance. */
  private static List<List<String>> groups(String args) {
    List<List<String>> out = new ArrayList<>();
    int i = 0;
    while (i <= args.length()) {
      int comma;
      List<String> g = new ArrayList<>();
      String rest = args.substring(i).stripLeading();
      int skipped = args.length() - i - rest.length();
      if (rest.startsWith("{")) {
        int close = rest.indexOf('}');
        if (close < 0) {
          return null;
        }
        for (String s : rest.substring(1, close).split(",", -1)) {
          g.add(s.strip());
        }
        int after = i + skipped + close + 1;
        comma = args.indexOf(',', after);
        if (!args.substring(after, comma < 0 ? args.length() : comma).isBlank()) {
          return null;
        }
      } else {
        comma = args.indexOf(',', i);
        g.add(args.substring(i, comma < 0 ? args.length() : comma).strip());
      }
      out.add(g);
      if (comma < 0) {
        break;
      }
      i = comma + 1;
    }
    return out;
  }

  private static boolean validName(String s) {
    if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (!(Preprocessor.isAsciiAlnum(s.charAt(i)) || s.charAt(i) == '_')) {
        return false;
      }
    }
    return true;
  }

  /** strtol(s, 0): decimal, 0x hex or 0 octal, with an optional sign; null when not a number. */
  static Long number(String s) {
    try {
      boolean neg = s.startsWith("-");
      String t = neg || s.startsWith("+") ? s.substring(1) : s;
      long v;
      if (t.startsWith("0x") || t.startsWith("0X")) {
        v = Long.parseLong(t.substring(2), 16);
      } else if (t.length() > 1 && t.startsWith("0")) {
        v = Long.parseLong(t.substring(1), 8);
      } else {
        v = Long.parseLong(t);
      }
      if (t.isEmpty() || t.startsWith("-") || t.startsWith("+")) {
        return null;
      }
      return neg ? -v : v;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
