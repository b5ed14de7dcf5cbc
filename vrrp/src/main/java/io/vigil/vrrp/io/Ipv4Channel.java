package io.vigil.vrrp.io;

import io.vigil.kernel.socket.PacketSocket;
import io.vigil.kernel.socket.RawIpv4Socket;
import io.vigil.kernel.socket.Wakeup;
import io.vigil.vrrp.fsm.Action;
import io.vigil.vrrp.fsm.Event;
import io.vigil.vrrp.fsm.InstanceConfig;
import io.vigil.vrrp.wire.Advert;
import io.vigil.vrrp.wire.AdvertReceiver;
import io.vigil.vrrp.wire.AhSequence;
import io.vigil.vrrp.wire.ChecksumMode;
import io.vigil.vrrp.wire.DropCounters;
import io.vigil.vrrp.wire.GratuitousArp;
import io.vigil.vrrp.wire.InternetChecksum;
import io.vigil.vrrp.wire.IpsecAh;
import io.vigil.vrrp.wire.Ipv4Header;
import io.vigil.vrrp.wire.ReceiveRules;
import io.vigil.vrrp.wire.VrrpHeader;
import io.vigil.vrrp.wire.VrrpV2Packet;
import io.vigil.vrrp.wire.VrrpV3Packet;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * IPv4: raw protocol-112 socket (multicast, 224.0.0.18 unless configured otherwise, or unicast
 * peers), GARP on a packet socket. With {@code auth_type AH}: a protocol-51 socket that sends the
 * IPv4 header it is given, each advert stamped with the next IP identification and AH sequence
 * number and signed ({@link IpsecAh}).
 */
final class Ipv4Channel implements AdvertChannel {
  static final Inet4Address VRRP_GROUP = VrrpV3Packet.IPV4_GROUP;

