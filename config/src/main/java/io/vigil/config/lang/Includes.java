package io.vigil.config.lang;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands an include pattern (glob with {@code * ? [..] {a,b}}) relative to a directory, and says
 * what keepalived 2.2.7's include checks would find wrong with it (lib/parser.c): the variants
 * {@code includer}, {@code includem}, {@code includew}, {@code includeb}, {@code includea} and
 * {@code include_check} make those findings errors.
 */
final class Includes {
  private Includes() {}

  /** keepalived's include checks (INCLUDE_R, _M, _W, _B), as bits. */
  static final int READ = 1;

  static final int MATCH = 2;
  static final int WILDCARD_MATCH = 4;
  static final int BRACE_MATCH = 8;
  static final int ALL = READ | MATCH | WILDCARD_MATCH | BRACE_MATCH;

  /**
   * One finding: which check makes it an error ({@link #READ} ...), in keepalived's words ({@code
   * keepalived}) and in ours ({@code ours}, the warning given when no check asks for it).
   */
  record Finding(int check, String keepalived, String ours) {}

  /** The regular files matched, sorted as glob(3) sorts them, and what is wrong. */
  record Match(List<Path> files, List<Finding> findings) {
    /**
     * Whether a brace alternative is missing: then {@link #BRACE_MATCH} drops the whole line (when
     * all are missing there is nothing to drop).
     */
    boolean braceMissing() {
      return findings.stream().anyMatch(f -> f.check() == BRACE_MATCH);
    }
  }

  /** The check bits of an include keyword's variant: {@code include}, {@code includer} ... */
  static int variant(char c) {
    return switch (c) {
      case 'r' -> READ;
      case 'm' -> READ | MATCH;
      case 'w' -> READ | MATCH | WILDCARD_MATCH;
      case 'b' -> READ | BRACE_MATCH;
      case 'a' -> ALL;
      default -> 0;
    };
  }

  static Match expand(Path dir, String pattern) {
    List<Finding> findings = new ArrayList<>();
    if (pattern.isEmpty()) {
      findings.add(new Finding(MATCH, "Config files missing ''.", "include without a file name"));
      return new Match(List.of(), findings);
    }
    Path abs;
    try {
      abs = dir.resolve(pattern).normalize();
    } catch (RuntimeException e) {
      findings.add(
          new Finding(
              MATCH,
              "Config files missing '" + pattern + "'.",
              "include '" + pattern + "': invalid path"));
      return new Match(List.of(), findings);
    }
    boolean brace = pattern.indexOf('{') >= 0;
    int missingCheck = brace ? BRACE_MATCH : MATCH;
    String missing = "Config files missing '" + pattern + "'.";
    if (!hasGlob(abs.toString()) && !brace) {
      if (Files.isRegularFile(abs)) {
        return notExecutable(List.of(abs), findings);
      }
      if (Files.isDirectory(abs)) {
        findings.add(
            new Finding(
                READ,
                "Configuration file '" + abs + "/' is a directory - skipping",
                "include '" + pattern + "': " + abs + " is a directory"));
      } else {
        findings.add(
            new Finding(
                missingCheck, missing, "include '" + pattern + "': " + abs + " does not exist"));
      }
      return new Match(List.of(), findings);
    }
    List<Path> files = new ArrayList<>();
    boolean missingDirectory = false;
    for (String alternative : braces(abs.toString())) {
      Path alt = Path.of(alternative);
      if (!hasGlob(alternative)) {
        if (Files.exists(alt)) {
          if (!files.contains(alt)) {
            files.add(alt);
          }
        } else {
          missingDirectory = true; // glob(3) with keepalived's lstat counts it missing
        }
        continue;
      }
      Path base = alt.getRoot();
      int depth = alt.getNameCount();
      for (int i = 0; i < alt.getNameCount(); i++) {
        if (hasGlob(alt.getName(i).toString())) {
          depth = alt.getNameCount() - i;
          break;
        }
        base = base.resolve(alt.getName(i));
      }
      if (!Files.isDirectory(base)) {
        missingDirectory = true;
        continue;
      }
      try {
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + alternative);
        try (Stream<Path> s = Files.walk(base, depth)) {
          s.filter(p -> p.getNameCount() == alt.getNameCount())
              .filter(m::matches)
              .sorted() // each alternative's matches sorted, in the alternatives' order: glob(3)
              .filter(p -> !files.contains(p))
              .forEach(files::add);
        }
      } catch (IOException | RuntimeException e) {
        findings.add(
            new Finding(
                READ,
                "Error reading config file(s): glob(\"" + pattern + "\") failed, skipping.",
                "include '" + pattern + "': " + e.getMessage()));
        return new Match(List.of(), findings);
      }
    }
    if (files.isEmpty()) {
      if (missingDirectory) {
        findings.add(
            new Finding(missingCheck, missing, "include '" + pattern + "' matched no files"));
      } else {
        findings.add(
            new Finding(
                WILDCARD_MATCH,
                "No config files matched '" + pattern + "'.",
                "include '" + pattern + "' matched no files"));
      }
      return new Match(List.of(), findings);
    }
    if (missingDirectory) {
      findings.add(
          new Finding(
              BRACE_MATCH,
              "Some config files missing: \"" + pattern + "\".",
              "include '" + pattern + "': some of its files are missing"));
    }
    List<Path> regular = new ArrayList<>();
    for (Path p : files) {
      if (Files.isDirectory(p)) {
        findings.add(
            new Finding(
                READ,
                "Configuration file '" + p + "/' is a directory - skipping",
                "include " + p + " is a directory - skipping"));
      } else {
        regular.add(p);
      }
    }
    return notExecutable(regular, findings);
  }

  /** Drops what is not a regular non-executable file, as keepalived's check_glob_file does. */
  private static Match notExecutable(List<Path> files, List<Finding> findings) {
    List<Path> out = new ArrayList<>();
    for (Path p : files) {
      if (!Files.isRegularFile(p) || Files.isExecutable(p)) {
        findings.add(
            new Finding(
                READ,
                "Configuration file '" + p + "' is not a regular non-executable file - skipping",
                "include " + p + " is executable, not a configuration file - skipping"));
      } else {
        out.add(p);
      }
    }
    return new Match(out, findings);
  }

  /** The brace alternatives of a pattern ({@code a{b,c{d,e}}} is ab, acd, ace), in order. */
  static List<String> braces(String s) {
    int open = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '{') {
        open = i;
        break;
      }
    }
    if (open < 0) {
      return List.of(s);
    }
    int depth = 0;
    List<String> parts = new ArrayList<>();
    int from = open + 1;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        if (depth == 0) {
          parts.add(s.substring(from, i));
          String head = s.substring(0, open);
          List<String> tails = braces(s.substring(i + 1));
          // glob(3) gives each alternative's matches in the order of the alternatives
          List<String> ordered = new ArrayList<>();
          for (String part : parts) {
            for (String p : braces(part)) {
              for (String tail : tails) {
                ordered.add(head + p + tail);
              }
            }
          }
          return ordered;
        }
      } else if (c == ',' && depth == 1) {
        parts.add(s.substring(from, i));
        from = i + 1;
      }
    }
    return List.of(s); // an unclosed brace is a literal
  }

  /** Whether {@code s} has a wildcard (braces are alternatives, not wildcards). */
  private static boolean hasGlob(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '*' || c == '?' || c == '[') {
        return true;
      }
    }
    return false;
  }
}
