package io.vigil.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Loads test configurations on a pretend host with interfaces eth0 and eth1. */
public final class Cfg {
  private Cfg() {}

  public static final Environment ENV = Environment.fixed("node1", Set.of("eth0", "eth1"));

  public static LoadResult load(String text) {
    return ConfigLoader.loadString(text, "t.conf", Path.of("/nonexistent"), ENV);
  }

  /** The findings as "LINE severity: message". */
  public static List<String> findings(LoadResult r) {
    return r.diagnostics().stream()
        .map(d -> d.origin().line() + " " + d.severity().label() + ": " + d.message())
        .toList();
  }
}
