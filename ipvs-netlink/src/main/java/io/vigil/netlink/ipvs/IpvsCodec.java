package io.vigil.netlink.ipvs;

import io.vigil.netlink.AttrWriter;
import io.vigil.netlink.Attrs;
import io.vigil.netlink.NetlinkDecodeException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * IPVS generic-netlink attributes (linux/ip_vs.h), both ways. Byte order per attribute, as the
 * kernel has it: ports are network order; the service netmask is raw 32 bits (see {@link
 * ServiceSettings}); addresses are 16-byte {@code union nf_inet_addr} with IPv4 in the first 4;
 * everything else host order.
 */
public final class IpvsCodec {
  // commands
  public static final int CMD_NEW_SERVICE = 1;
  public static final int CMD_SET_SERVICE = 2;
  public static final int CMD_DEL_SERVICE = 3;
  public static final int CMD_GET_SERVICE = 4;
  public static final int CMD_NEW_DEST = 5;
  public static final int CMD_SET_DEST = 6;
  public static final int CMD_DEL_DEST = 7;
  public static final int CMD_GET_DEST = 8;
  public static final int CMD_NEW_DAEMON = 9;
  public static final int CMD_DEL_DAEMON = 10;
  public static final int CMD_GET_DAEMON = 11;
  public static final int CMD_SET_CONFIG = 12;
  public static final int CMD_GET_CONFIG = 13;
  public static final int CMD_SET_INFO = 14;
  public static final int CMD_GET_INFO = 15;
  public static final int CMD_ZERO = 16;
  public static final int CMD_FLUSH = 17;

  // IPVS_CMD_ATTR_*
  public static final int ATTR_SERVICE = 1;
  public static final int ATTR_DEST = 2;
  public static final int ATTR_DAEMON = 3;
  public static final int ATTR_TIMEOUT_TCP = 4;
  public static final int ATTR_TIMEOUT_TCP_FIN = 5;
  public static final int ATTR_TIMEOUT_UDP = 6;

  // IPVS_SVC_ATTR_*
  static final int SVC_AF = 1;
  static final int SVC_PROTOCOL = 2;
  static final int SVC_ADDR = 3;
  static final int SVC_PORT = 4;
  static final int SVC_FWMARK = 5;
  static final int SVC_SCHED_NAME = 6;
  static final int SVC_FLAGS = 7;
  static final int SVC_TIMEOUT = 8;
  static final int SVC_NETMASK = 9;
  static final int SVC_STATS = 10;
  static final int SVC_PE_NAME = 11;
  static final int SVC_STATS64 = 12;

  // IPVS_DEST_ATTR_*
  static final int DEST_ADDR = 1;
  static final int DEST_PORT = 2;
  static final int DEST_FWD_METHOD = 3;
  static final int DEST_WEIGHT = 4;
  static final int DEST_U_THRESH = 5;
  static final int DEST_L_THRESH = 6;
  static final int DEST_ACTIVE_CONNS = 7;
  static final int DEST_INACT_CONNS = 8;
  static final int DEST_PERSIST_CONNS = 9;
  static final int DEST_STATS = 10;
  static final int DEST_ADDR_FAMILY = 11;
  static final int DEST_STATS64 = 12;
  static final int DEST_TUN_TYPE = 13;
  static final int DEST_TUN_PORT = 14;
  static final int DEST_TUN_FLAGS = 15;

  // IPVS_DAEMON_ATTR_*
  static final int DAEMON_STATE = 1;
  static final int DAEMON_MCAST_IFN = 2;
  static final int DAEMON_SYNC_ID = 3;
  static final int DAEMON_SYNC_MAXLEN = 4;
  static final int DAEMON_MCAST_GROUP = 5;
  static final int DAEMON_MCAST_GROUP6 = 6;
  static final int DAEMON_MCAST_PORT = 7;
  static final int DAEMON_MCAST_TTL = 8;

  // IPVS_STATS_ATTR_*
  static final int STATS_CONNS = 1;
  static final int STATS_INPKTS = 2;
  static final int STATS_OUTPKTS = 3;
  static final int STATS_INBYTES = 4;
  static final int STATS_OUTBYTES = 5;
  static final int STATS_CPS = 6;
  static final int STATS_INPPS = 7;
  static final int STATS_OUTPPS = 8;
  static final int STATS_INBPS = 9;
  static final int STATS_OUTBPS = 10;

