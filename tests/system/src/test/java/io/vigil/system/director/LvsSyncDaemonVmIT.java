package io.vigil.system.director;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.lab.LvsTopology;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import io.vigil.system.lab.InVm;
import io.vigil.system.lab.VigilCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code lvs_sync_daemon} in two {@code vigil run} directors, in each forwarding mode (NAT, DR,
 * TUN), against the real kernel: the VRRP master runs the master sync daemon and the backup the
 * backup one; an established TCP connection through the VIP is synchronised to the backup ({@code
 * ipvsadm -Lnc}); when the master's front link is cut they swap, and the connection carries on
 * through the new master (in DR and TUN the real server answers the client itself, so only the
 * synchronised entry can send the client's next segments to the same real server).
 */
class LvsSyncDaemonVmIT {
  @RegisterExtension final NetLab lab = new NetLab(); // a fresh topology for each mode

  private static final Duration WAIT = Duration.ofSeconds(600); // TCG on a loaded host
  private static final String MASTER_DAEMON = "master sync daemon (mcast=eth1, syncid=51,";
  private static final String BACKUP_DAEMON = "backup sync daemon (mcast=eth1, syncid=51,";

  /** A TCP echo server: the connection is long-lived, unlike the lab's HTTP responder. */
  private static final String ECHO =
      """
      import socket, threading
      s = socket.socket()
      s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
      s.bind(("0.0.0.0", 80))
      s.listen(16)
      print("listening", flush=True)
      def serve(c):
          with c:
              while True:
                  d = c.recv(4096)
                  if not d:
                      return
                  c.sendall(d)
      while True:
          c, _ = s.accept()
          threading.Thread(target=serve, args=(c,), daemon=True).start()
      """;

  /** One connection, a line every 0.5 s, each echo awaited (bounded: 1200 lines, 60 s each). */
  private static final String CLIENT =
      """
      import socket, time
      c = socket.create_connection(("%s", 80), timeout=30)
      c.settimeout(60)
      for i in range(1, 1201):
          m = ("ping %%d\\n" %% i).encode()
          c.sendall(m)
          got = b""
          while len(got) < len(m):
              d = c.recv(4096)
              if not d:
                  raise SystemExit("closed at %%d" %% i)
              got += d
          print("ok %%d %%.3f" %% (i, time.monotonic()), flush=True)
          time.sleep(0.5)
      """
          .formatted(LvsTopology.VIP);

  @BeforeAll
  static void needsIpvs() {
    InVm.assumeIpvs();
  }

  static String config(LvsTopology t, int director, int priority) {
    String backVip =
        t.mode() == LvsTopology.Mode.NAT ? "    " + LvsTopology.BACK_VIP + "/24 dev eth1\n" : "";
    return """
        global_defs {
          router_id dir%d
          lvs_sync_daemon eth1 VI_1
        }

        vrrp_instance VI_1 {
          state BACKUP
          interface eth0
          virtual_router_id 51
          priority %d
          advert_int 1
          track_interface {
            eth0
          }
          virtual_ipaddress {
            %s/24
        %s  }
        }

        virtual_server %s 80 {
          delay_loop 2
          lb_algo rr
          lb_kind %s
          protocol TCP
          real_server %s 80 {
            TCP_CHECK {
              connect_timeout 3
            }
          }
        }
        """
        .formatted(
            director,
            priority,
            LvsTopology.VIP,
            backVip,
            LvsTopology.VIP,
            t.mode(),
            t.realAddress(1));
  }

  @ParameterizedTest
  @EnumSource(LvsTopology.Mode.class)
  void masterAndBackupDaemonsFollowVrrpAndAConnectionSurvivesFailover(LvsTopology.Mode mode)
      throws Exception {
    LvsTopology t = LvsTopology.build(lab, mode, 1);
    Netns dir1 = t.director(1);
    Netns dir2 = t.director(2);
    NsProcess echo = t.real(1).start("python3", "-u", "-c", ECHO);
    echo.awaitOutput(Pattern.compile("^listening", Pattern.MULTILINE), WAIT);

    NsProcess v1 = dir1.start(vigil(config(t, 1, 150)));
    NsProcess v2 = dir2.start(vigil(config(t, 2, 100)));
    v1.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), WAIT);
    await(() -> daemons(dir1).contains(MASTER_DAEMON), "master daemon on dir1", v1, v2);
    await(() -> daemons(dir2).contains(BACKUP_DAEMON), "backup daemon on dir2", v1, v2);
    assertThat(daemons(dir1)).doesNotContain("backup sync daemon");
    assertThat(daemons(dir2)).doesNotContain("master sync daemon");

    NsProcess client = t.client().start("python3", "-u", "-c", CLIENT);
    client.awaitOutput(Pattern.compile("^ok 3 ", Pattern.MULTILINE), WAIT);
    // the backup learnt the connection from the master's sync daemon
    await(
        () -> dir2.sh("ipvsadm -Lnc").matches("(?s).*ESTABLISHED.*" + LvsTopology.CLIENT + ".*"),
        "the connection synchronised to dir2",
        v1,
        v2);

    int before = lastOk(client);
    dir1.down("eth0"); // the master's front cable is cut: FAULT, dir2 takes over
    v2.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), WAIT);
    await(() -> daemons(dir2).contains(MASTER_DAEMON), "master daemon on dir2", v1, v2);
    await(() -> daemons(dir1).contains(BACKUP_DAEMON), "backup daemon on dir1", v1, v2);
    assertThat(daemons(dir2)).doesNotContain("backup sync daemon");
    assertThat(daemons(dir1)).doesNotContain("master sync daemon");

    client.awaitOutput(Pattern.compile("^ok " + (before + 10) + " ", Pattern.MULTILINE), WAIT);
    assertThat(client.isAlive()).as(client.output()).isTrue();
    System.out.printf(
        "LvsSyncDaemonVmIT %s: connection survived failover; longest echo gap %.3f s%n",
        mode, longestGap(client.output()));
    client.kill();

    for (NsProcess v : List.of(v1, v2)) {
      v.signal("TERM");
      assertThat(v.waitFor(WAIT)).as(v.output()).isZero();
    }
    assertThat(daemons(dir1)).doesNotContain("sync daemon");
    assertThat(daemons(dir2)).doesNotContain("sync daemon");
  }

  private static String[] vigil(String config) throws Exception {
    Path conf = Files.createTempFile("vigil-syncd", ".conf");
    Files.writeString(conf, config);
    return VigilCli.argv(
        "run", "-f", conf.toString(), "--reconcile-interval", "1000", "--status-port", "0");
  }

  private static String daemons(Netns dir) {
    return dir.sh("ipvsadm -L --daemon");
  }

  private static int lastOk(NsProcess client) {
    Matcher m = Pattern.compile("^ok (\\d+) ", Pattern.MULTILINE).matcher(client.output());
    int last = 0;
    while (m.find()) {
      last = Integer.parseInt(m.group(1));
    }
    return last;
  }

  private static double longestGap(String output) {
    Matcher m = Pattern.compile("^ok \\d+ ([0-9.]+)$", Pattern.MULTILINE).matcher(output);
    List<Double> times = new ArrayList<>();
    while (m.find()) {
      times.add(Double.parseDouble(m.group(1)));
    }
    double gap = 0;
    for (int i = 1; i < times.size(); i++) {
      gap = Math.max(gap, times.get(i) - times.get(i - 1));
    }
    return gap;
  }

  private static void await(BooleanSupplier cond, String what, NsProcess... vigils) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        StringBuilder b = new StringBuilder("timed out waiting for " + what);
        for (NsProcess v : vigils) {
          b.append("\n--- ").append(v).append(":\n").append(v.output());
        }
        throw new AssertionError(b.toString());
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
