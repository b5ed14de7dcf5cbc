package io.vigil.vrrp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Our gratuitous ARP and unsolicited NA frames are byte-identical to keepalived's (captured). */
class GoldenAnnouncementsTest {
  static final byte[] MAC = HexFormat.of().parseHex("02005e00000a");

  @Test
  void gratuitousArpMatchesKeepalivedsFrame() {
    byte[] golden = Golden.packet("garp-ipv4");
    byte[] ours = new byte[GratuitousArp.LENGTH + 3];
    int n = GratuitousArp.encode(MAC, (Inet4Address) Golden.ip("192.0.2.160"), ours, 3);
    assertThat(n).isEqualTo(golden.length);
    assertThat(Arrays.copyOfRange(ours, 3, 3 + n)).isEqualTo(golden);
  }

  @Test
  void unsolicitedNeighbourAdvertMatchesKeepalivedsFrameIncludingChecksum() {
    byte[] golden = Golden.packet("na-ipv6");
    byte[] ours = new byte[UnsolicitedNa.LENGTH + 5];
    int n =
        UnsolicitedNa.encode(
            MAC, (Inet6Address) Golden.ip("2001:db8::160"), UnsolicitedNa.FLAG_OVERRIDE, ours, 5);
    assertThat(n).isEqualTo(golden.length);
    assertThat(Arrays.copyOfRange(ours, 5, 5 + n)).isEqualTo(golden);
  }

  @Test
  void naChecksumDependsOnTheTarget() {
    byte[] a = new byte[UnsolicitedNa.LENGTH];
    byte[] b = new byte[UnsolicitedNa.LENGTH];
    UnsolicitedNa.encode(
        MAC, (Inet6Address) Golden.ip("2001:db8::160"), UnsolicitedNa.FLAG_OVERRIDE, a, 0);
    UnsolicitedNa.encode(
        MAC, (Inet6Address) Golden.ip("2001:db8::161"), UnsolicitedNa.FLAG_OVERRIDE, b, 0);
    assertThat(BigEndian.u16(a, UnsolicitedNa.ICMP_CHECKSUM_OFFSET))
        .isNotEqualTo(BigEndian.u16(b, UnsolicitedNa.ICMP_CHECKSUM_OFFSET));
  }
}
