package io.vigil.system.director;

import static io.vigil.system.director.DirectorLab.VS;
import static io.vigil.system.director.DirectorLab.WAIT;
import static io.vigil.system.director.DirectorLab.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.lab.ExecResult;
import io.vigil.lab.LvsTopology;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import io.vigil.system.ipvs.LongExec;
import io.vigil.system.lab.InVm;
import io.vigil.system.lab.VigilCli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code vigil run --check-only} against the real kernel with keepalived's pool policy: a real
 * server with {@code inhibit_on_failure} drops to weight 0 and comes back; a plain one is removed;
 * the quorum is lost when the live weight falls below {@code quorum - hysteresis} and the sorry
 * server takes the traffic; it is regained only at {@code quorum + hysteresis}, when the sorry
 * server drops back to weight 0 ({@code sorry_server_inhibit}). On the way, {@code /status}, {@code
 * /metrics} and {@code vigil status} are compared with what the kernel says, and the time from a
 * real server dying to its removal from the kernel is measured against the check's timing.
 */
class PoolPolicyVmIT {
  @RegisterExtension static final NetLab lab = new NetLab();

  static final int DELAY_LOOP_S = 2;
  static final int RETRY = 2;
  static final int DELAY_BEFORE_RETRY_S = 1;
  static final String RS1 = "203.0.113.11:80";
  static final String RS2 = "203.0.113.12:80";
  static final String SORRY = "203.0.113.13:80";

  @BeforeAll
  static void needsIpvs() {
    InVm.assumeIpvs();
  }

  static String config() {
    return "global_defs {\n  router_id dir1\n}\n\n"
        + "virtual_server "
        + LvsTopology.VIP
        + " 80 {\n  delay_loop "
        + DELAY_LOOP_S
        + "\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n"
        + "  quorum 3\n  hysteresis 1\n  sorry_server 203.0.113.13 80\n  sorry_server_inhibit\n"
        + DirectorLab.realServer(
            "203.0.113.11", 1, "inhibit_on_failure", RETRY, DELAY_BEFORE_RETRY_S)
        + DirectorLab.realServer("203.0.113.12", 3, "", RETRY, DELAY_BEFORE_RETRY_S)
        + "}\n";
  }

  @Test
  void inhibitKeepsWeightZeroQuorumLossBringsTheSorryServerAndHysteresisHoldsItUntilFullRecovery()
      throws Exception {
    LvsTopology t = LvsTopology.build(lab, LvsTopology.Mode.NAT, 3);
    Netns dir = t.director(1);
    dir.addr("eth0", LvsTopology.VIP + "/24");
    dir.addr("eth1", LvsTopology.BACK_VIP + "/24");
    NsProcess[] rs = new NsProcess[4];
    for (int n = 1; n <= 3; n++) {
      rs[n] = t.startRealServer(n);
    }
    for (int n = 1; n <= 3; n++) {
      rs[n].awaitOutput(Pattern.compile("^listening ", Pattern.MULTILINE), WAIT);
    }
    Path conf = DirectorLab.writeConfig(config());
    NsProcess vigil =
        DirectorLab.startDaemon(
            dir, "run", "--check-only", "-f", conf.toString(), "--reconcile-interval", "1000");

    // live weight 4 >= quorum 3 + hysteresis 1: the pool serves, the sorry server waits at weight 0
    assertThat(dir.sh("ipvsadm -Sn"))
        .contains("-a " + VS + " -r " + RS1 + " -m -w 1")
        .contains("-a " + VS + " -r " + RS2 + " -m -w 3")
        .contains("-a " + VS + " -r " + SORRY + " -m -w 0");
    assertThat(answers(t, 8)).containsExactlyInAnyOrder("rs1", "rs2");

    // rs1 dies: inhibit_on_failure keeps it at weight 0 (live weight 3 >= 3 - 1: quorum holds)
    long rs1Ms = killAndAwait(rs[1], () -> dir.sh("ipvsadm -Sn").contains(RS1 + " -m -w 0"), vigil);
    assertThat(dir.sh("ipvsadm -Sn")).contains("-r " + RS2 + " -m -w 3");
    assertThat(answers(t, 4)).containsOnly("rs2");
    reportTiming("rs1 (inhibit_on_failure) at weight 0", rs1Ms);

    // what the operator sees matches the kernel: rs1 DOWN at weight 0, counters as ipvsadm has them
    statusShowsTheTruth(dir, vigil);

    // rs2 dies too: removed; live weight 0 < 2: quorum lost, the sorry server takes the traffic
    long rs2Ms = killAndAwait(rs[2], () -> !dir.sh("ipvsadm -Sn").contains(RS2), vigil);
    reportTiming("rs2 removed", rs2Ms);
    await(() -> dir.sh("ipvsadm -Sn").contains("-r " + SORRY + " -m -w 1"), "sorry server", vigil);
    assertThat(dir.sh("ipvsadm -Sn")).contains("-r " + RS1 + " -m -w 0");
    assertThat(vigil.output())
        .contains("virtual server " + LvsTopology.VIP + ":80 lost its quorum");
    assertThat(answers(t, 3)).containsOnly("rs3");
    assertThat(DirectorLab.get(dir, "/status")).contains("\"sorryServerActive\":true");

    // rs2 is back: live weight 3 < 3 + 1, so the quorum stays lost and the sorry server stays
    int ups = DirectorLab.count(vigil, RS2 + " is up");
    rs[2] = t.startRealServer(2);
    await(() -> DirectorLab.count(vigil, RS2 + " is up") > ups, "rs2 up again", vigil);
    double passes = passes(dir);
    await(() -> passes(dir) >= passes + 2, "two more reconcile passes", vigil);
    assertThat(dir.sh("ipvsadm -Sn"))
        .contains("-r " + SORRY + " -m -w 1")
        .contains("-r " + RS1 + " -m -w 0")
        .doesNotContain(RS2);
    assertThat(answers(t, 3)).containsOnly("rs3");

    // rs1 is back: live weight 4 regains the quorum; the pool returns, the sorry server to weight 0
    rs[1] = t.startRealServer(1);
    await(
        () -> dir.sh("ipvsadm -Sn").contains("-r " + SORRY + " -m -w 0"), "quorum regained", vigil);
    assertThat(dir.sh("ipvsadm -Sn"))
        .contains("-r " + RS1 + " -m -w 1")
        .contains("-r " + RS2 + " -m -w 3");
    assertThat(vigil.output())
        .contains("virtual server " + LvsTopology.VIP + ":80 regained its quorum");
    assertThat(answers(t, 8)).containsExactlyInAnyOrder("rs1", "rs2");

    vigil.signal("TERM");
    assertThat(vigil.waitFor(WAIT)).as(vigil.output()).isZero();
    assertThat(dir.sh("ipvsadm -Sn")).isEmpty();
  }

