package io.vigil.director.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code vigil run -p FILE}: the daemon's pid in a file while it runs, as keepalived's {@code -p}
 * writes it ({@code PID} and a newline; a symbolic link under the name is not followed), for the
 * scripts that send it signals without systemd. As keepalived, a daemon whose pid is in the file
 * and alive keeps a second one from starting; a file left by one that died is taken over.
 */
public final class PidFile {
  private PidFile() {}

  /**
   * Writes this process's pid to {@code file} (nothing when it is null); returns null, or why it
   * must not run: another daemon's live pid is in the file, or the file cannot be written.
   */
  public static String claim(Path file) {
    if (file == null) {
      return null;
    }
    long self = ProcessHandle.current().pid();
    try {
      long other = read(file);
      if (other > 0 && other != self && ProcessHandle.of(other).isPresent()) {
        return "daemon is already running (pid " + other + " in " + file + ")";
      }
      Files.write(
          file,
          (self + "\n").getBytes(StandardCharsets.US_ASCII),
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
      return null;
    } catch (IOException e) {
      return "pid file " + file + " cannot be written: " + e;
    }
  }

  /** Deletes {@code file} if it still holds this process's pid (nothing when it is null). */
  public static void release(Path file) {
    if (file == null) {
      return;
    }
    try {
      if (read(file) == ProcessHandle.current().pid()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      // gone already, or unreadable: nothing of ours to remove
    }
  }

  /** The pid in {@code file}, 0 when there is no file or no pid in it. */
  static long read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      return 0;
    }
    return text.matches("[1-9][0-9]{0,9}") ? Long.parseLong(text) : 0;
  }
}
