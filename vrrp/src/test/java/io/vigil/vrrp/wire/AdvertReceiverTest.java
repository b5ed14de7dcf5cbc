package io.vigil.vrrp.wire;

import static io.vigil.vrrp.wire.Golden.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Every receive check drops and counts exactly one reason; the packet never comes out. */
class AdvertReceiverTest {
  static final InetAddress SRC = ip("192.0.2.1");
  static final InetAddress GROUP = ip("224.0.0.18");
  static final InetAddress SRC6 = ip("fe80::5eff:fe00:a");
  static final InetAddress GROUP6 = ip("ff02::12");
  static final List<InetAddress> VIPS = List.of(ip("192.0.2.100"), ip("192.0.2.101"));
  static final List<InetAddress> VIPS6 = List.of(ip("2001:db8::100"), ip("2001:db8::101"));
  static final byte[] PASSWORD = "vigil42".getBytes(StandardCharsets.US_ASCII);

  static final ReceiveRules V2 = ReceiveRules.of(51, 2, 100, VIPS).withPassword(PASSWORD);
  static final ReceiveRules V3 = ReceiveRules.of(51, 3, 100, VIPS);
  static final ReceiveRules V3_6 = ReceiveRules.of(51, 3, 100, VIPS6);

  static byte[] v2(Advert a) {
    byte[] b = new byte[VrrpV2Packet.length(a.addresses().size())];
    VrrpV2Packet.encode(a, b, 0);
    return b;
  }

  static byte[] v3(Advert a, InetAddress src, InetAddress dst) {
    byte[] b = new byte[VrrpV3Packet.length(a.addresses().size(), src.getAddress().length)];
    VrrpV3Packet.encode(a, b, 0, src, dst, ChecksumMode.PSEUDO_HEADER);
    return b;
  }

  static Advert goodV2() {
    return Advert.v2Pass(51, 100, 1, PASSWORD, VIPS);
  }

  /** Rewrites a byte and fixes the v2 checksum, so only the intended check can fail. */
  static byte[] v2With(Consumer<byte[]> edit) {
    byte[] b = v2(goodV2());
    edit.accept(b);
    VrrpHeader.putChecksum(b, 0, 0);
    VrrpHeader.putChecksum(b, 0, VrrpV2Packet.checksum(b, 0, b.length));
    return b;
  }

  DropCounters drops = new DropCounters();

  void assertDropped(
      ReceiveRules rules, InetAddress src, InetAddress dst, int ttl, byte[] b, DropReason reason) {
    AdvertReceiver rx =
        new AdvertReceiver(
            rules.ipv6(), List.of(rules), Set.of(ip("192.0.2.9"), ip("fe80::9")), drops);
    assertThat(rx.receive(src, dst, ttl, b, 0, b.length)).isNull();
    assertThat(drops.count(reason)).as(drops.toString()).isEqualTo(1);
    assertThat(drops.total()).as(drops.toString()).isEqualTo(1);
  }

  @Test
  void acceptsAGoodAdvertOfEachKind() {
    AdvertReceiver rx4 = new AdvertReceiver(false, List.of(V2), Set.of(), drops);
    assertThat(rx4.receive(SRC, GROUP, 255, v2(goodV2()), 0, 24)).isEqualTo(goodV2());
    Advert a3 = Advert.v3(51, 100, 100, VIPS);
    byte[] b3 = v3(a3, SRC, GROUP);
    assertThat(
            new AdvertReceiver(false, List.of(V3), Set.of(), drops)
                .receive(SRC, GROUP, 255, b3, 0, b3.length))
        .isEqualTo(a3);
    Advert a6 = Advert.v3(51, 100, 100, VIPS6);
    byte[] b6 = v3(a6, SRC6, GROUP6);
    assertThat(
            new AdvertReceiver(true, List.of(V3_6), Set.of(), drops)
                .receive(SRC6, GROUP6, 255, b6, 0, b6.length))
        .isEqualTo(a6);
    assertThat(drops.total()).isZero();
  }

  @Test
  void dropsTtlBelow255() {
    assertDropped(V2, SRC, GROUP, 254, v2(goodV2()), DropReason.TTL);
  }

  @Test
  void dropsHopLimitBelow255() {
    byte[] b = v3(Advert.v3(51, 100, 100, VIPS6), SRC6, GROUP6);
    assertDropped(V3_6, SRC6, GROUP6, 1, b, DropReason.TTL);
  }

