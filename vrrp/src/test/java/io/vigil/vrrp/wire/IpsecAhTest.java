package io.vigil.vrrp.wire;

import static io.vigil.vrrp.wire.Golden.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code auth_type AH} against the adverts keepalived 2.2.7 sent (v2-ipv4-ah.hex, multicast;
 * v2-ipv4-unicast-ah.hex, unicast: TTL out of the ICV), captured by capture-keepalived.sh.
 */
class IpsecAhTest {
  static final Inet4Address SRC = (Inet4Address) ip("192.0.2.1");
  static final Inet4Address GROUP = (Inet4Address) ip("224.0.0.18");
  static final Inet4Address PEER = (Inet4Address) ip("192.0.2.2");
  static final List<InetAddress> VIPS = List.of(ip("192.0.2.180"), ip("192.0.2.181"));
  static final List<InetAddress> UNICAST_VIPS = List.of(ip("192.0.2.190"));

  static byte[] key(String password) {
    return Advert.passwordAuthData(password.getBytes(StandardCharsets.US_ASCII));
  }

  static ReceiveRules multicastRules() {
    return ReceiveRules.of(62, 2, 100, VIPS).withAh(key("vigilAH1"));
  }

  static ReceiveRules unicastRules() {
    return ReceiveRules.of(63, 2, 100, UNICAST_VIPS)
        .withAh(key("ah"))
        .withUnicastPeers(Set.of(SRC), 0, 255);
  }

  static AdvertReceiver receiver(ReceiveRules rules, AhSequence sequence, DropCounters drops) {
    return new AdvertReceiver(false, List.of(rules), Set.of(PEER), drops, GROUP, sequence);
  }

  @Test
  void theTosOfAnAhAdvertIsTheOneOurSocketsPutOnOtherAdverts() {
    // the AH datagram's header is ours (IP_HDRINCL), every other advert's is the socket's
    assertThat(IpsecAh.TOS_NETWORK_CONTROL)
        .isEqualTo(io.vigil.kernel.socket.RawIpv4Socket.TOS_NETWORK_CONTROL);
  }

  @Test
  void keepalivedsIcvIsVerifiedWithItsPasswordOnly() {
    byte[] multicast = Golden.packet("v2-ipv4-ah");
    byte[] unicast = Golden.packet("v2-ipv4-unicast-ah");
    assertThat(new IpsecAh(key("vigilAH1")).verify(multicast, 0, multicast.length, false)).isTrue();
    assertThat(new IpsecAh(key("ah")).verify(unicast, 0, unicast.length, true)).isTrue();

    assertThat(new IpsecAh(key("vigilAH2")).verify(multicast, 0, multicast.length, false))
        .isFalse();
    // the TTL is in a multicast advert's ICV, not in a unicast one's
    assertThat(new IpsecAh(key("ah")).verify(unicast, 0, unicast.length, false)).isFalse();
    // what the routers on the way may change is not covered: TOS, fragment flags, checksum
    byte[] mutated = multicast.clone();
    mutated[Ipv4Header.TOS_OFFSET] = 0;
    mutated[Ipv4Header.FLAGS_FRAGMENT_OFFSET] = 0x40;
    mutated[Ipv4Header.HEADER_CHECKSUM_OFFSET] ^= 0x55;
    assertThat(new IpsecAh(key("vigilAH1")).verify(mutated, 0, mutated.length, false)).isTrue();
    // the rest is
    for (int at : new int[] {Ipv4Header.IDENTIFICATION_OFFSET + 1, Ipv4Header.TTL_OFFSET, 43, 47}) {
      byte[] changed = multicast.clone();
      changed[at] ^= 1;
      assertThat(new IpsecAh(key("vigilAH1")).verify(changed, 0, changed.length, false))
          .as("byte %d changed", at)
          .isFalse();
    }
  }

  @Test
  void ourAdvertIsKeepalivedsByteForByteButTheChecksumTheKernelFillsIn() {
    byte[] golden = Golden.packet("v2-ipv4-ah");
    byte[] ours = new byte[100];
    int n = IpsecAh.encodeAdvert(Advert.v2(62, 180, 1, VIPS), SRC, GROUP, 255, ours, 0);
    new IpsecAh(key("vigilAH1")).sign(ours, 0, n, 1, 1, false); // its first: id 1, sequence 1
    assertThat(n).isEqualTo(golden.length);
    ours[Ipv4Header.HEADER_CHECKSUM_OFFSET] = golden[Ipv4Header.HEADER_CHECKSUM_OFFSET];
    ours[Ipv4Header.HEADER_CHECKSUM_OFFSET + 1] = golden[Ipv4Header.HEADER_CHECKSUM_OFFSET + 1];
    assertThat(Arrays.copyOf(ours, n)).isEqualTo(golden);

    byte[] golden2 = Golden.packet("v2-ipv4-unicast-ah");
    byte[] ours2 = new byte[100];
    int n2 = IpsecAh.encodeAdvert(Advert.v2(63, 190, 1, UNICAST_VIPS), SRC, PEER, 255, ours2, 0);
    new IpsecAh(key("ah")).sign(ours2, 0, n2, 1, 1, true);
    ours2[Ipv4Header.HEADER_CHECKSUM_OFFSET] = golden2[Ipv4Header.HEADER_CHECKSUM_OFFSET];
    ours2[Ipv4Header.HEADER_CHECKSUM_OFFSET + 1] = golden2[Ipv4Header.HEADER_CHECKSUM_OFFSET + 1];
    assertThat(Arrays.copyOf(ours2, n2)).isEqualTo(golden2);
  }

