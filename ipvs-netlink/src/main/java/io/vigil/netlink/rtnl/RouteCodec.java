package io.vigil.netlink.rtnl;

import io.vigil.netlink.AttrWriter;
import io.vigil.netlink.Attrs;
import io.vigil.netlink.NetlinkConnection.Message;
import io.vigil.netlink.NetlinkDecodeException;
import io.vigil.netlink.NlMsg;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * rtnetlink route and rule messages, both ways. Requests are laid out as iproute2's {@code ip
 * route} and {@code ip rule} lay them out for the same words in this order (golden tests compare
 * the bytes):
 *
 * <pre>
 * route: rtmsg, RTA_DST, RTA_SRC, RTA_PRIORITY, RTA_GATEWAY | RTA_VIA, RTA_PREFSRC, RTA_TABLE
 *        (table above 255), RTA_FLOW, RTA_ENCAP + RTA_ENCAP_TYPE, RTA_OIF, RTA_PREF, RTA_EXPIRES, RTA_METRICS (RTAX_*
 *        ascending, then RTAX_LOCK), RTA_MULTIPATH (each struct rtnexthop followed by its
 *        RTA_GATEWAY | RTA_VIA and RTA_FLOW), as {@code ip route add DST from .. metric .. via ..
 *        src .. table .. realms .. dev .. METRICS nexthop via .. dev .. weight .. realms ..}
 * rule:  fib_rule_hdr, FRA_SRC, FRA_DST, FRA_FWMARK, FRA_FWMASK, FRA_IIFNAME, FRA_OIFNAME,
 *        FRA_IP_PROTO, FRA_SPORT_RANGE, FRA_DPORT_RANGE, FRA_UID_RANGE, FRA_PRIORITY, FRA_TABLE
 *        (above 255) | FRA_GOTO, FRA_PROTOCOL, as {@code ip rule add from .. to .. fwmark ..
 *        iif .. oif .. ipproto .. sport .. dport .. uidrange .. priority .. table|goto .. proto ..}
 * </pre>
 *
 * RTA_METRICS is not flagged nested (iproute2 and the kernel's own dumps leave NLA_F_NESTED off).
 * Addresses are network order; every other field is host order (port and uid ranges included).
 */
public final class RouteCodec {
  private RouteCodec() {}

  /**
   * RTM_NEWROUTE with NLM_F_CREATE and {@code modeFlags}: none is iproute2's {@code prepend}
   * (keepalived's default; an identical route is EEXIST), {@link NlMsg#F_EXCL} {@code add}, {@link
   * NlMsg#F_APPEND} {@code append}, {@link NlMsg#F_REPLACE} {@code replace}.
   */
  public static byte[] newRoute(Route r, int modeFlags) {
    AttrWriter w =
        new AttrWriter(Rtnl.RTM_NEWROUTE, NlMsg.F_CREATE | modeFlags)
            .header(header(r, r.scope(), r.type()).encode());
    selectors(w, r);
    if (r.pref() >= 0) {
      w.u8(Rtnl.RTA_PREF, r.pref());
    }
    if (r.expires() >= 0) {
      w.u32(Rtnl.RTA_EXPIRES, (int) r.expires());
    }
    if (!r.metrics().isEmpty() || r.congctl() != null) {
      byte[] cc = r.congctl() == null ? new byte[0] : r.congctl().getBytes(StandardCharsets.UTF_8);
      ByteBuffer m =
          ByteBuffer.allocate(8 * (r.metrics().size() + 2) + cc.length)
              .order(ByteOrder.nativeOrder());
      r.metrics().headMap(Rtnl.RTAX_CC_ALGO).forEach((k, x) -> metric(m, k, x));
      if (r.congctl() != null) {
        m.putShort((short) (4 + cc.length)).putShort((short) Rtnl.RTAX_CC_ALGO).put(cc);
        m.position((m.position() + 3) & ~3); // as ip sends it: no NUL, padded to 4 bytes
      }
      r.metrics().tailMap(Rtnl.RTAX_CC_ALGO).forEach((k, x) -> metric(m, k, x));
      if (r.lock() != 0) {
        metric(m, Rtnl.RTAX_LOCK, r.lock() & 0xffffffffL);
      }
      byte[] raw = new byte[m.position()];
      m.flip().get(raw);
      w.bytes(Rtnl.RTA_METRICS, raw);
    }
    multipath(w, r);
    return w.finish();
  }

  /**
   * RTA_ENCAP (nested, flagged so as ip sends it: MPLS_IPTUNNEL_DST, ILA_ATTR_LOCATOR, or the IP
   * attributes) then RTA_ENCAP_TYPE.
   */
  private static void encap(AttrWriter w, Route.Encap e) {
    w.begin(Rtnl.RTA_ENCAP);
    if (e.type() == Rtnl.LWTUNNEL_ENCAP_MPLS) {
      // each entry: label << 12, the bottom-of-stack bit (0x100) on the last, TTL 0
      ByteBuffer stack = ByteBuffer.allocate(4 * e.labels().size());
      for (int i = 0; i < e.labels().size(); i++) {
        stack.putInt(e.labels().get(i) << 12 | (i == e.labels().size() - 1 ? 0x100 : 0));
      }
      w.bytes(Rtnl.MPLS_IPTUNNEL_DST, stack.array());
    } else if (e.type() == Rtnl.LWTUNNEL_ENCAP_ILA) {
      w.bytes(Rtnl.ILA_ATTR_LOCATOR, ByteBuffer.allocate(8).putLong(e.locator()).array());
    } else {
      ipEncap(w, e);
    }
    w.end();
    w.u16(Rtnl.RTA_ENCAP_TYPE, e.type());
  }

  /** LWTUNNEL_IP_ID, _DST, _SRC, _TOS, _TTL, _FLAGS, as set. */
  private static void ipEncap(AttrWriter w, Route.Encap e) {
    if (e.id() != null) {
      w.bytes(Rtnl.LWTUNNEL_IP_ID, ByteBuffer.allocate(8).putLong(e.id()).array());
    }
    if (e.dst() != null) {
      w.bytes(Rtnl.LWTUNNEL_IP_DST, e.dst().getAddress());
    }
    if (e.src() != null) {
      w.bytes(Rtnl.LWTUNNEL_IP_SRC, e.src().getAddress());
    }
    if (e.tos() >= 0) {
      w.u8(Rtnl.LWTUNNEL_IP_TOS, e.tos());
    }
    if (e.ttl() >= 0) {
      w.u8(Rtnl.LWTUNNEL_IP_TTL, e.ttl());
    }
    if (e.flags() >= 0) {
      w.u16(Rtnl.LWTUNNEL_IP_FLAGS, e.flags());
    }
  }

  private static Route.Encap encap(int type, byte[] raw) {
    if (type == Rtnl.LWTUNNEL_ENCAP_MPLS) {
      List<Integer> labels = new ArrayList<>();
      Attrs a = new Attrs(ByteBuffer.wrap(raw), 0, raw.length);
      while (a.next()) {
        if (a.type() == Rtnl.MPLS_IPTUNNEL_DST) {
          ByteBuffer b = ByteBuffer.wrap(a.bytes());
          while (b.remaining() >= 4) {
            labels.add(b.getInt() >>> 12);
          }
        }
      }
      a.check();
      return Route.Encap.mpls(labels);
    }
    if (type == Rtnl.LWTUNNEL_ENCAP_ILA) {
      Long locator = null;
      Attrs a = new Attrs(ByteBuffer.wrap(raw), 0, raw.length);
      while (a.next()) {
        if (a.type() == Rtnl.ILA_ATTR_LOCATOR) {
          locator = ByteBuffer.wrap(a.bytes()).getLong();
        }
      }
      a.check();
      return locator == null ? null : Route.Encap.ila(locator);
    }
    if (type != Rtnl.LWTUNNEL_ENCAP_IP && type != Rtnl.LWTUNNEL_ENCAP_IP6) {
      return null; // seg6, bpf, ...: not modelled
    }
    int family = type == Rtnl.LWTUNNEL_ENCAP_IP ? Rtnl.AF_INET : Rtnl.AF_INET6;
    Long id = null;
    InetAddress dst = null;
    InetAddress src = null;
    int tos = -1;
    int ttl = -1;
    int flags = -1;
    Attrs a = new Attrs(ByteBuffer.wrap(raw), 0, raw.length);
    while (a.next()) {
      switch (a.type()) {
        case Rtnl.LWTUNNEL_IP_ID -> id = ByteBuffer.wrap(a.bytes()).getLong();
        case Rtnl.LWTUNNEL_IP_DST -> dst = RtnlCodec.inet(a.bytes(), family);
        case Rtnl.LWTUNNEL_IP_SRC -> src = RtnlCodec.inet(a.bytes(), family);
        case Rtnl.LWTUNNEL_IP_TOS -> tos = a.u8();
        case Rtnl.LWTUNNEL_IP_TTL -> ttl = a.u8();
        case Rtnl.LWTUNNEL_IP_FLAGS -> flags = a.u16();
        default -> {
          // options: not modelled
        }
      }
    }
    a.check();
    return new Route.Encap(type, id, dst, src, tos, ttl, flags);
  }

  /** struct rtnexthop: its length, flags, hops (the weight less one) and interface index. */
  private static final int RTNH_LENGTH = 8;

  private static void multipath(AttrWriter w, Route r) {
    if (r.nexthops().isEmpty()) {
      return;
    }
    List<byte[]> encaps = new ArrayList<>();
    int size = 0;
    for (Route.Nexthop n : r.nexthops()) {
      byte[] e = n.encap() == null ? new byte[0] : encapAttributes(n.encap());
      encaps.add(e);
      size += RTNH_LENGTH + 2 * 4 + 20 + 8 + e.length;
    }
    ByteBuffer m = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    for (int i = 0; i < r.nexthops().size(); i++) {
      Route.Nexthop n = r.nexthops().get(i);
      int start = m.position();
      m.position(start + RTNH_LENGTH);
      if (n.gateway() != null) {
        byte[] a = n.gateway().getAddress();
        if (family(n.gateway()) == r.family()) {
          m.putShort((short) (4 + a.length)).putShort((short) Rtnl.RTA_GATEWAY).put(a);
        } else {
          m.putShort((short) (6 + a.length)).putShort((short) Rtnl.RTA_VIA);
          m.putShort((short) family(n.gateway())).put(a);
          m.position((m.position() + 3) & ~3);
        }
      }
      if (n.realms() >= 0) {
        m.putShort((short) 8).putShort((short) Rtnl.RTA_FLOW).putInt((int) n.realms());
      }
      m.put(encaps.get(i)); // after the gateway and realms, as keepalived and ip write them
      m.putShort(start, (short) (m.position() - start));
      m.put(start + 2, (byte) n.flags());
      m.put(start + 3, (byte) (n.weight() - 1));
      m.putInt(start + 4, n.ifindex());
    }
    byte[] raw = new byte[m.position()];
    m.flip().get(raw);
    w.bytes(Rtnl.RTA_MULTIPATH, raw);
  }

  /**
   * A next hop's RTA_ENCAP and RTA_ENCAP_TYPE, as {@link #encap(AttrWriter, Route.Encap)} writes
   * them.
   */
  private static byte[] encapAttributes(Route.Encap e) {
    AttrWriter w = new AttrWriter(0, 0);
    encap(w, e);
    byte[] message = w.finish();
    return java.util.Arrays.copyOfRange(message, NlMsg.HEADER_LENGTH, message.length);
  }

  private static List<Route.Nexthop> nexthops(byte[] raw, int family) {
    List<Route.Nexthop> hops = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
    int off = 0;
    while (off + RTNH_LENGTH <= raw.length) {
      int len = b.getShort(off) & 0xffff;
      if (len < RTNH_LENGTH || off + len > raw.length) {
        throw new NetlinkDecodeException("rtnexthop of " + len + " bytes at " + off);
      }
      InetAddress gateway = null;
      long realms = -1;
      byte[] encap = null;
      int encapType = 0;
      Attrs a = new Attrs(b, off + RTNH_LENGTH, off + len);
      while (a.next()) {
        switch (a.type()) {
          case Rtnl.RTA_GATEWAY -> gateway = RtnlCodec.inet(a.bytes(), family);
          case Rtnl.RTA_VIA -> gateway = via(a.bytes());
          case Rtnl.RTA_FLOW -> realms = a.u32() & 0xffffffffL;
          case Rtnl.RTA_ENCAP -> encap = a.bytes();
          case Rtnl.RTA_ENCAP_TYPE -> encapType = a.u16();
          default -> {
            // not modelled
          }
        }
      }
      a.check();
      hops.add(
          new Route.Nexthop(
              gateway,
              b.getInt(off + 4),
              (b.get(off + 3) & 0xff) + 1,
              b.get(off + 2) & 0xff,
              realms,
              encap == null ? null : encap(encapType, encap)));
      off += (len + 3) & ~3;
    }
    return hops;
  }

  /**
   * RTM_DELROUTE naming the route as {@code ip route del} does: scope nowhere (IPv4; IPv6 has no
   * route scopes and ip sends 0), the type only when not unicast, the protocol, and the
   * destination, source, metric, gateway, preferred source, table and device.
   */
  public static byte[] deleteRoute(Route r) {
    int scope = r.family() == Rtnl.AF_INET ? Rtnl.RT_SCOPE_NOWHERE : Rtnl.RT_SCOPE_UNIVERSE;
    AttrWriter w =
        new AttrWriter(Rtnl.RTM_DELROUTE, 0)
            .header(header(r, scope, r.type() == Rtnl.RTN_UNICAST ? 0 : r.type()).encode());
    selectors(w, r);
    multipath(w, r);
    return w.finish();
  }

  /** RTM_GETROUTE dump of one family, every table, as {@code ip -4|-6 route show table all}. */
  public static byte[] dumpRoutes(int family) {
    return new AttrWriter(Rtnl.RTM_GETROUTE, NlMsg.F_DUMP)
        .header(new RtMsg(family, 0, 0, 0, 0, 0, 0, 0, 0).encode())
        .finish();
  }

  private static RtMsg header(Route r, int scope, int type) {
    return new RtMsg(
        r.family(),
        r.dstLen(),
        r.from() == null ? 0 : r.fromLen(),
        r.tos(),
        r.table() < 256 ? (int) r.table() : Rtnl.RT_TABLE_UNSPEC,
        r.protocol(),
        scope,
        type,
        r.flags());
  }

  private static void selectors(AttrWriter w, Route r) {
    w.bytes(Rtnl.RTA_DST, r.dst().getAddress());
    if (r.from() != null) {
      w.bytes(Rtnl.RTA_SRC, r.from().getAddress());
    }
    if (r.priority() >= 0) {
      w.u32(Rtnl.RTA_PRIORITY, (int) r.priority());
    }
    if (r.gateway() != null) {
      if (family(r.gateway()) == r.family()) {
        w.bytes(Rtnl.RTA_GATEWAY, r.gateway().getAddress());
      } else { // struct rtvia: the family (u16, host order), then the address
        byte[] a = r.gateway().getAddress();
        ByteBuffer v = ByteBuffer.allocate(2 + a.length).order(ByteOrder.nativeOrder());
        v.putShort((short) family(r.gateway())).put(a);
        w.bytes(Rtnl.RTA_VIA, v.array());
      }
    }
    if (r.prefSrc() != null) {
      w.bytes(Rtnl.RTA_PREFSRC, r.prefSrc().getAddress());
    }
    if (r.table() >= 256) {
      w.u32(Rtnl.RTA_TABLE, (int) r.table());
    }
    if (r.realms() >= 0) {
      w.u32(Rtnl.RTA_FLOW, (int) r.realms());
    }
    if (r.encap() != null) {
      encap(w, r.encap());
    }
    if (r.oif() != 0) {
      w.u32(Rtnl.RTA_OIF, r.oif());
    }
  }

  private static void metric(ByteBuffer m, int type, long value) {
    m.putShort((short) 8).putShort((short) type).putInt((int) value);
  }

  /** Decodes an RTM_NEWROUTE / RTM_DELROUTE message; null for a family other than IPv4 and IPv6. */
  public static Route decodeRoute(Message m) {
    int end = m.offset() + m.length();
    RtMsg h = RtMsg.decode(m.datagram(), m.payloadOffset(), end);
    if (h.family() != Rtnl.AF_INET && h.family() != Rtnl.AF_INET6) {
      return null;
    }
    byte[] dst = null;
    byte[] from = null;
    byte[] prefSrc = null;
    InetAddress gateway = null;
    int oif = 0;
    long table = h.table();
    long priority = -1;
    int pref = -1;
    long expires = -1;
    long realms = -1;
    String congctl = null;
    List<Route.Nexthop> hops = List.of();
    int encapType = 0;
    byte[] encap = null;
    int lock = 0;
    TreeMap<Integer, Long> metrics = new TreeMap<>();
    Attrs a = m.attrs(RtMsg.LENGTH);
    while (a.next()) {
      switch (a.type()) {
        case Rtnl.RTA_DST -> dst = a.bytes();
        case Rtnl.RTA_SRC -> from = a.bytes();
        case Rtnl.RTA_PREFSRC -> prefSrc = a.bytes();
        case Rtnl.RTA_GATEWAY -> gateway = RtnlCodec.inet(a.bytes(), h.family());
        case Rtnl.RTA_VIA -> gateway = via(a.bytes());
        case Rtnl.RTA_OIF -> oif = a.u32();
        case Rtnl.RTA_TABLE -> table = a.u32() & 0xffffffffL;
        case Rtnl.RTA_PRIORITY -> priority = a.u32() & 0xffffffffL;
        case Rtnl.RTA_PREF -> pref = a.u8();
        case Rtnl.RTA_EXPIRES -> expires = a.u32() & 0xffffffffL;
        case Rtnl.RTA_FLOW -> realms = a.u32() & 0xffffffffL;
        case Rtnl.RTA_MULTIPATH -> hops = nexthops(a.bytes(), h.family());
        case Rtnl.RTA_ENCAP_TYPE -> encapType = a.u16();
        case Rtnl.RTA_ENCAP -> encap = a.bytes();
        case Rtnl.RTA_METRICS -> {
          Attrs x = a.nested();
          while (x.next()) {
            if (x.type() == Rtnl.RTAX_LOCK) {
              lock = x.u32();
            } else if (x.type() == Rtnl.RTAX_CC_ALGO) {
              congctl = x.string();
            } else if (x.length() == 4) {
              metrics.put(x.type(), x.u32() & 0xffffffffL);
            }
          }
          x.check();
        }
        default -> {
          // cache info, multipath, encap, ...: not needed
        }
      }
    }
    a.check();
    try {
      return new Route(
          h.family(),
          h.type(),
          dst == null ? RtnlCodec.inet(new byte[width(h.family())], h.family()) : inet(dst, h),
          h.dstLen(),
          from == null ? null : inet(from, h),
          h.srcLen(),
          prefSrc == null ? null : inet(prefSrc, h),
          gateway,
          oif,
          table,
          h.scope(),
          h.protocol(),
          h.tos(),
          priority,
          h.flags(),
          metrics,
          lock,
          pref,
          expires,
          realms,
          congctl,
          hops,
          encap == null ? null : encap(encapType, encap));
    } catch (IllegalArgumentException e) {
      throw new NetlinkDecodeException("route message: " + e.getMessage());
    }
  }

  /** RTM_NEWRULE with NLM_F_CREATE | NLM_F_EXCL: adding a rule that exists is EEXIST. */
  public static byte[] newRule(Rule r) {
    return rule(Rtnl.RTM_NEWRULE, NlMsg.F_CREATE | NlMsg.F_EXCL, r, r.action());
  }

  /** RTM_DELRULE naming the rule by all it matches on, its action unspecified (as ip sends it). */
  public static byte[] deleteRule(Rule r) {
    return rule(Rtnl.RTM_DELRULE, 0, r, Rtnl.FR_ACT_UNSPEC);
  }

  /** RTM_GETRULE dump of one family, as {@code ip -4|-6 rule show}. */
  public static byte[] dumpRules(int family) {
    return new AttrWriter(Rtnl.RTM_GETRULE, NlMsg.F_DUMP)
        .header(new FibRuleHdr(family, 0, 0, 0, 0, 0, 0).encode())
        .finish();
  }

  private static byte[] rule(int type, int flags, Rule r, int action) {
    boolean lookup = r.action() == Rtnl.FR_ACT_TO_TBL;
    AttrWriter w =
        new AttrWriter(type, flags)
            .header(
                new FibRuleHdr(
                        r.family(),
                        r.dst() == null ? 0 : r.dstLen(),
                        r.src() == null ? 0 : r.srcLen(),
                        r.tos(),
                        lookup && r.table() < 256 ? (int) r.table() : Rtnl.RT_TABLE_UNSPEC,
                        action,
                        r.invert() ? Rtnl.FIB_RULE_INVERT : 0)
                    .encode());
    if (r.src() != null) {
      w.bytes(Rtnl.FRA_SRC, r.src().getAddress());
    }
    if (r.dst() != null) {
      w.bytes(Rtnl.FRA_DST, r.dst().getAddress());
    }
    if (r.fwmark() >= 0) {
      w.u32(Rtnl.FRA_FWMARK, (int) r.fwmark());
    }
    if (r.fwmask() >= 0) {
      w.u32(Rtnl.FRA_FWMASK, (int) r.fwmask());
    }
    if (r.realms() >= 0) {
      w.u32(Rtnl.FRA_FLOW, (int) r.realms());
    }
    if (r.iif() != null) {
      w.string(Rtnl.FRA_IIFNAME, r.iif());
    }
    if (r.oif() != null) {
      w.string(Rtnl.FRA_OIFNAME, r.oif());
    }
    if (r.tunnelId() != 0) {
      w.bytes(Rtnl.FRA_TUN_ID, ByteBuffer.allocate(8).putLong(r.tunnelId()).array());
    }
    if (r.ipProto() >= 0) {
      w.u8(Rtnl.FRA_IP_PROTO, r.ipProto());
    }
    if (r.sport() != null) {
      w.bytes(Rtnl.FRA_SPORT_RANGE, ports(r.sport()));
    }
    if (r.dport() != null) {
      w.bytes(Rtnl.FRA_DPORT_RANGE, ports(r.dport()));
    }
    if (r.uidRange() != null) {
      ByteBuffer u = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
      u.putInt((int) r.uidRange().start()).putInt((int) r.uidRange().end());
      w.bytes(Rtnl.FRA_UID_RANGE, u.array());
    }
    if (r.suppressPrefixLength() >= 0) {
      w.u32(Rtnl.FRA_SUPPRESS_PREFIXLEN, (int) r.suppressPrefixLength());
    }
    if (r.suppressIfgroup() >= 0) {
      w.u32(Rtnl.FRA_SUPPRESS_IFGROUP, (int) r.suppressIfgroup());
    }
    if (r.l3mdev()) {
      w.u8(Rtnl.FRA_L3MDEV, 1);
    }
    w.u32(Rtnl.FRA_PRIORITY, (int) r.priority());
    if (lookup && r.table() >= 256) {
      w.u32(Rtnl.FRA_TABLE, (int) r.table());
    }
    if (r.action() == Rtnl.FR_ACT_GOTO) {
      w.u32(Rtnl.FRA_GOTO, (int) r.gotoTarget());
    }
    if (r.protocol() >= 0) {
      w.u8(Rtnl.FRA_PROTOCOL, r.protocol());
    }
    return w.finish();
  }

  private static byte[] ports(Rule.Range p) {
    ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder());
    return b.putShort((short) p.start()).putShort((short) p.end()).array();
  }

  /** Decodes an RTM_NEWRULE / RTM_DELRULE message; null for a family other than IPv4 and IPv6. */
  public static Rule decodeRule(Message m) {
    int end = m.offset() + m.length();
    FibRuleHdr h = FibRuleHdr.decode(m.datagram(), m.payloadOffset(), end);
    if (h.family() != Rtnl.AF_INET && h.family() != Rtnl.AF_INET6) {
      return null;
    }
    InetAddress src = null;
    InetAddress dst = null;
    long table = h.table();
    long priority = 0;
    long fwmark = -1;
    long fwmask = -1;
    String iif = null;
    String oif = null;
    int protocol = -1;
    int ipProto = -1;
    Rule.Range sport = null;
    Rule.Range dport = null;
    Rule.Range uid = null;
    long gotoTarget = -1;
    long suppressPrefixLength = -1;
    long suppressIfgroup = -1;
    boolean l3mdev = false;
    long tunnelId = 0;
    long realms = -1;
    Attrs a = m.attrs(FibRuleHdr.LENGTH);
    while (a.next()) {
      switch (a.type()) {
        case Rtnl.FRA_SRC -> src = RtnlCodec.inet(a.bytes(), h.family());
        case Rtnl.FRA_DST -> dst = RtnlCodec.inet(a.bytes(), h.family());
        case Rtnl.FRA_TABLE -> table = a.u32() & 0xffffffffL;
        case Rtnl.FRA_PRIORITY -> priority = a.u32() & 0xffffffffL;
        case Rtnl.FRA_FWMARK -> fwmark = a.u32() & 0xffffffffL;
        case Rtnl.FRA_FWMASK -> fwmask = a.u32() & 0xffffffffL;
        case Rtnl.FRA_IIFNAME -> iif = a.string();
        case Rtnl.FRA_OIFNAME -> oif = a.string();
        case Rtnl.FRA_PROTOCOL -> protocol = a.u8();
        case Rtnl.FRA_IP_PROTO -> ipProto = a.u8();
        case Rtnl.FRA_SPORT_RANGE -> sport = range16(a.bytes());
        case Rtnl.FRA_DPORT_RANGE -> dport = range16(a.bytes());
        case Rtnl.FRA_UID_RANGE -> uid = range32(a.bytes());
        case Rtnl.FRA_GOTO -> gotoTarget = a.u32() & 0xffffffffL;
        // -1 (all ones): none, as the kernel keeps it
        case Rtnl.FRA_SUPPRESS_PREFIXLEN -> suppressPrefixLength = none(a.u32());
        case Rtnl.FRA_SUPPRESS_IFGROUP -> suppressIfgroup = none(a.u32());
        case Rtnl.FRA_L3MDEV -> l3mdev = a.u8() != 0;
        case Rtnl.FRA_FLOW -> realms = a.u32() & 0xffffffffL;
        case Rtnl.FRA_TUN_ID -> tunnelId = ByteBuffer.wrap(a.bytes()).getLong();
        default -> {
          // ...: not needed
        }
      }
    }
    a.check();
    return new Rule(
        h.family(),
        h.action(),
        h.action() == Rtnl.FR_ACT_TO_TBL ? table : 0,
        priority,
        src,
        h.srcLen(),
        dst,
        h.dstLen(),
        (h.flags() & Rtnl.FIB_RULE_INVERT) != 0,
        h.tos(),
        fwmark,
        fwmask,
        iif,
        oif,
        protocol,
        ipProto,
        sport,
        dport,
        uid,
        gotoTarget,
        suppressPrefixLength,
        suppressIfgroup,
        l3mdev,
        realms,
        tunnelId);
  }

  private static long none(int u32) {
    return u32 == -1 ? -1 : u32 & 0xffffffffL;
  }

  private static Rule.Range range16(byte[] raw) {
    if (raw.length != 4) {
      throw new NetlinkDecodeException("port range of " + raw.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
    return new Rule.Range(b.getShort(0) & 0xffff, b.getShort(2) & 0xffff);
  }

  private static Rule.Range range32(byte[] raw) {
    if (raw.length != 8) {
      throw new NetlinkDecodeException("uid range of " + raw.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
    return new Rule.Range(b.getInt(0) & 0xffffffffL, b.getInt(4) & 0xffffffffL);
  }

  private static InetAddress inet(byte[] raw, RtMsg h) {
    return RtnlCodec.inet(raw, h.family());
  }

  private static InetAddress via(byte[] raw) {
    if (raw.length < 2) {
      throw new NetlinkDecodeException("RTA_VIA of " + raw.length + " bytes");
    }
    int fam = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder()).getShort(0);
    byte[] a = new byte[raw.length - 2];
    System.arraycopy(raw, 2, a, 0, a.length);
    return RtnlCodec.inet(a, fam);
  }

  private static int family(InetAddress a) {
    return a instanceof Inet4Address ? Rtnl.AF_INET : Rtnl.AF_INET6;
  }

  private static int width(int family) {
    return family == Rtnl.AF_INET ? 4 : 16;
  }
}
