package io.vigil.vrrp.io;

import io.vigil.vrrp.fsm.Action;
import io.vigil.vrrp.fsm.Event;
import io.vigil.vrrp.fsm.InstanceConfig;
import io.vigil.vrrp.wire.Advert;
import io.vigil.vrrp.wire.AdvertReceiver;
import io.vigil.vrrp.wire.ChecksumMode;
import io.vigil.vrrp.wire.DropCounters;
import io.vigil.vrrp.wire.ReceiveRules;
import io.vigil.vrrp.wire.VrrpV3Packet;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * The socket-free half of {@link Ipv6Channel}: what a received datagram is worth (validated by the
 * instance's receive rules, drops counted) and the bytes of an advert to send, both following a
 * reload in place ({@link #reconfigure}). Our own source address stays: it is the socket's.
 */
final class Ipv6Adverts {
  private final Inet6Address source;
  private final DropCounters drops;
  private InstanceConfig config;
  private AdvertReceiver receiver;

  Ipv6Adverts(InstanceConfig config, ReceiveRules rules, DropCounters drops) {
    if (config.version() != 3) {
      throw new IllegalArgumentException("VRRP over IPv6 is version 3 only");
    }
    this.source = (Inet6Address) config.primaryAddress();
    this.drops = drops;
    reconfigure(config, rules);
  }

  /** From now on: the new addresses and interval in what is sent, the new rules on receive. */
  InstanceConfig config() {
    return config;
  }

  void reconfigure(InstanceConfig next, ReceiveRules rules) {
    this.receiver = new AdvertReceiver(true, List.of(rules), Set.<InetAddress>of(source), drops);
    this.config = next;
  }

  Inet6Address source() {
    return source;
  }

  /**
   * A datagram from {@code from} to {@code to} with that hop limit, as the event for the state
   * machine, or null when dropped (and counted).
   */
  Event.AdvertReceived receive(
      Inet6Address from, Inet6Address to, int hopLimit, byte[] b, int length) {
    Advert advert = receiver.receive(from, to, hopLimit, b, 0, length);
    return advert == null
        ? null
        : new Event.AdvertReceived(advert.priority(), advert.advertIntervalCs(), from);
  }

  /** Writes the advert for {@code destination} into {@code b}; returns its length. */
  int encode(Action.SendAdvert s, Inet6Address destination, byte[] b) {
    Advert a = Advert.v3(config.vrid(), s.priority(), s.advertIntervalCs(), config.vips());
    return VrrpV3Packet.encode(a, b, 0, source, destination, ChecksumMode.PSEUDO_HEADER);
  }
}
