package io.vigil.director.cli;

import io.vigil.kernel.NativeSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The `vigil` command tree: the daemon ({@code vigil run}) and the operator's tools, for picocli.
 *
 * <p>Subcommands register themselves in {@link #commandLine()}; each lives in its own class in this
 * package. {@link VigilCommand} holds the entry point, apart from this class so that a command
 * taken before the tree ({@link FastCommands}) loads no picocli class at all: verifying a class
 * loads what its methods throw and pass on, and picocli's classes are costly to verify.
 */
@Command(
    name = "vigil",
    mixinStandardHelpOptions = true,
    versionProvider = CommandTree.Version.class,
    description = "High-availability load-balancer director: VRRP, IPVS and health checks.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      RunCommand.class,
      StatusCommand.class,
      CheckConfigCommand.class,
      DumpConfigCommand.class,
      ChecksCommand.class,
      GenhashCommand.class,
      IpvsCommand.class
    })
public final class CommandTree implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing COMMAND");
  }

  /** Parses and runs {@code args}; the exit code. */
  static int execute(String[] args) {
    return commandLine().execute(args);
  }

  /** The command line with every subcommand registered. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new CommandTree());
    cl.setExecutionExceptionHandler(new CliErrors());
    return cl;
  }

  /** Prints the version from the jar manifest (or "dev" from a classes folder) and the runtime. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = VigilCommand.class.getPackage().getImplementationVersion();
      return new String[] {
        "vigil " + (v == null ? BuildInfo.version() : v),
        "java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
        NativeSupport.describe()
      };
    }
  }
}