  // IPVS_INFO_ATTR_*
  static final int INFO_VERSION = 1;
  static final int INFO_CONN_TAB_SIZE = 2;

  /** sizeof(union nf_inet_addr). */
  static final int ADDR_LENGTH = 16;

  /** struct ip_vs_flags { u32 flags; u32 mask; }. */
  static final int FLAGS_VALUE_OFFSET = 0;

  static final int FLAGS_MASK_OFFSET = 4;
  static final int FLAGS_LENGTH = 8;

  private IpvsCodec() {}

  /** The service's identity attributes (enough to name it in GET/DEL and dest commands). */
  public static void serviceKey(AttrWriter w, ServiceKey k) {
    w.u16(SVC_AF, k.family());
    if (k.isFwmark()) {
      w.u32(SVC_FWMARK, k.fwmark());
    } else {
      w.u16(SVC_PROTOCOL, k.protocol().number());
      w.bytes(SVC_ADDR, address16(k.address()));
      w.u16be(SVC_PORT, k.port());
    }
  }

  /** A whole service: identity plus settings, nested in IPVS_CMD_ATTR_SERVICE. */
  public static void service(AttrWriter w, ServiceKey k, ServiceSettings s) {
    w.begin(ATTR_SERVICE);
    serviceKey(w, k);
    w.string(SVC_SCHED_NAME, s.scheduler());
    if (s.persistenceEngine() != null) {
      w.string(SVC_PE_NAME, s.persistenceEngine());
    }
    byte[] flags = new byte[FLAGS_LENGTH];
    java.nio.ByteBuffer.wrap(flags)
        .order(java.nio.ByteOrder.nativeOrder())
        .putInt(FLAGS_VALUE_OFFSET, s.flags())
        .putInt(FLAGS_MASK_OFFSET, 0xffffffff);
    w.bytes(SVC_FLAGS, flags);
    w.u32(SVC_TIMEOUT, s.persistenceTimeoutS());
    if (k.family() == ServiceKey.AF_INET6) {
      w.u32(SVC_NETMASK, s.netmaskPrefix());
    } else {
      w.u32be(SVC_NETMASK, prefixToMask(s.netmaskPrefix()));
    }
    w.end();
  }

  /** A destination's identity, nested in IPVS_CMD_ATTR_DEST. */
  public static void destKey(AttrWriter w, DestKey d) {
    w.begin(ATTR_DEST);
    w.bytes(DEST_ADDR, address16(d.address()));
    w.u16be(DEST_PORT, d.port());
    w.u16(DEST_ADDR_FAMILY, d.family());
    w.end();
  }

  /** A whole destination, nested in IPVS_CMD_ATTR_DEST. */
  public static void dest(AttrWriter w, DestKey d, DestSettings s) {
    w.begin(ATTR_DEST);
    w.bytes(DEST_ADDR, address16(d.address()));
    w.u16be(DEST_PORT, d.port());
    w.u16(DEST_ADDR_FAMILY, d.family());
    w.u32(DEST_FWD_METHOD, s.forwarding().code());
    w.u32(DEST_WEIGHT, s.weight());
    w.u32(DEST_U_THRESH, s.upperThreshold());
    w.u32(DEST_L_THRESH, s.lowerThreshold());
    if (s.forwarding() == Forwarding.TUNNEL) {
      w.u8(DEST_TUN_TYPE, s.tunnelType());
      w.u16be(DEST_TUN_PORT, s.tunnelPort());
      w.u16(DEST_TUN_FLAGS, s.tunnelFlags());
    }
    w.end();
  }

  /** A sync daemon, nested in IPVS_CMD_ATTR_DAEMON. */
  public static void daemon(AttrWriter w, SyncDaemon d) {
    w.begin(ATTR_DAEMON);
    w.u32(DAEMON_STATE, d.role().code());
    w.string(DAEMON_MCAST_IFN, d.interfaceName());
    w.u32(DAEMON_SYNC_ID, d.syncId());
    if (d.maxLength() != 0) {
      w.u16(DAEMON_SYNC_MAXLEN, d.maxLength());
    }
    if (d.group() != null) {
      byte[] a = d.group().getAddress();
      if (a.length == 4) {
        w.bytes(DAEMON_MCAST_GROUP, a);
      } else {
        w.bytes(DAEMON_MCAST_GROUP6, a);
      }
    }
    if (d.port() != 0) {
      w.u16(DAEMON_MCAST_PORT, d.port());
    }
    if (d.ttl() != 0) {
      w.u8(DAEMON_MCAST_TTL, d.ttl());
    }
    w.end();
  }

