package io.vigil.director.lvs;

import io.vigil.config.model.Checker;
import io.vigil.config.model.Lvs;
import io.vigil.config.model.SslSettings;
import io.vigil.config.model.VigilConfig;
import io.vigil.config.model.Vrrp;
import io.vigil.director.lvs.LvsModel.Backend;
import io.vigil.director.lvs.LvsModel.VirtualService;
import io.vigil.healthcheck.spec.CheckTiming;
import io.vigil.healthcheck.spec.CheckerSpec;
import io.vigil.healthcheck.spec.ConnectSpec;
import io.vigil.healthcheck.spec.DnsCheckSpec;
import io.vigil.healthcheck.spec.FileCheckSpec;
import io.vigil.healthcheck.spec.HttpCheckSpec;
import io.vigil.healthcheck.spec.MiscCheckSpec;
import io.vigil.healthcheck.spec.PingCheckSpec;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.healthcheck.spec.SmtpCheckSpec;
import io.vigil.healthcheck.spec.TcpCheckSpec;
import io.vigil.healthcheck.spec.UdpCheckSpec;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.Forwarding;
import io.vigil.netlink.ipvs.Protocol;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import io.vigil.netlink.nft.IpvsFirewall;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns the configuration's virtual servers into the kernel's terms ({@link LvsModel}) and their
 * checkers into the health engine's specs. What the director cannot do yet is refused here with the
 * place in the file, never dropped: the operator learns before anything starts.
 */
public final class LvsMapping {
  /** The mapping, or the reasons it was refused ({@code file:line: message}). */
  public record Result(LvsModel model, List<RealServerSpec> checks, List<String> errors) {
    public Result {
      checks = List.copyOf(checks);
      errors = List.copyOf(errors);
    }
  }

  private final List<String> errors = new ArrayList<>();
  private final Map<String, Lvs.ServerGroup> groups;
  private final Map<String, Vrrp.TrackFileDef> trackFiles;
  private final java.util.Set<String> bfds; // the bfd_instances the checkers are told of
  private final Optional<SslSettings> ssl;
  private final boolean mails;
  private final boolean logAllFailures;
  private final io.vigil.config.model.GlobalDefs.SmtpAlerts alerts;
  // nftables_ipvs: the settings, the marks of the running configuration, those given out now
  private final Optional<io.vigil.config.model.GlobalDefs.IpvsNftables> ipvsNft;
  private final LvsModel.GroupMarks previousMarks;
  private final Map<String, Integer> marks = new java.util.LinkedHashMap<>();
  private final List<IpvsFirewall.Element> markElements = new ArrayList<>();
  private long nextMark;

  private LvsMapping(VigilConfig config, LvsModel.GroupMarks previousMarks) {
    this.ipvsNft = config.globalDefs().nftables().ipvs();
    this.previousMarks = previousMarks;
    this.nextMark =
        previousMarks.next() != 0
            ? previousMarks.next()
            : ipvsNft.map(i -> i.startFwmark()).orElse(0L);
    this.ssl = config.ssl();
    this.mails = config.globalDefs().mails();
    this.logAllFailures = config.globalDefs().checkerLogAllFailures();
    this.alerts = config.globalDefs().smtpAlerts();
    this.groups =
        config.serverGroups().stream()
            .collect(Collectors.toMap(Lvs.ServerGroup::name, Function.identity(), (a, b) -> a));
    this.bfds =
        config.bfdInstances().stream()
            .filter(Vrrp.BfdDef::checker)
            .map(Vrrp.BfdDef::name)
            .collect(java.util.stream.Collectors.toSet());
    this.trackFiles =
        config.trackFiles().stream()
            .collect(Collectors.toMap(Vrrp.TrackFileDef::name, Function.identity(), (a, b) -> a));
  }

  /** Maps every virtual server of {@code config}. */
  public static Result map(VigilConfig config) {
    return map(config, LvsModel.GroupMarks.NONE);
  }

