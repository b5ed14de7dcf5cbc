package io.vigil.director.daemon;

import io.vigil.director.lifecycle.Systemd;
import io.vigil.director.reconcile.InMemoryIpvsKernel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code vigil run} in this JVM, on its own thread, with the in-memory IPVS kernel (health checks,
 * scripts, mail and the status endpoint are real), for the tests that look inside it: its kernel,
 * what it wrote on its error stream, whether it is still running. {@link #stop} stops it and waits
 * for its exit.
 */
public final class InProcessDaemon {
  private final InMemoryIpvsKernel kernel = new InMemoryIpvsKernel();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Daemon daemon;
  private final CompletableFuture<Integer> exit;

  private InProcessDaemon(Daemon.Settings settings) {
    daemon =
        new Daemon(
            settings,
            () -> kernel,
            Systemd.fromEnvironment(Map.of()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    exit =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return daemon.run();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
              }
            });
  }

  /** A loopback port nothing listens on (just closed): a real server that refuses connections. */
  public static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts {@code vigil run} with {@code settings}. */
  public static InProcessDaemon start(Daemon.Settings settings) {
    return new InProcessDaemon(settings);
  }

  public Daemon daemon() {
    return daemon;
  }

  public InMemoryIpvsKernel kernel() {
    return kernel;
  }

  /** Whether {@code run} returned (or failed). */
  public boolean exited() {
    return exit.isDone();
  }

  /** What it wrote on its error stream so far. */
  public String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Stops it as SIGTERM does; its exit code. */
  public int stop() throws Exception {
    daemon.stop();
    return exit.get(30, TimeUnit.SECONDS);
  }
}
