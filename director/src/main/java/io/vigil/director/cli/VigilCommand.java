package io.vigil.director.cli;

import io.vigil.kernel.NativeSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The `vigil` command line: the daemon ({@code vigil run}) and the operator's tools.
 *
 * <p>Subcommands register themselves in {@link #commandLine()}; each lives in its own class in this
 * package.
 */
@Command(
    name = "vigil",
    mixinStandardHelpOptions = true,
    versionProvider = VigilCommand.Version.class,
    description = "High-availability load-balancer director: VRRP, IPVS and health checks.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      RunCommand.class,
      StatusCommand.class,
      CheckConfigCommand.class,
      DumpConfigCommand.class,
      ChecksCommand.class,
      IpvsCommand.class
    })
public final class VigilCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing COMMAND");
  }

  /** The command line with every subcommand registered. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new VigilCommand());
    cl.setExecutionExceptionHandler(new CliErrors());
    return cl;
  }

  /** Entry point of bin/vigil and /usr/sbin/vigil. */
  public static void main(String[] args) {
    int fast = FastCommands.run(args);
    System.exit(fast != FastCommands.NOT_TAKEN ? fast : commandLine().execute(args));
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
