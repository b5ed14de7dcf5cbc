package io.vigil.director.cli;

import io.vigil.config.Environment;
import io.vigil.config.UmaskNumber;
import io.vigil.director.daemon.Daemon;
import io.vigil.director.lifecycle.LogSetup;
import io.vigil.director.lifecycle.Systemd;
import io.vigil.director.reconcile.NetlinkIpvsKernel;
import io.vigil.netlink.ipvs.IpvsClient;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.Stack;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** {@code vigil run}: the daemon, in the foreground (systemd does the daemonising). */
@Command(
    name = "run",
    versionProvider = CommandTree.Version.class, // -v as keepalived has it: -V is another option
    description = {
      "Run the director in the foreground: VRRP, health checks and the IPVS table per the",
      "configuration (--vrrp-only: VRRP alone; --check-only: no VRRP).",
      "SIGHUP reloads the configuration (a broken one is refused and the running one kept);",
      "SIGTERM or SIGINT stops: VRRP masters hand over (priority 0) and release their addresses,",
      "then the IPVS entries Vigil owns are removed unless --keep-ipvs.",
      "keepalived's -n, -l, -D, -G, -R, -X and --all are accepted and change nothing: Vigil",
      "always runs in the foreground, logs to stderr (the journal under systemd) with the details,",
      "never to syslog, has no child processes to respawn or force, and a master that a reload",
      "turns into a backup always releases its addresses."
    })
