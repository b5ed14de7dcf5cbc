package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code vigil run --vrrp-only} processes (their own JVMs, in two namespaces on one bridge) run
 * one VRRP instance from a keepalived.conf: the higher priority becomes master and holds the VIP
 * (an rtnetlink address, seen by {@code ip -o addr}), a client pings it; SIGKILL of the master's
 * whole process group moves the VIP to the backup within the down interval and the client reaches
 * it again; SIGTERM of that master hands it back (priority 0) and releases the address. The notify
 * script gets keepalived's four arguments; a VIP deleted behind the master's back is put back; a
 * SIGHUP with an unchanged configuration leaves the running instance alone.
 */
class VigilRunVrrpIT {
  @RegisterExtension final NetLab lab = new NetLab();

  static final String VIP = "192.0.2.100";
  static final Pattern MASTER = Pattern.compile("INSTANCE VI_1: MASTER");

  Netns a;
  Netns b;
  Netns client;
  @TempDir Path dir;

  @BeforeEach
  void topology() {
    DirectorLan lan = DirectorLan.on(lab);
    a = lan.a();
    b = lan.b();
    client = lan.client();
  }

  NsProcess vigil(Netns ns, String name, int priority) throws IOException {
    return vigil(ns, name, priority, "");
  }

  NsProcess vigil(Netns ns, String name, int priority, String extra) throws IOException {
    return vigil(ns, name, priority, extra, "");
  }

  NsProcess vigil(Netns ns, String name, int priority, String extra, String top)
      throws IOException {
    Path notify = dir.resolve("notify-" + name + ".sh");
    Files.writeString(
        notify, "#!/bin/sh\necho \"$@\" >> " + dir.resolve("notify-" + name + ".log") + "\n");
    Files.setPosixFilePermissions(notify, PosixFilePermissions.fromString("rwxr-xr-x"));
    String conf =
        """
        global_defs {
          enable_script_security
          script_user root
        }
        %s
        vrrp_instance VI_1 {
          state BACKUP
          interface eth0
          virtual_router_id 51
          priority %d
          advert_int 1
          garp_master_delay 0
          authentication {
            auth_type PASS
            auth_pass it
          }
          virtual_ipaddress {
            %s/24 dev eth0 label eth0:vip
          }
          notify %s
          %s
        }
        """
            .formatted(top, priority, VIP, notify, extra);
    Path c = Files.writeString(dir.resolve(name + ".conf"), conf);
    return ns.start(VigilJvm.argv("run", "--vrrp-only", "-f", c.toString()));
  }

  static boolean holdsVip(Netns ns) {
    return ns.sh("ip -o -4 addr show dev eth0").contains(" " + VIP + "/24");
  }