  /**
   * Maps every virtual server of {@code config}; a group that had a mark under {@code previous}
   * (the running configuration's) keeps it, as keepalived keeps its marks across a reload.
   */
  public static Result map(VigilConfig config, LvsModel.GroupMarks previous) {
    LvsMapping m = new LvsMapping(config, previous);
    List<VirtualService> services = new ArrayList<>();
    List<RealServerSpec> checks = new ArrayList<>();
    Set<ServiceKey> seen = new LinkedHashSet<>();
    for (Lvs.VirtualServer vs : config.virtualServers()) {
      VirtualService v = m.virtualService(vs, checks);
      if (v == null) {
        continue;
      }
      for (ServiceKey k : v.keys()) {
        if (!seen.add(k)) {
          m.errors.add(vs.origin() + ": IPVS service " + k + " is defined twice");
        }
      }
      services.add(v);
    }
    return new Result(
        new LvsModel(services, config.globalDefs().rsInitNotifies(), m.groupMarks(config)),
        checks,
        m.errors);
  }

  private LvsModel.GroupMarks groupMarks(VigilConfig config) {
    if (ipvsNft.isEmpty()) {
      return LvsModel.GroupMarks.NONE;
    }
    var i = ipvsNft.get();
    return new LvsModel.GroupMarks(
        Optional.of(
            new IpvsFirewall.Settings(
                i.table(), i.priority(), config.globalDefs().nftables().counters())),
        markElements,
        marks,
        nextMark);
  }

  private VirtualService virtualService(Lvs.VirtualServer vs, List<RealServerSpec> checks) {
    String name = vs.key().toString();
    int family = familyOf(vs);
    Keys k = keys(vs, family);
    List<ServiceKey> keys = k.keys();
    if (keys.isEmpty()) {
      return null;
    }
    boolean marked = k.marked();
    ServiceSettings settings = settings(vs, family);
    List<Backend> backends = new ArrayList<>();
    for (Lvs.RealServer rs : vs.realServers()) {
      if (familyOf(rs.endpoint().address()) != family && !(vs.key() instanceof Lvs.ByFwmark)) {
        errors.add(
            rs.origin()
                + ": real server "
                + rs.endpoint()
                + " is not of the virtual server's address family");
        continue;
      }
      String id = realServerId(vs, rs);
      DestSettings base =
          dest(rs.method(), rs.tunnel(), rs.weight(), rs.uthreshold(), rs.lthreshold());
      backends.add(
          new Backend(
              id,
              new DestKey(rs.endpoint().address(), destPort(rs.endpoint(), rs.method(), marked)),
              base,
              rs.inhibitOnFailure(),
              new LvsModel.Scripts(
                  rs.notifyUp(), rs.notifyDown(), mails && alerts.forRealServer(rs.smtpAlert()))));
      List<CheckerSpec> specs = new ArrayList<>();
      for (Checker c : rs.checkers()) {
        CheckerSpec s = checker(c, rs, vs);
        if (s != null) {
          specs.add(s);
        }
      }
      checks.add(new RealServerSpec(id, rs.weight(), vs.omega(), specs));
    }
    Optional<Backend> sorry =
        vs.sorryServer()
            .map(
                e ->
                    new Backend(
                        name + " sorry " + e,
                        new DestKey(
                            e.address(),
                            destPort(e, vs.sorryServerMethod().orElse(vs.method()), marked)),
                        dest(
                            vs.sorryServerMethod().orElse(vs.method()),
                            vs.sorryServerTunnel(),
                            1,
                            0,
                            0),
                        vs.sorryServerInhibit()));
    return new VirtualService(
        name,
        keys,
        settings,
        family,
        vs.quorum(),
        vs.hysteresis(),
        sorry,
        backends,
        new LvsModel.Scripts(
            vs.quorumUp(), vs.quorumDown(), mails && alerts.forVirtualServer(vs.smtpAlert())),
        vs.omega(),
        vs.haSuspend(),
        k.markedAddresses());
  }

  /**
   * A destination's port: as written, but 0 for a group's fwmark service unless NAT, as keepalived
   * gives it (the port of a fwmark service's packets is the client's choice).
   */
  private static int destPort(Lvs.Endpoint e, Lvs.Method method, boolean marked) {
    return marked && method != Lvs.Method.NAT ? 0 : e.port();
  }

  /**
   * A virtual server's IPVS services; with nftables_ipvs, a group's fwmark services and the
   * addresses whose packets get their marks (else none).
   */
  private record Keys(List<ServiceKey> keys, List<InetAddress> markedAddresses) {
    static Keys of(List<ServiceKey> keys) {
      return new Keys(keys, List.of());
    }

    boolean marked() {
      return !markedAddresses.isEmpty();
    }
  }

