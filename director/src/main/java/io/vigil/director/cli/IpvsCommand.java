package io.vigil.director.cli;

import io.vigil.netlink.ipvs.IpvsClient;
import io.vigil.netlink.ipvs.text.Names;
import io.vigil.netlink.ipvs.text.SystemNames;
import java.io.InputStream;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code vigil ipvs}: the kernel's IPVS table in ipvsadm's own formats ({@code list} = {@code
 * ipvsadm -L}, {@code save} = {@code -S}, {@code restore} = {@code -R}, batched).
 */
@Command(
    name = "ipvs",
    mixinStandardHelpOptions = true,
    description = "Show, save and restore the kernel's IPVS table in ipvsadm's formats.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {IpvsListCommand.class, IpvsSaveCommand.class, IpvsRestoreCommand.class})
public final class IpvsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Supplier<IpvsClient> opener;
  private final Supplier<Names> names;
  private final Supplier<InputStream> stdin;

  public IpvsCommand() {
    this(IpvsClient::open, SystemNames::load, () -> System.in);
  }

  /** For tests: a client on a kernel twin, fixed names, and an input. */
  IpvsCommand(Supplier<IpvsClient> opener, Supplier<Names> names, Supplier<InputStream> stdin) {
    this.opener = opener;
    this.names = names;
    this.stdin = stdin;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing COMMAND");
  }

  /** A client of this namespace's IPVS (IpvsUnavailableException when the module is missing). */
  IpvsClient open() {
    return opener.get();
  }

  Names names() {
    return names.get();
  }

  InputStream stdin() {
    return stdin.get();
  }

  /** The kernel's refusal for lack of privilege, said plainly; other errors unchanged. */
  static RuntimeException explain(RuntimeException e) {
    return FastCommands.explain(e);
  }
}
