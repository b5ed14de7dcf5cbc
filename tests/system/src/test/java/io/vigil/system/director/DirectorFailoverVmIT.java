package io.vigil.system.director;

import static io.vigil.system.director.DirectorLab.VS;
import static io.vigil.system.director.DirectorLab.WAIT;
import static io.vigil.system.director.DirectorLab.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.lab.LvsTopology;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import io.vigil.system.lab.InVm;
import io.vigil.system.lab.VigilCli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two directors, each running the whole {@code vigil run} (a VRRP instance holding the front VIP
 * and the real servers' gateway, and the IPVS table with its health checks) against the real
 * kernel: clients are served through the master; SIGTERM of the master sends priority 0 (as tcpdump
 * reads it off the wire), releases both addresses and removes its IPVS entries; the backup takes
 * over and clients are served through it.
 */
class DirectorFailoverVmIT {
  @RegisterExtension static final NetLab lab = new NetLab();

  @BeforeAll
  static void needsIpvs() {
    InVm.assumeIpvs();
  }

  static String config(String routerId, int priority) {
    StringBuilder b = new StringBuilder();
    b.append("global_defs {\n  router_id ").append(routerId).append("\n}\n\n");
    b.append("vrrp_instance VI_1 {\n  state BACKUP\n  interface eth0\n  virtual_router_id 51\n");
    b.append("  priority ").append(priority).append("\n  advert_int 1\n  garp_master_delay 0\n");
    b.append("  authentication {\n    auth_type PASS\n    auth_pass vm\n  }\n");
    b.append("  virtual_ipaddress {\n    ").append(LvsTopology.VIP).append("/24 dev eth0\n");
    b.append("    ").append(LvsTopology.BACK_VIP).append("/24 dev eth1\n  }\n}\n\n");
    b.append("virtual_server ").append(LvsTopology.VIP).append(" 80 {\n");
    b.append("  delay_loop 2\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n");
    for (int n = 1; n <= 2; n++) {
      b.append(DirectorLab.realServer("203.0.113.1" + n, 1, "", 1, 1));
    }
    return b.append("}\n").toString();
  }

  static boolean holdsVips(Netns dir) {
    String a = dir.sh("ip -o -4 addr show");
    return a.contains(" " + LvsTopology.VIP + "/24")
        && a.contains(" " + LvsTopology.BACK_VIP + "/24");
  }

  static boolean holdsNoVip(Netns dir) {
    String a = dir.sh("ip -o -4 addr show");
    return !a.contains(" " + LvsTopology.VIP + "/")
        && !a.contains(" " + LvsTopology.BACK_VIP + "/");
  }

  @Test
  void sigtermOfTheMasterHandsTheVipsToTheBackupWhichServesTheClients() throws Exception {
    LvsTopology t = LvsTopology.build(lab, LvsTopology.Mode.NAT, 2);
    Netns dir1 = t.director(1);
    Netns dir2 = t.director(2);
    t.startRealServers(WAIT);
    Path conf1 = DirectorLab.writeConfig(config("dir1", 200));
    Path conf2 = DirectorLab.writeConfig(config("dir2", 100));
    NsProcess master = dir1.start(VigilCli.argv("run", "-f", conf1.toString()));
    NsProcess backup = dir2.start(VigilCli.argv("run", "-f", conf2.toString()));
    master.awaitOutput(Pattern.compile("vigil running: 1 VRRP instances, 1 IPVS services"), WAIT);
    backup.awaitOutput(Pattern.compile("vigil running: 1 VRRP instances, 1 IPVS services"), WAIT);
    // whichever JVM came up first, the higher priority ends up master (preemption)
    await(() -> holdsVips(dir1) && holdsNoVip(dir2), "dir1 master, dir2 backup", master);
    for (Netns d : new Netns[] {dir1, dir2}) {
      assertThat(d.sh("ipvsadm -Sn"))
          .contains("-a " + VS + " -r 203.0.113.11:80 -m -w 1")
          .contains("-a " + VS + " -r 203.0.113.12:80 -m -w 1");
    }
    await(() -> t.requestFromClient(Duration.ofSeconds(10)) != null, "an answer", master);
    for (int i = 0; i < 4; i++) {
      assertThat(t.requestFromClient(Duration.ofSeconds(20))).isIn("rs1", "rs2");
    }

    NsProcess wire =
        t.client().start("tcpdump", "-l", "-n", "-i", "eth0", "-c", "500", "ip proto 112");
    wire.awaitOutput(Pattern.compile("prio 200"), WAIT);
    long termNs = System.nanoTime();
    master.signal("TERM");
    assertThat(master.waitFor(WAIT)).as(master.output()).isZero();
    long exitMs = (System.nanoTime() - termNs) / 1_000_000;
    assertThat(holdsNoVip(dir1)).as(dir1.sh("ip -o -4 addr show")).isTrue();
    assertThat(dir1.sh("ipvsadm -Sn")).isEmpty();
    wire.awaitOutput(
        Pattern.compile("198\\.51\\.100\\.1 > 224\\.0\\.0\\.18: VRRPv2.*prio 0,"), WAIT);
    long takeoverMs = await(() -> holdsVips(dir2), "dir2 to take the VIPs", backup) + exitMs;
    backup.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), WAIT);
    long servedMs =
        await(
            () -> t.requestFromClient(Duration.ofSeconds(5)) != null,
            "an answer through dir2",
            backup);
    System.out.printf(
        "SIGTERM to the master: exited in %d ms; the backup held the VIPs %d ms after the signal;"
            + " the client was served %d ms later%n",
        exitMs, takeoverMs, servedMs);
    for (int i = 0; i < 4; i++) {
      assertThat(t.requestFromClient(Duration.ofSeconds(20))).isIn("rs1", "rs2");
    }
    // The 6.1 kernel folds its per-CPU counters into --stats only every 2 s (the estimator's
    // timer): wait (bounded) for both real servers' connections to show on dir2.
    Pattern idle = Pattern.compile("-> 203\\.0\\.113\\.1[12]:80\\s+0\\s");
    await(
        () -> !idle.matcher(dir2.sh("ipvsadm -Ln --stats --exact " + VS)).find(),
        "connections to rs1 and rs2 in dir2's ipvsadm --stats counters",
        backup);
    backup.signal("TERM");
    assertThat(backup.waitFor(WAIT)).as(backup.output()).isZero();
    assertThat(holdsNoVip(dir2)).isTrue();
  }
}
