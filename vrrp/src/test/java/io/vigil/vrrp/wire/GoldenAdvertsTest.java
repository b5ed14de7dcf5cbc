package io.vigil.vrrp.wire;

import static io.vigil.vrrp.wire.Golden.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Adverts Debian's keepalived 2.2.7 sent, captured with tcpdump in namespaces: our receiver accepts
 * and decodes each, and our encoder reproduces the VRRP message byte for byte, checksum included.
 */
class GoldenAdvertsTest {
  record Case(
      String name,
      Advert expected,
      String source,
      String destination,
      ReceiveRules rules,
      ChecksumMode mode) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<InetAddress> ips(String... literals) {
    return Arrays.stream(literals).map(Golden::ip).toList();
  }

  static byte[] pass(String p) {
    return p.getBytes(StandardCharsets.US_ASCII);
  }

  static Stream<Arguments> cases() {
    List<InetAddress> v2a = ips("192.0.2.100", "192.0.2.101");
    List<InetAddress> v2b = ips("192.0.2.110");
    List<InetAddress> v2c = ips("192.0.2.150", "192.0.2.151");
    List<InetAddress> v3a = ips("192.0.2.120", "192.0.2.121", "192.0.2.122");
    List<InetAddress> v3b = ips("2001:db8::100", "2001:db8::101");
    List<InetAddress> v3c = ips("192.0.2.130");
    List<InetAddress> v3d = ips("192.0.2.140");
    List<InetAddress> v3e = ips("192.0.2.160");
    List<InetAddress> v3f = ips("2001:db8::170");
    return Stream.of(
            new Case(
                "v2-ipv4-noauth",
                Advert.v2(51, 150, 1, v2a),
                "192.0.2.1",
                "224.0.0.18",
                ReceiveRules.of(51, 2, 100, v2a),
                ChecksumMode.PSEUDO_HEADER),
            new Case(
                "v2-ipv4-pass",
                Advert.v2Pass(52, 200, 3, pass("vigil42"), v2b),
                "192.0.2.1",
                "224.0.0.18",
                ReceiveRules.of(52, 2, 300, v2b).withPassword(pass("vigil42")),
                ChecksumMode.PSEUDO_HEADER),
            new Case(
                "v2-ipv4-unicast-pass",
                Advert.v2Pass(57, 100, 2, pass("12345678"), v2c),
                "192.0.2.1",
                "192.0.2.2",
                ReceiveRules.of(57, 2, 200, v2c)
                    .withPassword(pass("12345678"))
                    .withUnicastPeers(Set.of(ip("192.0.2.1")), 255, 255),
                ChecksumMode.PSEUDO_HEADER),
            new Case(
                "v3-ipv4",
                Advert.v3(53, 120, 50, v3a),
                "192.0.2.1",
                "224.0.0.18",
                ReceiveRules.of(53, 3, 50, v3a),
                ChecksumMode.PSEUDO_HEADER),
            new Case(
                "v3-ipv6",
                Advert.v3(54, 101, 100, v3b),
                "fe80::5eff:fe00:a",
                "ff02::12",
                ReceiveRules.of(54, 3, 100, v3b),
                ChecksumMode.PSEUDO_HEADER),
            new Case(
                "v3-ipv4-unicast",
                Advert.v3(55, 130, 100, v3c),
                "192.0.2.1",
                "192.0.2.2",
                ReceiveRules.of(55, 3, 100, v3c)
                    .withUnicastPeers(Set.of(ip("192.0.2.1")), 255, 255),
                ChecksumMode.PSEUDO_HEADER),
            new Case(
                "v3-ipv4-unicast-old-checksum",
                Advert.v3(56, 140, 100, v3d),
                "192.0.2.1",
                "192.0.2.2",
                ReceiveRules.of(56, 3, 100, v3d)
                    .withChecksumModes(
                        Set.of(
                            ChecksumMode.PSEUDO_HEADER, ChecksumMode.OLD_UNICAST_MULTICAST_GROUP)),
                ChecksumMode.OLD_UNICAST_MULTICAST_GROUP),
            // mcast_dst_ip: another group, in the pseudo-header's destination too
            new Case(
                "v3-ipv4-mcast-dst-ip",
                Advert.v3(58, 160, 100, v3e),
                "192.0.2.1",
                "224.0.0.19",
                ReceiveRules.of(58, 3, 100, v3e),
                ChecksumMode.PSEUDO_HEADER),
            new Case(
                "v3-ipv6-mcast-dst-ip",
                Advert.v3(59, 170, 100, v3f),
                "fe80::5eff:fe00:a",
                "ff02::13",
                ReceiveRules.of(59, 3, 100, v3f),
                ChecksumMode.PSEUDO_HEADER))
        .map(Arguments::of);
  }

