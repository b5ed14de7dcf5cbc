package io.vigil.system.ipvs;

import io.vigil.netlink.ipvs.DestEntry;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.Forwarding;
import io.vigil.netlink.ipvs.IpvsTable;
import io.vigil.netlink.ipvs.Protocol;
import io.vigil.netlink.ipvs.ServiceEntry;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import io.vigil.netlink.ipvs.Stats;
import io.vigil.netlink.ipvs.text.ListFormat;
import io.vigil.netlink.ipvs.text.Names;
import io.vigil.netlink.ipvs.text.TableText;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random IPVS tables the kernel accepts as they are, over every shape ipvsadm -S can express:
 * TCP/UDP/SCTP and fwmark services, IPv4 and IPv6, every scheduler of the lab kernel with its
 * flags, persistence with masks and the SIP engine, one-packet scheduling, masquerading, direct
 * routing and the three tunnel types. Addresses are documentation ranges only.
 */
final class RandomTables {
  private static final String[] SCHEDULERS = {
    "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh"
  };

  private RandomTables() {}

  /** A table of at most {@code maxServices} services with at most {@code maxDests} each. */
  static IpvsTable table(Random rnd, int maxServices, int maxDests) {
    Map<ServiceKey, IpvsTable.Service> out = new LinkedHashMap<>();
    int n = 1 + rnd.nextInt(maxServices);
    while (out.size() < n) {
      ServiceKey k = serviceKey(rnd);
      if (out.containsKey(k)) {
        continue;
      }
      ServiceSettings s = settings(rnd, k);
      Map<DestKey, DestEntry> dests = new LinkedHashMap<>();
      int m = rnd.nextInt(maxDests + 1);
      for (int i = 0; i < m; i++) {
        DestEntry d = dest(rnd, k);
        dests.putIfAbsent(d.key(), d);
      }
      out.put(
          k,
          new IpvsTable.Service(
              new ServiceEntry(k, s, Stats.ZERO), new ArrayList<>(dests.values())));
    }
    return new IpvsTable(out);
  }

  /** The table as `ipvsadm -Sn` prints it (our formatter, proven against ipvsadm's golden text). */
  static String rules(IpvsTable t) {
    return new TableText(ListFormat.save(true), Names.NUMERIC).all(null, t);
  }

  private static ServiceKey serviceKey(Random rnd) {
    boolean v6 = rnd.nextInt(3) == 0;
    int kind = rnd.nextInt(8);
    if (kind == 0) {
      return ServiceKey.fwmark(
          1 + rnd.nextInt(100_000), v6 ? ServiceKey.AF_INET6 : ServiceKey.AF_INET);
    }
    Protocol p = kind < 4 ? Protocol.TCP : kind < 7 ? Protocol.UDP : Protocol.SCTP;
    InetAddress a = v6 ? v6(rnd, 0x0000) : v4(rnd, 0);
    return ServiceKey.of(p, a, 1 + rnd.nextInt(65535));
  }

  private static ServiceSettings settings(Random rnd, ServiceKey k) {
    String sched = SCHEDULERS[rnd.nextInt(SCHEDULERS.length)];
    int flags = 0;
    if (rnd.nextInt(3) == 0) {
      flags |= rnd.nextBoolean() ? ServiceSettings.F_SCHED1 : ServiceSettings.F_SCHED2;
      if (!sched.equals("sh") && !sched.equals("mh") && rnd.nextBoolean()) {
        flags |= ServiceSettings.F_SCHED3;
      }
    }
    boolean udpLike = k.isFwmark() || k.protocol() == Protocol.UDP;
    if (udpLike && rnd.nextInt(4) == 0) {
      flags |= ServiceSettings.F_ONEPACKET;
    }
    boolean v6 = k.family() == ServiceKey.AF_INET6;
    int prefix = v6 ? 128 : 32;
    int timeout = 0;
    String pe = null;
    if (rnd.nextBoolean()) {
      flags |= ServiceSettings.F_PERSISTENT;
      timeout = 1 + rnd.nextInt(86400);
      if (rnd.nextBoolean()) {
        prefix = v6 ? 1 + rnd.nextInt(128) : 8 + rnd.nextInt(25);
      }
      if (!k.isFwmark() && k.protocol() == Protocol.UDP && rnd.nextInt(3) == 0) {
        pe = "sip";
      }
    }
    return new ServiceSettings(sched, flags, timeout, prefix, pe);
  }

  private static DestEntry dest(Random rnd, ServiceKey k) {
    boolean v6 = k.family() == ServiceKey.AF_INET6;
    int kind = rnd.nextInt(4);
    Forwarding f = kind == 1 ? Forwarding.DROUTE : kind == 2 ? Forwarding.TUNNEL : Forwarding.MASQ;
    boolean otherFamily = f == Forwarding.TUNNEL && rnd.nextInt(4) == 0;
    boolean destV6 = otherFamily != v6;
    InetAddress a = destV6 ? v6(rnd, 0x0001) : v4(rnd, 1 + rnd.nextInt(2));
    // direct routing and tunnels keep the service's port (ipvsadm forces it) unless fwmark
    int port = f == Forwarding.MASQ || k.isFwmark() ? 1 + rnd.nextInt(65535) : k.port();
    int type = 0;
    int tunPort = 0;
    int tunFlags = 0;
    if (f == Forwarding.TUNNEL) {
      type = rnd.nextInt(3);
      if (type == DestSettings.TUN_GUE) {
        tunPort = 1 + rnd.nextInt(65535);
        tunFlags = rnd.nextInt(3);
      } else if (type == DestSettings.TUN_GRE) {
        tunFlags = rnd.nextInt(2);
      }
    }
    return new DestEntry(
        new DestKey(a, port),
        new DestSettings(f, rnd.nextInt(65536), 0, 0, type, tunPort, tunFlags),
        0,
        0,
        0,
        Stats.ZERO);
  }

  private static final int[][] V4_NETS = {{192, 0, 2}, {198, 51, 100}, {203, 0, 113}};

  /** A host of 192.0.2.0/24 (0), 198.51.100.0/24 (1) or 203.0.113.0/24 (2). */
  private static InetAddress v4(Random rnd, int which) {
    int[] net = V4_NETS[which];
    return address(
        new byte[] {(byte) net[0], (byte) net[1], (byte) net[2], (byte) (1 + rnd.nextInt(254))});
  }

  /** 2001:db8:SUBNET::/48 with random low words (so the sort's wrap-around is exercised). */
  private static InetAddress v6(Random rnd, int subnet) {
    byte[] b = new byte[16];
    b[0] = 0x20;
    b[1] = 0x01;
    b[2] = 0x0d;
    b[3] = (byte) 0xb8;
    b[4] = (byte) (subnet >> 8);
    b[5] = (byte) subnet;
    for (int i = 8; i < 16; i++) {
      b[i] = rnd.nextInt(3) == 0 ? 0 : (byte) rnd.nextInt(256);
    }
    if (b[15] == 0) {
      b[15] = 1;
    }
    return address(b);
  }

  private static InetAddress address(byte[] b) {
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Every rule line of a table, for reporting. */
  static List<String> lines(IpvsTable t) {
    return List.of(rules(t).split("\n"));
  }
}
