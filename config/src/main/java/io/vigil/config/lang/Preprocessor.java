package io.vigil.config.lang;

import io.vigil.config.Diagnostics;
import io.vigil.config.Origin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * keepalived's line reader: turns files into {@link Line}s, each with its file and line.
 *
 * <p>In keepalived's order, per physical line: comments ({@code #}, {@code !}, outside double
 * quotes; {@code \#} and {@code \!} escape them) and surrounding blanks are removed; then, until
 * nothing changes: a leading {@code @id} keeps the line only on the node whose config id is {@code
 * id} ({@code @^id}: on every other node); {@code $NAME=value} defines a parameter (a trailing
 * backslash continues it on the next lines); {@code ~SEQ(var,start,step,end) text} and {@code
 * ~LST(var,v1,v2..) text} repeat {@code text}; {@code $NAME} (followed by a blank, comma, closing
 * parenthesis or the end) and {@code ${NAME}} are substituted, including keepalived's built-in
 * {@code _PWD} (the current file's directory), {@code _INSTANCE} (the config id), {@code _RANDOM}
 * ({@code ${_RANDOM [MIN [MAX]]}}: a random integer in [MIN, MAX], by default [0, 32767]; a {@code
 * random_seed N} line makes the following ones repeatable), {@code _HASH} ({@code #}) and {@code
 * _BANG} ({@code !}). Then {@code include PATTERN} (relative to the including file, globs with
 * braces) reads other files in place, and every brace is split onto a line of its own.
 *
 * <p>Everything is bounded, so hostile input ends with an error rather than a hang: include depth,
 * substitutions per line, generator nesting and the total number of lines.
 */
public final class Preprocessor {
  /** Deepest include nesting. */
  public static final int MAX_INCLUDE_DEPTH = 16;

  /** Most lines a configuration may expand to. */
  public static final int MAX_LINES = 200_000;

  /** Most substitutions on one line (catches {@code $A=$A}). */
  public static final int MAX_SUBSTITUTIONS = 100;

  /** Most files read, counting a file each time it is included. */
  public static final int MAX_FILE_READS = 1_000;

  static final int MAX_LINE_CHARS = 65_536;
  private static final java.util.regex.Pattern RANDOM_SEED =
      java.util.regex.Pattern.compile("random_seed[ \t]+([0-9]{1,10})");
  static final int MAX_GENERATOR_NESTING = 8;
  static final long MAX_FILE_BYTES = 16L << 20;

  private final String configId;
  private final Diagnostics diags;
  private final Map<String, Definition> defs = new HashMap<>();
  private final List<Line> out = new ArrayList<>();
  private final Deque<Path> includeStack = new ArrayDeque<>();
  private final Generators generators = new Generators(this);
  private java.util.Random random = new java.util.Random();
  private Definition pending;
  private boolean full;
  private int includeCheck; // include_check's bits (Includes.READ ...) in force
  private int fileReads;
  private Path rootDir;
  private Path rootDirShown;

  /** A frame of the include stack: how the file is shown, and its directory for includes. */
  record Frame(String display, Path dir, int depth) {}

  private Preprocessor(String configId, Diagnostics diags) {
    this.configId = configId;
    this.diags = diags;
    defs.put("_HASH", Definition.single("_HASH", "#"));
    defs.put("_BANG", Definition.single("_BANG", "!"));
    if (configId != null) {
      defs.put("_INSTANCE", Definition.single("_INSTANCE", configId));
    }
    defs.put("_RANDOM", Definition.builtin("_RANDOM", this::random));
  }

  /** Largest {@code _RANDOM} MAX: keepalived's arithmetic is in C longs; ours in Java longs. */
  static final long RANDOM_MAX_LIMIT = 4_294_967_295L;

  /**
   * {@code ${_RANDOM [MIN [MAX]]}} (keepalived's {@code get_random()}): MIN defaults to 0, MAX to
   * 32767. keepalived uses the first two numbers of more (and logs it), and wraps around when MIN >
   * MAX; both make the line an error here.
   */
  private String random(String params) {
    long min = 0;
    long max = 32767;
    if (params != null) {
      String[] n = params.trim().split(" +");
      if (n.length > 2) {
        throw new IllegalArgumentException(
            "too many parameters for ${_RANDOM " + params + "}: MIN and MAX at most");
      }
      try {
        min = Long.parseLong(n[0]);
        max = n.length > 1 ? Long.parseLong(n[1]) : max;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("${_RANDOM " + params + "}: number too large");
      }
      if (max > RANDOM_MAX_LIMIT || min > max) {
        throw new IllegalArgumentException(
            "${_RANDOM "
                + params
                + "}: needs 0 <= MIN <= MAX <= "
                + RANDOM_MAX_LIMIT
                + " (MIN "
                + min
                + ", MAX "
                + max
                + ")");
      }
    }
    return Long.toString(min + (long) (random.nextDouble() * (max - min + 1)));
  }

  /**
   * Reads {@code file} and everything it includes.
   *
   * @param configId the node's config id for {@code @id} lines (keepalived's {@code -i}), or null
   */
  public static List<Line> read(Path file, String configId, Diagnostics diags) {
    return read(file, configId, diags, false);
  }

  /**
   * The same; {@code allChecked}: every include checked from the start, as after a bare {@code
   * include_check} (keepalived's {@code -e}, {@code --all-config}: a missing file is an error).
   */
  public static List<Line> read(Path file, String configId, Diagnostics diags, boolean allChecked) {
    Preprocessor p = new Preprocessor(configId, diags);
    p.includeCheck = allChecked ? Includes.ALL : 0;
    String display = file.toString();
    if (!Files.isRegularFile(file)) {
      diags.fatal(Origin.none(display), "cannot read configuration file: no such file");
      return List.of();
    }
    p.rootDir = parentOf(file);
    p.rootDirShown = file.getParent();
    p.readFile(file, new Frame(display, parentOf(file), 0), Origin.none(display));
    return List.copyOf(p.out);
  }

  /** Preprocesses text as if it were the file {@code name} in {@code dir} (for tests). */
  public static List<Line> readString(
      String text, String name, Path dir, String configId, Diagnostics diags) {
    Preprocessor p = new Preprocessor(configId, diags);
    p.readText(text, new Frame(name, dir, 0));
    return List.copyOf(p.out);
  }

  private static Path parentOf(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    return abs.getParent() == null ? abs : abs.getParent();
  }

  Diagnostics diags() {
    return diags;
  }

  boolean full() {
    return full;
  }

  /** The text with single-line parameters substituted (for ~SEQ's numbers). */
  String substituted(String text) {
    Substitution s = Substitution.apply(text, defs, MAX_SUBSTITUTIONS, MAX_LINE_CHARS);
    return s == null || s.error() != null || !s.moreLines().isEmpty() ? text : s.text();
  }

  void define(Definition d) {
    defs.put(d.name(), d);
  }

  private void readFile(Path file, Frame frame, Origin from) {
    if (++fileReads > MAX_FILE_READS) {
      diags.error(from, "more than " + MAX_FILE_READS + " files included - rest ignored");
      full = true;
      return;
    }
    Path real;
    try {
      real = file.toRealPath();
      if (Files.size(real) > MAX_FILE_BYTES) {
        diags.error(from, "file " + frame.display() + " is larger than 16 MiB - skipping");
        return;
      }
      if (includeStack.contains(real)) {
        diags.error(from, "include loop: " + frame.display() + " includes itself - skipping");
        return;
      }
      includeStack.push(real);
      try {
        String text = new String(Files.readAllBytes(real), StandardCharsets.UTF_8);
        readText(text, frame);
      } finally {
        includeStack.pop();
      }
    } catch (IOException e) {
      diags.fatal(from, "cannot read " + frame.display() + ": " + e.getMessage());
    }
  }

  private void readText(String text, Frame frame) {
    defs.put("_PWD", Definition.single("_PWD", frame.dir().toString()));
    int lineNo = 0;
    int start = 0;
    while (start <= text.length() && !full) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl;
      if (nl < 0 && start == text.length()) {
        break;
      }
      lineNo++;
      String raw = text.substring(start, end);
      int len = raw.length();
      while (len > 0 && (raw.charAt(len - 1) == '\r' || raw.charAt(len - 1) == '\n')) {
        len--;
      }
      physical(raw.substring(0, len), new Origin(frame.display(), lineNo), frame);
      start = end + 1;
    }
    endPending();
    defs.put("_PWD", Definition.single("_PWD", frame.dir().toString()));
  }

  private void physical(String raw, Origin o, Frame frame) {
    if (raw.isEmpty()) {
      endPending();
      return;
    }
    String buf = decomment(raw, o);
    if (buf.isEmpty()) {
      return;
    }
    if (pending != null) {
      continueDefinition(buf);
      return;
    }
    logical(buf, o, frame, 0);
  }

  /** One decommented line through conditionals, definitions, generators and substitution. */
  void logical(String buf, Origin o, Frame frame, int nesting) {
    if (full) {
      return;
    }
    List<String> extra = new ArrayList<>();
    for (int round = 0; ; round++) {
      if (round > MAX_SUBSTITUTIONS) {
        diags.error(o, "parameter substitution does not terminate - line ignored");
        return;
      }
      if (buf.startsWith("@")) {
        buf = conditional(buf);
        if (buf == null) {
          return;
        }
      }
      if (buf.startsWith("$") && definition(buf, o)) {
        return;
      }
      if (buf.startsWith("~SEQ") || buf.startsWith("~LST")) {
        generators.expand(buf, o, frame, nesting);
        return;
      }
      if (buf.startsWith("~") || buf.indexOf('$') < 0) {
        break;
      }
      Substitution s = Substitution.apply(buf, defs, MAX_SUBSTITUTIONS, MAX_LINE_CHARS);
      if (s == null) {
        break;
      }
      if (s.error() != null) {
        diags.error(o, s.error() + " - line ignored");
        return;
      }
      extra.addAll(0, s.moreLines());
      buf = decomment(s.text(), o);
      if (buf.isEmpty()) {
        break;
      }
      if (!buf.startsWith("@") && buf.indexOf('$') < 0) {
        break;
      }
    }
    if (buf.equals("include_check") || buf.startsWith("include_check ")) {
      includeCheck = includeCheck(buf, includeCheck); // and the parser reports what is wrong
    }
    if (!buf.isEmpty() && !include(buf, o, frame)) {
      emit(buf, o);
    }
    for (String more : extra) {
      if (nesting >= MAX_GENERATOR_NESTING) {
        diags.error(o, "multi-line parameters nest too deeply - ignored");
        return;
      }
      logical(more, o, frame, nesting + 1);
    }
  }

  /** The line without its {@code @id} prefix, or null when it is not for this node. */
  private String conditional(String buf) {
    boolean reverse = buf.startsWith("@^");
    int ofs = reverse ? 2 : 1;
    int sp = ofs;
    while (sp < buf.length() && buf.charAt(sp) != ' ' && buf.charAt(sp) != '\t') {
      sp++;
    }
    if (sp >= buf.length()) {
      return null;
    }
    boolean match = configId != null && buf.substring(ofs, sp).equals(configId);
    if (match == reverse) {
      return null;
    }
    return buf.substring(sp).stripLeading();
  }

  private boolean definition(String buf, Origin o) {
    if (buf.length() < 2 || !(Character.isLetter(buf.charAt(1)) || buf.charAt(1) == '_')) {
      return false;
    }
    int p = 2;
    while (p < buf.length() && buf.charAt(p) != '=') {
      char c = buf.charAt(p);
      if (!(isAsciiAlnum(c) || c == '_')) {
        return false;
      }
      p++;
    }
    if (p >= buf.length()) {
      return false;
    }
    String name = buf.substring(1, p);
    String value = buf.substring(p + 1).stripLeading();
    if (value.endsWith("\\")) {
      String first = value.substring(0, value.length() - 1).stripTrailing();
      pending = Definition.multiline(name, first.isEmpty() ? List.of() : List.of(first));
    } else {
      defs.put(name, Definition.single(name, value));
    }
    return true;
  }

  private void continueDefinition(String buf) {
    boolean more = buf.endsWith("\\");
    String text = more ? buf.substring(0, buf.length() - 1).stripTrailing() : buf;
    List<String> lines = new ArrayList<>(pending.lines());
    if (!text.isEmpty()) {
      lines.add(text);
    }
    pending = Definition.multiline(pending.name(), lines);
    if (!more) {
      endPending();
    }
  }

  private void endPending() {
    if (pending != null) {
      Definition d = pending;
      pending = null;
      defs.put(d.name(), d.lines().isEmpty() ? Definition.single(d.name(), "") : d);
    }
  }

  /** The check an {@code include_check} word names ({@code read} ...), 0 for none. */
  public static int includeCheckNamed(String word) {
    return switch (word) {
      case "read" -> Includes.READ;
      case "match" -> Includes.MATCH;
      case "wildcard_match" -> Includes.WILDCARD_MATCH;
      case "brace_match" -> Includes.BRACE_MATCH;
      default -> 0;
    };
  }

  /**
   * The checks after an {@code include_check [[+|-]read|match|wildcard_match|brace_match ...]}
   * line, as keepalived 2.2.7 sets them (include_check_set): no word is every check; a plain word
   * first sets its check (with read), {@code +} adds one, {@code -} removes one.
   */
  static int includeCheck(String line, int before) {
    String[] words = line.strip().split("[ \t]+");
    if (words.length == 1) {
      return Includes.ALL;
    }
    int bits = before;
    for (int i = 1; i < words.length; i++) {
      String w = words[i];
      int sign = w.startsWith("-") ? -1 : w.startsWith("+") ? 1 : 0;
      if (sign == 0 && i == 1) {
        bits = 0;
      } else if (sign == 0) {
        continue; // "Duplicate include_check": the parser says so
      }
      int flag = includeCheckNamed(sign == 0 ? w : w.substring(1));
      if (flag != 0) {
        bits = sign == 0 ? Includes.READ | flag : sign > 0 ? bits | flag : bits & ~flag;
      }
    }
    return bits;
  }

  private boolean include(String buf, Origin o, Frame frame) {
    if (!buf.startsWith("include") || buf.length() < 9) {
      return false;
    }
    char c7 = buf.charAt(7);
    int patternStart;
    if (c7 == ' ' || c7 == '\t') {
      patternStart = 8;
    } else if ("rmwba".indexOf(c7) >= 0 && (buf.charAt(8) == ' ' || buf.charAt(8) == '\t')) {
      patternStart = 9;
    } else {
      return false;
    }
    String pattern = buf.substring(patternStart).strip();
    if (frame.depth() + 1 > MAX_INCLUDE_DEPTH) {
      diags.error(
          o, "include nesting deeper than " + MAX_INCLUDE_DEPTH + " - '" + pattern + "' skipped");
      return true;
    }
    // the variant's checks and include_check's: what they name is an error, as keepalived then
    // refuses the configuration; anything else found is a warning, but a wildcard that matches
    // nothing unchecked (an empty conf.d), about which keepalived says nothing
    int checks = Includes.variant(c7) | includeCheck;
    Includes.Match m = Includes.expand(frame.dir(), pattern);
    for (Includes.Finding f : m.findings()) {
      if ((checks & f.check()) != 0) {
        diags.include(o, f.keepalived());
      } else if (f.check() != Includes.WILDCARD_MATCH) {
        diags.warning(o, f.ours());
      }
    }
    if (m.braceMissing() && (checks & Includes.BRACE_MATCH) != 0) {
      return true; // keepalived reads none of the files then
    }
    for (Path p : m.files()) {
      if (full) {
        return true;
      }
      int saved = includeCheck; // an included file's include_check ends with it
      readFile(p, new Frame(shown(p), parentOf(p), frame.depth() + 1), o);
      includeCheck = saved;
      defs.put("_PWD", Definition.single("_PWD", frame.dir().toString()));
    }
    return true;
  }

  /**
   * How an included file is named in findings: below the main file's directory, relative to it as
   * the operator named it (as keepalived, which reads includes from that directory); else absolute.
   */
  private String shown(Path p) {
    if (rootDir == null || !p.startsWith(rootDir)) {
      return p.toString();
    }
    Path rel = rootDir.relativize(p);
    return rootDirShown == null ? rel.toString() : rootDirShown.resolve(rel).toString();
  }

  /** Splits the line at braces outside double quotes and adds the pieces. */
  private void emit(String buf, Origin o) {
    // global_defs' random_seed: later ${_RANDOM}s repeat from run to run (keepalived.conf(5)); the
    // prefix first, so that other lines make no matcher
    if (buf.startsWith("random_seed")) {
      java.util.regex.Matcher seed = RANDOM_SEED.matcher(buf);
      if (seed.matches()) {
        random = new java.util.Random(Long.parseLong(seed.group(1)));
      }
    }
    String rest = buf;
    while (!rest.isEmpty()) {
      int p = braceAt(rest);
      String piece;
      if (p < 0) {
        piece = rest;
        rest = "";
      } else if (p == 0) {
        piece = rest.substring(0, 1);
        rest = rest.substring(1).strip();
      } else {
        piece = rest.substring(0, p).stripTrailing();
        rest = rest.substring(p);
      }
      add(piece, o);
    }
  }

  private static int braceAt(String s) {
    if (s.charAt(0) == '{' || s.charAt(0) == '}') {
      return 0;
    }
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '{' || c == '}') {
        return i;
      }
      if (c == '"') {
        int close = s.indexOf('"', i + 1);
        if (close < 0) {
          return -1;
        }
        i = close;
      }
      i++;
    }
    return -1;
  }

  private void add(String piece, Origin o) {
    boolean[] unmatched = {false};
    List<String> words = Words.split(piece, () -> unmatched[0] = true);
    if (unmatched[0]) {
      diags.error(o, "unmatched quote: '" + piece + "'");
    }
    if (words.isEmpty()) {
      return;
    }
    if (out.size() >= MAX_LINES) {
      diags.error(o, "configuration expands to more than " + MAX_LINES + " lines - rest ignored");
      full = true;
      return;
    }
    out.add(new Line(o, words, piece));
  }

  /**
   * keepalived's decomment(): leading blanks go; {@code #} or {@code !} outside double quotes
   * starts a comment; {@code \#} and {@code \!} outside quotes lose their backslash; trailing
   * blanks go; a final lone backslash (a continuation) is kept right after the text.
   */
  String decomment(String s, Origin o) {
    String str = s.stripLeading();
    StringBuilder b = new StringBuilder(str.length());
    boolean quote = false;
    boolean cont = false;
    int i = 0;
    int n = str.length();
    int commentAt = -1;
    while (i < n) {
      char c = str.charAt(i);
      if (c == '"') {
        if (commentAt < 0) {
          quote = !quote;
        }
      } else if (c == '\\') {
        if (i + 1 >= n) {
          cont = true;
          break;
        }
        char next = str.charAt(i + 1);
        if (!quote && (next == '#' || next == '!')) {
          b.append(next);
        } else {
          b.append(c).append(next);
        }
        i += 2;
        continue;
      } else if (!quote && commentAt < 0 && (c == '!' || c == '#')) {
        commentAt = b.length();
      }
      b.append(c);
      i++;
    }
    if (quote) {
      diags.error(o, "unterminated quote: '" + str + "'");
    }
    if (commentAt >= 0) {
      b.setLength(commentAt);
    }
    String t = b.toString().stripTrailing();
    return cont ? t + "\\" : t;
  }

  static boolean isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
