package io.vigil.director.cli;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options that name a configuration, shared by the commands that read one (a picocli mixin).
 */
final class ConfigFileOptions {
  @Option(
      names = {"-f", "--use-file"},
      paramLabel = "FILE",
      description = "The configuration file (default: ${DEFAULT-VALUE}).",
      defaultValue = "/etc/vigil/vigil.conf")
  Path file;

  @Option(
      names = {"-i", "--config-id"},
      paramLabel = "ID",
      description = "Keep '@ID' lines and drop '@^ID' ones (default: the short host name).")
  String configId;

  @Option(
      names = {"-e", "--all-config"},
      description =
          "A missing included file is an error, as after a bare include_check (keepalived's -e).")
  boolean allConfig;

  /** Reads, parses and validates the named file on this host. */
  LoadResult load() {
    return ConfigLoader.load(file, Environment.host(configId), allConfig);
  }
}