  /**
   * nftables_ipvs: a group of addresses (no fwmark entry) is served by one fwmark service per
   * protocol, and per family of its entries; the mark is the group's for that protocol, kept from
   * the running configuration, else the next one given out (from {@code
   * nftables_ipvs_start_fwmark}, 1000). Each entry becomes a map element with that mark.
   */
  private Keys markedKeys(Lvs.ServerGroup group, Protocol p) {
    String id = group.name() + "/" + p;
    Integer mark = marks.get(id);
    if (mark == null) {
      mark = previousMarks.assigned().get(id);
      if (mark == null) {
        if (nextMark > 0xffffffffL) {
          errors.add(group.origin() + ": nftables_ipvs: no fwmark left for group " + group.name());
          return Keys.of(List.of());
        }
        mark = (int) nextMark++;
      }
      marks.put(id, mark);
    }
    java.util.Set<Integer> families = new LinkedHashSet<>();
    List<InetAddress> addresses = new ArrayList<>();
    for (Lvs.GroupEntry e : group.entries()) {
      List<InetAddress> r = range(e);
      addresses.addAll(r);
      families.add(familyOf(r.get(0)));
      markElements.add(
          new IpvsFirewall.Element(p.number(), r.get(0), r.get(r.size() - 1), e.port(), mark));
    }
    List<ServiceKey> out = new ArrayList<>();
    for (int f : families) {
      out.add(ServiceKey.fwmark(mark, f));
    }
    return new Keys(out, addresses);
  }

  private Keys keys(Lvs.VirtualServer vs, int family) {
    Protocol p = protocol(vs.protocol());
    List<ServiceKey> out = new ArrayList<>();
    if (vs.key() instanceof Lvs.ByAddress a) {
      out.add(ServiceKey.of(p, a.endpoint().address(), a.endpoint().port()));
    } else if (vs.key() instanceof Lvs.ByFwmark f) {
      out.add(ServiceKey.fwmark((int) f.fwmark(), family));
    } else if (vs.key() instanceof Lvs.ByGroup g) {
      Lvs.ServerGroup group = groups.get(g.group());
      if (group == null) {
        errors.add(vs.origin() + ": virtual_server_group " + g.group() + " is not defined");
        return Keys.of(out);
      }
      if (ipvsNft.isPresent()
          && !group.entries().isEmpty()
          && group.entries().stream().noneMatch(Lvs.GroupEntry::isFwmark)) {
        return markedKeys(group, p);
      }
      for (Lvs.GroupEntry e : group.entries()) {
        if (e.isFwmark()) {
          out.add(ServiceKey.fwmark((int) e.fwmark(), family));
        } else {
          for (InetAddress a : range(e)) {
            out.add(ServiceKey.of(p, a, e.port()));
          }
        }
      }
    }
    return Keys.of(out);
  }

  /**
   * A real server's identity in the health engine and the desired table: {@code "VIRTUAL REAL"},
   * e.g. {@code "192.0.2.10:80 203.0.113.5:8080"} or {@code "fwmark 1 203.0.113.5:80"}.
   */
  public static String realServerId(Lvs.VirtualServer vs, Lvs.RealServer rs) {
    return vs.key() + " " + rs.endpoint();
  }

  /** The addresses of a group entry: the first, up to {@code rangeEnd} in its last part. */
  static List<InetAddress> range(Lvs.GroupEntry e) {
    InetAddress first = e.first().orElseThrow();
    byte[] b = first.getAddress();
    List<InetAddress> out = new ArrayList<>();
    if (first instanceof Inet6Address) {
      int start = ((b[14] & 0xff) << 8) | (b[15] & 0xff);
      int end = e.rangeEnd() == 0 ? start : e.rangeEnd();
      for (int v = start; v <= end; v++) {
        b[14] = (byte) (v >> 8);
        b[15] = (byte) v;
        out.add(address(b));
      }
    } else {
      int start = b[3] & 0xff;
      int end = e.rangeEnd() == 0 ? start : e.rangeEnd();
      for (int v = start; v <= end; v++) {
        b[3] = (byte) v;
        out.add(address(b));
      }
    }
    return out;
  }