  @Test
  void acceptsAUnicastPeersTtlRange() {
    ReceiveRules rules = V2.withUnicastPeers(Set.of(SRC), 250, 255);
    AdvertReceiver rx = new AdvertReceiver(false, List.of(rules), Set.of(), drops);
    assertThat(rx.receive(SRC, ip("192.0.2.2"), 252, v2(goodV2()), 0, 24)).isEqualTo(goodV2());
    assertThat(rx.receive(SRC, ip("192.0.2.2"), 249, v2(goodV2()), 0, 24)).isNull();
    assertThat(drops.count(DropReason.TTL)).isEqualTo(1);
  }

  @Test
  void eachUnicastPeerHasItsOwnTtlRangeAnyByDefault() {
    InetAddress other = ip("192.0.2.3");
    ReceiveRules rules =
        V2.withUnicastPeers(
            Map.of(SRC, ReceiveRules.TtlRange.ANY, other, new ReceiveRules.TtlRange(64, 64)));
    AdvertReceiver rx = new AdvertReceiver(false, List.of(rules), Set.of(), drops);
    assertThat(rx.receive(SRC, ip("192.0.2.2"), 1, v2(goodV2()), 0, 24)).isEqualTo(goodV2());
    assertThat(rx.receive(other, ip("192.0.2.2"), 64, v2(goodV2()), 0, 24)).isEqualTo(goodV2());
    assertThat(rx.receive(other, ip("192.0.2.2"), 255, v2(goodV2()), 0, 24)).isNull();
    assertThat(drops.count(DropReason.TTL)).isEqualTo(1);
  }

  @Test
  void dropsAnUnlistedUnicastSource() {
    assertDropped(
        V2.withUnicastPeers(Set.of(ip("192.0.2.3")), 255, 255),
        SRC,
        ip("192.0.2.2"),
        255,
        v2(goodV2()),
        DropReason.UNICAST_SOURCE);
  }

  @Test
  void ignoresTheAdvertOfAnotherLocalInstancesPeerWithoutCountingIt() {
    ReceiveRules rules =
        V2.withUnicastPeers(Set.of(ip("192.0.2.3")), 255, 255).withIgnoredSources(Set.of(SRC));
    AdvertReceiver rx = new AdvertReceiver(false, List.of(rules), Set.of(), drops);
    assertThat(rx.receive(SRC, ip("192.0.2.2"), 255, v2(goodV2()), 0, 24)).isNull();
    assertThat(drops.total()).isZero();
    assertThat(rx.receive(ip("192.0.2.4"), ip("192.0.2.2"), 255, v2(goodV2()), 0, 24)).isNull();
    assertThat(drops.count(DropReason.UNICAST_SOURCE)).isEqualTo(1);
    assertThat(rx.receive(ip("192.0.2.3"), ip("192.0.2.2"), 255, v2(goodV2()), 0, 24))
        .isEqualTo(goodV2());
  }

  @Test
  void dropsOurOwnAdvertLoopedBack() {
    assertDropped(V2, ip("192.0.2.9"), GROUP, 255, v2(goodV2()), DropReason.OWN_ADVERT);
  }

  @Test
  void dropsShorterThanTheFixedHeader() {
    assertDropped(V2, SRC, GROUP, 255, new byte[7], DropReason.TOO_SHORT);
  }

  @Test
  void dropsAnUnconfiguredVrid() {
    assertDropped(
        V2, SRC, GROUP, 255, v2With(b -> b[VrrpHeader.VRID_OFFSET] = 52), DropReason.VRID);
  }

  @Test
  void anUnconfiguredVridIsToldToTheListenerWithItsSender() {
    List<String> heard = new java.util.ArrayList<>();
    drops.listen((vrid, source) -> heard.add(vrid + " " + source.getHostAddress()));
    assertDropped(
        V2, SRC, GROUP, 255, v2With(b -> b[VrrpHeader.VRID_OFFSET] = 52), DropReason.VRID);
    // the other drops are not unknown VRIDs
    new AdvertReceiver(false, List.of(V2), Set.of(), drops)
        .receive(SRC, GROUP, 254, v2(goodV2()), 0, 24);
    assertThat(drops.count(DropReason.TTL)).isEqualTo(1);
    assertThat(heard).containsExactly("52 192.0.2.1");
    drops.listen(null);
    new AdvertReceiver(false, List.of(V2), Set.of(), drops)
        .receive(SRC, GROUP, 255, v2With(b -> b[VrrpHeader.VRID_OFFSET] = 53), 0, 24);
    assertThat(drops.count(DropReason.VRID)).isEqualTo(2);
    assertThat(heard).hasSize(1);
  }

  @Test
  void dropsTheOtherVersion() {
    byte[] b3 = v3(Advert.v3(51, 100, 100, VIPS), SRC, GROUP);
    assertDropped(V2, SRC, GROUP, 255, b3, DropReason.VERSION);
  }

