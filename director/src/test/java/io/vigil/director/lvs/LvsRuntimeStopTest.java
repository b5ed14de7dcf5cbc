package io.vigil.director.lvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.reconcile.InMemoryIpvsKernel;
import org.junit.jupiter.api.Test;

/**
 * The stop that removes the entries leaves none, even right after the start: the start queues a
 * rehearsal of a verdict's pass, which queues a pass of its own; queued behind the stop's deletion,
 * that pass put the services back (seen in 2 of 3 runs of LvsRuntimeGroupMarksTest before the fix).
 */
class LvsRuntimeStopTest {
  static final String WEB =
      """
      virtual_server 192.0.2.10 80 {
        delay_loop 2
        lb_algo rr
        lb_kind NAT
        protocol TCP
        real_server 203.0.113.5 80 {
        }
      }
      """;

  @Test
  void aStopRightAfterTheStartLeavesNothing() {
    LvsMapping.Result m = LvsRuntimes.map(WEB);
    for (int i = 0; i < 50; i++) {
      InMemoryIpvsKernel kernel = new InMemoryIpvsKernel();
      LvsRuntime runtime =
          new LvsRuntime(m.model(), kernel, new LvsRuntime.Options(3_600_000, false));
      LvsRuntimes.start(runtime, m);
      assertThat(kernel.dump().services()).hasSize(1);
      runtime.stop(true);
      assertThat(kernel.dump().services()).as("round %d", i).isEmpty();
    }
  }
}
