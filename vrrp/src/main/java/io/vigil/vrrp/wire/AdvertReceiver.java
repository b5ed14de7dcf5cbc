package io.vigil.vrrp.wire;

import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Receive validation for one interface and address family: a packet either comes out as an {@link
 * Advert} for a configured VRID, or is dropped and counted in {@link DropCounters} by reason. No
 * exception and no log line per packet: the input is untrusted and may come at line rate.
 *
 * <p>Checks, in order: own advert looped back; at least the fixed header; VRID configured; TTL /
 * hop limit (255, or a unicast peer's range); unicast source listed; version; type; length against
 * the address count; checksum; not the address owner; VRRPv2 auth type and password; VRRPv2
 * interval equal to ours (VRRPv3: not zero); address count and list unless the sender is the owner
 * (priority 255, RFC 5798 §7.1). An advert inside an IPsec Authentication Header (VRRPv2 {@code
 * auth_type AH}) has its ICV, SPI (the source) and sequence number checked where a password would
 * be; AH is accepted only by an instance that has it, and such an instance accepts nothing else.
 */
public final class AdvertReceiver {
  private final boolean ipv6;
  private final InetAddress oldChecksumGroup;
  private final ReceiveRules[] rulesByVrid = new ReceiveRules[256];
  private final InetAddress[] lastAcceptedFrom = new InetAddress[256];
  private final Set<InetAddress> ownAddresses;
  private final DropCounters drops;
  private final IpsecAh[] ahByVrid = new IpsecAh[256];
  private final AhSequence ahSequence;

  /**
   * @param ipv6 the family of the socket this receiver serves
   * @param rules one per configured VRID of that family on the interface
   * @param ownAddresses our own source addresses: adverts from them are our own, looped back
   */
  public AdvertReceiver(
      boolean ipv6,
      Collection<ReceiveRules> rules,
      Set<InetAddress> ownAddresses,
      DropCounters drops) {
    this(ipv6, rules, ownAddresses, drops, VrrpV3Packet.IPV4_GROUP);
  }

  /**
   * As {@link #AdvertReceiver(boolean, Collection, Set, DropCounters)}; {@code oldChecksumGroup}:
   * the group {@link ChecksumMode#OLD_UNICAST_MULTICAST_GROUP} checksums are computed over
   * (keepalived's global {@code vrrp_mcast_group4}).
   */
  public AdvertReceiver(
      boolean ipv6,
      Collection<ReceiveRules> rules,
      Set<InetAddress> ownAddresses,
      DropCounters drops,
      InetAddress oldChecksumGroup) {
    this(ipv6, rules, ownAddresses, drops, oldChecksumGroup, null);
  }

  /**
   * As {@link #AdvertReceiver(boolean, Collection, Set, DropCounters, InetAddress)} for one
   * instance with {@code auth_type AH}: its sequence number, shared with what it sends.
   */
  public AdvertReceiver(
      boolean ipv6,
      Collection<ReceiveRules> rules,
      Set<InetAddress> ownAddresses,
      DropCounters drops,
      InetAddress oldChecksumGroup,
      AhSequence ahSequence) {
    this.oldChecksumGroup = oldChecksumGroup;
    this.ahSequence = ahSequence;
    this.ipv6 = ipv6;
    for (ReceiveRules r : rules) {
      if (r.ipv6() != ipv6) {
        throw new IllegalArgumentException("rules of the other family: " + r);
      }
      if (rulesByVrid[r.vrid()] != null) {
        throw new IllegalArgumentException("VRID " + r.vrid() + " configured twice");
      }
      rulesByVrid[r.vrid()] = r;
      if (r.authType() == Advert.AUTH_AH) {
        if (ahSequence == null || rules.size() != 1) {
          throw new IllegalArgumentException("AH: one instance's rules and its sequence: " + r);
        }
        ahByVrid[r.vrid()] = new IpsecAh(r.authData());
      }
    }
    this.ownAddresses = Set.copyOf(ownAddresses);
    this.drops = drops;
  }

  public DropCounters drops() {
    return drops;
  }

  /**
   * Validates an IPv4 datagram as a raw IPv4 socket returns it, IP header first: protocol 112, or
   * 51 (an IPsec Authentication Header, then VRRP).
   *
   * @return the advert, or null when dropped (and counted)
   */
  public Advert receiveIpv4(byte[] b, int off, int len) {
    int protocol = len < Ipv4Header.MIN_LENGTH ? -1 : Ipv4Header.protocol(b, off);
    if (ipv6
        || len < Ipv4Header.MIN_LENGTH
        || Ipv4Header.version(b, off) != 4
        || (protocol != InternetChecksum.PROTOCOL_VRRP && protocol != IpsecAh.PROTOCOL_AH)) {
      return drop(DropReason.IP_HEADER);
    }
    int headerLength = Ipv4Header.headerLength(b, off);
    int totalLength = Ipv4Header.totalLength(b, off);
    if (headerLength < Ipv4Header.MIN_LENGTH || totalLength < headerLength || totalLength > len) {
      return drop(DropReason.IP_HEADER);
    }
    int vrrp = off + headerLength;
    int vrrpLength = totalLength - headerLength;
    boolean ah = protocol == IpsecAh.PROTOCOL_AH;
    if (ah) {
      if (vrrpLength < IpsecAh.LENGTH
          || IpsecAh.nextHeader(b, vrrp) != InternetChecksum.PROTOCOL_VRRP) {
        return drop(DropReason.IP_HEADER);
      }
      vrrp += IpsecAh.LENGTH;
      vrrpLength -= IpsecAh.LENGTH;
    }
    return receive(
        Ipv4Header.source(b, off),
        Ipv4Header.destination(b, off),
        Ipv4Header.ttl(b, off),
        b,
        vrrp,
        vrrpLength,
        ah ? off : -1);
  }

  /**
   * Validates a VRRP message (the IP payload) received from {@code source} to {@code destination}
   * with that TTL / hop limit.
   *
   * @return the advert, or null when dropped (and counted)
   */
  public Advert receive(
      InetAddress source, InetAddress destination, int ttl, byte[] b, int off, int len) {
    return receive(source, destination, ttl, b, off, len, -1);
  }

  /**
   * As {@link #receive(InetAddress, InetAddress, int, byte[], int, int)}; {@code ahDatagram}: where
   * the IPv4 datagram that carried the message in an Authentication Header starts, or -1.
   */
  private Advert receive(
      InetAddress source,
      InetAddress destination,
      int ttl,
      byte[] b,
      int off,
      int len,
      int ahDatagram) {
    if (source.getAddress().length != (ipv6 ? 16 : 4)
        || destination.getAddress().length != source.getAddress().length) {
      return drop(DropReason.IP_HEADER);
    }
    if (ownAddresses.contains(source)) {
      return drop(DropReason.OWN_ADVERT);
    }
    if (len < VrrpHeader.FIXED_LENGTH) {
      return drop(DropReason.TOO_SHORT);
    }
    int vrid = VrrpHeader.vrid(b, off);
    ReceiveRules rules = rulesByVrid[vrid];
    if (rules == null) {
      drops.unknownVrid(vrid, source);
      return null;
    }
    if (rules.unicastPeers().isEmpty()) {
      if (ttl < rules.minTtl() || ttl > rules.maxTtl()) {
        return drop(DropReason.TTL);
      }
    } else {
      // unicast: a listed peer, with a TTL in its range (RFC 5798 §7.1's 255 is for multicast)
      ReceiveRules.TtlRange range = rules.unicastPeers().get(source);
      if (range == null) {
        // another local instance's peer (a duplicate VRID of unicast instances): its advert
        return rules.ignoredSources().contains(source) ? null : drop(DropReason.UNICAST_SOURCE);
      }
      if (!range.contains(ttl)) {
        return drop(DropReason.TTL);
      }
    }
    int version = VrrpHeader.version(b, off);
    if (version != rules.version() || (ipv6 && version == VrrpV2Packet.VERSION)) {
      return drop(DropReason.VERSION);
    }
    if (VrrpHeader.type(b, off) != VrrpHeader.TYPE_ADVERTISEMENT) {
      return drop(DropReason.TYPE);
    }
    int count = VrrpHeader.countAddrs(b, off);
    int addressLength = ipv6 ? 16 : 4;
    int expected =
        version == VrrpV2Packet.VERSION
            ? VrrpV2Packet.length(count)
            : VrrpV3Packet.length(count, addressLength);
    if (len != expected) {
      return drop(DropReason.LENGTH);
    }
    if (!checksumOk(rules, version, source, destination, b, off, len)) {
      return drop(DropReason.CHECKSUM);
    }
    if (rules.localOwner()) {
      return drop(DropReason.LOCAL_OWNER);
    }
    boolean viaAh = ahDatagram >= 0;
    if (version == VrrpV2Packet.VERSION) {
      if (VrrpV2Packet.authType(b, off) != rules.authType()
          || viaAh != (rules.authType() == Advert.AUTH_AH)) {
        return drop(DropReason.AUTH_TYPE);
      }
      if (viaAh) {
        DropReason bad = authenticationHeader(rules, source, b, ahDatagram);
        if (bad != null) {
          return drop(bad);
        }
      }
      if (rules.authType() == Advert.AUTH_PASS
          && !rules.authDataMatches(b, off + VrrpV2Packet.authDataOffset(count))) {
        return drop(DropReason.AUTH_DATA);
      }
      if (VrrpV2Packet.adverIntS(b, off) * 100 != rules.advertIntervalCs()) {
        return drop(DropReason.INTERVAL);
      }
    } else if (viaAh) {
      return drop(DropReason.AUTH_TYPE); // keepalived: VRRPv3 has no authentication
    } else if (VrrpV3Packet.maxAdverIntCs(b, off) == 0) {
      return drop(DropReason.INTERVAL);
    }
    Advert advert =
        version == VrrpV2Packet.VERSION
            ? VrrpV2Packet.decode(b, off)
            : VrrpV3Packet.decode(b, off, addressLength);
    boolean skip =
        rules.addressCheck() == ReceiveRules.AddressCheck.NOT_FROM_LAST_SOURCE
            && source.equals(lastAcceptedFrom[vrid]);
    if (!skip && advert.priority() != 255) {
      List<InetAddress> vips = rules.virtualAddresses();
      if (count != vips.size()) {
        return drop(DropReason.ADDRESS_COUNT);
      }
      if (!advert.addresses().containsAll(vips)) {
        return drop(DropReason.ADDRESS_LIST);
      }
    }
    lastAcceptedFrom[vrid] = source;
    return advert;
  }

  /**
   * keepalived's checks of an Authentication Header, in its order: the ICV (the TTL left out of it
   * in unicast mode), the SPI is the source address, the sequence number is new (then the highest).
   */
  private DropReason authenticationHeader(
      ReceiveRules rules, InetAddress source, byte[] b, int datagram) {
    int total = Ipv4Header.totalLength(b, datagram);
    if (!ahByVrid[rules.vrid()].verify(b, datagram, total, !rules.unicastPeers().isEmpty())) {
      return DropReason.AUTH_DATA;
    }
    int ah = datagram + Ipv4Header.headerLength(b, datagram);
    if (!java.util.Arrays.equals(
        b, ah + IpsecAh.SPI_OFFSET, ah + IpsecAh.SEQUENCE_OFFSET, source.getAddress(), 0, 4)) {
      return DropReason.AUTH_DATA;
    }
    return ahSequence.accept(IpsecAh.sequence(b, ah)) ? null : DropReason.AH_SEQUENCE;
  }

  private boolean checksumOk(
      ReceiveRules rules,
      int version,
      InetAddress source,
      InetAddress destination,
      byte[] b,
      int off,
      int len) {
    if (version == VrrpV2Packet.VERSION) {
      return VrrpV2Packet.checksum(b, off, len) == 0;
    }
    if (rules.ipv6()) {
      return VrrpV3Packet.checksum(b, off, len, source, destination, ChecksumMode.PSEUDO_HEADER)
          == 0;
    }
    for (ChecksumMode mode : rules.checksumModes()) {
      if (VrrpV3Packet.checksum(b, off, len, source, destination, mode, oldChecksumGroup) == 0) {
        return true;
      }
    }
    return false;
  }

  private Advert drop(DropReason reason) {
    drops.increment(reason);
    return null;
  }
}