  private static InetAddress address(byte[] raw) {
    try {
      return InetAddress.getByAddress(raw.clone());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static ServiceSettings settings(Lvs.VirtualServer vs, int family) {
    int full = family == ServiceKey.AF_INET6 ? 128 : 32;
    int flags = vs.opsOnePacket() ? ServiceSettings.F_ONEPACKET : 0;
    // flag-1..3 (sh-/mh-fallback, sh-/mh-port): IP_VS_SVC_F_SCHED1..3
    flags |= ((vs.schedFlags() & 1) != 0 ? ServiceSettings.F_SCHED1 : 0);
    flags |= ((vs.schedFlags() & 2) != 0 ? ServiceSettings.F_SCHED2 : 0);
    flags |= ((vs.schedFlags() & 4) != 0 ? ServiceSettings.F_SCHED3 : 0);
    ServiceSettings s =
        new ServiceSettings(vs.scheduler(), flags, 0, full, vs.persistenceEngine().orElse(null));
    if (vs.persistenceTimeoutS() > 0) {
      int prefix = vs.persistenceGranularity().map(LvsMapping::prefixOf).orElse(full);
      s = s.withPersistence((int) vs.persistenceTimeoutS(), prefix);
    }
    return s;
  }

  /** A netmask (255.255.255.0) as its prefix length; IPv6 granularity is already a prefix. */
  static int prefixOf(InetAddress mask) {
    int n = 0;
    for (byte x : mask.getAddress()) {
      n += Integer.bitCount(x & 0xff);
    }
    return n;
  }

  private static int familyOf(Lvs.VirtualServer vs) {
    if (vs.key() instanceof Lvs.ByAddress a) {
      return familyOf(a.endpoint().address());
    }
    if (vs.ipFamily().isPresent()) {
      return vs.ipFamily().get().equals("inet6") ? ServiceKey.AF_INET6 : ServiceKey.AF_INET;
    }
    for (Lvs.RealServer rs : vs.realServers()) {
      return familyOf(rs.endpoint().address());
    }
    return ServiceKey.AF_INET;
  }

  private static int familyOf(InetAddress a) {
    return ServiceKey.familyOf(a);
  }

  static Protocol protocol(Lvs.Protocol p) {
    return switch (p) {
      case TCP -> Protocol.TCP;
      case UDP -> Protocol.UDP;
      case SCTP -> Protocol.SCTP;
    };
  }

  /** A destination's settings; the tunnel's only with TUN (ipvsadm's --tun-type and friends). */
  static DestSettings dest(Lvs.Method m, Lvs.Tunnel t, int weight, int upper, int lower) {
    boolean tun = m == Lvs.Method.TUN;
    return new DestSettings(
        forwarding(m),
        weight,
        upper,
        lower,
        tun ? t.type() : 0,
        tun ? t.port() : 0,
        tun ? t.flags() : 0);
  }

  static Forwarding forwarding(Lvs.Method m) {
    return switch (m) {
      case NAT -> Forwarding.MASQ;
      case DR -> Forwarding.DROUTE;
      case TUN -> Forwarding.TUNNEL;
    };
  }

  /**
   * One checker. Every value comes from the config model, where keepalived's defaults and
   * inheritance were resolved (config's {@code CheckerDefaults}, the one table): nothing is
   * defaulted here.
   */
  private CheckerSpec checker(Checker c, Lvs.RealServer rs, Lvs.VirtualServer vs) {
    Checker.Common k = c.common();
    try {
      CheckTiming timing =
          new CheckTiming(
              TimeUnit.MICROSECONDS.toNanos(k.connectTimeoutUs()),
              k.retry(),
              TimeUnit.MICROSECONDS.toNanos(k.delayBeforeRetryUs()),
              TimeUnit.MICROSECONDS.toNanos(k.delayLoopUs()),
              TimeUnit.MICROSECONDS.toNanos(k.warmupUs()),
              k.alpha(),
              k.logAllFailures() || logAllFailures); // checker_log_all_failures ORs in
      InetSocketAddress target =
          new InetSocketAddress(
              k.connectIp().orElse(rs.endpoint().address()),
              k.connectPort() != 0 ? k.connectPort() : rs.endpoint().port());
      ConnectSpec connect =
          new ConnectSpec(target, k.bindto(), k.bindPort(), (int) k.fwmark(), k.bindIf());
      return spec(c, rs, vs, connect, timing);
    } catch (IllegalArgumentException e) {
      // the config module validates most of this; what it lets through is refused here, in place
      errors.add(k.origin() + ": " + checkerName(c) + ": " + e.getMessage());
      return null;
    }
  }

  private CheckerSpec spec(
      Checker c, Lvs.RealServer rs, Lvs.VirtualServer vs, ConnectSpec connect, CheckTiming timing) {
    Checker.Common k = c.common();
    if (c instanceof Checker.Tcp) {
      return new TcpCheckSpec(connect, timing);
    } else if (c instanceof Checker.Http h) {
      return http(h, rs, vs, connect, timing);
    } else if (c instanceof Checker.Misc m) {
      return new MiscCheckSpec(
          m.path().argv(), m.timeoutUs() * 1000, m.dynamic(), m.user(), timing);
    } else if (c instanceof Checker.Smtp s) {
      return new SmtpCheckSpec(connect, timing, s.heloName());
    } else if (c instanceof Checker.Dns d) {
      // the config module writes the root as ""; the spec (and keepalived's log) as "."
      String name = d.name().isEmpty() ? DnsCheckSpec.ROOT : d.name();
      return new DnsCheckSpec(connect, timing, DnsCheckSpec.parseType(d.type()), name);
    } else if (c instanceof Checker.Udp u) {
      // require_reply's optional pattern is validated but not carried by the config model, so a
      // reply of the right length is all that can be asked for here
      return new UdpCheckSpec(
          connect,
          timing,
          u.payloadHex().map(hex -> UdpCheckSpec.parseHex(hex, false)[0]),
          u.requireReply(),
          Optional.empty(),
          Optional.empty(),
          u.minReplyLength(),
          u.maxReplyLength());
    } else if (c instanceof Checker.File f) {
      Vrrp.TrackFileDef def = trackFiles.get(f.trackFile());
      if (def == null) {
        errors.add(k.origin() + ": FILE_CHECK: track_file " + f.trackFile() + " is not defined");
        return null;
      }
      return new FileCheckSpec(
          Path.of(def.file()), f.effectiveWeight(def), f.effectiveReverse(def), timing);
    } else if (c instanceof Checker.Ping) {
      return new PingCheckSpec(connect, timing);
    } else if (c instanceof Checker.Bfd b) {
      if (!bfds.contains(b.session())) {
        // keepalived 2.2.7's words (check_bfd.c): a bfd_instance for the checkers
        errors.add(
            k.origin()
                + ": ("
                + rs.endpoint()
                + ") BFD_CHECK - BFD "
                + b.session()
                + " not configured");
        return null;
      }
      return new io.vigil.healthcheck.spec.BfdCheckSpec(b.session(), timing);
    }
    errors.add(k.origin() + ": " + checkerName(c) + " is not implemented by this version of Vigil");
    return null;
  }

  /**
   * HTTP_GET and SSL_GET. SSL_GET takes its client settings from the configuration's one {@code SSL
   * { ca; certificate; key; password }} block (keepalived's: one for every SSL_GET); without one
   * the server's certificate is not verified and no client certificate is sent.
   */
  private HttpCheckSpec http(
      Checker.Http h,
      Lvs.RealServer rs,
      Lvs.VirtualServer vs,
      ConnectSpec connect,
      CheckTiming timing) {
    List<HttpCheckSpec.UrlSpec> urls = new ArrayList<>();
    for (Checker.Url u : h.urls()) {
      List<HttpCheckSpec.StatusRange> ranges = new ArrayList<>();
      for (int[] r : u.statusRanges()) {
        ranges.add(new HttpCheckSpec.StatusRange(r[0], r[1]));
      }
      urls.add(
          new HttpCheckSpec.UrlSpec(
              u.path(),
              ranges,
              u.digest(),
              u.virtualhost(),
              u.regex(),
              u.regexNoMatch(),
              java.util.Set.copyOf(u.regexOptions()),
              u.regexMinOffset(),
              u.regexMaxOffset()));
    }
    return new HttpCheckSpec(
        connect,
        timing,
        urls,
        HttpCheckSpec.HttpProtocol.parse(h.httpProtocol()),
        // keepalived 2.2.7 (check_http.c): the url's, the checker's, the real server's, the
        // virtual server's
        h.virtualhost().or(rs::virtualhost).or(vs::virtualhost),
        false,
        h.ssl()
            ? Optional.of(
                new HttpCheckSpec.Tls(
                    h.enableSni(),
                    Optional.empty(),
                    ssl.flatMap(SslSettings::ca),
                    ssl.flatMap(SslSettings::certificate),
                    ssl.flatMap(SslSettings::key),
                    ssl.flatMap(SslSettings::password)))
            : Optional.empty());
  }

  private static String checkerName(Checker c) {
    return c.kind().name();
  }
}
