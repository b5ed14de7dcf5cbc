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
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ha_suspend} with {@code vigil run --check-only} against the real kernel, as keepalived
 * 2.2.7 does it (tests/lab/keepalived-ha-suspend.sh): without the VIP on the director the real
 * servers are programmed at their starting verdict and a failing one stays in the table (no check
 * runs); with the VIP the checks run and remove it; the VIP gone again, its verdict and the table
 * stay as they are.
 */
class HaSuspendVmIT {
  @RegisterExtension static final NetLab lab = new NetLab();

  private static final String VS = "-t " + LvsTopology.VIP + ":80";
  private static final Duration WAIT = DirectorLab.WAIT;
  private static final String RS1 = "-r 203.0.113.11:80 -m -w 1";

  @BeforeAll
  static void needsIpvs() {
    InVm.assumeIpvs();
  }

  static String config() {
    StringBuilder b = new StringBuilder();
    b.append("virtual_server ").append(LvsTopology.VIP).append(" 80 {\n");
    b.append("  delay_loop 1\n  lb_algo wrr\n  lb_kind NAT\n  protocol TCP\n  ha_suspend\n");
    for (int n = 1; n <= 2; n++) {
      b.append("  real_server 203.0.113.1").append(n).append(" 80 {\n");
      b.append("    HTTP_GET {\n      url {\n        path /\n        status_code 200\n      }\n");
      b.append("      connect_timeout 3\n      retry 0\n    }\n");
      b.append("  }\n");
    }
    b.append("}\n");
    return b.toString();
  }

  static String line(String what, int n) {
    return what
        + " healthchecker for service [203.0.113.1"
        + n
        + "]:tcp:80 for VS ["
        + LvsTopology.VIP
        + "]:tcp:80";
  }

  @Test
  void checksWaitForTheVipAndTheTableKeepsTheVerdictsMeanwhile() throws Exception {
    LvsTopology t = LvsTopology.build(lab, LvsTopology.Mode.NAT, 2);
    Netns dir = t.director(1);
    t.startRealServers(Duration.ofSeconds(120));
    Path conf = Files.createTempFile("vigil-ha-suspend", ".conf");
    Files.writeString(conf, config());

    NsProcess vigil =
        dir.start(
            VigilCli.argv(
                "run", "--check-only", "-f", conf.toString(), "--reconcile-interval", "1000"));
    vigil.awaitOutput(Pattern.compile("vigil running: "), WAIT);
    assertThat(vigil.output()).contains(line("Deactivating", 1), line("Deactivating", 2));
    assertThat(dir.sh("ipvsadm -Sn")).contains("-a " + VS + " " + RS1);

    // rs1 fails, but no check runs: it stays in the table
    t.failHealth(1, 503);
    Thread.sleep(6_000);
    assertThat(dir.sh("ipvsadm -Sn")).as(vigil.output()).contains("-a " + VS + " " + RS1);
    assertThat(vigil.output()).doesNotContain("is down");

    // the VIP comes: the checks run and remove rs1
    dir.addr("eth0", LvsTopology.VIP + "/24");
    vigil.awaitOutput(Pattern.compile(Pattern.quote(line("Activating", 1))), WAIT);
    await(() -> !dir.sh("ipvsadm -Sn").contains("203.0.113.11"), "rs1 removed", vigil);

    // the VIP goes: rs1 heals, but no check sees it: out it stays
    dir.sh("ip addr del " + LvsTopology.VIP + "/24 dev eth0");
    vigil.awaitOutput(Pattern.compile(Pattern.quote(line("Suspending", 1))), WAIT);
    t.heal(1);
    Thread.sleep(6_000);
    assertThat(dir.sh("ipvsadm -Sn")).as(vigil.output()).doesNotContain("203.0.113.11");
    assertThat(dir.sh("ipvsadm -Sn")).contains("-r 203.0.113.12:80");

    // back: checked again, back in the table
    dir.addr("eth0", LvsTopology.VIP + "/24");
    await(() -> dir.sh("ipvsadm -Sn").contains(RS1), "rs1 back", vigil);

    vigil.signal("TERM");
    assertThat(vigil.waitFor(WAIT)).as(vigil.output()).isZero();
    assertThat(dir.sh("ipvsadm -Sn")).isEmpty();
  }

  private static void await(BooleanSupplier cond, String what, NsProcess vigil) {
    VigilCli.await(cond, what, WAIT, vigil::output);
  }
}
