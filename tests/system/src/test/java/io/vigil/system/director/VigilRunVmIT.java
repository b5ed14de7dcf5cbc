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
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code vigil run --check-only} on director 1 of the NAT topology, against the real kernel: it
 * programs the table from a keepalived.conf (a second service with the sh scheduler's sh-port and
 * sh-fallback flags; a third with TUN's tunnel types and options; lvs_timeouts for tcp and udp),
 * follows HTTP health checks, repairs drift, refuses a broken reload while serving on, and removes
 * its entries on SIGTERM.
 */
class VigilRunVmIT {
  @RegisterExtension static final NetLab lab = new NetLab();

  private static final String VS = "-t " + LvsTopology.VIP + ":80";
  private static final Duration WAIT = DirectorLab.WAIT;

  @BeforeAll
  static void needsIpvs() {
    InVm.assumeIpvs();
  }

  static String config() {
    StringBuilder b = new StringBuilder();
    b.append("global_defs {\n  router_id dir1\n  lvs_timeouts tcp 7200 udp 60\n}\n\n");
    b.append("virtual_server ").append(LvsTopology.VIP).append(" 80 {\n");
    b.append("  delay_loop 1\n  lb_algo wrr\n  lb_kind NAT\n  protocol TCP\n");
    for (int n = 1; n <= 2; n++) {
      b.append("  real_server 203.0.113.1").append(n).append(" 80 {\n");
      b.append("    weight ").append(n).append('\n');
      b.append("    HTTP_GET {\n      url {\n        path /\n        status_code 200\n      }\n");
      b.append("      connect_timeout 3\n      retry 1\n      delay_before_retry 1\n    }\n");
      b.append("  }\n");
    }
    b.append("}\n");
    // the sh scheduler's flags (keepalived's sh-port / sh-fallback words): rs2 alone
    b.append("virtual_server ").append(LvsTopology.VIP).append(" 81 {\n");
    b.append("  delay_loop 1\n  lb_algo sh\n  sh-port\n  sh-fallback\n  lb_kind NAT\n");
    b.append("  protocol TCP\n  real_server 203.0.113.12 80 {\n    weight 2\n");
    b.append("    HTTP_GET {\n      url {\n        path /\n        status_code 200\n      }\n");
    b.append("      connect_timeout 3\n    }\n  }\n}\n");
    // TUN with its tunnel options: GUE on port 6080 with checksums for the service, GRE for one
    // real server; the checks go to the real servers' own port 80
    b.append("virtual_server ").append(LvsTopology.VIP).append(" 82 {\n");
    b.append("  delay_loop 1\n  lb_algo rr\n  lb_kind TUN type gue port 6080 csum\n");
    b.append("  protocol TCP\n");
    for (int n = 1; n <= 2; n++) {
      b.append("  real_server 203.0.113.1").append(n).append(" 82 {\n");
      if (n == 1) {
        b.append("    lvs_method TUN type gre csum\n");
      }
      b.append("    TCP_CHECK {\n      connect_port 80\n      connect_timeout 3\n    }\n  }\n");
    }
    b.append("}\n");
    return b.toString();
  }

  @Test
  void programsFollowsHealthRepairsDriftRefusesABrokenReloadAndCleansUpOnStop() throws Exception {
    LvsTopology t = LvsTopology.build(lab, LvsTopology.Mode.NAT, 2);
    Netns dir = t.director(1);
    dir.addr("eth0", LvsTopology.VIP + "/24");
    dir.addr("eth1", LvsTopology.BACK_VIP + "/24");
    t.startRealServers(Duration.ofSeconds(120));
    Path conf = Files.createTempFile("vigil-run", ".conf");
    Files.writeString(conf, config());

    NsProcess vigil =
        dir.start(
            VigilCli.argv(
                "run", "--check-only", "-f", conf.toString(), "--reconcile-interval", "1000"));
    vigil.awaitOutput(
        Pattern.compile("vigil running: 0 VRRP instances, 3 IPVS services, 5 real servers"), WAIT);

    String table = dir.sh("ipvsadm -Sn");
    assertThat(table)
        .contains("-A " + VS + " -s wrr")
        .contains("-a " + VS + " -r 203.0.113.11:80 -m -w 1")
        .contains("-a " + VS + " -r 203.0.113.12:80 -m -w 2")
        .contains("-A -t " + LvsTopology.VIP + ":81 -s sh -b sh-fallback,sh-port")
        .contains(
            "-a -t "
                + LvsTopology.VIP
                + ":82 -r 203.0.113.11:82 -i -w 1 --tun-type gre --tun-csum\n")
        .contains(
            "-a -t "
                + LvsTopology.VIP
                + ":82 -r 203.0.113.12:82 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum\n");
    // lvs_timeouts: tcp and udp set, tcpfin as the kernel had it (120 s)
    assertThat(dir.sh("ipvsadm -L --timeout")).contains("Timeout (tcp tcpfin udp): 7200 120 60");
    Set<String> answered = new HashSet<>();
    for (int i = 0; i < 6; i++) {
      answered.add(t.requestFromClient(Duration.ofSeconds(20)));
    }
    assertThat(answered).containsExactlyInAnyOrder("rs1", "rs2");

    // rs1 fails its check: removed; it heals: back
    t.failHealth(1, 503);
    await(() -> !dir.sh("ipvsadm -Sn").contains(VS + " -r 203.0.113.11:80"), "rs1 removed", vigil);
    assertThat(vigil.output())
        .contains("real server " + LvsTopology.VIP + ":80 203.0.113.11:80 is down");
    for (int i = 0; i < 4; i++) {
      assertThat(t.requestFromClient(Duration.ofSeconds(20))).isEqualTo("rs2");
    }
    t.heal(1);
    await(
        () -> dir.sh("ipvsadm -Sn").contains("-a " + VS + " -r 203.0.113.11:80 -m -w 1"),
        "rs1 back",
        vigil);

    // drift behind our back is repaired
    dir.sh("ipvsadm -d " + VS + " -r 203.0.113.12:80");
    await(
        () -> dir.sh("ipvsadm -Sn").contains("-a " + VS + " -r 203.0.113.12:80 -m -w 2"),
        "repair",
        vigil);

    // a broken reload is refused and the table stays as it is
    String before = dir.sh("ipvsadm -Sn");
    Files.writeString(conf, "virtual_server 192.0.2.1 99999 {\n}\n" + config());
    vigil.signal("HUP");
    vigil.awaitOutput(Pattern.compile("reload refused: the running configuration stays"), WAIT);
    assertThat(dir.sh("ipvsadm -Sn")).isEqualTo(before);
    assertThat(vigil.isAlive()).isTrue();

    // SIGTERM: exit 0, our entries gone
    vigil.signal("TERM");
    assertThat(vigil.waitFor(WAIT)).as(vigil.output()).isZero();
    assertThat(dir.sh("ipvsadm -Sn")).isEmpty();
  }

  private static void await(BooleanSupplier cond, String what, NsProcess vigil) {
    VigilCli.await(cond, what, WAIT, vigil::output);
  }
}
