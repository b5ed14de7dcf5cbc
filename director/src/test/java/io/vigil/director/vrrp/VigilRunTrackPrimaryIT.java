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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An instance's own interface is tracked as keepalived 2.2.7 tracks it: its link going down puts
 * the instance in FAULT (addresses released, notify FAULT), its coming back brings it up again;
 * with {@code dont_track_primary} nothing happens. keepalived and Vigil in turn in the same
 * namespace, with the same configuration: the notify lines must be the same, and while the link is
 * down the VIP is on the interface exactly when the instance is not in FAULT.
 */
class VigilRunTrackPrimaryIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static final String VIP = "192.0.2.120";

  static String conf(Path d, String extra) {
    return conf(d, extra, VIP + "/24");
  }

  /** VI_1, MASTER at priority 150, its notify script in {@code d}, {@code extra} in its block. */
  static String conf(Path d, String extra, String vipWithPrefix) {
    return """
        global_defs {
          script_user root
          enable_script_security
        }
        vrrp_instance VI_1 {
          interface eth0
          state MASTER
          virtual_router_id 71
          priority 150
          advert_int 1
          notify %s
          %s
          virtual_ipaddress {
            %s
          }
        }
        """
        .formatted(d.resolve("notify.sh"), extra, vipWithPrefix);
  }

  /** Starts {@code impl}, takes eth0 down and up again, stops it: the notify lines in order. */
  List<String> run(Netns ns, String impl, String extra, boolean tracked) throws Exception {
    Path d = Files.createDirectories(dir.resolve(impl + extra.length()));
    Files.writeString(
        d.resolve("notify.sh"), "#!/bin/sh\necho \"$@\" >> " + d.resolve("log") + "\n");
    d.resolve("notify.sh").toFile().setExecutable(true);
    Files.writeString(d.resolve("log"), "");
    Path conf = Files.writeString(d.resolve("k.conf"), conf(d, extra));
    NsProcess p =
        impl.equals("keepalived")
            ? Keepalived.vrrp(ns, conf, d)
            : ns.start(VigilJvm.argv("run", "--vrrp-only", "-f", conf.toString()));
    VigilRunNotifyDeletedIT.await(d, "INSTANCE VI_1 MASTER", p);
    awaitVip(ns, true, p);
    ns.sh("ip link set eth0 down");
    if (tracked) {
      VigilRunNotifyDeletedIT.await(d, "INSTANCE VI_1 FAULT", p);
      awaitVip(ns, false, p);
    } else {
      Thread.sleep(4_000); // more than the down interval: nothing must happen
      assertThat(Files.readString(d.resolve("log"))).doesNotContain("FAULT");
      assertThat(ns.sh("ip -4 addr show dev eth0")).contains(VIP);
    }
    ns.sh("ip link set eth0 up");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (tracked
        && Files.readAllLines(d.resolve("log")).stream().filter(l -> l.contains("MASTER")).count()
            < 2) {
      assertThat(System.nanoTime() - deadline).as(p.output()).isNegative();
      Thread.sleep(100);
    }
    awaitVip(ns, true, p);
    p.signal("TERM");
    assertThat(p.waitFor(Duration.ofSeconds(20))).as(p.output()).isZero();
    Thread.sleep(500); // the last notify script
    List<String> lines = Files.readAllLines(d.resolve("log"));
    System.out.println(impl + " with '" + extra + "': " + lines);
    return lines;
  }

  static void awaitVip(Netns ns, boolean present, NsProcess p) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (ns.sh("ip -4 addr show dev eth0").contains(VIP) != present) {
      assertThat(System.nanoTime() - deadline)
          .as("VIP %s never %s; output:\n%s", VIP, present ? "added" : "removed", p.output())
          .isNegative();
      Thread.sleep(100);
    }
  }

  @ParameterizedTest(name = "[{index}] '{0}'")
  @ValueSource(strings = {"", "dont_track_primary"})
  void aLinkDownOnItsOwnInterfaceIsAFaultAsInKeepalived(String extra) throws Exception {
    Netns ns = DirectorLan.on(lab).a();
    boolean tracked = extra.isEmpty();
    List<String> keepalived = run(ns, "keepalived", extra, tracked);
    List<String> vigil = run(ns, "vigil", extra, tracked);
    assertThat(vigil).isEqualTo(keepalived);
    if (tracked) {
      assertThat(vigil)
          .containsSubsequence(
              "INSTANCE VI_1 MASTER 150",
              "INSTANCE VI_1 FAULT 150",
              "INSTANCE VI_1 BACKUP 150",
              "INSTANCE VI_1 MASTER 150",
              "INSTANCE VI_1 STOP 150");
    } else {
      assertThat(vigil).noneMatch(l -> l.contains("FAULT"));
    }
  }
}