  @Test
  void dropsVersion2OverIpv6() {
    ReceiveRules v2on6 =
        new ReceiveRules(
            51,
            2,
            true,
            false,
            0,
            null,
            100,
            VIPS6,
            ReceiveRules.AddressCheck.EVERY_ADVERT,
            Map.of(),
            255,
            255,
            Set.of(ChecksumMode.PSEUDO_HEADER),
            Set.of());
    assertDropped(v2on6, SRC6, GROUP6, 255, v2(Advert.v2(51, 100, 1, VIPS)), DropReason.VERSION);
  }

  @Test
  void dropsATypeOtherThanAdvertisement() {
    assertDropped(V2, SRC, GROUP, 255, v2With(b -> b[0] = 0x22), DropReason.TYPE);
  }

  @Test
  void dropsALengthThatDisagreesWithTheAddressCount() {
    assertDropped(
        V2, SRC, GROUP, 255, v2With(b -> b[VrrpHeader.COUNT_ADDRS_OFFSET] = 3), DropReason.LENGTH);
  }

  @Test
  void dropsABadV2Checksum() {
    byte[] b = v2(goodV2());
    b[b.length - 1] ^= 1;
    assertDropped(V2, SRC, GROUP, 255, b, DropReason.CHECKSUM);
  }

  @Test
  void dropsAV3ChecksumComputedForAnotherDestination() {
    byte[] b = v3(Advert.v3(51, 100, 100, VIPS), SRC, ip("192.0.2.2"));
    assertDropped(V3, SRC, GROUP, 255, b, DropReason.CHECKSUM);
  }

  @Test
  void dropsAV3Ipv6ChecksumComputedForAnotherSource() {
    byte[] b = v3(Advert.v3(51, 100, 100, VIPS6), ip("fe80::1"), GROUP6);
    assertDropped(V3_6, SRC6, GROUP6, 255, b, DropReason.CHECKSUM);
  }

  @Test
  void acceptsTheMessageOnlyChecksumOnRequest() {
    Advert a = Advert.v3(51, 100, 100, VIPS);
    byte[] b = new byte[16];
    VrrpV3Packet.encode(a, b, 0, SRC, GROUP, ChecksumMode.MESSAGE_ONLY);
    assertThat(VrrpV2Packet.checksum(b, 0, b.length))
        .as("sums to zero without pseudo-header")
        .isZero();
    ReceiveRules both =
        V3.withChecksumModes(Set.of(ChecksumMode.PSEUDO_HEADER, ChecksumMode.MESSAGE_ONLY));
    assertThat(
            new AdvertReceiver(false, List.of(both), Set.of(), drops)
                .receive(SRC, GROUP, 255, b, 0, 16))
        .isEqualTo(a);
    assertDropped(V3, SRC, GROUP, 255, b, DropReason.CHECKSUM);
  }

  @Test
  void dropsEveryAdvertWhenWeAreTheAddressOwner() {
    assertDropped(V2.withLocalOwner(true), SRC, GROUP, 255, v2(goodV2()), DropReason.LOCAL_OWNER);
  }

  @Test
  void dropsAnotherAuthType() {
    assertDropped(V2, SRC, GROUP, 255, v2(Advert.v2(51, 100, 1, VIPS)), DropReason.AUTH_TYPE);
  }

  @Test
  void dropsAWrongPassword() {
    byte[] b = v2(Advert.v2Pass(51, 100, 1, "vigil43".getBytes(StandardCharsets.US_ASCII), VIPS));
    assertDropped(V2, SRC, GROUP, 255, b, DropReason.AUTH_DATA);
  }

  @Test
  void dropsAV2IntervalOtherThanOurs() {
    assertDropped(
        V2, SRC, GROUP, 255, v2(Advert.v2Pass(51, 100, 2, PASSWORD, VIPS)), DropReason.INTERVAL);
  }

  @Test
  void learnsRatherThanDropsAnotherV3Interval() {
    Advert a = Advert.v3(51, 100, 25, VIPS);
    byte[] b = v3(a, SRC, GROUP);
    assertThat(
            new AdvertReceiver(false, List.of(V3), Set.of(), drops)
                .receive(SRC, GROUP, 255, b, 0, b.length))
        .isEqualTo(a);
  }

  @Test
  void dropsAV3IntervalOfZero() {
    byte[] b = v3(Advert.v3(51, 100, 100, VIPS), SRC, GROUP);
    b[VrrpV3Packet.MAX_ADVER_INT_OFFSET + 1] = 0;
    b[VrrpV3Packet.MAX_ADVER_INT_OFFSET] = 0;
    VrrpHeader.putChecksum(b, 0, 0);
    VrrpHeader.putChecksum(
        b, 0, VrrpV3Packet.checksum(b, 0, b.length, SRC, GROUP, ChecksumMode.PSEUDO_HEADER));
    assertDropped(V3, SRC, GROUP, 255, b, DropReason.INTERVAL);
  }