  /** The IP header of a capture: the addresses, TTL and where the VRRP message is. */
  record Ip(
      InetAddress source, InetAddress destination, int ttl, int payloadOffset, int payloadLength) {
    static Ip of(byte[] p) {
      if (Ipv4Header.version(p, 0) == 4) {
        int hl = Ipv4Header.headerLength(p, 0);
        return new Ip(
            Ipv4Header.source(p, 0),
            Ipv4Header.destination(p, 0),
            Ipv4Header.ttl(p, 0),
            hl,
            Ipv4Header.totalLength(p, 0) - hl);
      }
      assertThat(Ipv6Header.nextHeader(p, 0)).isEqualTo(InternetChecksum.PROTOCOL_VRRP);
      return new Ip(
          Ipv6Header.source(p, 0),
          Ipv6Header.destination(p, 0),
          Ipv6Header.hopLimit(p, 0),
          Ipv6Header.LENGTH,
          Ipv6Header.payloadLength(p, 0));
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void receiverAcceptsAndDecodesKeepalivedsAdvert(Case c) {
    byte[] p = Golden.packet(c.name());
    Ip ip = Ip.of(p);
    assertThat(ip.source()).isEqualTo(ip(c.source()));
    assertThat(ip.destination()).isEqualTo(ip(c.destination()));
    assertThat(ip.ttl()).isEqualTo(255);

    DropCounters drops = new DropCounters();
    AdvertReceiver rx =
        new AdvertReceiver(c.rules().ipv6(), List.of(c.rules()), Set.of(ip("192.0.2.9")), drops);
    Advert got =
        c.rules().ipv6()
            ? rx.receive(
                ip.source(), ip.destination(), ip.ttl(), p, ip.payloadOffset(), ip.payloadLength())
            : rx.receiveIpv4(p, 0, p.length);

    assertThat(drops.total()).as(drops.toString()).isZero();
    assertThat(got).isEqualTo(c.expected());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void encoderReproducesKeepalivedsBytesIncludingChecksum(Case c) {
    byte[] p = Golden.packet(c.name());
    Ip ip = Ip.of(p);
    byte[] wire =
        Arrays.copyOfRange(p, ip.payloadOffset(), ip.payloadOffset() + ip.payloadLength());

    byte[] ours = new byte[wire.length + 7];
    int n =
        c.expected().version() == 2
            ? VrrpV2Packet.encode(c.expected(), ours, 7)
            : VrrpV3Packet.encode(
                c.expected(), ours, 7, ip(c.source()), ip(c.destination()), c.mode());

    assertThat(n).isEqualTo(wire.length);
    assertThat(Arrays.copyOfRange(ours, 7, 7 + n)).isEqualTo(wire);
  }

  @Test
  void oldUnicastChecksumIsRefusedUnlessAccepted() {
    byte[] p = Golden.packet("v3-ipv4-unicast-old-checksum");
    ReceiveRules strict = ReceiveRules.of(56, 3, 100, ips("192.0.2.140"));
    DropCounters drops = new DropCounters();
    AdvertReceiver rx = new AdvertReceiver(false, List.of(strict), Set.of(), drops);

    assertThat(rx.receiveIpv4(p, 0, p.length)).isNull();
    assertThat(drops.count(DropReason.CHECKSUM)).isEqualTo(1);
    assertThat(drops.total()).isEqualTo(1);
  }

  /**
   * keepalived's old unicast checksum puts the global {@code vrrp_mcast_group4} in the
   * pseudo-header, not 224.0.0.18: with {@code vrrp_mcast_group4 224.0.0.19} its advert is accepted
   * over that group and refused over the default one, and ours is byte for byte the same.
   */
  @Test
  void oldUnicastChecksumCoversTheGlobalGroup4() {
    byte[] p = Golden.packet("v3-ipv4-unicast-old-checksum-group4");
    Ip at = Ip.of(p);
    ReceiveRules old =
        ReceiveRules.of(61, 3, 100, ips("192.0.2.145"))
            .withChecksumModes(Set.of(ChecksumMode.OLD_UNICAST_MULTICAST_GROUP));
    DropCounters drops = new DropCounters();
    assertThat(new AdvertReceiver(false, List.of(old), Set.of(), drops).receiveIpv4(p, 0, p.length))
        .isNull();
    assertThat(drops.count(DropReason.CHECKSUM)).isEqualTo(1);
    Advert a =
        new AdvertReceiver(false, List.of(old), Set.of(), new DropCounters(), ip("224.0.0.19"))
            .receiveIpv4(p, 0, p.length);
    assertThat(a).isEqualTo(Advert.v3(61, 145, 100, ips("192.0.2.145")));

    byte[] ours = new byte[at.payloadLength()];
    VrrpV3Packet.encode(
        a,
        ours,
        0,
        at.source(),
        at.destination(),
        ChecksumMode.OLD_UNICAST_MULTICAST_GROUP,
        ip("224.0.0.19"));
    assertThat(ours)
        .isEqualTo(
            Arrays.copyOfRange(p, at.payloadOffset(), at.payloadOffset() + at.payloadLength()));
  }

  @Test
  void rfc5798ChecksumIsRefusedWhenOnlyMessageOnlyIsAccepted() {
    byte[] p = Golden.packet("v3-ipv4");
    ReceiveRules asV2 =
        ReceiveRules.of(53, 3, 50, ips("192.0.2.120", "192.0.2.121", "192.0.2.122"))
            .withChecksumModes(Set.of(ChecksumMode.MESSAGE_ONLY));
    DropCounters drops = new DropCounters();

    assertThat(
            new AdvertReceiver(false, List.of(asV2), Set.of(), drops).receiveIpv4(p, 0, p.length))
        .isNull();
    assertThat(drops.count(DropReason.CHECKSUM)).isEqualTo(1);
  }
}
