package io.vigil.director.cli;

import io.vigil.config.Environment;
import io.vigil.director.daemon.Daemon;
import io.vigil.director.lifecycle.LogSetup;
import io.vigil.director.lifecycle.Systemd;
import io.vigil.director.reconcile.NetlinkIpvsKernel;
import io.vigil.netlink.ipvs.IpvsClient;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil run}: the daemon, in the foreground (systemd does the daemonising). */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the director in the foreground: VRRP, health checks and the IPVS table per the",
      "configuration (--vrrp-only: VRRP alone; --check-only: no VRRP).",
      "SIGHUP reloads the configuration (a broken one is refused and the running one kept);",
      "SIGTERM or SIGINT stops: VRRP masters hand over (priority 0) and release their addresses,",
      "then the IPVS entries Vigil owns are removed unless --keep-ipvs."
    })
final class RunCommand implements Callable<Integer> {
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
      names = {"-C", "--check-only"},
      description = "Run only the health checks and IPVS (keepalived's --check).")
  boolean checkOnly;

  @Option(
      names = {"-P", "--vrrp-only"},
      description = "Run only the VRRP instances, no health checks or IPVS (keepalived's -P).")
  boolean vrrpOnly;

  @Option(
      names = "--keep-ipvs",
      description = "On stop, leave the IPVS table as it is (connections keep flowing).")
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

  @Option(names = "--debug", description = "Log at debug level.")
  boolean debug;

  @Override
  public Integer call() throws Exception {
    if (checkOnly && vrrpOnly) {
      System.err.println("vigil run: --check-only and --vrrp-only exclude each other");
      return 2;
    }
    LogSetup.configure(System.getenv(), debug);
    Daemon d =
        new Daemon(
            new Daemon.Settings(
                file,
                Environment.host(configId),
                checkOnly,
                keepIpvs,
                reconcileIntervalMs,
                statusPort,
                BuildInfo.version(),
                vrrpOnly),
            () -> new NetlinkIpvsKernel(IpvsClient.open()),
            Systemd.fromEnvironment(System.getenv()),
            System.err);
    return d.run();
  }
}
