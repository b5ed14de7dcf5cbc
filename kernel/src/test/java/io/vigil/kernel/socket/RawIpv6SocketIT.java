package io.vigil.kernel.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Needs root: a protocol-112 datagram to ::1 on lo comes back with hop limit 255, source,
 * destination.
 */
class RawIpv6SocketIT {
  @Test
  void sendsWithHopLimit255AndReportsItWithTheAddresses() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "raw sockets need root");
    Inet6Address lo = (Inet6Address) InetAddress.getByName("::1");
    try (RawIpv6Socket s = RawIpv6Socket.open(112, "lo", null)) {
      byte[] payload = {
        0x31, 1, 100, 1, 0, 100, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
      };
      s.send(payload, payload.length, lo);
      byte[] buf = new byte[2048];
      RawIpv6Socket.Received info = new RawIpv6Socket.Received();
      int n = -1;
      for (int i = 0; i < 50 && n < 0; i++) {
        n = s.receive(buf, 100, info);
      }
      assertThat(n).isEqualTo(payload.length);
      assertThat(Arrays.copyOf(buf, n)).isEqualTo(payload);
      assertThat(info.hopLimit()).isEqualTo(255);
      assertThat(info.source()).isEqualTo(lo);
      assertThat(info.destination()).isEqualTo(lo);
    }
  }

  @Test
  void aWaitEndsWhenItsWakeupIsWokenAndDatagramsStillCome() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "raw sockets need root");
    // protocol 253 (RFC 3692's experiments): no VRRP test's adverts on lo end the waits
    Inet6Address lo = (Inet6Address) InetAddress.getByName("::1");
    try (RawIpv6Socket s = RawIpv6Socket.open(253, "lo", null);
        Wakeup wakeup = Wakeup.open()) {
      s.wakeUpWith(wakeup);
      byte[] buf = new byte[2048];
      RawIpv6Socket.Received info = new RawIpv6Socket.Received();
      byte[] payload = {0x31, 1, 100, 1, 0, 100, 0, 0};
      WakeupCheck.check(
          wakeup,
          timeoutNs -> s.receiveWithin(buf, timeoutNs, info),
          () -> s.send(payload, payload.length, lo),
          payload.length);
    }
  }
}
