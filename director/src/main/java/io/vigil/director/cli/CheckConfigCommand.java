package io.vigil.director.cli;

import io.vigil.config.Diagnostic;
import io.vigil.config.LoadResult;
import io.vigil.director.daemon.Daemon;
import io.vigil.director.lvs.LvsMapping;
import io.vigil.director.vrrp.VrrpMapping;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code vigil check-config} (alias {@code -t}): every finding as {@code FILE:LINE: error|warning:
 * message}, a one-line summary, and keepalived -t's exit codes.
 */
@Command(
    name = "check-config",
    aliases = {"-t"},
    mixinStandardHelpOptions = true,
    description = {
      "Check a keepalived.conf-style configuration and report every problem with its file and line.",
      "Exit status as keepalived -t: 0 clean, 4 cannot run, 5 errors or warnings,"
          + " 6 scripts without enable_script_security."
    })
public final class CheckConfigCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConfigFileOptions config;

  @Override
  public Integer call() {
    return report(config.load(), config.file, spec.commandLine().getOut());
  }

  /**
   * The findings of {@code r} (read from {@code file}) and the summary on {@code out}; the code.
   */
  static int report(LoadResult r, java.nio.file.Path file, PrintWriter out) {
    for (Diagnostic d : r.diagnostics()) {
      out.println(d);
    }
    if (r.dropped() > 0) {
      out.println(file + ": error: " + r.dropped() + " further findings not shown");
    }
    // what vigil run would refuse beyond the text: a file that passes here is one it starts
    List<String> refused =
        r.has(Diagnostic.Severity.FATAL)
            ? List.of()
            : Daemon.mappingErrors(
                VrrpMapping.map(r.config()), LvsMapping.map(r.config()), true, true);
    refused.forEach(out::println);
    out.println(file + ": " + r.summary(refused.size()));
    out.flush();
    return r.exitCode(refused.size());
  }
}
