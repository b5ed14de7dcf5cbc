package io.vigil.netlink.ipvs.text;

import io.vigil.netlink.ipvs.DestEntry;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.Forwarding;
import io.vigil.netlink.ipvs.IpvsInfo;
import io.vigil.netlink.ipvs.IpvsTable;
import io.vigil.netlink.ipvs.Protocol;
import io.vigil.netlink.ipvs.ServiceEntry;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import io.vigil.netlink.ipvs.Stats;
import io.vigil.netlink.ipvs.text.ListFormat.View;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An IPVS table as ipvsadm 1.31 prints it: {@code ipvsadm -L} with its options, and {@code -S}.
 * Column widths, truncations (33 characters of an IPv4 service name, 28 of an IPv4 real server's,
 * 59 of any address:port), flag spellings and order are ipvsadm's; so is the sort ({@link
 * KernelOrder}).
 */
public final class TableText {
  private static final String[] TUN_NAMES = {"ipip", "gue", "gre"};
  private static final String[] TUN_FLAGS = {"-c", "+c", "r+c"};
  private static final String[] TUN_FLAG_OPTIONS = {"--tun-nocsum", "--tun-csum", "--tun-remcsum"};

  /** ipvsadm formats "address:port" into a 60-byte buffer. */
  private static final int ADDRPORT_MAX = 59;

  private static final int SVC_NAME_MAX = 33;
  private static final int DEST_NAME_MAX = 28;

  private final ListFormat format;
  private final Names names;

  public TableText(ListFormat format, Names names) {
    this.format = format;
    this.names = format.numeric() ? Names.NUMERIC : names;
  }

  /** {@code ipvsadm -L} (or {@code -S} for the RULES view) of the whole table. */
  public String all(IpvsInfo info, IpvsTable table) {
    StringBuilder out = new StringBuilder();
    if (format.view() != View.RULES) {
      out.append("IP Virtual Server version ")
          .append(info.versionText())
          .append(" (size=")
          .append(info.connectionTableSize())
          .append(")\n");
    }
    List<IpvsTable.Service> services = new ArrayList<>(table.services().values());
    if (!format.noSort()) {
      services =
          KernelOrder.sort(
              services, (a, b) -> KernelOrder.compareServices(a.entry().key(), b.entry().key()));
    }
    title(out);
    for (IpvsTable.Service s : services) {
      service(out, s);
    }
    return out.toString();
  }

  /** {@code ipvsadm -L -t|-u|-f SERVICE}: the title and that one service. */
  public String one(IpvsTable.Service s) {
    StringBuilder out = new StringBuilder();
    title(out);
    service(out, s);
    return out.toString();
  }

