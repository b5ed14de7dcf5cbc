package io.vigil.config.parse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many CPUs this host has online ({@code /sys/devices/system/cpu/online}, a list such as {@code
 * 0-3,6}), as keepalived counts them (sysconf(_SC_NPROCESSORS_ONLN)) to check a {@code
 * *_cpu_affinity}; the JVM's count of the CPUs it may use when the file cannot be read.
 */
final class OnlineCpus {
  private static final Path ONLINE = Path.of("/sys/devices/system/cpu/online");

  private OnlineCpus() {}

  static int count() {
    try {
      return count(Files.readString(ONLINE));
    } catch (IOException | RuntimeException e) {
      return Runtime.getRuntime().availableProcessors();
    }
  }

  /** The number of CPUs in a kernel CPU list ({@code 0-3,6}: 5). */
  static int count(String list) {
    int n = 0;
    for (String part : list.strip().split(",")) {
      int dash = part.indexOf('-');
      n +=
          dash < 0
              ? 1
              : Integer.parseInt(part.substring(dash + 1))
                  - Integer.parseInt(part.substring(0, dash))
                  + 1;
    }
    return n;
  }
}