final class RunCommand implements Callable<Integer> {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = {"-v", "--version"},
      versionHelp = true,
      description = "Print version information and exit.")
  boolean version;

  @Option(
      names = {"-f", "--use-file"},
      paramLabel = "FILE",
      description = "Configuration file (keepalived.conf syntax). Default: ${DEFAULT-VALUE}.")
  Path file = Path.of("/etc/vigil/vigil.conf");

  @Option(
      names = {"-i", "--config-id"},
      paramLabel = "ID",
      description = "Config id for @ID lines (default: the short host name).")
  String configId;

  @Option(
      names = {"-C", "--check-only", "--check"},
      description = "Run only the health checks and IPVS (keepalived's -C, --check).")
  boolean checkOnly;

  @Option(
      names = {"-P", "--vrrp-only", "--vrrp"},
      description =
          "Run only the VRRP instances, no health checks or IPVS (keepalived's -P, --vrrp).")
  boolean vrrpOnly;

  @Option(
      names = {"--keep-ipvs", "-I", "--dont-release-ipvs"},
      description =
          "On stop, leave the IPVS table as it is (connections keep flowing; keepalived's -I).")
  boolean keepIpvs;

  @Option(
      names = "--reconcile-interval",
      paramLabel = "MS",
      description = "How often the IPVS table is compared with the wanted one (drift repair).")
  long reconcileIntervalMs = 5_000;

  @Option(
      names = "--status-port",
      paramLabel = "PORT",
      description =
          "Serve /status and /metrics on 127.0.0.1:PORT (what `vigil status` reads); 0 = off."
              + " Default: ${DEFAULT-VALUE}.")
  int statusPort = Integer.parseInt(StatusCommand.DEFAULT_ENDPOINT.split(":")[1]);

  @Option(
      names = {"-V", "--dont-release-vrrp"},
      description =
          "On stop, VRRP masters keep their addresses, virtual routes and VMACs and send no"
              + " priority 0; at start, a backup removes the addresses such a stop left"
              + " (keepalived's -V).")
  boolean dontReleaseVrrp;

  @Option(
      names = {"-p", "--pid"},
      paramLabel = "FILE",
      description = "Write the daemon's pid to FILE while it runs (keepalived's -p).")
  Path pidFile;

  @Option(
      names = {"-r", "--vrrp_pid"},
      paramLabel = "FILE",
      description =
          "keepalived's VRRP process pid file: Vigil's one process does its work, so its pid is"
              + " written there too while VRRP runs (keepalived's -r).")
  Path vrrpPidFile;

  @Option(
      names = {"-c", "--checkers_pid"},
      paramLabel = "FILE",
      description =
          "The same for keepalived's checker process, while the health checks run (keepalived's"
              + " -c).")
  Path checkersPidFile;

  @Option(
      names = {"-b", "--bfd_pid"},
      paramLabel = "FILE",
      description =
          "The same for keepalived's BFD process, when the configuration has a bfd_instance"
              + " (keepalived's -b).")
  Path bfdPidFile;

  @Option(
      names = {"-d", "--dump-conf"},
      description =
          "Log the configuration in force (as vigil dump-config prints it) at start and after each"
              + " reload (keepalived's -d).")
  boolean dumpConfig;

  @Option(
      names = {"-s", "--namespace"},
      paramLabel = "NAME",
      description =
          "The network namespace NAME (ip netns), in place of the configuration's net_namespace"
              + " (keepalived's -s). Vigil does not switch namespaces: start it in NAME (ip netns"
              + " exec NAME vigil run ...); started elsewhere it refuses to run.")
  String namespace;

  @Option(
      names = {"-B", "--no_bfd"},
      description =
          "Run no BFD session (keepalived's -B): a track_bfd stays down and a BFD_CHECK keeps its"
              + " initial state (up, or down with alpha).")
  boolean noBfd;

  @Option(
      names = {"-e", "--all-config"},
      description =
          "A missing included file is an error, at start and on reloads, as after a bare"
              + " include_check (keepalived's -e).")
  boolean allConfig;

  @Option(
      names = {"-t", "--config-test"},
      paramLabel = "LOG_FILE",
      arity = "0..1",
      fallbackValue = "",
      preprocessor = AttachedValueOnly.class,
      description =
          "Check the configuration and exit, as vigil check-config (its report and exit status),"
              + " to stderr or LOG_FILE, given attached: -tLOG_FILE or --config-test=LOG_FILE"
              + " (keepalived's -t).")
  String configTest;

  @Option(
      names = "--signum",
      paramLabel = "SIGFUNC",
      description =
          "Print the number of the signal that asks for SIGFUNC (STOP, RELOAD, DATA, STATS,"
              + " STATS_CLEAR, JSON) and exit, as keepalived --signum: JSON is SIGUSR1, which"
              + " writes vigil.json with vigil.data; STATS_CLEAR's signal is ignored.")
  String signum;

  @Option(
      names = {"-a", "--address-monitoring"},
      description =
          "Log every address added to or removed from an interface, as rtnetlink reports it"
              + " (keepalived's -a).")
  boolean addressMonitoring;

  /** keepalived's SNMP options: refused with the reason ({@link #call}). */
  @Option(
      names = {"-x", "--snmp"},
      hidden = true)
  boolean snmp;

  @Option(
      names = {"-A", "--snmp-agent-socket"},
      hidden = true)
  String snmpAgentSocket;

  @Option(
      names = {"-m", "--core-dump"},
      description =
          "No limit on the size of a core file, so that a crash leaves one (keepalived's -m).")
  boolean coreDump;

  @Option(
      names = {"-M", "--core-dump-pattern"},
      paramLabel = "PATTERN",
      arity = "0..1",
      fallbackValue = "core",
      preprocessor = AttachedValueOnly.class,
      description =
          "As -m, and the kernel's core_pattern set to PATTERN (default core) while the daemon"
              + " runs, put back at exit; PATTERN given attached: -MPATTERN or"
              + " --core-dump-pattern=PATTERN (keepalived's -M).")
  String corePattern;

  @Option(
      names = {"-S", "--log-facility"},
      paramLabel = "FACILITY",
      description =
          "keepalived's syslog facility (0-7, local0-7, user, daemon): accepted, and said to have no"
              + " effect: Vigil logs to stderr, and under systemd the unit's SyslogFacility= sets"
              + " the facility.")
  String logFacility;

  @Option(
      names = {"-u", "--umask"},
      paramLabel = "MASK",
      description =
          "File mode creation mask, in place of the configuration's umask (keepalived's -u):"
              + " 077 octal, 0x3f hexadecimal, or decimal.")
  String umask;

  @Option(names = "--debug", description = "Log at debug level.")
  boolean debug;

  /**
   * getopt's rule for an option whose value is optional, which keepalived's {@code -t} and {@code
   * -M} follow: only an attached value is the option's ({@code -tFILE}, {@code
   * --config-test=FILE}); a bare option has its fallback and leaves the next argument alone, where
   * picocli would take it as the value ({@code -t -f FILE} is picocli's too, an option is no
   * value).
   */
  static final class AttachedValueOnly implements IParameterPreprocessor {
    @Override
    public boolean preprocess(
        Stack<String> args, CommandSpec command, ArgSpec arg, Map<String, Object> info) {
      if (" ".equals(info.get("separator"))) {
        args.push(((OptionSpec) arg).fallbackValue());
      }
      return false; // picocli goes on, and takes the value on top
    }
  }

  /**
   * keepalived's options that ask for what Vigil always does, so that a keepalived command line (a
   * container's {@code keepalived -n -l -D -f FILE}) runs unchanged.
   */
  @Option(
      names = {
        "-n",
        "--dont-fork",
        "-l",
        "--log-console",
        "-D",
        "--log-detail",
        "-G",
        "--no-syslog",
        "-R",
        "--dont-respawn",
        "-X",
        "--release-vips",
        "--all"
      },
      hidden = true) // the command's description names them
  boolean[] keepalivedDefaults = new boolean[0];

  /**
   * keepalived's option names that {@link #keepalivedDefaults} takes, listed again: {@link #plain}
   * must not load picocli to read them from the annotation ({@code FastRunJvmTest}), and {@code
   * RunCommandPlainTest} fails if the two lists part.
   */
  private static final Set<String> KEEPALIVED_DEFAULTS =
      Set.of(
          "-n",
          "--dont-fork",
          "-l",
          "--log-console",
          "-D",
          "--log-detail",
          "-G",
          "--no-syslog",
          "-R",
          "--dont-respawn",
          "-X",
          "--release-vips",
          "--all");

  /** The options of {@link #plain} that take no value. */
  private static final Set<String> FLAGS =
      Set.of(
          "check",
          "vrrp",
          "keep",
          "debug",
          "dontrelease",
          "dump",
          "core",
          "allconfig",
          "addresses",
          "nobfd");

  /**
   * The command from {@code args} ("run" and its options) when they are written in a plain form,
   * without picocli: each option at most once, as {@code -f FILE}, {@code --use-file FILE} or
   * {@code --use-file=FILE} (and so for the others), flags alone, numbers in plain decimal; null
   * for anything else (help, a typo, a value that looks like an option), which the command tree
   * then parses and reports as picocli does.
   */
  static RunCommand plain(String[] args) {
    if (args.length == 0 || !args[0].equals("run")) {
      return null;
    }
    RunCommand c = new RunCommand();
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        value = a.substring(eq + 1);
        a = a.substring(0, eq);
      }
      if (value == null && KEEPALIVED_DEFAULTS.contains(a)) {
        continue; // nothing to set, and no harm in saying it twice
      }
      String name =
          switch (a) {
            case "-f", "--use-file" -> "file";
            case "-i", "--config-id" -> "id";
            case "--reconcile-interval" -> "interval";
            case "--status-port" -> "port";
            case "-C", "--check-only", "--check" -> "check";
            case "-P", "--vrrp-only", "--vrrp" -> "vrrp";
            case "--keep-ipvs", "-I", "--dont-release-ipvs" -> "keep";
            case "-V", "--dont-release-vrrp" -> "dontrelease";
            case "-p", "--pid" -> "pid";
            case "-r", "--vrrp_pid" -> "vrrppid";
            case "-c", "--checkers_pid" -> "checkerspid";
            case "-b", "--bfd_pid" -> "bfdpid";
            case "-S", "--log-facility" -> "facility";
            case "-d", "--dump-conf" -> "dump";
            case "-m", "--core-dump" -> "core";
            case "-e", "--all-config" -> "allconfig";
            case "-B", "--no_bfd" -> "nobfd";
            case "-s", "--namespace" -> "namespace";
            case "-a", "--address-monitoring" -> "addresses";
            case "-u", "--umask" -> "umask";
            case "--debug" -> "debug";
            default -> null;
          };
      if (name == null || !seen.add(name)) {
        return null;
      }
      if (FLAGS.contains(name)) {
        if (value != null) {
          return null;
        }
      } else if (value == null) {
        if (i + 1 == args.length) {
          return null;
        }
        value = args[++i];
      }
      if (value != null && (value.isEmpty() || value.startsWith("-"))) {
        return null;
      }
      switch (name) {
        case "file" -> c.file = Path.of(value);
        case "pid" -> c.pidFile = Path.of(value);
        case "vrrppid" -> c.vrrpPidFile = Path.of(value);
        case "checkerspid" -> c.checkersPidFile = Path.of(value);
        case "bfdpid" -> c.bfdPidFile = Path.of(value);
        case "facility" -> c.logFacility = value;
        case "namespace" -> c.namespace = value;
        case "dump" -> c.dumpConfig = true;
        case "core" -> c.coreDump = true;
        case "allconfig" -> c.allConfig = true;
        case "nobfd" -> c.noBfd = true;
        case "addresses" -> c.addressMonitoring = true;
        case "umask" -> c.umask = value;
        case "id" -> c.configId = value;
        case "interval", "port" -> {
          if (!value.matches("0|[1-9][0-9]{0,8}")) {
            return null;
          }
          if (name.equals("port")) {
            c.statusPort = Integer.parseInt(value);
          } else {
            c.reconcileIntervalMs = Long.parseLong(value);
          }
        }
        case "check" -> c.checkOnly = true;
        case "vrrp" -> c.vrrpOnly = true;
        case "keep" -> c.keepIpvs = true;
        case "dontrelease" -> c.dontReleaseVrrp = true;
        default -> c.debug = true;
      }
    }
    return c;
  }

  /**
   * A {@code --umask} as keepalived 2.2.7 reads it (strtoll in base 0: {@code 0x} hexadecimal, a
   * leading 0 octal, else decimal), within 0777; -1 for anything else (keepalived warns and goes on
   * without it; a usage error here).
   */
  static int umask(String text) {
    Integer bits = UmaskNumber.parse(text.strip());
    return bits == null ? -1 : bits;
  }

  /**
   * keepalived's {@code --signum}: the signal for a function, as keepalived 2.2.7 numbers them on
   * Linux, but JSON: SIGUSR1, on which Vigil writes vigil.json (keepalived's SIGRTMIN+2 is ignored
   * by Vigil, as is STATS_CLEAR's SIGRTMAX-1: Vigil keeps its counters). Null for another name.
   */
  static Integer signalNumber(String function) {
    return switch (function) {
      case "STOP" -> 15;
      case "RELOAD" -> 1;
      case "DATA", "JSON" -> 10;
      case "STATS" -> 12;
      case "STATS_CLEAR" -> 63;
      default -> null;
    };
  }

  /** {@code -t}: check-config's report on stderr or the file named; its exit status. */
  private int configTest(Environment environment) throws java.io.IOException {
    io.vigil.config.LoadResult r = io.vigil.config.ConfigLoader.load(file, environment, allConfig);
    if (configTest.isEmpty()) {
      java.io.PrintWriter err = new java.io.PrintWriter(System.err, true);
      int rc = CheckConfigCommand.report(r, file, err);
      err.flush();
      return rc;
    }
    try (java.io.PrintWriter w =
        new java.io.PrintWriter(
            java.nio.file.Files.newBufferedWriter(
                Path.of(configTest), java.nio.charset.StandardCharsets.UTF_8))) {
      return CheckConfigCommand.report(r, file, w);
    }
  }

  @Override
  public Integer call() throws Exception {
    if (signum != null) {
      Integer n = signalNumber(signum);
      if (n == null) {
        System.err.println("Unknown sigfunc " + signum); // keepalived's words
        return 1;
      }
      System.out.println(n);
      return 0;
    }
    if (snmp || snmpAgentSocket != null) {
      System.err.println(
          "vigil run: "
              + (snmp ? "-x (--snmp)" : "-A (--snmp-agent-socket)")
              + ": Vigil has no SNMP agent; what keepalived's MIBs tell is on the status endpoint:"
              + " /metrics (Prometheus) and /status (JSON), vigil status");
      return 2;
    }
    if (checkOnly && vrrpOnly) {
      System.err.println("vigil run: --check-only and --vrrp-only exclude each other");
      return 2;
    }
    int mask = -1;
    if (umask != null) {
      mask = umask(umask);
      if (mask < 0) {
        System.err.println(
            "vigil run: invalid --umask "
                + umask
                + " (a number of at most 0777: 077 octal, 0x3f hexadecimal, or decimal)");
        return 2;
      }
    }
    Environment environment = Environment.host(configId);
    if (namespace != null) {
      if (!environment.inNetns().test(namespace)) {
        System.err.println(
            "vigil run: -s "
                + namespace
                + ": vigil does not change network namespace; it runs in the one it is started"
                + " in, which is not '"
                + namespace
                + "' (start it there: ip netns exec "
                + namespace
                + " vigil run ...)");
        return 1;
      }
      environment = environment.withNetnsOverride(namespace);
    }
    if (configTest != null) {
      return configTest(environment);
    }
    LogSetup.configure(System.getenv(), debug);
    if (logFacility != null) {
      if (logFacility.matches("[0-7]|local[0-7]|user|daemon")) {
        org.slf4j.LoggerFactory.getLogger(RunCommand.class)
            .info(
                "-S {}: no effect; Vigil logs to stderr (under systemd the journal, where the"
                    + " unit's SyslogFacility= sets the facility)",
                logFacility);
      } else {
        System.err.println("Invalid log facility '" + logFacility + "'"); // keepalived's words
      }
    }
    Daemon d =
        new Daemon(
            Daemon.Settings.of(file, environment)
                .checkOnly(checkOnly)
                .keepIpvs(keepIpvs)
                .reconcileIntervalMs(reconcileIntervalMs)
                .statusPort(statusPort)
                .version(BuildInfo.version())
                .vrrpOnly(vrrpOnly)
                .pidFile(pidFile)
                .umask(mask)
                .dontReleaseVrrp(dontReleaseVrrp)
                .dumpConfig(dumpConfig)
                .subsystemPidFiles(vrrpPidFile, checkersPidFile, bfdPidFile)
                .coreDump(coreDump, corePattern)
                .allConfig(allConfig)
                .addressMonitoring(addressMonitoring)
                .noBfd(noBfd)
                .build(),
            () -> new NetlinkIpvsKernel(IpvsClient.open()),
            Systemd.fromEnvironment(System.getenv()),
            System.err);
    return d.run();
  }
}
