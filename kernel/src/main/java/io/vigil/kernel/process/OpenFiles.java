package io.vigil.kernel.process;

import io.vigil.kernel.KernelException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The process's limit on open descriptors ({@code RLIMIT_NOFILE}): a descriptor numbered at or
 * above the soft limit cannot be opened (EMFILE). Tests lower it for a moment to make an open fail
 * at a chosen step and see that what was opened before it is closed again.
 */
public final class OpenFiles {
  private OpenFiles() {}

  static final int RLIMIT_NOFILE = 7;

  /** getrlimit(RLIMIT_NOFILE): {soft, hard} (-1: unlimited). */
  public static long[] limit() {
    long[] r = new long[2];
    if (Scheduling.Lib.INSTANCE.getrlimit(RLIMIT_NOFILE, r) != 0) {
      throw KernelException.lastError("getrlimit(RLIMIT_NOFILE)");
    }
    return r;
  }

  /** setrlimit(RLIMIT_NOFILE) of the soft limit, the hard one unchanged. */
  public static void limitSoft(long soft) {
    long hard = limit()[1];
    if (Scheduling.Lib.INSTANCE.setrlimit(RLIMIT_NOFILE, new long[] {soft, hard}) != 0) {
      throw KernelException.lastError("setrlimit(RLIMIT_NOFILE, " + soft + ", " + hard + ")");
    }
  }

  /**
   * The lowest descriptor number free now: the one the next open would get. (The listing of {@code
   * /proc/self/fd} sees its own descriptor, free again once it is done: that one counts as free.)
   */
  public static int lowestFree() {
    Path dir = Path.of("/proc/self/fd");
    Set<Integer> used = new HashSet<>();
    try (DirectoryStream<Path> open = Files.newDirectoryStream(dir)) {
      for (Path p : open) {
        if (!isListing(p)) {
          used.add(Integer.parseInt(p.getFileName().toString()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int fd = 0;
    while (used.contains(fd)) {
      fd++;
    }
    return fd;
  }

  private static boolean isListing(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString().matches("/proc/\\d+/fd");
    } catch (IOException e) {
      return false; // closed meanwhile: the listing's own, or another thread's
    }
  }
}
