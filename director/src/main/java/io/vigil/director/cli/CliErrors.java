package io.vigil.director.cli;

import picocli.CommandLine;

/**
 * Turns an exception that escapes a command into one clear line on stderr and a non-zero exit: an
 * operator never sees a stack trace for an expected failure (missing privilege, missing kernel
 * module, bad input). Set {@code VIGIL_DEBUG=1} to get the trace.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {
  /** Exit code for a failure that the command reported. */
  static final int EXIT_FAILURE = 1;

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
    return FastCommands.report(cl.getCommandSpec().qualifiedName(), ex, cl.getErr());
  }
}
