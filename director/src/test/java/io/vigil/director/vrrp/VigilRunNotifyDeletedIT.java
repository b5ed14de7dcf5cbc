package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.Keepalived;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An instance a reload deletes, notified as keepalived 2.2.7 notifies it, side by side with
 * keepalived in the same namespace: by default {@code notify} and the FIFOs say FAULT and neither
 * {@code notify_fault} nor {@code notify_stop} runs; with {@code notify_deleted} they say DELETED,
 * and its script, if given, runs. The other instance's stop is untouched.
 */
class VigilRunNotifyDeletedIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static String instance(String name, int vrid, String vip, Path d, String deleted) {
    return """
        vrrp_instance %s {
          interface eth0
          state MASTER
          virtual_router_id %d
          priority 150
          advert_int 1
          notify %s
          notify_fault "%s fault-%s"
          notify_stop "%s stop-%s"
          %s
          virtual_ipaddress {
            %s/24
          }
        }
        """
        .formatted(
            name,
            vrid,
            d.resolve("notify.sh"),
            d.resolve("notify.sh"),
            name,
            d.resolve("notify.sh"),
            name,
            deleted.replace("SCRIPT", d.resolve("notify.sh") + " deleted-" + name),
            vip);
  }

  static String conf(Path d, boolean both, String deleted) {
    String global =
        """
        global_defs {
          script_user root
          enable_script_security
          notify_fifo %s
        }
        """
            .formatted(d.resolve("fifo"));
    return global
        + instance("VI_1", 61, "192.0.2.110", d, deleted)
        + (both ? instance("VI_2", 62, "192.0.2.111", d, deleted) : "");
  }

  /**
   * Starts {@code impl} with VI_1 and VI_2, reloads it without VI_2, stops it: VI_2's lines in the
   * notify log and on the FIFO, sorted (the scripts run concurrently).
   */
  List<String> run(Netns ns, String impl, String deleted) throws Exception {
    Path d = Files.createDirectories(dir.resolve(impl + deleted.hashCode()));
    Files.writeString(
        d.resolve("notify.sh"), "#!/bin/sh\necho \"$@\" >> " + d.resolve("log") + "\n");
    d.resolve("notify.sh").toFile().setExecutable(true);
    Files.writeString(d.resolve("log"), "");
    ns.sh("mkfifo " + d.resolve("fifo"));
    // keepalived closes its FIFO on a reload and opens it again: read it again after each end
    NsProcess fifo = ns.start("sh", "-c", "while :; do cat " + d.resolve("fifo") + "; done");
    Path conf = Files.writeString(d.resolve("cur.conf"), conf(d, true, deleted));
    NsProcess p =
        impl.equals("keepalived")
            ? Keepalived.vrrp(ns, conf, d)
            : ns.start(VigilJvm.argv("run", "--vrrp-only", "-f", conf.toString()));
    await(d, "INSTANCE VI_1 MASTER", p);
    await(d, "INSTANCE VI_2 MASTER", p);
    Files.writeString(conf, conf(d, false, deleted));
    p.signal("HUP");
    fifo.awaitOutput(
        Pattern.compile("INSTANCE \"VI_2\" (FAULT|DELETED|STOP)"), Duration.ofSeconds(20));
    Thread.sleep(1_000); // the scripts it started
    p.signal("TERM");
    assertThat(p.waitFor(Duration.ofSeconds(20))).as(p.output()).isZero();
    Thread.sleep(500); // the FIFO's last lines
    fifo.killTree();
    List<String> lines =
        java.util.stream.Stream.concat(
                Files.readAllLines(d.resolve("log")).stream(), fifo.output().lines())
            .filter(l -> l.contains("VI_2"))
            .sorted()
            .toList();
    System.out.println(impl + " with '" + deleted + "': " + lines);
    return lines;
  }

  static void await(Path d, String line, NsProcess p) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!Files.readString(d.resolve("log")).contains(line)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(line + " never notified; output:\n" + p.output());
      }
      Thread.sleep(100);
    }
  }

  @ParameterizedTest(name = "[{index}] '{0}'")
  @ValueSource(strings = {"", "notify_deleted", "notify_deleted \"SCRIPT\""})
  void aDeletedInstanceIsNotifiedAsKeepalivedNotifiesIt(String deleted) throws Exception {
    Netns ns = DirectorLan.on(lab).a();
    List<String> keepalived = run(ns, "keepalived", deleted);
    List<String> vigil = run(ns, "vigil", deleted);
    assertThat(vigil).isEqualTo(keepalived);
    String state = deleted.isEmpty() ? "FAULT" : "DELETED";
    assertThat(vigil)
        .contains("INSTANCE VI_2 " + state + " 150", "INSTANCE \"VI_2\" " + state + " 150")
        .noneMatch(l -> l.contains("STOP") || l.startsWith("fault-") || l.startsWith("stop-"));
    assertThat(vigil.contains("deleted-VI_2")).isEqualTo(deleted.contains("SCRIPT"));
  }
}
