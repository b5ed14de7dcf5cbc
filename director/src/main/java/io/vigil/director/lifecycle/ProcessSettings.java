package io.vigil.director.lifecycle;

import io.vigil.kernel.process.FileMask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings of the whole process that {@code global_defs} makes, at start and again at a reload that
 * changes them: {@code umask} and {@code process_name}.
 */
public final class ProcessSettings {
  private static final Logger log = LoggerFactory.getLogger(ProcessSettings.class);

  private ProcessSettings() {}

  /** {@code umask}: the file mode creation mask from now on, logged when it changes. */
  public static void umask(int mask) {
    int before = FileMask.set(mask);
    if (before != mask) {
      log.info("umask {} (was {})", octal(mask), octal(before));
    }
  }

  /**
   * {@code process_name}: the process's name (its comm, what ps, top and pidof show), as keepalived
   * names itself; one that cannot be set is logged and the daemon runs on.
   */
  public static void name(String name) {
    // /proc/self is the thread group's leader: any thread of the group may rename it
    Path comm = Path.of("/proc/self/comm");
    try {
      if (!Files.readString(comm).strip().equals(name)) {
        Files.writeString(comm, name);
        log.info("process name {}", name);
      }
    } catch (IOException | RuntimeException e) {
      log.info("process name not set to {}: {}", name, e.toString());
    }
  }

  /** A mode as four octal digits ({@code 0644}). */
  public static String octal(int mode) {
    return String.format("%04o", mode);
  }
}
