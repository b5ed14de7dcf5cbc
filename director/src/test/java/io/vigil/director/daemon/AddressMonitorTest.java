package io.vigil.director.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.netlink.rtnl.IfAddress;
import io.vigil.netlink.rtnl.RtnlEvent;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** keepalived's {@code -a} lines for rtnetlink's address events. */
class AddressMonitorTest {
  static IfAddress address(String a, int index) throws Exception {
    return new IfAddress(index, InetAddress.getByName(a), 24, null, 0, null, 0, null, 0);
  }

  @Test
  void addedAndRemovedAreSaidAsKeepalivedSaysThem() throws Exception {
    assertThat(
            AddressMonitor.line(
                new RtnlEvent.AddressAdded(address("192.0.2.100", 2)), i -> "eth" + (i - 2)))
        .isEqualTo("Netlink reflector reports IP 192.0.2.100 added to eth0");
    assertThat(
            AddressMonitor.line(
                new RtnlEvent.AddressRemoved(address("2001:db8:0:0::5", 3)), i -> "eth1"))
        .isEqualTo("Netlink reflector reports IP 2001:db8::5 removed from eth1");
    assertThat(AddressMonitor.line(new RtnlEvent.Resynchronised(List.of(), List.of()), i -> "x"))
        .isNull();
  }
}