  static void awaitVip(Netns ns, boolean held, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (holdsVip(ns) != held) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            ns + (held ? " never got " : " never released ") + VIP + ":\n" + ns.sh("ip -o addr"));
      }
      Thread.sleep(50);
    }
  }

  String notifications(String name) throws IOException {
    Path log = dir.resolve("notify-" + name + ".log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Test
  void higherPriorityHoldsTheVipAndTheBackupTakesOverWhenItIsKilledThenHandsBackOnSigterm()
      throws Exception {
    NsProcess high = vigil(a, "high", 200);
    NsProcess low = vigil(b, "low", 100);
    high.awaitOutput(MASTER, Duration.ofSeconds(30));
    awaitVip(a, true, Duration.ofSeconds(5));
    low.awaitOutput(Pattern.compile("INSTANCE VI_1: BACKUP"), Duration.ofSeconds(30));
    assertThat(a.sh("ip -o -4 addr show dev eth0")).contains("eth0:vip");
    // both started together: the lower one may have been master while the other JVM was still
    // starting; from now on it hears the master for longer than its down interval and stays quiet
    int lowMasters = low.count("INSTANCE VI_1: MASTER");
    Thread.sleep(4_000);
    assertThat(low.count("INSTANCE VI_1: MASTER")).as(low.output()).isEqualTo(lowMasters);
    String out = low.output();
    assertThat(out.lastIndexOf("INSTANCE VI_1: BACKUP"))
        .as("the backup's last state is BACKUP: " + out)
        .isGreaterThan(out.lastIndexOf("INSTANCE VI_1: MASTER"));
    assertThat(holdsVip(b)).isFalse();
    assertThat(client.exec("ping", "-c1", "-W2", VIP).exitCode()).isZero();
    assertThat(notifications("high")).contains("INSTANCE VI_1 MASTER 200");

    // an address deleted behind the master's back is put back (rtnetlink address events)
    a.sh("ip addr del " + VIP + "/24 dev eth0");
    awaitVip(a, true, Duration.ofSeconds(3));
    assertThat(high.output()).contains("was removed behind our back; putting it back");
    // SIGHUP with the same configuration keeps the instance running: no restart, still master
    high.signal("HUP");
    high.awaitOutput(Pattern.compile("reloaded: "), Duration.ofSeconds(10));
    assertThat(high.count("vrrp_instance VI_1 started")).isEqualTo(1);
    assertThat(high.count("INSTANCE VI_1: MASTER")).isEqualTo(1);
    assertThat(holdsVip(a)).isTrue();

    long killedNs = System.nanoTime();
    high.killTree();
    // Master_Down_Interval for priority 100, advert 1 s: 3 s + (256-100)/256 s
    long downMs = 3_000 + 156 * 1000 / 256;
    awaitVip(b, true, Duration.ofMillis(downMs + 2_000));
    long tookMs = (System.nanoTime() - killedNs) / 1_000_000;
    System.out.printf("backup holds the VIP %d ms after SIGKILL (down %d ms)%n", tookMs, downMs);
    assertThat(tookMs).isGreaterThanOrEqualTo(downMs - 1_000);
    low.awaitOutput(MASTER, Duration.ofSeconds(2));
    assertThat(client.exec("ping", "-c1", "-W2", VIP).exitCode()).isZero();
    // the killed master left its address behind (nobody released it): clean it as an operator would
    a.sh("ip addr del " + VIP + "/24 dev eth0 || true");

    long termNs = System.nanoTime();
    low.signal("TERM");
    assertThat(low.waitFor(Duration.ofSeconds(15))).isZero();
    assertThat(holdsVip(b)).as("SIGTERM released the VIP").isFalse();
    System.out.printf(
        "SIGTERM to exit with the VIP released: %d ms%n", (System.nanoTime() - termNs) / 1_000_000);
    String lowNotes = notifications("low");
    assertThat(lowNotes)
        .contains("INSTANCE VI_1 BACKUP 100")
        .contains("INSTANCE VI_1 MASTER 100")
        .contains("INSTANCE VI_1 STOP 100");
  }

  @Test
  void aFailingTrackScriptMovesTheVipToTheBackupAndItsRecoveryPreemptsBack() throws Exception {
    Path ok = dir.resolve("ok");
    Files.writeString(ok, "");
    String script =
        """
        vrrp_script chk {
          script "/usr/bin/test -e %s"
          interval 1
          timeout 2
          fall 2
          rise 2
          weight -150
        }
        """
            .formatted(ok);
    NsProcess high = vigil(a, "high", 200, "track_script {\n    chk\n  }", script);
    NsProcess low = vigil(b, "low", 100);
    high.awaitOutput(MASTER, Duration.ofSeconds(30));
    low.awaitOutput(Pattern.compile("INSTANCE VI_1: BACKUP"), Duration.ofSeconds(30));
    awaitVip(a, true, Duration.ofSeconds(5));
    high.awaitOutput(Pattern.compile("VRRP_Script\\(chk\\) succeeded"), Duration.ofSeconds(10));

    long failNs = System.nanoTime();
    Files.delete(ok);
    // fall 2 at 1 s, then the backup (priority 100) hears adverts at 50: its down timer makes it
    // master, and the old master hears 100 > 50 and steps down
    awaitVip(b, true, Duration.ofSeconds(15));
    awaitVip(a, false, Duration.ofSeconds(5));
    long movedMs = (System.nanoTime() - failNs) / 1_000_000;
    assertThat(high.output()).contains("VRRP_Script(chk) failed (exited with status 1)");
    assertThat(client.exec("ping", "-c1", "-W2", VIP).exitCode()).isZero();
    assertThat(notifications("high")).contains("INSTANCE VI_1 BACKUP 50");
    // the status view and the metrics say the same (each namespace has its own loopback)
    String status = a.sh("curl -s 127.0.0.1:9180/status");
    assertThat(status)
        .contains("\"name\":\"VI_1\"")
        .contains("\"state\":\"BACKUP\"")
        .contains("\"effectivePriority\":50")
        .contains("\"masterAddress\":\"192.0.2.2\"")
        .contains("higher priority advert from 192.0.2.2");
    String metrics = a.sh("curl -s 127.0.0.1:9180/metrics");
    assertThat(metrics)
        .contains("vigil_vrrp_state{instance=\"VI_1\",state=\"BACKUP\"} 1")
        .contains("vigil_vrrp_adverts_received_total{instance=\"VI_1\"}")
        .contains("vigil_vrrp_transitions_total{instance=\"VI_1\"}")
        .contains("vigil_vrrp_timer_late_max_seconds{instance=\"VI_1\"}")
        .contains("vigil_vrrp_timers_late_total{instance=\"VI_1\",over=\"0.01\"}")
        .contains("vigil_vrrp_stall_waits_total{instance=\"VI_1\"}")
        .contains("vigil_vrrp_send_failures_total{instance=\"VI_1\"} 0")
        .contains("vigil_vrrp_receive_failures_total{instance=\"VI_1\"} 0");

    long recoverNs = System.nanoTime();
    Files.writeString(ok, "");
    awaitVip(a, true, Duration.ofSeconds(15));
    awaitVip(b, false, Duration.ofSeconds(5));
    long backMs = (System.nanoTime() - recoverNs) / 1_000_000;
    assertThat(notifications("high")).contains("INSTANCE VI_1 MASTER 200");
    assertThat(client.exec("ping", "-c1", "-W2", VIP).exitCode()).isZero();
    System.out.printf(
        "track_script: VIP on the backup %d ms after the check started failing, back %d ms after"
            + " it recovered (interval 1 s, fall 2, rise 2)%n",
        movedMs, backMs);
    // stopped before the directory goes: their notify scripts write into it
    high.signal("TERM");
    low.signal("TERM");
    assertThat(high.waitFor(Duration.ofSeconds(20))).isZero();
    assertThat(low.waitFor(Duration.ofSeconds(20))).isZero();
  }

  @Test
  void aTrackedInterfaceGoingDownTakesTheMasterToFaultAndTheBackupTakesOver() throws Exception {
    a.sh("ip link add trk0 type veth peer name trk1 && ip link set trk1 up && ip link set trk0 up");
    NsProcess high = vigil(a, "high", 200, "track_interface {\n    trk0\n  }");
    NsProcess low = vigil(b, "low", 100);
    high.awaitOutput(MASTER, Duration.ofSeconds(30));
    low.awaitOutput(Pattern.compile("INSTANCE VI_1: BACKUP"), Duration.ofSeconds(30));
    awaitVip(a, true, Duration.ofSeconds(5));

    a.sh("ip link set trk0 down");
    high.awaitOutput(Pattern.compile("INSTANCE VI_1: FAULT"), Duration.ofSeconds(5));
    awaitVip(a, false, Duration.ofSeconds(2));
    awaitVip(b, true, Duration.ofSeconds(5));
    assertThat(notifications("high")).contains("INSTANCE VI_1 FAULT");

    a.sh("ip link set trk0 up");
    // back up with the higher priority: it preempts the backup again
    awaitVip(a, true, Duration.ofSeconds(10));
    awaitVip(b, false, Duration.ofSeconds(5));
  }
}
