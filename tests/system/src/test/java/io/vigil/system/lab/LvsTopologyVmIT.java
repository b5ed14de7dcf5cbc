package io.vigil.system.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.lab.LvsTopology;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The end-to-end topology itself works in every forwarding mode, programmed by hand with ipvsadm on
 * director 1 (no Vigil yet): this is the ground the director and demo tests stand on.
 */
class LvsTopologyVmIT {
  @BeforeAll
  static void needsIpvs() {
    InVm.assumeIpvs();
  }

  @ParameterizedTest
  @EnumSource(LvsTopology.Mode.class)
  void roundRobinReachesEveryRealServerThroughTheVip(LvsTopology.Mode mode) {
    NetLab lab = new NetLab();
    try {
      LvsTopology t = LvsTopology.build(lab, mode, 3);
      Netns dir = t.director(1);
      dir.addr("eth0", LvsTopology.VIP + "/24");
      if (mode == LvsTopology.Mode.NAT) {
        dir.addr("eth1", LvsTopology.BACK_VIP + "/24");
      }
      t.startRealServers(Duration.ofSeconds(120));
      dir.sh("ipvsadm -A -t " + LvsTopology.VIP + ":80 -s rr");
      for (int n = 1; n <= 3; n++) {
        dir.sh(
            "ipvsadm -a -t "
                + LvsTopology.VIP
                + ":80 -r "
                + t.realAddress(n)
                + ":80 "
                + t.ipvsadmForwarding());
      }
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        answers.add(t.requestFromClient(Duration.ofSeconds(20)));
      }
      assertThat(answers).containsExactlyInAnyOrder("rs1", "rs1", "rs2", "rs2", "rs3", "rs3");
      // The kernel folds per-CPU counters into --stats every 2 s: poll (bounded) until the
      // requests show, then look at the replies. NAT replies pass the director; DR and TUN
      // replies go straight from the real server to the client, so it never sees one.
      long[] inOut = servicePackets(dir);
      long deadlineNs = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (inOut[0] == 0 && System.nanoTime() - deadlineNs < 0) {
        dir.exec("sleep", "0.5");
        inOut = servicePackets(dir);
      }
      assertThat(inOut[0]).as("packets in").isPositive();
      if (mode == LvsTopology.Mode.NAT) {
        assertThat(inOut[1]).as("packets out (NAT replies)").isPositive();
      } else {
        assertThat(inOut[1]).as("packets out (" + mode + " replies bypass the director)").isZero();
      }
    } finally {
      lab.teardown();
    }
  }

  /** InPkts and OutPkts of the VIP service, from {@code ipvsadm -Ln --stats --exact}. */
  private static long[] servicePackets(Netns dir) {
    for (String line : dir.sh("ipvsadm -Ln --stats --exact").split("\n")) {
      if (line.startsWith("TCP  " + LvsTopology.VIP + ":80")) {
        String[] f = line.trim().split("\\s+");
        return new long[] {Long.parseLong(f[3]), Long.parseLong(f[4])};
      }
    }
    throw new AssertionError("no VIP service in ipvsadm -Ln --stats");
  }
}