  @Test
  void dropsAnotherAddressCountFromANonOwner() {
    assertDropped(
        V2,
        SRC,
        GROUP,
        255,
        v2(Advert.v2Pass(51, 100, 1, PASSWORD, VIPS.subList(0, 1))),
        DropReason.ADDRESS_COUNT);
  }

  @Test
  void dropsAMissingAddressFromANonOwner() {
    byte[] b =
        v2(Advert.v2Pass(51, 254, 1, PASSWORD, List.of(ip("192.0.2.100"), ip("192.0.2.102"))));
    assertDropped(V2, SRC, GROUP, 255, b, DropReason.ADDRESS_LIST);
  }

  @Test
  void skipCheckAdvAddrSkipsTheAddressesOfTheLastAcceptedSourceOnly() {
    ReceiveRules skip = V2.withAddressCheck(ReceiveRules.AddressCheck.NOT_FROM_LAST_SOURCE);
    AdvertReceiver rx = new AdvertReceiver(false, List.of(skip), Set.of(), drops);
    Advert changed =
        Advert.v2Pass(51, 100, 1, PASSWORD, List.of(ip("192.0.2.100"), ip("192.0.2.102")));
    // a router heard for the first time is checked
    assertThat(rx.receive(SRC, GROUP, 255, v2(changed), 0, 24)).isNull();
    assertThat(drops.count(DropReason.ADDRESS_LIST)).isEqualTo(1);
    Advert good = Advert.v2Pass(51, 100, 1, PASSWORD, VIPS);
    assertThat(rx.receive(SRC, GROUP, 255, v2(good), 0, 24)).isEqualTo(good);
    // the same router, its list changed since: heard
    assertThat(rx.receive(SRC, GROUP, 255, v2(changed), 0, 24)).isEqualTo(changed);
    // another router with that list: checked
    assertThat(rx.receive(ip("192.0.2.7"), GROUP, 255, v2(changed), 0, 24)).isNull();
    assertThat(drops.count(DropReason.ADDRESS_LIST)).isEqualTo(2);
    // without the setting, the same sequence drops the changed list every time
    AdvertReceiver strict = new AdvertReceiver(false, List.of(V2), Set.of(), drops);
    assertThat(strict.receive(SRC, GROUP, 255, v2(good), 0, 24)).isEqualTo(good);
    assertThat(strict.receive(SRC, GROUP, 255, v2(changed), 0, 24)).isNull();
  }

  @Test
  void acceptsOtherAddressesFromTheOwner() {
    Advert owner =
        Advert.v2Pass(51, 255, 1, PASSWORD, List.of(ip("192.0.2.100"), ip("192.0.2.102")));
    assertThat(
            new AdvertReceiver(false, List.of(V2), Set.of(), drops)
                .receive(SRC, GROUP, 255, v2(owner), 0, 24))
        .isEqualTo(owner);
  }

  @Test
  void dropsAMalformedIpv4Header() {
    byte[] p = Golden.packet("v2-ipv4-noauth");
    ReceiveRules rules = ReceiveRules.of(51, 2, 100, VIPS);
    AdvertReceiver rx = new AdvertReceiver(false, List.of(rules), Set.of(), drops);
    assertThat(rx.receiveIpv4(p, 0, 19)).isNull();
    byte[] udp = p.clone();
    udp[Ipv4Header.PROTOCOL_OFFSET] = 17;
    assertThat(rx.receiveIpv4(udp, 0, udp.length)).isNull();
    assertThat(rx.receiveIpv4(p, 0, p.length - 1)).as("total length beyond what was read").isNull();
    assertThat(drops.count(DropReason.IP_HEADER)).isEqualTo(3);
    assertThat(rx.receiveIpv4(p, 0, p.length)).isNotNull();
  }

  @Test
  void dropsATtlOf254InTheIpv4Header() {
    byte[] p = Golden.packet("v2-ipv4-noauth");
    p[Ipv4Header.TTL_OFFSET] = (byte) 254;
    AdvertReceiver rx =
        new AdvertReceiver(false, List.of(ReceiveRules.of(51, 2, 100, VIPS)), Set.of(), drops);
    assertThat(rx.receiveIpv4(p, 0, p.length)).isNull();
    assertThat(drops.count(DropReason.TTL)).isEqualTo(1);
  }
}
