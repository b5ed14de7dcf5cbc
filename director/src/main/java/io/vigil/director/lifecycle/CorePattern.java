package io.vigil.director.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's {@code -M PATTERN} ({@code --core-dump-pattern}): the kernel's {@code core_pattern}
 * set while the daemon runs and put back as it was when it exits, as keepalived 2.2.7 does (a crash
 * of the daemon itself leaves the pattern set: nothing is left to put it back).
 */
public final class CorePattern {
  private static final Logger log = LoggerFactory.getLogger(CorePattern.class);

  /** The kernel's file. */
  public static final Path PROC = Path.of("/proc/sys/kernel/core_pattern");

  /** keepalived's pattern when {@code -M} names none. */
  public static final String DEFAULT = "core";

  private CorePattern() {}

  /**
   * Writes {@code pattern} to {@code file}; returns what it held before, or null when it cannot be
   * read or written (logged with keepalived's words, and the daemon goes on).
   */
  public static String set(Path file, String pattern) {
    try {
      String before = Files.readString(file, StandardCharsets.UTF_8);
      Files.writeString(file, pattern, StandardCharsets.UTF_8);
      log.info("core_pattern set to '{}' (was '{}')", pattern, before.strip());
      return before.strip();
    } catch (IOException e) {
      log.info("Unable to read/write core_pattern: {}", e.toString());
      return null;
    }
  }

  /** Puts {@code before} (from {@link #set}) back; nothing when it is null. */
  public static void restore(Path file, String before) {
    if (before == null) {
      return;
    }
    try {
      Files.writeString(file, before, StandardCharsets.UTF_8);
    } catch (IOException e) {
      log.info("Unable to read/write core_pattern: {}", e.toString());
    }
  }
}
