package io.vigil.healthcheck.net;

import static io.vigil.healthcheck.net.Checks.once;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.spec.CheckerKind;
import io.vigil.healthcheck.spec.ConnectSpec;
import io.vigil.healthcheck.spec.UdpCheckSpec;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UdpCheckerTest {
  private static Transport transport;

  @BeforeAll
  static void group() {
    transport = Transport.create(1);
  }

  @AfterAll
  static void closeGroup() {
    transport.close();
  }

  /** Answers the first datagram with {@code reply} (null: never answers). */
  private static Thread answer(DatagramSocket s, byte[] reply) {
    Thread t =
        new Thread(
            () -> {
              try {
                byte[] buf = new byte[2048];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                if (reply != null) {
                  s.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                }
              } catch (java.io.IOException ignored) {
                // closed by the test
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static UdpCheckSpec spec(
      int port, boolean requireReply, String pattern, int min, int max) {
    byte[][] pm = pattern == null ? null : UdpCheckSpec.parseHex(pattern, true);
    return new UdpCheckSpec(
        ConnectSpec.to(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)),
        Checks.timing(CheckerKind.UDP_CHECK, 400),
        Optional.of(new byte[] {1, 2, 3}),
        requireReply,
        pm == null ? Optional.empty() : Optional.of(pm[0]),
        pm == null ? Optional.empty() : Optional.of(pm[1]),
        min,
        max);
  }

  @Test
  void aClosedPortIsDownByIcmp() throws Exception {
    int port;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThat(once(new UdpChecker(spec(port, false, null, 0, 255), transport)))
        .isEqualTo(CheckResult.down("ICMP port unreachable"));
  }

  @Test
  void withoutRequireReplySilenceIsUp() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      answer(s, null);
      assertThat(once(new UdpChecker(spec(s.getLocalPort(), false, null, 0, 255), transport)))
          .isEqualTo(CheckResult.up("no ICMP error within 400 ms"));
    }
  }

  @Test
  void requireReplyNeedsAReply() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      answer(s, null);
      assertThat(once(new UdpChecker(spec(s.getLocalPort(), true, null, 0, 255), transport)))
          .isEqualTo(CheckResult.down("no UDP reply within 400 ms"));
    }
  }

  @Test
  void aReplyMatchingThePatternWithWildcardsIsUp() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      answer(s, new byte[] {(byte) 0xAB, 0x17, 0x0F, 0x55});
      assertThat(once(new UdpChecker(spec(s.getLocalPort(), true, "AB 1x f", 0, 255), transport)))
          .isEqualTo(CheckResult.up("UDP reply of 4 bytes"));
    }
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      answer(s, new byte[] {(byte) 0xAB, 0x27});
      assertThat(once(new UdpChecker(spec(s.getLocalPort(), true, "AB 1x", 0, 255), transport)))
          .isEqualTo(CheckResult.down("UDP reply differs from require_reply at byte 1"));
    }
  }

  @Test
  void replyLengthMustBeWithinTheBounds() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      answer(s, new byte[10]);
      assertThat(once(new UdpChecker(spec(s.getLocalPort(), true, null, 0, 8), transport)))
          .isEqualTo(CheckResult.down("UDP reply of 10 bytes, outside 0-8"));
    }
  }

  @Test
  void hexStringsParseKeepalivedsWay() {
    byte[][] pm = UdpCheckSpec.parseHex("Ab12f 3 456 546443123", false);
    assertThat(pm[0])
        .containsExactly(0xAB, 0x12, 0x0F, 0x03, 0x45, 0x06, 0x54, 0x64, 0x43, 0x12, 0x03);
    byte[][] wild = UdpCheckSpec.parseHex("xF", true);
    assertThat(wild[0]).containsExactly(0x0F);
    assertThat(wild[1]).containsExactly(0x0F);
  }
}
