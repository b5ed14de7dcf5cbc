package io.vigil.director.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Environment;
import io.vigil.director.lifecycle.Systemd;
import io.vigil.director.reconcile.InMemoryIpvsKernel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil run} in-process with the in-memory IPVS kernel and real TCP checks on loopback: a
 * real server whose port is closed is removed, its {@code notify_down} runs, the virtual server
 * loses its quorum and {@code quorum_down} runs; with {@code omega}, stopping runs the live real
 * server's {@code notify_down} and {@code quorum_down} again. The scripts are real and write a
 * file.
 */
class LvsNotifyScriptsIT {
  private static final Environment ENV = Environment.fixed("dir1", Set.of("eth0"));

  @TempDir Path dir;

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String realServer(int port, Path script) {
    return """
          real_server 127.0.0.1 %d {
            notify_up "%s up-%d"
            notify_down "%s down-%d"
            TCP_CHECK {
              connect_timeout 2
              retry 0
            }
          }
        """
        .formatted(port, script, port, script, port);
  }

  private List<String> lines(Path f) throws Exception {
    return Files.exists(f) ? Files.readAllLines(f) : List.of();
  }

  private void await(String what, Path f, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (lines(f).size() < count) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting for " + what + ": " + lines(f));
      }
      Thread.sleep(50);
    }
  }

  @Test
  void theChecksRunNotifyDownAndQuorumDownAndOmegaRunsThemAgainAtStop() throws Exception {
    Path out = dir.resolve("ran");
    Path script = dir.resolve("notify.sh");
    Files.writeString(script, "#!/bin/sh\necho \"$1\" >> '" + out + "'\n");
    script.toFile().setExecutable(true);
    try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int up = listening.getLocalPort();
      int closed = freePort();
      Path conf = dir.resolve("vigil.conf");
      Files.writeString(
          conf,
          """
          global_defs {
            script_user root
          }
          virtual_server 192.0.2.10 80 {
            delay_loop 1
            lb_algo wrr
            lb_kind NAT
            protocol TCP
            quorum 2
            omega
            quorum_up "%s quorum-up"
            quorum_down "%s quorum-down"
          %s%s}
          """
              .formatted(script, script, realServer(up, script), realServer(closed, script)));

      InMemoryIpvsKernel kernel = new InMemoryIpvsKernel();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Daemon daemon =
          new Daemon(
              new Daemon.Settings(conf, ENV, true, false, 60_000),
              () -> kernel,
              Systemd.fromEnvironment(Map.of()),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return daemon.run();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return -1;
                }
              });
      try {
        await("quorum_up at start, then notify_down and quorum_down", out, 3);
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isNotDone();
        // keepalived 2.2.7 runs quorum_up at start for a virtual server with its quorum
        assertThat(lines(out)).containsExactly("quorum-up", "down-" + closed, "quorum-down");
      } finally {
        daemon.stop();
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
      }
      // omega: the live real server's notify_down, then quorum_down, run before the daemon exits
      assertThat(lines(out))
          .containsExactly(
              "quorum-up", "down-" + closed, "quorum-down", "down-" + up, "quorum-down");
    }
  }
}
