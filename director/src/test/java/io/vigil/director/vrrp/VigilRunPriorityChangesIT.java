package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vrrp_notify_priority_changes} in {@code vigil run}: the story keepalived 2.2.7 was put
 * through for the golden lines (vrrp's golden/capture-keepalived-priority.sh), with Vigil in
 * keepalived's place. A peer at priority 150 is master; "me" at 100 tracks a file (weight 1) and
 * writes its {@code vrrp_notify_fifo}, read by its script. Each step writes the file and waits for
 * the line it must cause; at the end the FIFO holds exactly keepalived's lines.
 */
class VigilRunPriorityChangesIT {
  @RegisterExtension final NetLab lab = new NetLab();

  static final Path GOLDEN =
      Path.of(System.getProperty("user.dir"))
          .resolve("../vrrp/src/test/resources/io/vigil/vrrp/golden/notify-fifo-priority.txt")
          .normalize();
  static final Pattern RECEIVED =
      Pattern.compile("vigil_vrrp_adverts_received_total\\{instance=\"VI_1\"} (\\d+)");

  Netns me;
  Netns peer;
  @TempDir Path dir;

  @BeforeEach
  void topology() {
    DirectorLan lan = DirectorLan.on(lab);
    me = lan.a();
    peer = lan.b();
  }

  NsProcess vigil(Netns ns, String name, int priority, String global, String instance)
      throws IOException {
    String conf =
        """
        global_defs {
          enable_script_security
          script_user root
        %s
        }
        vrrp_track_file tf {
          file %s
          weight 1
        }
        vrrp_instance VI_1 {
          interface eth0
          state BACKUP
          virtual_router_id 51
          priority %d
          advert_int 1
          virtual_ipaddress {
            192.0.2.100/24
          }
        %s
        }
        """
            .formatted(global, dir.resolve("prio"), priority, instance);
    Path c = Files.writeString(dir.resolve(name + ".conf"), conf);
    return ns.start(VigilJvm.argv("run", "--vrrp-only", "-f", c.toString()));
  }

  void setPriority(long value) throws IOException {
    Path next = Files.writeString(dir.resolve("prio.new"), value + "\n");
    Files.move(next, dir.resolve("prio"), StandardCopyOption.ATOMIC_MOVE);
  }

  List<String> lines() throws IOException {
    Path log = dir.resolve("fifo.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  /** Waits (bounded) until the FIFO's last line is {@code line}. */
  void awaitLast(String line) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      List<String> l = lines();
      if (!l.isEmpty() && l.get(l.size() - 1).matches(line)) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("never saw " + line + " last; the FIFO has " + l);
      }
      Thread.sleep(50);
    }
  }

  /** Waits (bounded) until "me" has heard more adverts than it had when called. */
  void awaitAdvertFromPeer() throws Exception {
    long before = received();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (received() <= before) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "no advert from the peer: " + me.sh("curl -s 127.0.0.1:9180/metrics"));
      }
      Thread.sleep(100);
    }
  }

  long received() {
    Matcher m = RECEIVED.matcher(me.sh("curl -s 127.0.0.1:9180/metrics || true"));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  @Test
  void theFifoGetsKeepalivedsPriorityLinesAsTheTrackedFileMoves() throws Exception {
    List<String> golden = Files.readAllLines(GOLDEN);
    Files.writeString(dir.resolve("prio"), "0\n");
    Path reader = dir.resolve("reader.sh");
    Files.writeString(reader, "#!/bin/sh\nexec cat \"$1\" >> " + dir.resolve("fifo.log") + "\n");
    Files.setPosixFilePermissions(reader, PosixFilePermissions.fromString("rwxr-xr-x"));
    NsProcess p = vigil(peer, "peer", 150, "", "");
    p.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
    NsProcess m =
        vigil(
            me,
            "me",
            100,
            """
              vrrp_notify_fifo %s
              vrrp_notify_fifo_script %s
              vrrp_notify_priority_changes
            """
                .formatted(dir.resolve("fifo"), reader),
            "  track_file {\n    tf\n  }");
    awaitLast("INSTANCE \"VI_1\" BACKUP 100");
    awaitAdvertFromPeer();
    setPriority(20);
    awaitLast("INSTANCE \"VI_1\" BACKUP_PRIORITY 120");
    setPriority(80);
    awaitLast("INSTANCE \"VI_1\" MASTER 180");
    setPriority(5);
    awaitLast("INSTANCE \"VI_1\" BACKUP 105");
    setPriority(-300);
    awaitLast("INSTANCE \"VI_1\" FAULT [0-9]+");
    setPriority(0);
    awaitLast("INSTANCE \"VI_1\" BACKUP 100");
    awaitAdvertFromPeer();
    setPriority(7);
    awaitLast("INSTANCE \"VI_1\" BACKUP_PRIORITY 107");
    assertThat(lines()).as("keepalived 2.2.7's lines for the same story").isEqualTo(golden);
    String status = me.sh("curl -s 127.0.0.1:9180/status");
    assertThat(status).contains("\"effectivePriority\":107");
    m.signal("TERM");
    p.signal("TERM");
    assertThat(m.waitFor(Duration.ofSeconds(20))).isZero();
    assertThat(p.waitFor(Duration.ofSeconds(20))).isZero();
  }
}
