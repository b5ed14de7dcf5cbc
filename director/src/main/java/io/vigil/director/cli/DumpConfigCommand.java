package io.vigil.director.cli;

import io.vigil.config.ConfigDump;
import io.vigil.config.Diagnostic;
import io.vigil.config.LoadResult;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code vigil dump-config}: the effective configuration, defaults written out and blocks in a
 * fixed order, so two configurations can be compared with diff. Findings go to stderr.
 */
@Command(
    name = "dump-config",
    mixinStandardHelpOptions = true,
    description = {
      "Print the effective configuration, normalised: every default written out, blocks sorted,"
          + " so that two configurations can be compared with diff.",
      "Problems are reported on stderr; the exit status is that of check-config."
    })
public final class DumpConfigCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConfigFileOptions config;

  @Override
  public Integer call() {
    LoadResult r = config.load();
    PrintWriter err = spec.commandLine().getErr();
    for (Diagnostic d : r.diagnostics()) {
      err.println(d);
    }
    err.flush();
    if (r.exitCode() == LoadResult.EXIT_CANNOT_RUN) {
      err.println(config.file + ": " + r.summary());
      err.flush();
      return r.exitCode();
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(ConfigDump.dump(r.config()));
    out.flush();
    return r.exitCode();
  }
}