  private InstanceConfig config;
  private ReceiveRules rules;
  private final RawIpv4Socket socket;
  private final Wakeup wakeup;
  private final PacketSocket packetSocket;
  private AdvertReceiver receiver;
  private final DropCounters drops;
  private final List<Inet4Address> destinations;
  private final Inet4Address source;
  private final Inet4Address oldGroup; // the old unicast checksum's destination
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Ipv4Channel.class);

  /** The checksum of the VRRPv3 adverts sent; the old unicast one once a peer's had it. */
  private ChecksumMode checksumMode;

  /**
   * keepalived's default for unicast VRRPv3: RFC 5798's checksum until a peer's advert has only the
   * old one ({@link ChecksumMode#OLD_UNICAST_MULTICAST_GROUP}), then the old one both ways.
   */
  private boolean detectOld;

  private final byte[] receiveBuffer = new byte[65_536];
  private final EncodedAdverts<Inet4Address> adverts;
  private final byte[] frameBuffer = new byte[GratuitousArp.LENGTH];
  private final java.util.function.IntSupplier readNow; // one datagram, without waiting
  private final java.util.function.IntFunction<Event.AdvertReceived> validate = this::validate;

  // auth_type AH (else null / unused): the sequence shared with the receiver, the signer, and what
  // the advert being sent is stamped with
  private final AhSequence ahSequence;
  private final IpsecAh signer;
  private final boolean unicast;
  private final int ttl;
  private int identification;
  private long sequence;

  Ipv4Channel(
      InstanceConfig config,
      ReceiveRules rules,
      String ifname,
      Inet4Address group,
      List<Inet4Address> unicastPeers,
      int unicastTtl,
      ChecksumMode checksumMode,
      boolean detectOldChecksum,
      Inet4Address oldChecksumGroup,
      DropCounters drops) {
    this.config = config;
    this.detectOld =
        detectOldChecksum && !unicastPeers.isEmpty() && checksumMode == ChecksumMode.PSEUDO_HEADER;
    this.rules = rules;
    this.source = (Inet4Address) config.primaryAddress();
    Inet4Address g = group != null ? group : VRRP_GROUP;
    // keepalived's global vrrp_mcast_group4, whatever the instance's own group
    this.oldGroup = oldChecksumGroup != null ? oldChecksumGroup : VRRP_GROUP;
    this.destinations = unicastPeers.isEmpty() ? List.of(g) : List.copyOf(unicastPeers);
    this.unicast = !unicastPeers.isEmpty();
    this.ttl = unicast ? unicastTtl : 255;
    boolean ah = rules.authType() == Advert.AUTH_AH;
    this.ahSequence = ah ? new AhSequence() : null;
    this.signer = ah ? new IpsecAh(rules.authData()) : null;
    this.socket =
        ah
            ? RawIpv4Socket.openHeaderIncluded(
                IpsecAh.PROTOCOL_AH, ifname, unicast ? null : g, source)
            : RawIpv4Socket.open(
                InternetChecksum.PROTOCOL_VRRP, ifname, unicast ? null : g, source, unicastTtl);
    try {
      this.packetSocket = PacketSocket.open(ifname);
    } catch (RuntimeException e) {
      socket.close();
      throw e;
    }
    this.wakeup = Wakeup.open(socket::close, packetSocket::close);
    socket.wakeUpWith(wakeup);
    this.drops = drops;
    this.receiver = receiver(rules);
    this.checksumMode = checksumMode;
    this.readNow = () -> socket.receive(receiveBuffer, 0);
    this.adverts =
        new EncodedAdverts<>(
            destinations,
            Ipv4Header.MIN_LENGTH + IpsecAh.LENGTH + VrrpV2Packet.length(255),
            this::encode,
            ah ? this::signAndSend : socket::send);
    // loads the announcement's encoder now rather than when this router first becomes master
    GratuitousArp.encode(packetSocket.hardwareAddress(), source, frameBuffer, 0);
  }

  private AdvertReceiver receiver(ReceiveRules r) {
    return new AdvertReceiver(
        false, List.of(r), Set.<InetAddress>of(source), drops, oldGroup, ahSequence);
  }

  @Override
  public void reconfigure(InstanceConfig next, ReceiveRules nextRules) {
    ReceiveRules r = oldChecksum(nextRules); // a switch to the old checksum outlives a reload
    this.receiver = receiver(r);
    this.config = next;
    this.rules = r;
    adverts.invalidate();
  }

  @Override
  public Event.AdvertReceived receive(long timeoutNs) {
    int n = socket.receiveWithin(receiveBuffer, timeoutNs);
    return n <= 0 ? null : validate(n);
  }

  @Override
  public int receiveQueued(int limit, java.util.function.Consumer<Event.AdvertReceived> sink) {
    return AdvertChannel.drain(limit, readNow, validate, sink);
  }

  private Event.AdvertReceived validate(int n) {
    if (detectOld && oldChecksumOnly(n)) {
      // keepalived 2.2.7 (vrrp.c): the old checksum from now on, sent and accepted
      detectOld = false;
      checksumMode = ChecksumMode.OLD_UNICAST_MULTICAST_GROUP;
      rules = oldChecksum(rules);
      receiver = receiver(rules);
      adverts.invalidate();
      log.info("({}) Setting unicast VRRPv3 checksum to old version", config.name());
    }
    Advert advert = receiver.receiveIpv4(receiveBuffer, 0, n);
    if (advert == null) {
      return null;
    }
    return new Event.AdvertReceived(
        advert.priority(), advert.advertIntervalCs(), Ipv4Header.source(receiveBuffer, 0));
  }

  /**
   * Whether the datagram is a VRRPv3 advert sent unicast whose checksum is the old one and not RFC
   * 5798's.
   */
  private boolean oldChecksumOnly(int n) {
    byte[] b = receiveBuffer;
    if (n < Ipv4Header.MIN_LENGTH || Ipv4Header.version(b, 0) != 4) {
      return false;
    }
    int h = Ipv4Header.headerLength(b, 0);
    int total = Ipv4Header.totalLength(b, 0);
    if (h < Ipv4Header.MIN_LENGTH || total > n || total - h < VrrpV3Packet.length(0, 4)) {
      return false;
    }
    if (VrrpHeader.version(b, h) != VrrpV3Packet.VERSION) {
      return false;
    }
    Inet4Address from = Ipv4Header.source(b, 0);
    Inet4Address to = Ipv4Header.destination(b, 0);
    int len = total - h;
    return !to.equals(oldGroup)
        && VrrpV3Packet.checksum(b, h, len, from, to, ChecksumMode.PSEUDO_HEADER) != 0
        && VrrpV3Packet.checksum(
                b, h, len, from, to, ChecksumMode.OLD_UNICAST_MULTICAST_GROUP, oldGroup)
            == 0;
  }

  private ReceiveRules oldChecksum(ReceiveRules r) {
    return checksumMode == ChecksumMode.OLD_UNICAST_MULTICAST_GROUP
        ? r.withChecksumModes(Set.of(ChecksumMode.OLD_UNICAST_MULTICAST_GROUP))
        : r;
  }

  @Override
  public void send(Action.SendAdvert s) {
    if (signer != null) {
      // one identification and sequence number per advert, whatever the number of peers (as
      // keepalived); an identification of 0 would be the kernel's to choose, after the signature
      identification = identification == 0xffff ? 1 : identification + 1;
      sequence = ahSequence.next();
    }
    adverts.send(s);
  }

  private void signAndSend(byte[] packet, int len, Inet4Address dst) {
    signer.sign(packet, 0, len, identification, sequence, unicast);
    socket.send(packet, len, dst);
  }

  @Override
  public int receiveBuffer(ReceiveBuffer b) {
    int count = config.vips().size();
    int advert =
        Ipv4Header.MIN_LENGTH
            + (signer != null ? IpsecAh.LENGTH : 0)
            + (config.version() == 2 ? VrrpV2Packet.length(count) : VrrpV3Packet.length(count, 4));
    int bytes = b.bytes(advert, b.kind() == ReceiveBuffer.Kind.MTU ? packetSocket.mtu() : 0);
    return bytes == 0 ? 0 : socket.receiveBuffer(bytes);
  }

  private int encode(Action.SendAdvert s, Inet4Address dst, byte[] into) {
    if (signer != null) {
      Advert a = Advert.v2(config.vrid(), s.priority(), s.advertIntervalCs() / 100, config.vips());
      return IpsecAh.encodeAdvert(a, source, dst, ttl, into, 0);
    }
    if (config.version() == 2) {
      Advert a =
          new Advert(
              2,
              config.vrid(),
              s.priority(),
              s.advertIntervalCs(),
              rules.authType(),
              rules.authData(),
              config.vips());
      return VrrpV2Packet.encode(a, into, 0);
    }
    Advert a = Advert.v3(config.vrid(), s.priority(), s.advertIntervalCs(), config.vips());
    return VrrpV3Packet.encode(a, into, 0, source, dst, checksumMode, oldGroup);
  }

  /** Gratuitous ARPs in keepalived's form, {@code repeat} per address, back to back. */
  @Override
  public void announce(Action.SendGarp g) {
    byte[] mac = packetSocket.hardwareAddress();
    for (int i = 0; i < g.repeat(); i++) {
      for (InetAddress address : g.addresses()) {
        if (address instanceof Inet4Address v4) {
          packetSocket.send(frameBuffer, GratuitousArp.encode(mac, v4, frameBuffer, 0));
        }
      }
    }
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
}
