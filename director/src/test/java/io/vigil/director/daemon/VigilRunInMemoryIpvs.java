package io.vigil.director.daemon;

import io.vigil.config.Environment;
import io.vigil.director.lifecycle.LogSetup;
import io.vigil.director.lifecycle.Systemd;
import io.vigil.director.reconcile.InMemoryIpvsKernel;
import java.nio.file.Path;

/**
 * {@code vigil run} as {@code RunCommand} runs it (signals, health checks, VRRP, rtnetlink, the
 * status endpoint: all real), but with the in-memory IPVS kernel: for the host's namespace tests,
 * whose kernel has no IPVS. Arguments: {@code -f FILE [--check-only] [-B] [--status-port PORT]}.
 */
public final class VigilRunInMemoryIpvs {
  private VigilRunInMemoryIpvs() {}

  /** The command line that runs it in a JVM of its own, with {@code args}. */
  public static String[] argv(String... args) {
    return io.vigil.lab.LauncherJvm.argv(VigilRunInMemoryIpvs.class, java.util.List.of(args));
  }

  public static void main(String[] args) throws Exception {
    Path file = null;
    boolean checkOnly = false;
    boolean noBfd = false;
    int statusPort = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "-f" -> file = Path.of(args[++i]);
        case "--check-only" -> checkOnly = true;
        case "-B" -> noBfd = true;
        case "--status-port" -> statusPort = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    LogSetup.configure(System.getenv(), false);
    InMemoryIpvsKernel kernel = new InMemoryIpvsKernel();
    Daemon d =
        new Daemon(
            Daemon.Settings.of(file, Environment.host(null))
                .checkOnly(checkOnly)
                .noBfd(noBfd)
                .reconcileIntervalMs(1_000)
                .statusPort(statusPort)
                .version("it")
                .build(),
            () -> kernel,
            Systemd.fromEnvironment(System.getenv()),
            System.err);
    System.exit(d.run());
  }
}