  private void title(StringBuilder out) {
    String prot = "Prot LocalAddress:Port";
    String arrow = "  -> RemoteAddress:Port\n";
    switch (format.view()) {
      case STATS ->
          out.append(
                  String.format(
                      Locale.ROOT,
                      "%-33s %8s %8s %8s %8s %8s\n",
                      prot,
                      "Conns",
                      "InPkts",
                      "OutPkts",
                      "InBytes",
                      "OutBytes"))
              .append(arrow);
      case RATE ->
          out.append(
                  String.format(
                      Locale.ROOT,
                      "%-33s %8s %8s %8s %8s %8s\n",
                      prot,
                      "CPS",
                      "InPPS",
                      "OutPPS",
                      "InBPS",
                      "OutBPS"))
              .append(arrow);
      case THRESHOLDS ->
          out.append(
                  String.format(
                      Locale.ROOT,
                      "%-33s %-10s %-10s %-10s %-10s\n",
                      prot,
                      "Uthreshold",
                      "Lthreshold",
                      "ActiveConn",
                      "InActConn"))
              .append(arrow);
      case PERSISTENT_CONN ->
          out.append(
                  String.format(
                      Locale.ROOT,
                      "%-33s %-9s %-11s %-10s %-10s\n",
                      prot,
                      "Weight",
                      "PersistConn",
                      "ActiveConn",
                      "InActConn"))
              .append(arrow);
      case TUN_INFO ->
          out.append("Prot LocalAddress:Port Scheduler Flags\n")
              .append(
                  "  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn"
                      + " InActConn\n");
      case DEFAULT ->
          out.append("Prot LocalAddress:Port Scheduler Flags\n")
              .append("  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
      case RULES -> {
        // no title
      }
    }
  }

  private void service(StringBuilder out, IpvsTable.Service s) {
    ServiceEntry se = s.entry();
    ServiceKey k = se.key();
    ServiceSettings st = se.settings();
    boolean rules = format.view() == View.RULES;
    String svcName = serviceName(k, rules);
    switch (format.view()) {
      case RULES -> {
        out.append("-A ").append(svcName).append(" -s ").append(st.scheduler());
        if (st.persistent()) {
          out.append(" -p ").append(Integer.toUnsignedString(st.persistenceTimeoutS()));
          appendMask(out, k, st, " -M ");
        }
        if (st.persistenceEngine() != null) {
          out.append(" --pe ").append(st.persistenceEngine());
        }
        if ((st.flags() & ServiceSettings.F_ONEPACKET) != 0) {
          out.append(" -o");
        }
        if (hasSchedFlags(st)) {
          out.append(" -b ").append(schedFlags(st));
        }
      }
      case STATS -> {
        out.append(String.format(Locale.ROOT, "%-33s", svcName));
        Stats x = se.stats();
        largenums(out, x.connections(), x.packetsIn(), x.packetsOut(), x.bytesIn(), x.bytesOut());
      }
      case RATE -> {
        out.append(String.format(Locale.ROOT, "%-33s", svcName));
        Stats x = se.stats();
        largenums(
            out,
            x.connectionsPerSecond(),
            x.packetsInPerSecond(),
            x.packetsOutPerSecond(),
            x.bytesInPerSecond(),
            x.bytesOutPerSecond());
      }
      default -> {
        out.append(svcName).append(' ').append(st.scheduler());
        if (hasSchedFlags(st)) {
          out.append(" (").append(schedFlags(st)).append(')');
        }
        if (st.persistent()) {
          out.append(" persistent ").append(Integer.toUnsignedString(st.persistenceTimeoutS()));
          appendMask(out, k, st, " mask ");
          if (st.persistenceEngine() != null) {
            out.append(" pe ").append(st.persistenceEngine());
          }
        }
        if ((st.flags() & ServiceSettings.F_ONEPACKET) != 0) {
          out.append(" ops");
        }
      }
    }
    out.append('\n');
    List<DestEntry> dests = s.destinations();
    if (!format.noSort()) {
      dests = KernelOrder.sort(dests, KernelOrder::compareDests);
    }
    for (DestEntry d : dests) {
      dest(out, k, svcName, d);
    }
  }

  private void dest(StringBuilder out, ServiceKey k, String svcName, DestEntry e) {
    Protocol proto = k.isFwmark() ? Protocol.TCP : k.protocol();
    String dname = addrPort(e.key().address(), e.key().port(), proto);
    boolean v6 = e.key().family() == ServiceKey.AF_INET6;
    if (format.view() != View.RULES && !v6 && dname.length() > DEST_NAME_MAX) {
      dname = dname.substring(0, DEST_NAME_MAX);
    }
    DestSettings ds = e.settings();
    Stats x = e.stats();
    switch (format.view()) {
      case RULES -> {
        out.append("-a ").append(svcName).append(" -r ").append(dname).append(' ');
        out.append(fwdSwitch(ds.forwarding())).append(" -w ").append(ds.weight());
        if (ds.forwarding() == Forwarding.TUNNEL) {
          switch (ds.tunnelType()) {
            case DestSettings.TUN_GRE ->
                out.append(" --tun-type gre ").append(tunFlagOption(ds.tunnelFlags()));
            case DestSettings.TUN_GUE ->
                out.append(" --tun-type gue --tun-port ")
                    .append(ds.tunnelPort())
                    .append(' ')
                    .append(tunFlagOption(ds.tunnelFlags()));
            case DestSettings.TUN_IPIP -> out.append(" --tun-type ipip");
            default -> {
              // ipvsadm prints no tunnel options for a type it does not know
            }
          }
        }
        out.append('\n');
      }
      case STATS -> {
        out.append(String.format(Locale.ROOT, "  -> %-28s", dname));
        largenums(out, x.connections(), x.packetsIn(), x.packetsOut(), x.bytesIn(), x.bytesOut());
        out.append('\n');
      }
      case RATE -> {
        out.append(
            String.format(
                Locale.ROOT,
                "  -> %-28s %8s %8s %8s",
                dname,
                Long.toUnsignedString(x.connectionsPerSecond()),
                Long.toUnsignedString(x.packetsInPerSecond()),
                Long.toUnsignedString(x.packetsOutPerSecond())));
        largenums(out, x.bytesInPerSecond(), x.bytesOutPerSecond());
        out.append('\n');
      }
      case THRESHOLDS ->
          out.append(
              String.format(
                  Locale.ROOT,
                  "  -> %-28s %-10s %-10s %-10s %-10s\n",
                  dname,
                  u32(ds.upperThreshold()),
                  u32(ds.lowerThreshold()),
                  u32(e.activeConnections()),
                  u32(e.inactiveConnections())));
      case PERSISTENT_CONN ->
          out.append(
              String.format(
                  Locale.ROOT,
                  "  -> %-28s %-9s %-11s %-10s %-10s\n",
                  dname,
                  u32(ds.weight()),
                  u32(e.persistentConnections()),
                  u32(e.activeConnections()),
                  u32(e.inactiveConnections())));
      case TUN_INFO ->
          out.append(
              String.format(
                  Locale.ROOT,
                  "  -> %-28s %-7s %-13s %-6d %-10s %-10s\n",
                  dname,
                  fwdName(ds.forwarding()),
                  tunInfo(ds),
                  ds.weight(),
                  u32(e.activeConnections()),
                  u32(e.inactiveConnections())));
      case DEFAULT ->
          out.append(
              String.format(
                  Locale.ROOT,
                  "  -> %-28s %-7s %-6d %-10s %-10s\n",
                  dname,
                  fwdName(ds.forwarding()),
                  ds.weight(),
                  u32(e.activeConnections()),
                  u32(e.inactiveConnections())));
    }
  }

  private String serviceName(ServiceKey k, boolean rules) {
    boolean v6 = k.family() == ServiceKey.AF_INET6;
    // Debian's ipvsadm 1.31 prints the mark with %d: 2882430849 shows as -1412536447
    String mark = Integer.toString(k.fwmark());
    if (k.isFwmark()) {
      if (rules) {
        return "-f " + mark + (v6 ? " -6" : "");
      }
      return "FWM  " + mark + (v6 ? " IPv6" : "");
    }
    String vname = addrPort(k.address(), k.port(), k.protocol());
    if (rules) {
      String opt =
          switch (k.protocol()) {
            case TCP -> "-t";
            case UDP -> "-u";
            case SCTP -> "--sctp-service";
          };
      return opt + " " + vname;
    }
    String name = String.format(Locale.ROOT, "%-4s %s", k.protocol().name(), vname);
    return !v6 && name.length() > SVC_NAME_MAX ? name.substring(0, SVC_NAME_MAX) : name;
  }

  /** addrport_to_anyname: "host:port", IPv6 in brackets, names unless numeric. */
  private String addrPort(InetAddress a, int port, Protocol proto) {
    boolean v6 = a.getAddress().length == 16;
    String host = names.hostName(a);
    if (host == null) {
      host = AddressText.ntop(a);
    }
    String service = proto == null ? null : names.serviceName(port, proto);
    String s = (v6 ? "[" : "") + host + (v6 ? "]" : "") + ":" + (service == null ? port : service);
    return s.length() > ADDRPORT_MAX ? s.substring(0, ADDRPORT_MAX) : s;
  }

  private static void appendMask(StringBuilder out, ServiceKey k, ServiceSettings st, String key) {
    if (k.family() == ServiceKey.AF_INET6) {
      if (st.netmaskPrefix() != 128) {
        out.append(key).append(st.netmaskPrefix());
      }
    } else if (st.netmaskPrefix() != 32) {
      int mask = st.netmaskPrefix() == 0 ? 0 : -1 << (32 - st.netmaskPrefix());
      out.append(key).append(AddressText.ntop(AddressText.byAddress(AddressText.toBytes(mask))));
    }
  }

  private static boolean hasSchedFlags(ServiceSettings st) {
    return (st.flags()
            & (ServiceSettings.F_SCHED1 | ServiceSettings.F_SCHED2 | ServiceSettings.F_SCHED3))
        != 0;
  }

  /** print_sched_flags: names for sh and mh, flag-N for the others. */
  static String schedFlags(ServiceSettings st) {
    List<String> f = new ArrayList<>();
    int v = st.flags();
    switch (st.scheduler()) {
      case "sh" -> {
        addIf(f, v, ServiceSettings.F_SCHED1, "sh-fallback");
        addIf(f, v, ServiceSettings.F_SCHED2, "sh-port");
      }
      case "mh" -> {
        addIf(f, v, ServiceSettings.F_SCHED1, "mh-fallback");
        addIf(f, v, ServiceSettings.F_SCHED2, "mh-port");
      }
      default -> {
        addIf(f, v, ServiceSettings.F_SCHED1, "flag-1");
        addIf(f, v, ServiceSettings.F_SCHED2, "flag-2");
        addIf(f, v, ServiceSettings.F_SCHED3, "flag-3");
      }
    }
    return String.join(",", f);
  }

  private static void addIf(List<String> f, int flags, int bit, String name) {
    if ((flags & bit) != 0) {
      f.add(name);
    }
  }

  /** fwd_name; a method ipvsadm has no name for prints as C's "(null)". */
  static String fwdName(Forwarding f) {
    return switch (f) {
      case MASQ -> "Masq";
      case LOCAL -> "Local";
      case TUNNEL -> "Tunnel";
      case DROUTE -> "Route";
      case BYPASS -> "(null)";
    };
  }

  /** fwd_switch: local and direct routing both save as -g. */
  static String fwdSwitch(Forwarding f) {
    return switch (f) {
      case MASQ -> "-m";
      case TUNNEL -> "-i";
      case LOCAL, DROUTE -> "-g";
      case BYPASS -> "(null)";
    };
  }

  private static String tunFlagOption(int flags) {
    return flags >= 0 && flags < TUN_FLAG_OPTIONS.length ? TUN_FLAG_OPTIONS[flags] : "(null)";
  }

  /** fwd_tun_info: "ipip", "gue:PORT:FLAGS", "gre:FLAGS", or n/a. */
  private static String tunInfo(DestSettings d) {
    if (d.forwarding() != Forwarding.TUNNEL) {
      return "n/a";
    }
    String flags =
        d.tunnelFlags() >= 0 && d.tunnelFlags() < TUN_FLAGS.length
            ? TUN_FLAGS[d.tunnelFlags()]
            : "(null)";
    String s =
        switch (d.tunnelType()) {
          case DestSettings.TUN_IPIP -> TUN_NAMES[0];
          case DestSettings.TUN_GUE -> TUN_NAMES[1] + ":" + d.tunnelPort() + ":" + flags;
          case DestSettings.TUN_GRE -> TUN_NAMES[2] + ":" + flags;
          default -> "n/a";
        };
    return s.length() > 15 ? s.substring(0, 15) : s;
  }

  private void largenums(StringBuilder out, long... values) {
    for (long v : values) {
      out.append(largenum(v, format.exact()));
    }
  }

  /** print_largenum: 9 columns, scaled to K/M/G/T past 100 million unless exact. */
  static String largenum(long i, boolean exact) {
    String full = Long.toUnsignedString(i);
    if (exact) {
      int width = full.length() <= 8 ? 9 : full.length() + 1;
      return String.format(Locale.ROOT, "%" + width + "s", full);
    }
    if (Long.compareUnsigned(i, 100_000_000L) < 0) {
      return String.format(Locale.ROOT, "%9s", full);
    }
    if (Long.compareUnsigned(i, 1_000_000_000L) < 0) {
      return String.format(
          Locale.ROOT, "%8sK", Long.toUnsignedString(Long.divideUnsigned(i, 1000L)));
    }
    if (Long.compareUnsigned(i, 100_000_000_000L) < 0) {
      return String.format(
          Locale.ROOT, "%8sM", Long.toUnsignedString(Long.divideUnsigned(i, 1_000_000L)));
    }
    if (Long.compareUnsigned(i, 100_000_000_000_000L) < 0) {
      return String.format(
          Locale.ROOT, "%8sG", Long.toUnsignedString(Long.divideUnsigned(i, 1_000_000_000L)));
    }
    return String.format(
        Locale.ROOT, "%8sT", Long.toUnsignedString(Long.divideUnsigned(i, 1_000_000_000_000L)));
  }

  private static String u32(int v) {
    return Integer.toUnsignedString(v);
  }
}
