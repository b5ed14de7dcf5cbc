package io.vigil.director.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.cli.FakeIpvsKernel;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.Forwarding;
import io.vigil.netlink.ipvs.IpvsClient;
import io.vigil.netlink.ipvs.Protocol;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The netlink side of the reconciler: a rehearsal encodes the operations and sends none. */
class NetlinkIpvsKernelTest {
  static final ServiceKey WEB = ServiceKey.of(Protocol.TCP, addr("192.0.2.10"), 80);
  static final DestKey RS = new DestKey(addr("203.0.113.5"), 80);
  static final ServiceSettings RR = ServiceSettings.of("rr", ServiceKey.AF_INET);
  static final DestSettings W1 = DestSettings.of(Forwarding.MASQ, 1);
  static final DestSettings W0 = DestSettings.of(Forwarding.MASQ, 0);

  /** One operation of each kind. */
  static final List<TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings>> EVERY_KIND =
      List.of(
          new TablePlan.AddService<>(WEB, RR),
          new TablePlan.EditService<>(WEB, RR, ServiceSettings.of("wrr", ServiceKey.AF_INET)),
          new TablePlan.AddDestination<>(WEB, RS, W1),
          new TablePlan.EditDestination<>(WEB, RS, W1, W0),
          new TablePlan.DeleteDestination<>(WEB, RS),
          new TablePlan.DeleteService<>(WEB));

  private static InetAddress addr(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aRehearsalSendsNothingWhereTheSameOperationsAppliedAreSixWrites() {
    try (IpvsClient client = new IpvsClient(new FakeIpvsKernel(true, 0, i -> 0), 1_000)) {
      NetlinkIpvsKernel kernel = new NetlinkIpvsKernel(client);
      long before = client.connection().requestsSent();

      kernel.rehearse(EVERY_KIND);
      assertThat(client.connection().requestsSent()).isEqualTo(before);
      assertThat(kernel.writesSent()).isZero();

      assertThat(kernel.apply(EVERY_KIND)).containsOnlyNulls().hasSize(6);
      assertThat(client.connection().requestsSent()).isEqualTo(before + 6);
      assertThat(kernel.writesSent()).isEqualTo(6);
    }
  }
}
