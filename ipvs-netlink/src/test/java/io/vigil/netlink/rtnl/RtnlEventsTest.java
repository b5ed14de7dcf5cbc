package io.vigil.netlink.rtnl;

import static io.vigil.netlink.rtnl.RtnlCodecTest.only;
import static io.vigil.netlink.rtnl.RtnlGoldenTest.theirs;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * Route and rule deletions as events, decoded from what {@code ip route del} and {@code ip rule
 * del} sent the kernel (src/test/resources/golden, captured with capture-ip-route.sh): the kernel
 * announces a deletion in the same layout. Additions are not delivered.
 */
class RtnlEventsTest {
  @Test
  void aDeletedRouteComesAsRouteRemoved() throws Exception {
    RtnlEvent e = RtnlEvents.decode(only(theirs("ip-route-del-v4", Rtnl.RTM_DELROUTE)));
    assertThat(e).isInstanceOf(RtnlEvent.RouteRemoved.class);
    Route r = ((RtnlEvent.RouteRemoved) e).route();
    assertThat(r.family()).isEqualTo(Rtnl.AF_INET);
    assertThat(r.dst()).isEqualTo(InetAddress.getByName("198.51.100.0"));
    assertThat(r.dstLen()).isEqualTo(24);
  }

  @Test
  void aDeletedRuleComesAsRuleRemoved() {
    RtnlEvent e = RtnlEvents.decode(only(theirs("ip-rule-del-v6", Rtnl.RTM_DELRULE)));
    assertThat(e).isInstanceOf(RtnlEvent.RuleRemoved.class);
    assertThat(((RtnlEvent.RuleRemoved) e).rule().family()).isEqualTo(Rtnl.AF_INET6);
  }

  @Test
  void anAddedRouteOrRuleIsNotAnEvent() {
    assertThat(RtnlEvents.decode(only(theirs("ip-route-add-v6", Rtnl.RTM_NEWROUTE)))).isNull();
    assertThat(RtnlEvents.decode(only(theirs("ip-rule-add-v4", Rtnl.RTM_NEWRULE)))).isNull();
  }
}
