package io.vigil.netlink.rtnl;

import io.vigil.netlink.AttrWriter;
import io.vigil.netlink.Attrs;
import io.vigil.netlink.NetlinkConnection.Message;
import io.vigil.netlink.NetlinkDecodeException;
import io.vigil.netlink.NlMsg;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * rtnetlink address and link messages, both ways. Requests are laid out as iproute2's {@code ip}
 * lays them out (golden tests compare the bytes): ifaddrmsg, IFA_LOCAL, IFA_ADDRESS of a peer,
 * IFA_BROADCAST, IFA_FLAGS (only when a flag above the header's 8 bits is set), IFA_LABEL,
 * IFA_ADDRESS (the local address again, without a peer), IFA_CACHEINFO (only for a limited
 * preferred lifetime). Addresses are network order (4 or 16 bytes); every other field is host
 * order.
 */
public final class RtnlCodec {
  private RtnlCodec() {}

  /** RTM_NEWADDR with NLM_F_CREATE | NLM_F_EXCL: adding an address that exists is EEXIST. */
  public static byte[] addAddress(IfAddress a) {
    boolean wide = (a.flags() & ~0xff) != 0;
    AttrWriter w =
        new AttrWriter(Rtnl.RTM_NEWADDR, NlMsg.F_CREATE | NlMsg.F_EXCL)
            .header(
                new IfAddrMsg(
                        a.family(), a.prefixLength(), wide ? 0 : a.flags(), a.scope(), a.index())
                    .encode());
    byte[] raw = a.address().getAddress();
    w.bytes(Rtnl.IFA_LOCAL, raw);
    if (a.peer() != null) {
      w.bytes(Rtnl.IFA_ADDRESS, a.peer().getAddress());
    }
    if (a.broadcast() != null) {
      w.bytes(Rtnl.IFA_BROADCAST, a.broadcast().getAddress());
    }
    if (wide) {
      w.u32(Rtnl.IFA_FLAGS, a.flags());
    }
    if (a.label() != null) {
      w.string(Rtnl.IFA_LABEL, a.label());
    }
    if (a.peer() == null) {
      w.bytes(Rtnl.IFA_ADDRESS, raw);
    }
    if (a.preferredLifetime() != IfAddress.FOREVER) {
      w.bytes(Rtnl.IFA_CACHEINFO, cacheinfo(a.preferredLifetime()));
    }
    return w.finish();
  }

  /** struct ifa_cacheinfo: preferred and valid lifetimes (valid: for ever), two time stamps. */
  private static byte[] cacheinfo(long preferred) {
    byte[] b = new byte[16];
    java.nio.ByteBuffer.wrap(b)
        .order(java.nio.ByteOrder.nativeOrder())
        .putInt(0, (int) preferred)
        .putInt(4, (int) IfAddress.FOREVER);
    return b;
  }

  /**
   * RTM_DELADDR naming the address by interface, local address and prefix, and its peer if it has
   * one (IPv4 matches IFA_ADDRESS against the address's peer: the local address there finds none).
   */
  public static byte[] deleteAddress(IfAddress a) {
    byte[] raw = a.address().getAddress();
    return new AttrWriter(Rtnl.RTM_DELADDR, 0)
        .header(new IfAddrMsg(a.family(), a.prefixLength(), 0, 0, a.index()).encode())
        .bytes(Rtnl.IFA_LOCAL, raw)
        .bytes(Rtnl.IFA_ADDRESS, a.peer() != null ? a.peer().getAddress() : raw)
        .finish();
  }

  /** RTM_GETADDR dump of every family. */
  public static byte[] dumpAddresses() {
    return new AttrWriter(Rtnl.RTM_GETADDR, NlMsg.F_DUMP)
        .header(new IfAddrMsg(Rtnl.AF_UNSPEC, 0, 0, 0, 0).encode())
        .finish();
  }

  /** RTM_GETLINK dump, as {@code ip link show} asks it. */
  public static byte[] dumpLinks() {
    return new AttrWriter(Rtnl.RTM_GETLINK, NlMsg.F_DUMP)
        .header(new IfInfoMsg(Rtnl.AF_PACKET, 0, 0, 0, 0).encode())
        .u32(Rtnl.IFLA_EXT_MASK, Rtnl.RTEXT_FILTER_VF)
        .finish();
  }

  /**
   * RTM_NEWLINK setting one IPv4 devconf value of a link (what {@code sysctl net.ipv4.conf.IF.NAME}
   * sets, without /proc/sys, which a unit's ProtectKernelTunables makes read only): IFLA_AF_SPEC {
   * AF_INET { IFLA_INET_CONF { PARAM: u32 } } }, byte for byte as keepalived 2.2.7 sends it for
   * promote_secondaries (golden/keepalived-promote-secondaries.hex).
   */
  public static byte[] setInetDevconf(int ifindex, int param, int value) {
    return setInetDevconf(ifindex, java.util.Map.of(param, value));
  }

  /**
   * The same for several values in one message, in the order given (keepalived 2.2.7's VMAC
   * settings, golden/keepalived-vmac.hex).
   */
  public static byte[] setInetDevconf(int ifindex, java.util.Map<Integer, Integer> values) {
    AttrWriter w =
        new AttrWriter(Rtnl.RTM_NEWLINK, 0)
            .header(new IfInfoMsg(Rtnl.AF_UNSPEC, 0, ifindex, 0, 0).encode())
            .beginPlain(Rtnl.IFLA_AF_SPEC)
            .beginPlain(Rtnl.AF_INET)
            .beginPlain(Rtnl.IFLA_INET_CONF);
    values.forEach(w::u32);
    return w.end().end().end().finish();
  }

  /**
   * RTM_NEWLINK with NLM_F_CREATE | NLM_F_EXCL: a macvlan link NAME in private mode on the link
   * {@code lowerIndex}, with the link-layer address {@code mac} (6 bytes); byte for byte as
   * keepalived 2.2.7 creates a VMAC (golden/keepalived-vmac.hex: strings without NUL, nests without
   * NLA_F_NESTED).
   */
  public static byte[] newMacvlan(String name, int lowerIndex, byte[] mac) {
    return new AttrWriter(Rtnl.RTM_NEWLINK, NlMsg.F_CREATE | NlMsg.F_EXCL)
        .header(new IfInfoMsg(Rtnl.AF_UNSPEC, 0, 0, 0, 0).encode())
        .beginPlain(Rtnl.IFLA_LINKINFO)
        .bytes(Rtnl.IFLA_INFO_KIND, ascii("macvlan"))
        .beginPlain(Rtnl.IFLA_INFO_DATA)
        .u32(Rtnl.IFLA_MACVLAN_MODE, Rtnl.MACVLAN_MODE_PRIVATE)
        .end()
        .end()
        .u32(Rtnl.IFLA_LINK, lowerIndex)
        .bytes(Rtnl.IFLA_IFNAME, ascii(name))
        .bytes(Rtnl.IFLA_ADDRESS, mac)
        .finish();
  }

  /**
   * RTM_NEWLINK with NLM_F_CREATE | NLM_F_EXCL: an ipvlan link NAME in L2 mode with {@code flags}
   * ({@link Rtnl#IFLA_IPVLAN_FLAGS}) on the link {@code lowerIndex}, made up; byte for byte as
   * keepalived 2.2.7 creates one for {@code use_ipvlan} (golden/keepalived-ipvlan.hex).
   */
  public static byte[] newIpvlan(String name, int lowerIndex, int flags) {
    return new AttrWriter(Rtnl.RTM_NEWLINK, NlMsg.F_CREATE | NlMsg.F_EXCL)
        .header(new IfInfoMsg(Rtnl.AF_UNSPEC, 0, 0, Rtnl.IFF_UP, Rtnl.IFF_UP).encode())
        .u32(Rtnl.IFLA_LINK, lowerIndex)
        .bytes(Rtnl.IFLA_IFNAME, ascii(name))
        .beginPlain(Rtnl.IFLA_LINKINFO)
        .bytes(Rtnl.IFLA_INFO_KIND, ascii("ipvlan"))
        .beginPlain(Rtnl.IFLA_INFO_DATA)
        .u16(Rtnl.IFLA_IPVLAN_MODE, Rtnl.IPVLAN_MODE_L2)
        .u16(Rtnl.IFLA_IPVLAN_FLAGS, flags)
        .end()
        .end()
        .finish();
  }

  /**
   * RTM_NEWADDR of an IPv6 address for a VMAC to send its adverts from: /64, IFA_F_NODAD, and
   * deprecated (preferred lifetime 0, valid for ever: the kernel picks it as no other traffic's
   * source); byte for byte as keepalived 2.2.7 adds the base interface's link-local address to an
   * IPv6 VMAC (golden/keepalived-vmac6.hex: IFA_CACHEINFO, IFA_LOCAL, IFA_FLAGS, no NLM_F_CREATE).
   */
  public static byte[] addVmacAddress(int ifindex, java.net.Inet6Address address) {
    return new AttrWriter(Rtnl.RTM_NEWADDR, 0)
        .header(new IfAddrMsg(Rtnl.AF_INET6, 64, 0, 0, ifindex).encode())
        .bytes(Rtnl.IFA_CACHEINFO, cacheinfo(0))
        .bytes(Rtnl.IFA_LOCAL, address.getAddress())
        .u32(Rtnl.IFA_FLAGS, IfAddress.F_NODAD)
        .finish();
  }

  /** RTM_NEWLINK setting a link's IPv6 address generation mode (IN6_ADDR_GEN_MODE_*). */
  public static byte[] setAddrGenMode(int ifindex, int mode) {
    return new AttrWriter(Rtnl.RTM_NEWLINK, 0)
        .header(new IfInfoMsg(Rtnl.AF_UNSPEC, 0, ifindex, 0, 0).encode())
        .beginPlain(Rtnl.IFLA_AF_SPEC)
        .beginPlain(Rtnl.AF_INET6)
        .u8(Rtnl.IFLA_INET6_ADDR_GEN_MODE, mode)
        .end()
        .end()
        .finish();
  }

  /** RTM_NEWLINK setting a link administratively up (IFF_UP in flags and change). */
  public static byte[] setLinkUp(int ifindex) {
    return new AttrWriter(Rtnl.RTM_NEWLINK, 0)
        .header(new IfInfoMsg(Rtnl.AF_UNSPEC, 0, ifindex, Rtnl.IFF_UP, Rtnl.IFF_UP).encode())
        .finish();
  }

  /** RTM_DELLINK of a link by index (family AF_INET, as keepalived 2.2.7 sends it). */
  public static byte[] deleteLink(int ifindex) {
    return new AttrWriter(Rtnl.RTM_DELLINK, 0)
        .header(new IfInfoMsg(Rtnl.AF_INET, 0, ifindex, 0, 0).encode())
        .finish();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** RTM_GETLINK of one link by name. */
  public static byte[] getLink(String name) {
    return new AttrWriter(Rtnl.RTM_GETLINK, 0)
        .header(new IfInfoMsg(Rtnl.AF_UNSPEC, 0, 0, 0, 0).encode())
        .string(Rtnl.IFLA_IFNAME, name)
        .finish();
  }

  /**
   * Decodes an RTM_NEWADDR / RTM_DELADDR message; null for a family other than IPv4 and IPv6. IPv4
   * names the interface's own address IFA_LOCAL (IFA_ADDRESS is the peer on point-to-point links);
   * IPv6 sends IFA_ADDRESS alone unless there is a peer. The lifetimes are not read: the address
   * comes back preferred {@link IfAddress#FOREVER}.
   */
  public static IfAddress decodeAddress(Message m) {
    int end = m.offset() + m.length();
    IfAddrMsg h = IfAddrMsg.decode(m.datagram(), m.payloadOffset(), end);
    if (h.family() != Rtnl.AF_INET && h.family() != Rtnl.AF_INET6) {
      return null;
    }
    byte[] local = null;
    byte[] address = null;
    byte[] broadcast = null;
    String label = null;
    int flags = h.flags();
    Attrs a = m.attrs(IfAddrMsg.LENGTH);
    while (a.next()) {
      switch (a.type()) {
        case Rtnl.IFA_LOCAL -> local = a.bytes();
        case Rtnl.IFA_ADDRESS -> address = a.bytes();
        case Rtnl.IFA_BROADCAST -> broadcast = a.bytes();
        case Rtnl.IFA_LABEL -> label = a.string();
        case Rtnl.IFA_FLAGS -> flags = a.u32();
        default -> {
          // cache info, multicast, protocol, ...: not needed
        }
      }
    }
    a.check();
    byte[] own = local != null ? local : address;
    if (own == null) {
      throw new NetlinkDecodeException("address message without an address");
    }
    byte[] peer =
        local != null && address != null && !java.util.Arrays.equals(local, address)
            ? address
            : null;
    try {
      return new IfAddress(
          h.index(),
          inet(own, h.family()),
          h.prefixLength(),
          label == null || label.isEmpty() ? null : label,
          h.scope(),
          broadcast == null ? null : inet(broadcast, h.family()),
          flags,
          peer == null ? null : inet(peer, h.family()),
          IfAddress.FOREVER);
    } catch (IllegalArgumentException e) {
      throw new NetlinkDecodeException("address message: " + e.getMessage());
    }
  }

  /** Decodes an RTM_NEWLINK / RTM_DELLINK message. */
  public static Link decodeLink(Message m) {
    int end = m.offset() + m.length();
    IfInfoMsg h = IfInfoMsg.decode(m.datagram(), m.payloadOffset(), end);
    String name = null;
    int oper = 0;
    int mtu = 0;
    String mac = null;
    String kind = null;
    int[] modeFlags = {0, 0, 0};
    int lower = 0;
    Attrs a = m.attrs(IfInfoMsg.LENGTH);
    while (a.next()) {
      switch (a.type()) {
        case Rtnl.IFLA_IFNAME -> name = a.string();
        case Rtnl.IFLA_OPERSTATE -> oper = a.u8();
        case Rtnl.IFLA_MTU -> mtu = a.u32();
        case Rtnl.IFLA_ADDRESS -> mac = mac(a.bytes());
        case Rtnl.IFLA_LINK -> lower = a.u32();
        case Rtnl.IFLA_LINKINFO -> kind = kind(a.nested(), modeFlags);
        default -> {
          // statistics, qdisc, link info, ...: not needed
        }
      }
    }
    a.check();
    if (name == null || h.index() <= 0) {
      throw new NetlinkDecodeException("link message without a name or index");
    }
    return new Link(
        h.index(),
        name,
        OperState.of(oper),
        h.flags(),
        mtu,
        mac,
        kind,
        lower,
        modeFlags[0],
        modeFlags[1],
        modeFlags[2] & 0xffffffffL);
  }

  /**
   * IFLA_LINKINFO's kind; a macvlan's or an ipvlan's mode and flags (IFLA_INFO_DATA: type 1 and 2
   * for both, u32 for a macvlan, u16 for an ipvlan) into {@code modeFlags}[0] and [1], a VRF's
   * table (IFLA_VRF_TABLE, type 1, u32) into [2].
   */
  private static String kind(Attrs info, int[] modeFlags) {
    String kind = null;
    Attrs data = null;
    while (info.next()) {
      if (info.type() == Rtnl.IFLA_INFO_KIND) {
        byte[] raw = info.bytes();
        int n = raw.length;
        while (n > 0 && raw[n - 1] == 0) {
          n--;
        }
        kind = new String(raw, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
      } else if (info.type() == Rtnl.IFLA_INFO_DATA) {
        data = info.nested();
      }
    }
    info.check();
    boolean macvlan = "macvlan".equals(kind);
    if (data != null && "vrf".equals(kind)) {
      while (data.next()) {
        if (data.type() == Rtnl.IFLA_VRF_TABLE) {
          modeFlags[2] = data.u32();
        }
      }
    } else if (data != null && (macvlan || "ipvlan".equals(kind))) {
      while (data.next()) {
        if (data.type() == Rtnl.IFLA_IPVLAN_MODE || data.type() == Rtnl.IFLA_IPVLAN_FLAGS) {
          modeFlags[data.type() - 1] = macvlan ? data.u32() : data.u16();
        }
      }
    }
    return kind;
  }

  static InetAddress inet(byte[] raw, int family) {
    int need = family == Rtnl.AF_INET ? 4 : 16;
    if (raw.length != need) {
      throw new NetlinkDecodeException(
          "address of " + raw.length + " bytes in a family " + family + " message");
    }
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new NetlinkDecodeException(e.getMessage());
    }
  }

  /** {@code 02:00:00:00:00:01}; null for an empty address. */
  static String mac(byte[] raw) {
    if (raw.length == 0) {
      return null;
    }
    StringBuilder sb = new StringBuilder(raw.length * 3);
    for (byte b : raw) {
      if (sb.length() > 0) {
        sb.append(':');
      }
      sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return sb.toString();
  }
}
