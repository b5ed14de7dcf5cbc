package io.vigil.director.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vigil ipvs restore}: reads ipvsadm's rule language on stdin and applies it in batches.
 * Every line is parsed and checked before the kernel hears of any: one bad line and nothing is
 * applied. Each request the kernel then refuses is reported with its line; the others stand. The
 * work is {@link IpvsRestore}'s; {@link FastCommands} runs the plain forms without this tree.
 */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Apply ipvsadm rules (-A -E -D -a -e -d -C -Z --set --start-daemon --stop-daemon, as"
          + " `ipvsadm -R` reads them) from stdin, batched, in order. Nothing is applied unless"
          + " every line parses (exit 2, as ipvsadm); each kernel refusal is reported as"
          + " `line N: reason` (exit 1).",
    })
public final class IpvsRestoreCommand implements Callable<Integer> {
  @ParentCommand IpvsCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--sync",
      description =
          "The input is the whole desired table: compare it with the kernel's and send only the"
              + " difference (edits in place, services not in the input deleted); an equal table"
              + " sends no write request. --set and the daemon lines are compared too (a daemon"
              + " no line names is left alone); each -Z is sent after the table is in step.")
  boolean sync;

  @Option(
      names = {"-v", "--verbose"},
      description = "Report on stderr how many requests were sent and how long applying took.")
  boolean verbose;

  @Override
  public Integer call() throws IOException {
    return new IpvsRestore(parent::open, parent::names, spec.commandLine().getErr())
        .run(parent.stdin(), sync, verbose);
  }
}
