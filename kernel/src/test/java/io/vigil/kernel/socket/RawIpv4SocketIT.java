package io.vigil.kernel.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Needs root (CAP_NET_RAW): a protocol-112 datagram to 127.0.0.1 on lo comes back with TTL 255. */
class RawIpv4SocketIT {
  @Test
  void sendsWithTtl255AndReceivesWithTheIpHeader() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "raw sockets need root");
    Inet4Address lo = (Inet4Address) InetAddress.getByName("127.0.0.1");
    try (RawIpv4Socket s = RawIpv4Socket.open(112, "lo", null, null)) {
      byte[] payload = {0x21, 1, 100, 0, 0, 1, 0, 0};
      s.send(payload, payload.length, lo);
      byte[] buf = new byte[2048];
      int n = receiveOne(s, buf);
      assertThat(n).isEqualTo(20 + payload.length);
      assertThat(buf[0]).as("IPv4, IHL 5").isEqualTo((byte) 0x45);
      assertThat(buf[1] & 0xff).as("TOS").isEqualTo(RawIpv4Socket.TOS_NETWORK_CONTROL);
      assertThat(buf[8] & 0xff).as("TTL").isEqualTo(255);
      assertThat(buf[9] & 0xff).as("protocol").isEqualTo(112);
      assertThat(java.util.Arrays.copyOfRange(buf, 20, n)).isEqualTo(payload);
      assertThat(s.receive(buf, 10)).as("nothing more").isEqualTo(-1);
    }
  }

  @Test
  void waitsForSubMillisecondTimeoutsInFull() {
    assumeTrue("root".equals(System.getProperty("user.name")), "raw sockets need root");
    // a wait in whole milliseconds would end at 0 or 1 ms here: ppoll waits the 1.5 ms asked
    try (RawIpv4Socket s = RawIpv4Socket.open(112, "lo", null, null)) {
      byte[] buf = new byte[2048];
      long startNs = System.nanoTime();
      assertThat(s.receiveWithin(buf, 1_500_000L)).isEqualTo(-1);
      assertThat(System.nanoTime() - startNs).isGreaterThanOrEqualTo(1_500_000L);
    }
  }

  @Test
  void aUnicastSocketSendsFromTheAddressItIsBoundTo() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "raw sockets need root");
    // lo holds 127.0.0.0/8: unbound, the kernel would send from 127.0.0.1 (the route's source)
    Inet4Address lo = (Inet4Address) InetAddress.getByName("127.0.0.1");
    Inet4Address bound = (Inet4Address) InetAddress.getByName("127.0.0.2");
    // a bound raw socket receives only what is sent to its address: another one listens
    try (RawIpv4Socket s = RawIpv4Socket.open(112, "lo", null, bound);
        RawIpv4Socket listener = RawIpv4Socket.open(112, "lo", null, null)) {
      byte[] payload = {0x31, 1, 100, 0, 0, 1, 0, 0};
      s.send(payload, payload.length, lo);
      byte[] buf = new byte[2048];
      int n = receiveOne(listener, buf);
      assertThat(n).isEqualTo(20 + payload.length);
      assertThat(java.util.Arrays.copyOfRange(buf, 12, 16))
          .as("source")
          .isEqualTo(bound.getAddress());
    }
  }

  @Test
  void anAddressThatIsNotOursCannotBeBound() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "raw sockets need root");
    Inet4Address notOurs = (Inet4Address) InetAddress.getByName("192.0.2.77");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RawIpv4Socket.open(112, "lo", null, notOurs))
        .isInstanceOf(io.vigil.kernel.KernelException.class)
        .hasMessageContaining("bind 192.0.2.77 on lo")
        .hasMessageContaining("EADDRNOTAVAIL");
  }

  @Test
  void aWaitEndsWhenItsWakeupIsWokenAndDatagramsStillCome() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "raw sockets need root");
    // protocol 253 (RFC 3692's experiments): no VRRP test's adverts on lo end the waits
    Inet4Address lo = (Inet4Address) InetAddress.getByName("127.0.0.1");
    try (RawIpv4Socket s = RawIpv4Socket.open(253, "lo", null, null);
        Wakeup wakeup = Wakeup.open()) {
      s.wakeUpWith(wakeup);
      byte[] buf = new byte[2048];
      byte[] payload = {0x21, 1, 100, 0, 0, 1, 0, 0};
      WakeupCheck.check(
          wakeup,
          timeoutNs -> s.receiveWithin(buf, timeoutNs),
          () -> s.send(payload, payload.length, lo),
          20 + payload.length);
    }
  }

  /** The length of the first datagram within 5 s, or -1. */
  private static int receiveOne(RawIpv4Socket s, byte[] buf) {
    int n = -1;
    for (int i = 0; i < 50 && n < 0; i++) {
      n = s.receive(buf, 100);
    }
    return n;
  }
}