  /** Decodes the attributes nested in IPVS_CMD_ATTR_SERVICE. */
  public static ServiceEntry decodeService(Attrs a) {
    int af = 0;
    int proto = 0;
    byte[] addr = null;
    int port = 0;
    int fwmark = 0;
    String sched = null;
    int flags = 0;
    int timeout = 0;
    byte[] netmask = null;
    String pe = null;
    Attrs stats32 = null;
    Stats stats64 = null;
    while (a.next()) {
      switch (a.type()) {
        case SVC_AF -> af = a.u16();
        case SVC_PROTOCOL -> proto = a.u16();
        case SVC_ADDR -> addr = a.bytes();
        case SVC_PORT -> port = a.u16be();
        case SVC_FWMARK -> fwmark = a.u32();
        case SVC_SCHED_NAME -> sched = a.string();
        case SVC_FLAGS -> flags = a.u32();
        case SVC_TIMEOUT -> timeout = a.u32();
        case SVC_NETMASK -> netmask = a.bytes();
        case SVC_PE_NAME -> pe = a.string();
        case SVC_STATS -> stats32 = a.nested(); // read only if there is no 64-bit set
        case SVC_STATS64 -> stats64 = decodeStats(a.nested(), true);
        default -> {
          // newer kernels may add attributes: skip them
        }
      }
    }
    a.check();
    if (af != ServiceKey.AF_INET && af != ServiceKey.AF_INET6) {
      throw new NetlinkDecodeException("service with address family " + af);
    }
    if (sched == null || sched.isEmpty() || sched.length() >= 16) {
      throw new NetlinkDecodeException("service without a valid scheduler name");
    }
    ServiceKey key;
    try {
      if (fwmark != 0) {
        key = ServiceKey.fwmark(fwmark, af);
      } else {
        Protocol p = Protocol.of(proto);
        if (p == null || addr == null) {
          throw new NetlinkDecodeException("service with protocol " + proto + " and no address");
        }
        key = ServiceKey.of(p, address(addr, af), port);
      }
    } catch (IllegalArgumentException e) {
      throw new NetlinkDecodeException("service identity: " + e.getMessage());
    }
    int prefix = netmaskPrefix(netmask, af);
    return new ServiceEntry(
        key, new ServiceSettings(sched, flags, timeout, prefix, pe), stats(stats64, stats32));
  }

  /** Decodes the attributes nested in IPVS_CMD_ATTR_DEST. */
  public static DestEntry decodeDest(Attrs a, int serviceFamily) {
    byte[] addr = null;
    int port = 0;
    int fwd = 0;
    int weight = 0;
    int uth = 0;
    int lth = 0;
    int active = 0;
    int inact = 0;
    int persist = 0;
    int af = serviceFamily;
    int tunType = 0;
    int tunPort = 0;
    int tunFlags = 0;
    Attrs stats32 = null;
    Stats stats64 = null;
    while (a.next()) {
      switch (a.type()) {
        case DEST_ADDR -> addr = a.bytes();
        case DEST_PORT -> port = a.u16be();
        case DEST_FWD_METHOD -> fwd = a.u32();
        case DEST_WEIGHT -> weight = a.u32();
        case DEST_U_THRESH -> uth = a.u32();
        case DEST_L_THRESH -> lth = a.u32();
        case DEST_ACTIVE_CONNS -> active = a.u32();
        case DEST_INACT_CONNS -> inact = a.u32();
        case DEST_PERSIST_CONNS -> persist = a.u32();
        case DEST_ADDR_FAMILY -> af = a.u16();
        case DEST_STATS -> stats32 = a.nested(); // read only if there is no 64-bit set
        case DEST_STATS64 -> stats64 = decodeStats(a.nested(), true);
        case DEST_TUN_TYPE -> tunType = a.u8();
        case DEST_TUN_PORT -> tunPort = a.u16be();
        case DEST_TUN_FLAGS -> tunFlags = a.u16();
        default -> {
          // skip attributes of newer kernels
        }
      }
    }
    a.check();
    if (addr == null) {
      throw new NetlinkDecodeException("destination without an address");
    }
    try {
      return new DestEntry(
          new DestKey(address(addr, af), port),
          new DestSettings(Forwarding.of(fwd), weight, uth, lth, tunType, tunPort, tunFlags),
          active,
          inact,
          persist,
          stats(stats64, stats32));
    } catch (IllegalArgumentException e) {
      throw new NetlinkDecodeException("destination: " + e.getMessage());
    }
  }

