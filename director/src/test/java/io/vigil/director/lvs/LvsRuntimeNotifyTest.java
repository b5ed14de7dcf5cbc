package io.vigil.director.lvs;

import static io.vigil.director.lvs.LvsRuntimes.downOnly;
import static io.vigil.director.lvs.LvsRuntimes.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.reconcile.InMemoryIpvsKernel;
import io.vigil.director.status.Metrics;
import io.vigil.director.vrrp.VrrpNotifier;
import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.CheckerRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * notify_up / notify_down and quorum_up / quorum_down run as keepalived runs them: on the
 * transitions the checks cause (inhibit_on_failure too), not for the starting verdicts, quorum_down
 * at start only with a sorry server, and never again for a state a reload leaves unchanged. The
 * health comes from the pure core on a hand-moved clock, the kernel is the in-memory twin.
 */
class LvsRuntimeNotifyTest {
  private static final String RS5 = "192.0.2.10:80 203.0.113.5:80";

  private final InMemoryIpvsKernel kernel = new InMemoryIpvsKernel();
  private final List<String> ran = Collections.synchronizedList(new ArrayList<>());
  private LvsRuntime runtime;
  private CoreHealthDriver health;

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.stop(false);
    }
  }

  private static String rs(String address, String extra) {
    return """
          real_server %s 80 {
            weight 1
            notify_up "/bin/echo up %s"
            notify_down "/bin/echo down %s"
            %s
            TCP_CHECK {
              connect_timeout 3
              retry 0
            }
          }
        """
        .formatted(address, address, address, extra);
  }

  private static String web(String options, String... servers) {
    return """
        virtual_server 192.0.2.10 80 {
          delay_loop 2
          lb_algo wrr
          lb_kind NAT
          protocol TCP
          quorum_up "/bin/echo quorum up"
          quorum_down "/bin/echo quorum down"
        %s
        %s
        }
        """
        .formatted(options, String.join("", servers));
  }

  private void start(String text, Consumer<LvsNotifications.Run> scripts) {
    LvsMapping.Result m = LvsRuntimes.map(text);
    runtime =
        new LvsRuntime(
            m.model(), kernel, new LvsRuntime.Options(3_600_000, false), new Metrics(), scripts);
    health = LvsRuntimes.start(runtime, m);
    runtime.reconcile();
  }

  /** What ran at start (then cleared from {@link #ran}, which holds what ran after). */
  private List<String> atStart = List.of();

  private void start(String text) {
    start(
        text,
        run -> {
          if (run.hasScript()) {
            ran.add(String.join(" ", run.argv()));
          }
        });
    atStart = List.copyOf(ran);
    ran.clear();
  }

  private static Function<CheckerRef, CheckResult> allUp() {
    return ref -> CheckResult.up("connected");
  }

  @Test
  void atStartOnlyQuorumUpRunsAndAFirstCheckThatConfirmsTheVerdictsRunsNothing() {
    start(web("", rs("203.0.113.5", ""), rs("203.0.113.6", "")));
    // keepalived 2.2.7 starts a virtual server with its quorum down: "Gained quorum" at once
    assertThat(atStart).containsExactly("/bin/echo quorum up");
    health.runEveryCheck(allUp());
    runtime.reconcile();
    assertThat(ran).isEmpty();
  }

  @Test
  void withRsInitNotifiesARealServerThatStartsInThePoolRunsNotifyUpOnceAtStartOrReload() {
    String global = "global_defs {\n  rs_init_notifies\n}\n";
    // 203.0.113.6 starts out of the pool (alpha): nothing for it until its checks add it
    start(global + web("", rs("203.0.113.5", ""), rs("203.0.113.6", "alpha")));
    // as keepalived writes them: the real server's line before its virtual server's
    assertThat(atStart).containsExactly("/bin/echo up 203.0.113.5", "/bin/echo quorum up");

    LvsMapping.Result more =
        map(
            global
                + web(
                    "", rs("203.0.113.5", ""), rs("203.0.113.6", "alpha"), rs("203.0.113.7", "")));
    runtime.reload(more.model(), more.checks());
    assertThat(ran).containsExactly("/bin/echo up 203.0.113.7");
  }

  @Test
  void runsNotifyDownThenNotifyUpAsTheChecksRemoveAndAddARealServer() {
    start(web("", rs("203.0.113.5", ""), rs("203.0.113.6", "")));
    health.runEveryCheck(downOnly(RS5));
    runtime.reconcile();
    assertThat(ran).containsExactly("/bin/echo down 203.0.113.5");

    health.runEveryCheck(allUp());
    runtime.reconcile();
    assertThat(ran).containsExactly("/bin/echo down 203.0.113.5", "/bin/echo up 203.0.113.5");
  }

  @Test
  void inhibitOnFailureStillRunsTheNotifiers() {
    start(web("", rs("203.0.113.5", "inhibit_on_failure"), rs("203.0.113.6", "")));
    health.runEveryCheck(downOnly(RS5));
    runtime.reconcile();
    assertThat(ran).containsExactly("/bin/echo down 203.0.113.5");
  }

  @Test
  void anAlphaRealServerStartsDownSilentlyAndRunsNotifyUpOnItsFirstSuccess() {
    start(web("alpha", rs("203.0.113.5", ""), rs("203.0.113.6", "")));
    runtime.reconcile();
    assertThat(ran).isEmpty();

    health.runEveryCheck(allUp());
    runtime.reconcile();
    assertThat(ran)
        .containsExactlyInAnyOrder(
            "/bin/echo up 203.0.113.5", "/bin/echo up 203.0.113.6", "/bin/echo quorum up");
    // quorum 1: gained with the first real server up, after its notify_up
    assertThat(ran.indexOf("/bin/echo quorum up"))
        .isGreaterThan(ran.indexOf("/bin/echo up 203.0.113.5"));
  }

  @Test
  void anAlphaRealServerWhoseFirstCheckFailsRunsNotifyDownThoughItWasAlreadyDown() {
    start(web("alpha", rs("203.0.113.5", ""), rs("203.0.113.6", "")));
    health.runEveryCheck(downOnly(RS5));
    runtime.reconcile();
    assertThat(ran).contains("/bin/echo down 203.0.113.5", "/bin/echo up 203.0.113.6");
    assertThat(ran).doesNotContain("/bin/echo up 203.0.113.5");

    ran.clear();
    health.runEveryCheck(downOnly(RS5)); // no longer the first check: nothing runs
    runtime.reconcile();
    assertThat(ran).isEmpty();
  }

  @Test
  void losingAndRegainingQuorumRunsQuorumDownThenQuorumUp() {
    start(web("quorum 2", rs("203.0.113.5", ""), rs("203.0.113.6", "")));
    health.runEveryCheck(downOnly(RS5));
    runtime.reconcile();
    assertThat(ran).containsExactly("/bin/echo down 203.0.113.5", "/bin/echo quorum down");

    health.runEveryCheck(allUp());
    runtime.reconcile();
    assertThat(ran.subList(2, ran.size()))
        .containsExactly("/bin/echo up 203.0.113.5", "/bin/echo quorum up");
  }

  @Test
  void startingWithoutQuorumRunsQuorumDownOnlyWithASorryServer() {
    String servers = rs("203.0.113.5", "") + rs("203.0.113.6", "");
    start(web("alpha\n  quorum 1", servers));
    assertThat(atStart).isEmpty();
    runtime.stop(false);
    ran.clear();

    start(web("alpha\n  quorum 1\n  sorry_server 203.0.113.99 80", servers));
    assertThat(atStart).containsExactly("/bin/echo quorum down");
  }

  @Test
  void aReloadRunsNothingForAnUnchangedStateAndNotifyDownForADroppedLiveServer() {
    String before =
        web("quorum 2", rs("203.0.113.5", ""), rs("203.0.113.6", ""), rs("203.0.113.7", ""));
    start(before);
    health.runEveryCheck(allUp());
    runtime.reconcile();

    runtime.reload(map(before).model(), map(before).checks());
    runtime.reconcile();
    assertThat(ran).isEmpty();

    LvsMapping.Result after = map(web("quorum 2", rs("203.0.113.6", ""), rs("203.0.113.7", "")));
    runtime.reload(after.model(), after.checks());
    runtime.reconcile();
    assertThat(ran).containsExactly("/bin/echo down 203.0.113.5"); // quorum still up: no script

    ran.clear();
    LvsMapping.Result none = map("");
    runtime.reload(none.model(), none.checks());
    runtime.reconcile();
    assertThat(ran)
        .containsExactly(
            "/bin/echo down 203.0.113.6", "/bin/echo down 203.0.113.7", "/bin/echo quorum down");
  }

  @Test
  void atShutdownOnlyOmegaRunsNotifyDownForLiveServersThenQuorumDown() {
    start(web("", rs("203.0.113.5", ""), rs("203.0.113.6", "")));
    runtime.stop(true);
    assertThat(ran).isEmpty();

    start(web("omega", rs("203.0.113.5", ""), rs("203.0.113.6", "")));
    health.runEveryCheck(downOnly(RS5));
    runtime.reconcile();
    ran.clear();
    runtime.stop(true);
    assertThat(ran).containsExactly("/bin/echo down 203.0.113.6", "/bin/echo quorum down");
  }

  @Test
  void runsARealScriptOffTheRuntimeThread(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("notified");
    Path script = dir.resolve("notify.sh");
    Files.writeString(script, "#!/bin/sh\necho \"$0 $#\" >> '" + out + "'\n");
    script.toFile().setExecutable(true);
    String conf =
        web("", rs("203.0.113.5", "").replace("/bin/echo down 203.0.113.5", script.toString()));
    VrrpNotifier notifier = new VrrpNotifier();
    try {
      start(
          conf,
          run -> {
            if (run.hasScript()) {
              notifier.run(run.argv(), run.user());
            }
          });
      health.runEveryCheck(downOnly(RS5));
      runtime.reconcile();
    } finally {
      notifier.close(); // waits for the scripts already asked for (bounded by their timeout)
    }
    // notify_down, without arguments, then quorum_down (echo: no file)
    assertThat(Files.readAllLines(out)).containsExactly(script + " 0");
  }
}
