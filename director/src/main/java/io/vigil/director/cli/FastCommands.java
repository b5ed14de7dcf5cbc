package io.vigil.director.cli;

import io.vigil.kernel.Errno;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.ipvs.IpvsClient;
import io.vigil.netlink.ipvs.text.Names;
import io.vigil.netlink.ipvs.text.SystemNames;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * Commands an operator types in a hurry, run before picocli builds the command tree: building it
 * reflects over every command class and loads a few hundred classes, which costs seconds on a slow
 * machine (picocli's classes are of Java 5's format, which class-data sharing cannot hold, so they
 * are read and verified from the jar at every start). Only exact, plain forms are taken here
 * ({@code vigil run} with its options, see {@link RunCommand#plain}; {@code vigil ipvs restore}
 * with {@code --sync}, {@code -v}/{@code --verbose}, each at most once); anything else (help, a
 * typo, a repeated option) goes to the command tree, which says what picocli says. No picocli class
 * is loaded on this path.
 */
final class FastCommands {
  /** {@link #run} did not take the arguments. */
  static final int NOT_TAKEN = -1;

  private FastCommands() {}

  /** Runs {@code args} with the real kernel, stdin and stderr; {@link #NOT_TAKEN} if not ours. */
  static int run(String[] args) {
    // anonymous classes, not lambdas: the first lambda bootstraps method handles, which costs
    // more than this whole path's class loading on an emulated machine
    Supplier<IpvsClient> opener =
        new Supplier<>() {
          @Override
          public IpvsClient get() {
            return IpvsClient.open();
          }
        };
    Supplier<Names> names =
        new Supplier<>() {
          @Override
          public Names get() {
            return SystemNames.load();
          }
        };
    return run(args, opener, names, System.in, System.err);
  }

  /** For tests: a client on a kernel twin, names, an input and an error stream. */
  static int run(
      String[] args,
      Supplier<IpvsClient> opener,
      Supplier<Names> names,
      InputStream in,
      PrintStream errStream) {
    RunCommand daemon = RunCommand.plain(args);
    if (daemon != null) {
      return run(daemon, errStream);
    }
    if (args.length < 2 || !args[0].equals("ipvs") || !args[1].equals("restore")) {
      return NOT_TAKEN;
    }
    boolean sync = false;
    boolean verbose = false;
    for (int i = 2; i < args.length; i++) {
      switch (args[i]) {
        case "--sync" -> {
          if (sync) {
            return NOT_TAKEN;
          }
          sync = true;
        }
        case "-v", "--verbose" -> {
          if (verbose) {
            return NOT_TAKEN;
          }
          verbose = true;
        }
        default -> {
          return NOT_TAKEN;
        }
      }
    }
    // as picocli's default error writer: the platform's encoding, flushed on every line
    PrintWriter err = new PrintWriter(new OutputStreamWriter(errStream), true);
    try {
      return new IpvsRestore(opener, names, err).run(in, sync, verbose);
    } catch (Exception e) {
      return report("vigil ipvs restore", e, err);
    } finally {
      err.flush();
    }
  }

  /** The daemon, as the command tree would run it: an escaping exception reported in one line. */
  static int run(RunCommand daemon, PrintStream errStream) {
    PrintWriter err = new PrintWriter(new OutputStreamWriter(errStream), true);
    try {
      return daemon.call();
    } catch (Exception e) {
      return report("vigil run", e, err);
    } finally {
      err.flush();
    }
  }

  /**
   * An exception that escaped a command, as one line on {@code err} ({@code VIGIL_DEBUG=1}: and its
   * stack trace); the exit code.
   */
  static int report(String command, Exception ex, PrintWriter err) {
    String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    err.println(command + ": " + msg);
    if ("1".equals(System.getenv("VIGIL_DEBUG"))) {
      ex.printStackTrace(err);
    }
    return CliErrors.EXIT_FAILURE;
  }

  /** The kernel's refusal for lack of privilege, said plainly; other errors unchanged. */
  static RuntimeException explain(RuntimeException e) {
    if (e instanceof NetlinkException n
        && (n.errno() == Errno.EPERM || n.errno() == Errno.EACCES)) {
      return new IllegalStateException(
          "IPVS needs CAP_NET_ADMIN (run as root): " + n.getMessage(), n);
    }
    return e;
  }
}
