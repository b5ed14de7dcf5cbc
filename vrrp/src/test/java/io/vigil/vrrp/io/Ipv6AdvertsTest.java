package io.vigil.vrrp.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.vrrp.fsm.Action;
import io.vigil.vrrp.fsm.Event;
import io.vigil.vrrp.fsm.InstanceConfig;
import io.vigil.vrrp.wire.Advert;
import io.vigil.vrrp.wire.ChecksumMode;
import io.vigil.vrrp.wire.DropCounters;
import io.vigil.vrrp.wire.DropReason;
import io.vigil.vrrp.wire.ReceiveRules;
import io.vigil.vrrp.wire.VrrpV3Packet;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link Ipv6Channel#reconfigure} changes (through {@link Ipv6Adverts}, its socket-free half):
 * the receive rules and what is sent follow the new configuration; our own address stays ours.
 */
class Ipv6AdvertsTest {
  static final Inet6Address ME = ip("fe80::1");
  static final Inet6Address PEER = ip("fe80::2");
  static final Inet6Address GROUP = Ipv6Channel.VRRP_GROUP;
  static final InetAddress VIP = ip("2001:db8::10");
  static final InetAddress VIP2 = ip("2001:db8::11");

  final DropCounters drops = new DropCounters();

  static Inet6Address ip(String s) {
    try {
      return (Inet6Address) InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }

  static InstanceConfig config(List<InetAddress> vips, int advertCs) {
    return InstanceConfig.builder("VI_6", 9, 3, ME, vips).advertIntervalCs(advertCs).build();
  }

  static ReceiveRules rules(List<InetAddress> vips, int advertCs) {
    return ReceiveRules.of(9, 3, advertCs, vips);
  }

  /** A peer's advert as the raw socket hands it over (the VRRP message alone). */
  static byte[] fromPeer(Inet6Address from, List<InetAddress> vips) {
    byte[] b = new byte[VrrpV3Packet.length(vips.size(), 16)];
    VrrpV3Packet.encode(
        Advert.v3(9, 150, 100, vips), b, 0, from, GROUP, ChecksumMode.PSEUDO_HEADER);
    return b;
  }

  Event.AdvertReceived receive(Ipv6Adverts a, Inet6Address from, List<InetAddress> vips) {
    byte[] b = fromPeer(from, vips);
    return a.receive(from, GROUP, 255, b, b.length);
  }

  @Test
  void aReloadChangesTheRulesAndWhatIsSentButNotWhoWeAre() {
    Ipv6Adverts a = new Ipv6Adverts(config(List.of(VIP), 100), rules(List.of(VIP), 100), drops);
    assertThat(receive(a, PEER, List.of(VIP))).isEqualTo(new Event.AdvertReceived(150, 100, PEER));

    a.reconfigure(config(List.of(VIP, VIP2), 50), rules(List.of(VIP, VIP2), 50));
    assertThat(receive(a, PEER, List.of(VIP))).as("the old address list").isNull();
    assertThat(drops.count(DropReason.ADDRESS_COUNT)).isEqualTo(1);
    assertThat(receive(a, PEER, List.of(VIP, VIP2)))
        .isEqualTo(new Event.AdvertReceived(150, 100, PEER));
    assertThat(receive(a, ME, List.of(VIP, VIP2))).as("still our own address").isNull();
    assertThat(drops.count(DropReason.OWN_ADVERT)).isEqualTo(1);

    byte[] sent = new byte[VrrpV3Packet.length(255, 16)];
    int n = a.encode(new Action.SendAdvert(120, 50), GROUP, sent);
    assertThat(VrrpV3Packet.checksum(sent, 0, n, ME, GROUP, ChecksumMode.PSEUDO_HEADER)).isZero();
    Advert out = VrrpV3Packet.decode(sent, 0, 16);
    assertThat(out.vrid()).isEqualTo(9);
    assertThat(out.priority()).isEqualTo(120);
    assertThat(out.advertIntervalCs()).isEqualTo(50);
    assertThat(out.addresses()).containsExactly(VIP, VIP2);
  }

  @Test
  void ipv6IsVersion3Only() {
    InstanceConfig v2 = InstanceConfig.builder("VI_6", 9, 2, ME, List.of()).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new Ipv6Adverts(v2, rules(List.of(VIP), 100), drops))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