  /**
   * Kills a real server's responder (connections refused) and times how long until {@code done}.
   */
  private static long killAndAwait(
      NsProcess realServer, java.util.function.BooleanSupplier done, NsProcess vigil) {
    long startNs = System.nanoTime();
    realServer.killTree();
    await(done, "the kernel to follow a dead real server", vigil);
    return (System.nanoTime() - startNs) / 1_000_000;
  }

  /**
   * keepalived's timing: the failure is seen by the next check (at most delay_loop after the
   * death), then {@code retry} more checks, {@code delay_before_retry} apart, must fail too.
   */
  private static void reportTiming(String what, long tookMs) {
    long boundMs = (DELAY_LOOP_S + (long) RETRY * DELAY_BEFORE_RETRY_S) * 1000;
    System.out.printf(
        "%s %d ms after its death (delay_loop %d s + retry %d x delay_before_retry %d s = %d ms)%n",
        what, tookMs, DELAY_LOOP_S, RETRY, DELAY_BEFORE_RETRY_S, boundMs);
    // never before the retries ran out; the margin above is for TCG on a busy host
    assertThat(tookMs).isGreaterThanOrEqualTo((long) RETRY * DELAY_BEFORE_RETRY_S * 1000);
    assertThat(tookMs).isLessThan(boundMs + 30_000);
  }

  private static void statusShowsTheTruth(Netns dir, NsProcess vigil) {
    String json = DirectorLab.get(dir, "/status");
    assertThat(json)
        .contains("\"address\":\"" + RS1 + "\",\"health\":\"down\",\"weight\":0")
        .contains("\"address\":\"" + RS2 + "\",\"health\":\"up\",\"weight\":3")
        .contains("\"upWeight\":3,\"quorum\":3,\"quorumMet\":true,\"sorryServerActive\":false");
    // the kernel's counters, as the latest reconcile pass dumped them (no traffic meanwhile)
    await(
        () -> {
          Map<String, Double> m = DirectorLab.metrics(dir);
          for (String d : new String[] {RS1, RS2}) {
            long[] k = DirectorLab.destinationStats(dir, d);
            Double conns =
                m.get("vigil_ipvs_destination_connections_total" + DirectorLab.destLabel(d));
            Double weight = m.get("vigil_ipvs_destination_weight" + DirectorLab.destLabel(d));
            if (k == null || conns == null || conns != k[0] || weight == null || weight != k[5]) {
              return false;
            }
          }
          return true;
        },
        "/metrics to match ipvsadm -Ln --stats",
        vigil);
    Map<String, Double> m = DirectorLab.metrics(dir);
    assertThat(m.get("vigil_ipvs_destination_weight" + DirectorLab.destLabel(RS1))).isEqualTo(0.0);
    assertThat(m.get("vigil_ipvs_destination_connections_total" + DirectorLab.destLabel(RS2)))
        .isGreaterThan(0.0);
    assertThat(m.get("vigil_real_server_transitions_total{to=\"down\"}")).isEqualTo(1.0);

    // the CLI allows the endpoint 5 s; the first rendering in a daemon under TCG on a busy host
    // can take longer, so the page is fetched once before, and the CLI gets three tries
    assertThat(DirectorLab.get(dir, "/status.txt")).contains("quorum 3/3 met");
    ExecResult r = LongExec.exec(dir, VigilCli.argv("status"));
    for (int i = 0; i < 2 && r.exitCode() != 0 && r.stderr().contains("timed out"); i++) {
      r = LongExec.exec(dir, VigilCli.argv("status"));
    }
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains("quorum 3/3 met");
    assertThat(line(r.stdout(), RS1)).contains("DOWN").contains("weight 0");
    assertThat(line(r.stdout(), RS2)).contains(" up ").contains("weight 3");
  }

  private static String line(String text, String containing) {
    for (String l : text.split("\n")) {
      if (l.contains(containing)) {
        return l;
      }
    }
    throw new AssertionError("no line with " + containing + " in:\n" + text);
  }

  private static double passes(Netns dir) {
    return DirectorLab.sum(DirectorLab.metrics(dir), "vigil_ipvs_reconcile_passes_total");
  }

  private static Set<String> answers(LvsTopology t, int requests) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < requests; i++) {
      names.add(t.requestFromClient(Duration.ofSeconds(20)));
    }
    return names;
  }
}