  /** Decodes the attributes nested in IPVS_CMD_ATTR_DAEMON. */
  public static SyncDaemon decodeDaemon(Attrs a) {
    int state = 0;
    String ifn = "";
    int id = 0;
    int maxLen = 0;
    InetAddress group = null;
    int port = 0;
    int ttl = 0;
    while (a.next()) {
      try {
        switch (a.type()) {
          case DAEMON_STATE -> state = a.u32();
          case DAEMON_MCAST_IFN -> ifn = a.string();
          case DAEMON_SYNC_ID -> id = a.u32();
          case DAEMON_SYNC_MAXLEN -> maxLen = a.u16();
          case DAEMON_MCAST_GROUP, DAEMON_MCAST_GROUP6 ->
              group = InetAddress.getByAddress(a.bytes());
          case DAEMON_MCAST_PORT -> port = a.u16();
          case DAEMON_MCAST_TTL -> ttl = a.u8();
          default -> {
            // skip
          }
        }
      } catch (UnknownHostException e) {
        throw new NetlinkDecodeException("sync daemon group address: " + e.getMessage());
      }
    }
    a.check();
    return new SyncDaemon(SyncDaemon.Role.of(state), ifn, id, maxLen, group, port, ttl);
  }

  /**
   * The 64-bit counters (kernels since 4.1 send both sets, the same figures): the 32-bit set, read
   * only without them, was a third of a drift-repair dump's decoding.
   */
  private static Stats stats(Stats stats64, Attrs stats32) {
    if (stats64 != null) {
      return stats64;
    }
    return stats32 == null ? Stats.ZERO : decodeStats(stats32, false);
  }

  static Stats decodeStats(Attrs a, boolean wide) {
    long[] v = new long[11];
    while (a.next()) {
      int t = a.type();
      if (t >= STATS_CONNS && t <= STATS_OUTBPS) {
        boolean u64 = wide || t == STATS_INBYTES || t == STATS_OUTBYTES;
        v[t] = u64 ? a.u64() : Integer.toUnsignedLong(a.u32());
      }
    }
    a.check();
    return new Stats(v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
  }

  static byte[] address16(InetAddress a) {
    return Arrays.copyOf(a.getAddress(), ADDR_LENGTH);
  }

  static InetAddress address(byte[] raw, int af) {
    int n = af == ServiceKey.AF_INET6 ? 16 : 4;
    if (raw.length < n) {
      throw new NetlinkDecodeException("address of " + raw.length + " bytes for family " + af);
    }
    try {
      return InetAddress.getByAddress(Arrays.copyOf(raw, n));
    } catch (UnknownHostException e) {
      throw new NetlinkDecodeException(e.getMessage());
    }
  }

  static int prefixToMask(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - Math.min(32, prefix));
  }

  static int netmaskPrefix(byte[] raw, int af) {
    if (raw == null || raw.length < 4) {
      return af == ServiceKey.AF_INET6 ? 128 : 32;
    }
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(raw);
    if (af == ServiceKey.AF_INET6) {
      int p = b.order(java.nio.ByteOrder.nativeOrder()).getInt(0);
      if (p < 0 || p > 128) {
        throw new NetlinkDecodeException("IPv6 persistence prefix " + p);
      }
      return p;
    }
    int mask = b.order(java.nio.ByteOrder.BIG_ENDIAN).getInt(0);
    int prefix = Integer.bitCount(mask);
    if (prefixToMask(prefix) != mask) {
      throw new NetlinkDecodeException(
          "non-contiguous IPv4 persistence mask " + Integer.toHexString(mask));
    }
    return prefix;
  }
}