  @Test
  void keepalivedsAdvertIsAcceptedOnceThenAReplayIsDropped() {
    byte[] golden = Golden.packet("v2-ipv4-ah");
    DropCounters drops = new DropCounters();
    AhSequence sequence = new AhSequence();
    AdvertReceiver r = receiver(multicastRules(), sequence, drops);

    Advert a = r.receiveIpv4(golden, 0, golden.length);
    assertThat(a).isNotNull();
    assertThat(a.vrid()).isEqualTo(62);
    assertThat(a.priority()).isEqualTo(180);
    assertThat(a.authType()).isEqualTo(Advert.AUTH_AH);
    assertThat(a.addresses()).isEqualTo(VIPS);
    assertThat(sequence.highest()).isEqualTo(1);
    // our next advert continues the master's numbers, as keepalived's does
    assertThat(sequence.next()).isEqualTo(2);

    assertThat(r.receiveIpv4(golden, 0, golden.length)).isNull();
    assertThat(drops.count(DropReason.AH_SEQUENCE)).isEqualTo(1);
    assertThat(drops.total()).isEqualTo(1);
  }

  @Test
  void unicastAdvertIsAcceptedFromItsPeer() {
    byte[] golden = Golden.packet("v2-ipv4-unicast-ah");
    DropCounters drops = new DropCounters();
    Advert a =
        receiver(unicastRules(), new AhSequence(), drops).receiveIpv4(golden, 0, golden.length);
    assertThat(a).isNotNull();
    assertThat(a.priority()).isEqualTo(190);
    assertThat(drops.total()).isZero();
  }

  @Test
  void eachBadAuthenticationIsDroppedWithItsReason() {
    byte[] golden = Golden.packet("v2-ipv4-ah");

    // another password
    DropCounters drops = new DropCounters();
    ReceiveRules other = ReceiveRules.of(62, 2, 100, VIPS).withAh(key("other"));
    assertThat(receiver(other, new AhSequence(), drops).receiveIpv4(golden, 0, golden.length))
        .isNull();
    assertThat(drops.count(DropReason.AUTH_DATA)).isEqualTo(1);

    // a priority changed on the way (the VRRP checksum mended, the ICV not)
    byte[] raised = golden.clone();
    int vrrp = Ipv4Header.MIN_LENGTH + IpsecAh.LENGTH;
    raised[vrrp + 2] = (byte) 250;
    VrrpHeader.putChecksum(raised, vrrp, 0);
    VrrpHeader.putChecksum(raised, vrrp, VrrpV2Packet.checksum(raised, vrrp, raised.length - vrrp));
    drops = new DropCounters();
    assertThat(receiver(multicastRules(), new AhSequence(), drops).receiveIpv4(raised, 0, 68))
        .isNull();
    assertThat(drops.count(DropReason.AUTH_DATA)).isEqualTo(1);

    // signed right, but the SPI is not the source address
    byte[] spi = Arrays.copyOf(golden, golden.length);
    spi[Ipv4Header.MIN_LENGTH + IpsecAh.SPI_OFFSET + 3] = 9;
    new IpsecAh(key("vigilAH1")).sign(spi, 0, spi.length, 1, 1, false);
    drops = new DropCounters();
    assertThat(receiver(multicastRules(), new AhSequence(), drops).receiveIpv4(spi, 0, 68))
        .isNull();
    assertThat(drops.count(DropReason.AUTH_DATA)).isEqualTo(1);

    // an older number than the highest this router has seen or sent
    AhSequence ahead = new AhSequence();
    ahead.accept(5);
    drops = new DropCounters();
    assertThat(receiver(multicastRules(), ahead, drops).receiveIpv4(golden, 0, 68)).isNull();
    assertThat(drops.count(DropReason.AH_SEQUENCE)).isEqualTo(1);
    assertThat(ahead.highest()).isEqualTo(5);

    // AH to an instance with a password, and a password advert to an AH instance
    drops = new DropCounters();
    ReceiveRules pass = ReceiveRules.of(62, 2, 100, VIPS).withPassword("vigilAH1".getBytes());
    assertThat(
            new AdvertReceiver(false, List.of(pass), Set.of(PEER), drops)
                .receiveIpv4(golden, 0, golden.length))
        .isNull();
    assertThat(drops.count(DropReason.AUTH_TYPE)).isEqualTo(1);
    byte[] v2pass = Golden.packet("v2-ipv4-pass");
    drops = new DropCounters();
    ReceiveRules ah52 =
        ReceiveRules.of(52, 2, 300, List.of(ip("192.0.2.110"))).withAh(key("vigil42"));
    assertThat(receiver(ah52, new AhSequence(), drops).receiveIpv4(v2pass, 0, v2pass.length))
        .isNull();
    assertThat(drops.count(DropReason.AUTH_TYPE)).isEqualTo(1);

    // AH whose next header is not VRRP
    byte[] esp = golden.clone();
    esp[Ipv4Header.MIN_LENGTH + IpsecAh.NEXT_HEADER_OFFSET] = 50;
    drops = new DropCounters();
    assertThat(receiver(multicastRules(), new AhSequence(), drops).receiveIpv4(esp, 0, 68))
        .isNull();
    assertThat(drops.count(DropReason.IP_HEADER)).isEqualTo(1);
  }

  @Test
  void theSequenceNumberOfOurAdvertsFollowsTheHighestSeen() {
    AhSequence s = new AhSequence();
    assertThat(s.next()).isEqualTo(1);
    assertThat(s.next()).isEqualTo(2);
    assertThat(s.accept(2)).isFalse();
    assertThat(s.accept(40)).isTrue();
    assertThat(s.next()).isEqualTo(41);
    assertThat(s.accept(AhSequence.MAX)).isTrue();
    assertThat(s.next()).isEqualTo(AhSequence.MAX);
  }
}
