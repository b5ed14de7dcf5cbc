package io.vigil.config.lang;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Expands an include pattern (glob with {@code * ? [..] {a,b}}) relative to a directory. */
final class Includes {
  private Includes() {}

  /** The regular files matched, sorted as glob(3) sorts them, and why nothing matched. */
  record Match(List<Path> files, String error) {}

  static Match expand(Path dir, String pattern) {
    if (pattern.isEmpty()) {
      return new Match(List.of(), "include without a file name");
    }
    Path abs;
    try {
      abs = dir.resolve(pattern).normalize();
    } catch (RuntimeException e) {
      return new Match(List.of(), "include '" + pattern + "': invalid path");
    }
    if (!hasGlob(abs.toString())) {
      if (Files.isRegularFile(abs)) {
        return new Match(List.of(abs), null);
      }
      String why = Files.isDirectory(abs) ? "is a directory" : "does not exist";
      return new Match(List.of(), "include '" + pattern + "': " + abs + " " + why);
    }
    Path base = abs.getRoot();
    int depth = abs.getNameCount();
    for (int i = 0; i < abs.getNameCount(); i++) {
      if (hasGlob(abs.getName(i).toString())) {
        depth = abs.getNameCount() - i;
        break;
      }
      base = base.resolve(abs.getName(i));
    }
    List<Path> files = new ArrayList<>();
    try {
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + escapeForMatcher(abs));
      if (Files.isDirectory(base)) {
        try (Stream<Path> s = Files.walk(base, depth)) {
          s.filter(p -> p.getNameCount() == abs.getNameCount())
              .filter(m::matches)
              .filter(Files::isRegularFile)
              .sorted()
              .forEach(files::add);
        }
      }
    } catch (IOException | RuntimeException e) {
      return new Match(List.of(), "include '" + pattern + "': " + e.getMessage());
    }
    return new Match(files, files.isEmpty() ? "include '" + pattern + "' matched no files" : null);
  }

  private static boolean hasGlob(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '*' || c == '?' || c == '[' || c == '{') {
        return true;
      }
    }
    return false;
  }

  private static String escapeForMatcher(Path abs) {
    return abs.toString();
  }
}
