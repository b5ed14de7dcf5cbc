package io.vigil.config;

import io.vigil.config.lang.Line;
import io.vigil.config.lang.Node;
import io.vigil.config.lang.Preprocessor;
import io.vigil.config.lang.TreeBuilder;
import io.vigil.config.parse.ConfigParser;
import java.nio.file.Path;
import java.util.List;

/** Reads a keepalived.conf-style file into the typed model, with every finding. */
public final class ConfigLoader {
  /** Where Vigil looks when no file is named. */
  public static final Path DEFAULT_FILE = Path.of("/etc/vigil/vigil.conf");

  private ConfigLoader() {}

  /** Reads, parses and validates {@code file} and its includes. Never throws for bad input. */
  public static LoadResult load(Path file, Environment env) {
    return load(file, env, false);
  }

  /**
   * The same; {@code allConfig}: a missing included file is an error, not a warning (keepalived's
   * {@code -e}, {@code --all-config}: as if the file began with a bare {@code include_check}).
   */
  public static LoadResult load(Path file, Environment env, boolean allConfig) {
    Diagnostics d = new Diagnostics();
    List<Line> lines = Preprocessor.read(file, env.configId(), d, allConfig);
    return finish(lines, env, d);
  }

  /** The same for text, as if it were the file {@code name} in {@code dir}. */
  public static LoadResult loadString(String text, String name, Path dir, Environment env) {
    Diagnostics d = new Diagnostics();
    List<Line> lines = Preprocessor.readString(text, name, dir, env.configId(), d);
    return finish(lines, env, d);
  }

  private static LoadResult finish(List<Line> lines, Environment env, Diagnostics d) {
    List<Node> nodes = TreeBuilder.build(lines, d);
    var config = new ConfigParser(d, env).parse(nodes);
    List<Diagnostic> sorted =
        d.list().stream()
            .sorted(
                java.util.Comparator.comparing((Diagnostic x) -> x.origin().file())
                    .thenComparingInt(x -> x.origin().line()))
            .toList();
    return new LoadResult(config, orderByFirstSeenFile(d.list(), sorted), d.dropped());
  }

  /** Sorts by line within each file, files in the order they were first reported. */
  private static List<Diagnostic> orderByFirstSeenFile(
      List<Diagnostic> seen, List<Diagnostic> byLine) {
    List<String> files = seen.stream().map(x -> x.origin().file()).distinct().toList();
    return byLine.stream()
        .sorted(
            java.util.Comparator.comparingInt((Diagnostic x) -> files.indexOf(x.origin().file())))
        .toList();
  }
}
