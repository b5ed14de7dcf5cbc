package io.vigil.system.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.lab.E2eScenario;
import io.vigil.lab.LvsTopology;
import io.vigil.system.lab.InVm;
import io.vigil.system.lab.VigilCli;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;

/**
 * The end-to-end story ({@link E2eScenario}, the same one {@code bin/vigil-demo} narrates),
 * asserted by one class per forwarding mode ({@link NatE2eVmIT}, {@link DrE2eVmIT}, {@link
 * TunE2eVmIT}): two {@code vigil run} directors (a VRRP pair from real keepalived.conf files),
 * three weighted real servers, a client through the VIP. Every step must pass: requests succeed;
 * the wrr distribution is within {@link E2eScenario#SHARE_TOLERANCE} of the weights; DR and TUN
 * replies come straight from the real servers with the VIP as source (NAT ones through the master);
 * a SIGKILLed, cut-off master sends no goodbye, the backup takes over within its down interval, the
 * client's gap is bounded and then every request succeeds; a stopped real server gets no request
 * once its check declared it down, and is added back when it returns; the old master preempts (NAT,
 * DR) or, with nopreempt (TUN), stays backup; SIGTERM stops both cleanly. The figures are printed
 * for the report.
 */
abstract class E2eVmCase {
  @BeforeAll
  static void needsIpvs() {
    InVm.assumeIpvs();
  }

  static List<String> vigil() {
    return List.of(VigilCli.argv());
  }

  /** Runs the story in {@code mode} and asserts every step passed. */
  static void everyStepHappens(LvsTopology.Mode mode, boolean preempt) {
    StringBuilder log = new StringBuilder();
    E2eScenario.Listener listener =
        new E2eScenario.Listener() {
          final long t0 = System.nanoTime();

          String stamp() {
            return String.format("[%s %6.1fs] ", mode, (System.nanoTime() - t0) / 1e9);
          }

          @Override
          public void step(int number, String title) {
            print(stamp() + "step " + number + ": " + title);
          }

          @Override
          public void say(String line) {
            print(stamp() + "  " + line);
          }

          @Override
          public void result(E2eScenario.StepResult r) {
            print(stamp() + "  " + r.outcome() + " " + r.detail());
          }

          void print(String line) {
            System.out.println(line);
            log.append(line).append('\n');
          }
        };
    E2eScenario scenario =
        new E2eScenario(mode, preempt, vigil(), Duration.ofSeconds(300), listener);
    List<E2eScenario.StepResult> results = scenario.run();
    System.out.print("E2E figures " + mode + ":\n" + scenario.figuresText());
    assertThat(results)
        .as("the story, step by step:\n" + log)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(E2eScenario.Outcome.PASS));
    assertThat(scenario.figures())
        .containsKeys("failover_gap_ms", "realserver_removed_ms", "distribution_rs3");
  }
}
