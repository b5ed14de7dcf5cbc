package io.vigil.vrrp.io;

import io.vigil.kernel.socket.PacketSocket;
import io.vigil.kernel.socket.RawIpv6Socket;
import io.vigil.kernel.socket.Wakeup;
import io.vigil.vrrp.fsm.Action;
import io.vigil.vrrp.fsm.Event;
import io.vigil.vrrp.fsm.InstanceConfig;
import io.vigil.vrrp.wire.DropCounters;
import io.vigil.vrrp.wire.InternetChecksum;
import io.vigil.vrrp.wire.ReceiveRules;
import io.vigil.vrrp.wire.UnsolicitedNa;
import io.vigil.vrrp.wire.VrrpV3Packet;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * IPv6 (VRRPv3 only): raw protocol-112 socket (multicast ff02::12 or unicast peers) sending from
 * the interface's link-local address, unsolicited neighbour adverts on a packet socket.
 */
final class Ipv6Channel implements AdvertChannel {
  static final Inet6Address VRRP_GROUP = (Inet6Address) ip("ff02::12");

  private final Ipv6Adverts adverts;
  private final RawIpv6Socket socket;
  private final Wakeup wakeup;
  private final PacketSocket packetSocket;
  private final List<Inet6Address> destinations;
  private final byte[] receiveBuffer = new byte[65_536];
  private final EncodedAdverts<Inet6Address> encoded;
  private final byte[] frameBuffer = new byte[UnsolicitedNa.LENGTH];
  private final RawIpv6Socket.Received info = new RawIpv6Socket.Received();
  private final java.util.function.IntSupplier readNow; // one datagram, without waiting
  private final java.util.function.IntFunction<Event.AdvertReceived> validate;

  Ipv6Channel(
      InstanceConfig config,
      ReceiveRules rules,
      String ifname,
      Inet6Address group,
      List<Inet6Address> unicastPeers,
      int unicastTtl,
      DropCounters drops) {
    this.adverts = new Ipv6Adverts(config, rules, drops);
    Inet6Address g = group != null ? group : VRRP_GROUP;
    this.destinations = unicastPeers.isEmpty() ? List.of(g) : List.copyOf(unicastPeers);
    this.socket =
        RawIpv6Socket.open(
            InternetChecksum.PROTOCOL_VRRP,
            ifname,
            unicastPeers.isEmpty() ? g : null,
            unicastTtl,
            (Inet6Address) config.primaryAddress());
    try {
      this.packetSocket = PacketSocket.open(ifname);
    } catch (RuntimeException e) {
      socket.close();
      throw e;
    }
    this.wakeup = Wakeup.open(socket::close, packetSocket::close);
    socket.wakeUpWith(wakeup);
    this.readNow = () -> socket.receive(receiveBuffer, 0, info);
    this.encoded =
        new EncodedAdverts<>(
            destinations, VrrpV3Packet.length(255, 16), adverts::encode, socket::send);
    this.validate =
        n -> adverts.receive(info.source(), info.destination(), info.hopLimit(), receiveBuffer, n);
    // loads the announcement's encoder now rather than when this router first becomes master
    UnsolicitedNa.encode(
        packetSocket.hardwareAddress(), VRRP_GROUP, UnsolicitedNa.FLAG_OVERRIDE, frameBuffer, 0);
  }

  @Override
  public void reconfigure(InstanceConfig next, ReceiveRules rules) {
    adverts.reconfigure(next, rules);
    encoded.invalidate();
  }

  @Override
  public Event.AdvertReceived receive(long timeoutNs) {
    int n = socket.receiveWithin(receiveBuffer, timeoutNs, info);
    return n <= 0 ? null : validate.apply(n);
  }

  @Override
  public int receiveQueued(int limit, java.util.function.Consumer<Event.AdvertReceived> sink) {
    return AdvertChannel.drain(limit, readNow, validate, sink);
  }

  @Override
  public void send(Action.SendAdvert s) {
    encoded.send(s);
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
  public int receiveBuffer(ReceiveBuffer b) {
    int advert = VrrpV3Packet.length(adverts.config().vips().size(), 16);
    int bytes = b.bytes(advert, b.kind() == ReceiveBuffer.Kind.MTU ? packetSocket.mtu() : 0);
    return bytes == 0 ? 0 : socket.receiveBuffer(bytes);
  }

  @Override
  public String ifname() {
    return socket.ifname();
  }

  @Override
  public void wakeUp() {
    wakeup.wake();
  }

  @Override
  public void close() {
    socket.close();
    packetSocket.close();
    wakeup.close();
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
