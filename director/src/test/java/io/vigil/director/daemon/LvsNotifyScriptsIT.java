package io.vigil.director.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Environment;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
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

  /** Reads the lines of a FIFO vigil creates, from when it exists until vigil closes it. */
  private static List<String> reader(Path fifo) {
    List<String> got = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    Thread t =
        new Thread(
            () -> {
              try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!Files.exists(fifo) && System.nanoTime() - deadline < 0) {
                  Thread.sleep(20);
                }
                try (java.io.BufferedReader r = Files.newBufferedReader(fifo)) {
                  for (String l = r.readLine(); l != null; l = r.readLine()) {
                    got.add(l);
                  }
                }
              } catch (Exception e) {
                got.add("reader failed: " + e);
              }
            },
            "fifo-reader");
    t.setDaemon(true);
    t.start();
    return got;
  }

  private static void awaitSize(List<String> got, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (got.size() < n && System.nanoTime() - deadline < 0) {
      Thread.sleep(20);
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
      int closed = InProcessDaemon.freePort();
      Path conf = dir.resolve("vigil.conf");
      Files.writeString(
          conf,
          """
          global_defs {
            script_user root
            notify_fifo %s
            lvs_notify_fifo %s
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
              .formatted(
                  dir.resolve("all.fifo"),
                  dir.resolve("lvs.fifo"),
                  script,
                  script,
                  realServer(up, script),
                  realServer(closed, script)));
      List<String> all = reader(dir.resolve("all.fifo"));
      List<String> lvs = reader(dir.resolve("lvs.fifo"));

      InProcessDaemon daemon =
          InProcessDaemon.start(
              Daemon.Settings.of(conf, ENV).checkOnly(true).reconcileIntervalMs(60_000).build());
      try {
        await("quorum_up at start, then notify_down and quorum_down", out, 3);
        assertThat(daemon.exited()).as(daemon.err()).isFalse();
        // keepalived 2.2.7 runs quorum_up at start for a virtual server with its quorum
        assertThat(lines(out)).containsExactly("quorum-up", "down-" + closed, "quorum-down");
      } finally {
        assertThat(daemon.stop()).isZero();
      }
      // omega: the live real server's notify_down, then quorum_down, run before the daemon exits
      assertThat(lines(out))
          .containsExactly(
              "quorum-up", "down-" + closed, "quorum-down", "down-" + up, "quorum-down");
      // the same transitions as keepalived's lines, on notify_fifo and lvs_notify_fifo alike
      List<String> want =
          List.of(
              "VS [192.0.2.10]:tcp:80 UP",
              "RS [127.0.0.1]:tcp:" + closed + " [192.0.2.10]:tcp:80 DOWN",
              "VS [192.0.2.10]:tcp:80 DOWN",
              "RS [127.0.0.1]:tcp:" + up + " [192.0.2.10]:tcp:80 DOWN",
              "VS [192.0.2.10]:tcp:80 DOWN");
      awaitSize(all, want.size());
      awaitSize(lvs, want.size());
      assertThat(all).containsExactlyElementsOf(want);
      assertThat(lvs).containsExactlyElementsOf(want);
      assertThat(dir.resolve("lvs.fifo"))
          .as("created by vigil, removed at its exit")
          .doesNotExist();
    }
  }
}
