package io.vigil.director.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** The vigil command line run in this JVM, keeping what it prints: one for each test. */
final class InProcessCli {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /** Runs {@code vigil ARGS}, printing into {@link #out} and {@link #err}; its exit code. */
  int run(String... args) {
    CommandLine cl = CommandTree.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }
}
