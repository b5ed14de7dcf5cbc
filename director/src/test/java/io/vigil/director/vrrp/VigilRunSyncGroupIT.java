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
 * Two {@code vigil run --vrrp-only} processes, each with a {@code vrrp_sync_group} of two instances
 * (two VIPs): a {@code track_file} (weight 0) written non-zero on the master takes its first
 * instance to FAULT, the group takes the second one with it, and the backup takes both VIPs; the
 * file back at 0 and the higher priority takes both back. The group's notify script gets {@code
 * GROUP G1 STATE 0}; the notify FIFO gets keepalived's lines, read by its FIFO script.
 */
class VigilRunSyncGroupIT {
  @RegisterExtension final NetLab lab = new NetLab();

  static final String VIP1 = "192.0.2.100";
  static final String VIP2 = "192.0.2.101";

  Netns a;
  Netns b;
  @TempDir Path dir;

  @BeforeEach
  void topology() {
    DirectorLan lan = DirectorLan.on(lab);
    a = lan.a();
    b = lan.b();
  }

  NsProcess vigil(Netns ns, String name, int priority) throws IOException {
    Path notify = dir.resolve("gnotify-" + name + ".sh");
    Files.writeString(
        notify, "#!/bin/sh\necho \"$@\" >> " + dir.resolve("gnotify-" + name + ".log") + "\n");
    Files.setPosixFilePermissions(notify, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path fifoReader = dir.resolve("fifo-reader-" + name + ".sh");
    Files.writeString(
        fifoReader, "#!/bin/sh\nexec cat \"$1\" >> " + dir.resolve("fifo-" + name + ".log") + "\n");
    Files.setPosixFilePermissions(fifoReader, PosixFilePermissions.fromString("rwxr-xr-x"));
    String instance =
        """
        vrrp_instance %s {
          state BACKUP
          interface eth0
          virtual_router_id %d
          priority %d
          advert_int 1
          garp_master_delay 0
          virtual_ipaddress {
            %s/24 dev eth0
          }
          %s
        }
        """;
    String conf =
        """
        global_defs {
          enable_script_security
          script_user root
          %snotify_fifo %s
          %snotify_fifo_script "%s"
        }
        vrrp_track_file tf {
          file %s
        }
        vrrp_sync_group G1 {
          group {
            VI_1
            VI_2
          }
          notify %s
        }
        """
                .formatted(
                    fifo(name),
                    dir.resolve("fifo-" + name),
                    fifo(name),
                    fifoReader,
                    dir.resolve("prio-" + name),
                    notify)
            + instance.formatted("VI_1", 51, priority, VIP1, "track_file {\n    tf weight 0\n  }")
            + instance.formatted("VI_2", 52, priority, VIP2, "");
    Path c = Files.writeString(dir.resolve(name + ".conf"), conf);
    return ns.start(VigilJvm.argv("run", "--vrrp-only", "-f", c.toString()));
  }

  /** "high" writes notify_fifo (the daemon's, shared with LVS), "low" vrrp_notify_fifo. */
  static String fifo(String name) {
    return name.equals("high") ? "" : "vrrp_";
  }

  static boolean holds(Netns ns, String vip) {
    return ns.sh("ip -o -4 addr show dev eth0").contains(" " + vip + "/24");
  }

  static void await(Netns ns, boolean held, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (holds(ns, VIP1) != held || holds(ns, VIP2) != held) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            ns + (held ? " never got both VIPs" : " never released both") + ns.sh("ip -o addr"));
      }
      Thread.sleep(50);
    }
  }

  String notes(String name) throws IOException {
    Path log = dir.resolve("gnotify-" + name + ".log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /**
   * The group notify lines of {@code name} once they hold every one of {@code lines}: the scripts
   * run off the VRRP thread, one at a time, so they may trail the state change (bounded wait).
   */
  String notesOnce(String name, String... lines) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    String n = notes(name);
    while (!java.util.Arrays.stream(lines).allMatch(n::contains)
        && System.nanoTime() - deadline < 0) {
      Thread.sleep(50);
      n = notes(name);
    }
    return n;
  }

  @Test
  void aFaultInOneMemberMovesTheWholeGroupToTheBackupAndBack() throws Exception {
    Files.writeString(dir.resolve("prio-high"), "0\n");
    NsProcess high = vigil(a, "high", 200);
    NsProcess low = vigil(b, "low", 100);
    high.awaitOutput(Pattern.compile("GROUP G1: MASTER"), Duration.ofSeconds(30));
    await(a, true, Duration.ofSeconds(5));
    low.awaitOutput(Pattern.compile("INSTANCE VI_2: BACKUP"), Duration.ofSeconds(30));

    long faultNs = System.nanoTime();
    Files.writeString(dir.resolve("prio-high"), "1\n");
    high.awaitOutput(Pattern.compile("GROUP G1: FAULT"), Duration.ofSeconds(5));
    await(a, false, Duration.ofSeconds(3));
    await(b, true, Duration.ofSeconds(10));
    long movedMs = (System.nanoTime() - faultNs) / 1_000_000;
    assertThat(high.output())
        .contains("INSTANCE VI_1: FAULT")
        .contains("INSTANCE VI_2: FAULT")
        .contains("track_file tf");
    assertThat(notesOnce("high", "GROUP G1 MASTER 0", "GROUP G1 FAULT 0"))
        .contains("GROUP G1 MASTER 0")
        .contains("GROUP G1 FAULT 0");

    long backNs = System.nanoTime();
    Files.writeString(dir.resolve("prio-high"), "0\n");
    await(a, true, Duration.ofSeconds(15));
    await(b, false, Duration.ofSeconds(5));
    System.out.printf(
        "sync group: both VIPs on the backup %d ms after the tracked file went non-zero, back %d"
            + " ms after it went to 0%n",
        movedMs, (System.nanoTime() - backNs) / 1_000_000);
    assertThat(notesOnce("low", "GROUP G1 BACKUP 0", "GROUP G1 MASTER 0"))
        .contains("GROUP G1 BACKUP 0")
        .contains("GROUP G1 MASTER 0");
    // keepalived's lines (vrrp_notify.c: "%s \"%s\" %s %d\n"), read by the fifo script
    String lines = Files.readString(dir.resolve("fifo-high.log"));
    assertThat(lines)
        .contains("INSTANCE \"VI_1\" MASTER 200\n")
        .contains("INSTANCE \"VI_1\" FAULT 200\n")
        .contains("INSTANCE \"VI_2\" FAULT 200\n")
        .contains("GROUP \"G1\" MASTER 0\n")
        .contains("GROUP \"G1\" FAULT 0\n");
    high.signal("TERM");
    assertThat(high.waitFor(Duration.ofSeconds(20))).isZero();
    assertThat(Files.readString(dir.resolve("fifo-high.log")))
        .contains("INSTANCE \"VI_1\" STOP 200\n");
    assertThat(dir.resolve("fifo-high")).as("the FIFO it created is removed").doesNotExist();
    low.signal("TERM"); // before the directory goes: its notify script writes into it
    assertThat(low.waitFor(Duration.ofSeconds(20))).isZero();
    assertThat(Files.readString(dir.resolve("fifo-low.log")))
        .contains("INSTANCE \"VI_2\" BACKUP 100\n")
        .contains("INSTANCE \"VI_2\" STOP 100\n");
  }
}
