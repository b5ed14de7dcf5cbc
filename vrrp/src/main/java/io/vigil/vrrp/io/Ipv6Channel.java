package io.vigil.vrrp.io;

import io.vigil.kernel.socket.PacketSocket;
import io.vigil.kernel.socket.RawIpv6Socket;
import io.vigil.vrrp.fsm.Action;
import io.vigil.vrrp.fsm.Event;
import io.vigil.vrrp.fsm.InstanceConfig;
import io.vigil.vrrp.wire.Advert;
import io.vigil.vrrp.wire.AdvertReceiver;
import io.vigil.vrrp.wire.ChecksumMode;
import io.vigil.vrrp.wire.DropCounters;
import io.vigil.vrrp.wire.InternetChecksum;
import io.vigil.vrrp.wire.ReceiveRules;
import io.vigil.vrrp.wire.UnsolicitedNa;
import io.vigil.vrrp.wire.VrrpV3Packet;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * IPv6 (VRRPv3 only): raw protocol-112 socket (multicast ff02::12 or unicast peers) sending from
 * the interface's link-local address, unsolicited neighbour adverts on a packet socket.
 */
final class Ipv6Channel implements AdvertChannel {
  static final Inet6Address VRRP_GROUP = (Inet6Address) ip("ff02::12");

  private InstanceConfig config;
  private final DropCounters drops;
  private final RawIpv6Socket socket;
  private final PacketSocket packetSocket;
  private AdvertReceiver receiver;
  private final List<Inet6Address> destinations;
  private final Inet6Address source;
  private final byte[] receiveBuffer = new byte[65_536];
  private final byte[] sendBuffer = new byte[VrrpV3Packet.length(255, 16)];
  private final byte[] frameBuffer = new byte[UnsolicitedNa.LENGTH];
  private final RawIpv6Socket.Received info = new RawIpv6Socket.Received();

  Ipv6Channel(
      InstanceConfig config,
      ReceiveRules rules,
      String ifname,
      List<Inet6Address> unicastPeers,
      DropCounters drops) {
    if (config.version() != 3) {
      throw new IllegalArgumentException("VRRP over IPv6 is version 3 only");
    }
    this.config = config;
    this.source = (Inet6Address) config.primaryAddress();
    this.destinations = unicastPeers.isEmpty() ? List.of(VRRP_GROUP) : List.copyOf(unicastPeers);
    this.socket =
        RawIpv6Socket.open(
            InternetChecksum.PROTOCOL_VRRP, ifname, unicastPeers.isEmpty() ? VRRP_GROUP : null);
    try {
      this.packetSocket = PacketSocket.open(ifname);
    } catch (RuntimeException e) {
      socket.close();
      throw e;
    }
    this.drops = drops;
    this.receiver = new AdvertReceiver(true, List.of(rules), Set.<InetAddress>of(source), drops);
  }

  @Override
  public void reconfigure(InstanceConfig next, ReceiveRules rules) {
    this.receiver = new AdvertReceiver(true, List.of(rules), Set.<InetAddress>of(source), drops);
    this.config = next;
  }

  @Override
  public Event.AdvertReceived receive(int timeoutMs) {
    int n = socket.receive(receiveBuffer, timeoutMs, info);
    if (n <= 0) {
      return null;
    }
    Inet6Address from = info.source();
    Advert advert =
        receiver.receive(from, info.destination(), info.hopLimit(), receiveBuffer, 0, n);
    return advert == null
        ? null
        : new Event.AdvertReceived(advert.priority(), advert.advertIntervalCs(), from);
  }

  @Override
  public void send(Action.SendAdvert s) {
    Advert a = Advert.v3(config.vrid(), s.priority(), s.advertIntervalCs(), config.vips());
    for (Inet6Address dst : destinations) {
      int len = VrrpV3Packet.encode(a, sendBuffer, 0, source, dst, ChecksumMode.PSEUDO_HEADER);
      socket.send(sendBuffer, len, dst);
    }
  }

  /** Unsolicited neighbour adverts (Override flag), {@code repeat} per address. */
  @Override
  public void announce(Action.SendGarp g) {
    byte[] mac = packetSocket.hardwareAddress();
    for (int i = 0; i < g.repeat(); i++) {
      for (InetAddress address : g.addresses()) {
        if (address instanceof Inet6Address v6) {
          packetSocket.send(
              frameBuffer,
              UnsolicitedNa.encode(mac, v6, UnsolicitedNa.FLAG_OVERRIDE, frameBuffer, 0));
        }
      }
    }
  }

  @Override
  public String ifname() {
    return socket.ifname();
  }

  @Override
  public void close() {
    socket.close();
    packetSocket.close();
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
