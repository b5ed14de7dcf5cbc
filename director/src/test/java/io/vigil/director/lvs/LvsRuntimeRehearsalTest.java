package io.vigil.director.lvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.reconcile.InMemoryIpvsKernel;
import io.vigil.director.reconcile.TablePlan;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.Forwarding;
import io.vigil.netlink.ipvs.Protocol;
import io.vigil.netlink.ipvs.ServiceKey;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * The start rehearses a verdict's pass: the writes that every real server's verdict turned over
 * would cause are built (so that the first real verdict finds their code linked) and none is sent.
 */
class LvsRuntimeRehearsalTest {
  static final String WEB =
      """
      virtual_server 192.0.2.10 80 {
        delay_loop 2
        lb_algo rr
        lb_kind NAT
        protocol TCP
        real_server 203.0.113.5 80 {
        }
        real_server 203.0.113.6 80 {
          TCP_CHECK {
            alpha
          }
        }
      }
      """;

  @Test
  void theWritesOfEveryVerdictTurnedOverAreRehearsedAndNoneIsSent() throws Exception {
    LvsMapping.Result m = LvsRuntimes.map(WEB);
    InMemoryIpvsKernel kernel = new InMemoryIpvsKernel();
    LvsRuntime runtime =
        new LvsRuntime(m.model(), kernel, new LvsRuntime.Options(3_600_000, false));
    LvsRuntimes.start(runtime, m);
    runtime.reconcile(); // on the conductor, behind the rehearsal the start queued
    try {
      ServiceKey web = ServiceKey.of(Protocol.TCP, InetAddress.getByName("192.0.2.10"), 80);
      DestKey up = new DestKey(InetAddress.getByName("203.0.113.5"), 80);
      DestKey alpha = new DestKey(InetAddress.getByName("203.0.113.6"), 80);
      // the server that is in goes out; the one that starts down (alpha) comes in
      assertThat(kernel.rehearsed())
          .containsExactlyInAnyOrder(
              new TablePlan.DeleteDestination<>(web, up),
              new TablePlan.AddDestination<>(web, alpha, DestSettings.of(Forwarding.MASQ, 1)));
      assertThat(kernel.destinations(web)).containsOnlyKeys(up);
      assertThat(kernel.ops())
          .noneMatch(op -> op instanceof TablePlan.DeleteDestination<?, ?, ?, ?>)
          .noneMatch(
              op ->
                  op instanceof TablePlan.AddDestination<?, ?, ?, ?> a
                      && a.destination().equals(alpha));
    } finally {
      runtime.stop(false);
    }
  }
}
