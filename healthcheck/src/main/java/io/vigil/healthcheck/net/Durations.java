package io.vigil.healthcheck.net;

/** Durations as operators read them: "3 s", "1.5 s", "250 ms". */
final class Durations {
  private Durations() {}

  static String text(long ns) {
    long ms = ns / 1_000_000;
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + " s";
    }
    return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
