package io.vigil.kernel.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.kernel.KernelException;
import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Needs root: an echo request to loopback on a raw ICMP / ICMPv6 socket comes back as a reply with
 * the identifier, sequence and data it carried, from the IP header on (the socket strips a raw IPv4
 * socket's header). The host's default {@code ping_group_range} ("1 0") covers no group, so the
 * default options fall back to a raw socket for root; ping sockets are proven in a namespace that
 * allows them (director's {@code PingCheckIT}).
 */
class IcmpSocketIT {
  static final int ID = 0x4a7e;
  static final int SEQ = 0x0102;

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "::1"})
  void rawSocketGetsTheEchoReplyWithItsIdentifierSequenceAndData(String target) throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "raw sockets need root");
    InetAddress to = InetAddress.getByName(target);
    boolean v6 = to.getAddress().length == 16;
    try (IcmpSocket s =
        IcmpSocket.open(v6, IcmpSocket.Options.defaults().withKinds(IcmpSocket.Kind.RAW))) {
      assertThat(s.kind()).isEqualTo(IcmpSocket.Kind.RAW);
      assertThat(s.identifier()).isEqualTo(-1);
      byte[] request = request(v6);
      s.send(request, request.length, to);
      byte[] buf = new byte[2048];
      long deadline = System.nanoTime() + 5_000_000_000L;
      int n;
      do {
        n = s.receive(buf);
        if (n < 0) {
          Thread.sleep(5);
        }
      } while (System.nanoTime() - deadline < 0 && (n < 8 || (buf[0] & 0xff) != (v6 ? 129 : 0)));
      assertThat(buf[0] & 0xff).as("echo reply type").isEqualTo(v6 ? 129 : 0);
      assertThat(n).isEqualTo(request.length);
      assertThat(((buf[4] & 0xff) << 8) | (buf[5] & 0xff)).isEqualTo(ID);
      assertThat(((buf[6] & 0xff) << 8) | (buf[7] & 0xff)).isEqualTo(SEQ);
      assertThat(java.util.Arrays.copyOfRange(buf, 8, n))
          .isEqualTo(java.util.Arrays.copyOfRange(request, 8, request.length));
      assertThat(s.lastSource()).isEqualTo(to);
    }
  }

  @Test
  void defaultOptionsOpenSomeKindAndAPingSocketHasAnIdentifier() {
    assumeTrue("root".equals(System.getProperty("user.name")), "raw sockets need root");
    try (IcmpSocket s = IcmpSocket.open(false, IcmpSocket.Options.defaults())) {
      assertThat(s.identifier() >= 0).isEqualTo(s.kind() == IcmpSocket.Kind.DATAGRAM);
    }
  }

  @Test
  void anUnknownBindIfIsRefusedWithTheInterfaceName() {
    assumeTrue("root".equals(System.getProperty("user.name")), "raw sockets need root");
    IcmpSocket.Options o =
        new IcmpSocket.Options(
            Optional.empty(), Optional.of("nosuchif0"), 0, IcmpSocket.Options.defaults().kinds());
    assertThatThrownBy(() -> IcmpSocket.open(false, o))
        .isInstanceOf(KernelException.class)
        .hasMessageContaining("nosuchif0");
  }

  /** Type 8 / 128, code 0, identifier, sequence, 8 data bytes; IPv4 checksum by RFC 1071. */
  static byte[] request(boolean v6) {
    byte[] m = {
      (byte) (v6 ? 128 : 8),
      0,
      0,
      0,
      (byte) (ID >> 8),
      (byte) ID,
      (byte) (SEQ >> 8),
      (byte) SEQ,
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8
    };
    if (!v6) {
      int sum = 0;
      for (int i = 0; i < m.length; i += 2) {
        sum += ((m[i] & 0xff) << 8) | (m[i + 1] & 0xff);
      }
      sum = (sum & 0xffff) + (sum >>> 16);
      sum = ~((sum & 0xffff) + (sum >>> 16)) & 0xffff;
      m[2] = (byte) (sum >> 8);
      m[3] = (byte) sum;
    }
    return m;
  }
}
