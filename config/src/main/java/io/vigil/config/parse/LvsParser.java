package io.vigil.config.parse;

import io.vigil.config.lang.Node;
import io.vigil.config.model.Checker;
import io.vigil.config.model.CheckerDefaults;
import io.vigil.config.model.Lvs;
import io.vigil.config.model.Script;
import io.vigil.config.model.TimingOptions;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code virtual_server_group}, {@code virtual_server} and {@code real_server}. */
final class LvsParser {
  static final Set<String> SCHEDULERS =
      Set.of(
          "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh",
          "twos");
  static final long LVS_MAX_TIMEOUT_S = 86_400L * 31;
  static final long DEFAULT_PERSISTENCE_S = 360;

  private final Values v;
  private final CheckerParser checkers;
  private final Keywords<RsB> rsKw;

  LvsParser(Values v) {
    this.v = v;
    this.checkers = new CheckerParser(v);
    this.rsKw = new Keywords<>("real_server", this::rsKeyword);
  }

  Lvs.ServerGroup group(Node n) {
    String name = n.arg(0);
    if (name == null) {
      v.error(n, "virtual_server_group needs a name");
      return null;
    }
    List<Lvs.GroupEntry> entries = new ArrayList<>();
    if (!n.block()) {
      v.error(n, "virtual_server_group needs a '{' block");
    }
    for (Node c : n.children()) {
      if (c.keyword().equals("fwmark")) {
        Long m = v.integer(c, 0, 0, 0xffffffffL);
        if (m != null) {
          entries.add(new Lvs.GroupEntry(c.origin(), Optional.empty(), 0, 0, m));
        }
        continue;
      }
      String addr = c.keyword();
      int dash = addr.lastIndexOf('-');
      InetAddress first = Values.literal(dash < 0 ? addr : addr.substring(0, dash));
      if (first == null) {
        v.error(c, "invalid virtual server group address '" + addr + "' - skipping");
        continue;
      }
      int last = lastPart(first);
      if (dash >= 0) {
        String end = addr.substring(dash + 1);
        boolean v4 = first instanceof Inet4Address;
        Long e =
            end.matches(v4 ? "[0-9]{1,3}" : "[0-9A-Fa-f]{1,4}")
                ? Long.parseLong(end, v4 ? 10 : 16)
                : null;
        if (e == null || e < last || e > (v4 ? 255 : 0xffff)) {
          v.error(c, "invalid address range '" + addr + "' - skipping");
          continue;
        }
        last = e.intValue();
      }
      Integer port = port(c, c.arg(0), true);
      if (port == null) {
        continue;
      }
      entries.add(new Lvs.GroupEntry(c.origin(), Optional.of(first), last, port, 0));
    }
    if (entries.isEmpty()) {
      // check_parser.c vsg_end_handler(), at the closing brace
      v.d.error(n.end(), "virtual server group " + name + " has no entries - removing");
      return null;
    }
    return new Lvs.ServerGroup(name, n.origin(), entries);
  }

  private static int lastPart(InetAddress a) {
    byte[] b = a.getAddress();
    return a instanceof Inet4Address ? b[3] & 0xff : ((b[14] & 0xff) << 8) | (b[15] & 0xff);
  }

  /** A port: absent means 0 when {@code optional}, else an error. */
  Integer port(Node n, String s, boolean optional) {
    if (s == null) {
      if (!optional) {
        v.error(n, n.keyword() + " needs a port");
        return null;
      }
      return 0;
    }
    Long p = v.integer(n, s, 0, 65535);
    return p == null ? null : p.intValue();
  }

  /** Mutable virtual server. */
  static final class VsB {
    Boolean smtpAlert;
    String scheduler;
    final Forwarding forwarding = new Forwarding(Lvs.Tunnel.DEFAULT);
    Lvs.Protocol protocol;
    long persistenceS;
    InetAddress granularity;
    final TimingKeywords.Written written = new TimingKeywords.Written();
    int quorum = 1;
    int hysteresis;
    boolean omega;
    boolean inhibit;
    boolean ops;
    final List<Node> schedFlags = new ArrayList<>();
    String persistenceEngine;
    boolean haSuspend;
    Script quorumUp;
    Script quorumDown;
    Lvs.Endpoint sorry;
    boolean sorryInhibit;
    final Forwarding sorryForwarding = new Forwarding(null);
    String virtualhost;
    String ipFamily;
    int weight = 1;
    final List<Node> realServers = new ArrayList<>();
  }

  /**
   * One virtual_server; {@code trackFiles} are the track_file names defined before it (a FILE_CHECK
   * can only name those, as in keepalived).
   */
  Lvs.VirtualServer virtualServer(Node n, Set<String> trackFiles) {
    Lvs.ServiceKey key = key(n);
    VsB b = new VsB();
    new Keywords<VsB>("virtual_server", (c, x) -> vsKeyword(c, x, key)).apply(blockOf(n), b, v);
    if (key == null) {
      return null;
    }
    String tag = "virtual server " + key + ": ";
    boolean byAddress = !(key instanceof Lvs.ByFwmark) && !(key instanceof Lvs.ByGroup);
    if (b.protocol == null && byAddress) {
      v.error(n, tag + "no protocol set - defaulting to UDP");
      b.protocol = Lvs.Protocol.UDP;
    }
    if (b.protocol != null && key instanceof Lvs.ByFwmark) {
      v.warning(n, tag + "protocol specified for fwmark - protocol will be ignored");
    }
    if (b.protocol == null) {
      b.protocol = Lvs.Protocol.TCP;
    }
    if (b.ops && b.protocol != Lvs.Protocol.UDP && byAddress) {
      v.error(n, tag + "one packet scheduling requires UDP - resetting");
      b.ops = false;
    }
    if (key instanceof Lvs.ByAddress a && a.endpoint().port() == 0 && b.persistenceS == 0) {
      v.error(n, tag + "zero port only valid for persistent services - setting persistence");
      b.persistenceS = DEFAULT_PERSISTENCE_S;
    }
    if (b.scheduler == null) {
      v.error(n, tag + "no scheduler set, setting default 'wlc'");
      b.scheduler = "wlc";
    }
    int schedFlags = schedFlags(b.schedFlags, b.scheduler);
    if (b.forwarding.method == null) {
      v.error(n, tag + "no forwarding method set, setting default NAT");
      b.forwarding.method = Lvs.Method.NAT;
    }
    Lvs.Method sorryMethod =
        b.sorryForwarding.method == null ? b.forwarding.method : b.sorryForwarding.method;
    if (b.sorry != null && sorryMethod != Lvs.Method.NAT) {
      b.sorry = adjustPort(n, b.sorry, sorryMethod, key, "sorry server");
    }
    List<Lvs.RealServer> rss = new ArrayList<>();
    java.util.Set<Lvs.Endpoint> seen = new java.util.HashSet<>(); // 10,000 real servers: no n^2
    for (Node c : b.realServers) {
      Lvs.RealServer rs = realServer(c, b, key, trackFiles);
      if (rs == null) {
        continue;
      }
      if (!seen.add(rs.endpoint())) {
        v.error(c, tag + "real server " + rs.endpoint() + " is duplicated - removing second rs");
        continue;
      }
      rss.add(rs);
    }
    if (rss.isEmpty()) {
      v.error(n, tag + "has no real servers - ignoring");
      return null;
    }
    long weightSum = rss.stream().mapToLong(Lvs.RealServer::weight).sum();
    if (b.quorum > weightSum) {
      v.error(
          n,
          tag
              + "quorum "
              + b.quorum
              + " exceeds total weight of real servers "
              + weightSum
              + ", reducing quorum to "
              + weightSum);
      b.quorum = (int) Math.max(1, weightSum);
    }
    if (b.hysteresis >= b.quorum) {
      v.error(
          n,
          tag
              + "hysteresis "
              + b.hysteresis
              + " >= quorum "
              + b.quorum
              + "; setting hysteresis to "
              + (b.quorum - 1));
      b.hysteresis = b.quorum - 1;
    }
    return new Lvs.VirtualServer(
        n.origin(),
        key,
        b.scheduler,
        b.forwarding.method,
        b.forwarding.tunnel,
        b.protocol,
        b.persistenceS,
        Optional.ofNullable(b.granularity),
        CheckerDefaults.virtualServerDelayLoopUs(b.written.options()),
        b.quorum,
        b.hysteresis,
        b.written.options().alpha().orElse(CheckerDefaults.ALPHA),
        b.omega,
        b.inhibit,
        b.ops,
        schedFlags,
        Optional.ofNullable(b.persistenceEngine),
        Optional.ofNullable(b.quorumUp),
        Optional.ofNullable(b.quorumDown),
        Optional.ofNullable(b.smtpAlert),
        Optional.ofNullable(b.sorry),
        Optional.ofNullable(b.sorryForwarding.method),
        b.sorryForwarding.method == null
            ? b.forwarding.tunnel
            : orDefault(b.sorryForwarding.tunnel),
        b.sorryInhibit,
        Optional.ofNullable(b.virtualhost),
        b.haSuspend,
        b.written.options(),
        rss,
        Optional.ofNullable(b.ipFamily));
  }

  /**
   * {@code ip_family inet|inet6}: the family of a fwmark service (else its first real server's),
   * refused where it contradicts the service's address, with keepalived 2.2.7's words.
   */
  private String ipFamily(Node c, Lvs.ServiceKey key) {
    String f = v.arg(c, 0);
    if (f == null) {
      return null;
    }
    if (!f.equals("inet") && !f.equals("inet6")) {
      v.error(c, "unknown address family " + f);
      return null;
    }
    if (key instanceof Lvs.ByAddress a
        && (a.endpoint().address() instanceof Inet4Address) != f.equals("inet")) {
      v.error(c, "Virtual server specified family " + f + " conflicts with server family");
      return null;
    }
    return f;
  }

  /**
   * The scheduler flags as bits (flag-1 = 1, flag-2 = 2, flag-3 = 4); {@code sh-*} only for the sh
   * scheduler and {@code mh-*} only for mh, as keepalived has it (it checks the scheduler named
   * before the flag; Vigil the block's, wherever it is written).
   */
  private int schedFlags(List<Node> flags, String scheduler) {
    int bits = 0;
    for (Node c : flags) {
      String f = c.keyword();
      v.extra(c, -1);
      if (f.startsWith("flag-")) {
        bits |= 1 << (f.charAt(5) - '1');
        continue;
      }
      if (f.equals("hashed")) {
        // an old keyword keepalived 2.2.7 reads as a scheduler flag it does not know: nothing
        // for sh and mh, its message otherwise (the kernel hashes every service itself); a
        // warning, as it changes nothing
        if (!scheduler.equals("sh") && !scheduler.equals("mh")) {
          v.warning(c, "hashed only applies to sh scheduler - ignoring");
        }
        continue;
      }
      String for_ = f.substring(0, 2); // sh or mh
      if (!for_.equals(scheduler)) {
        v.error(c, f + " only applies to the " + for_ + " scheduler - ignoring");
        continue;
      }
      bits |= f.endsWith("-fallback") ? 1 : 2;
    }
    return bits;
  }

  /** {@code persistence_engine NAME}: IPVS takes up to 15 characters (keepalived truncates). */
  private String persistenceEngine(Node c) {
    String pe = v.arg(c, 0);
    if (pe != null && pe.length() > 15) {
      v.error(c, "persistence_name too long, truncating - " + pe);
      pe = pe.substring(0, 15);
    }
    return pe;
  }

  /** keepalived's handler takes no argument and turns it on whatever follows: say so. */
  private boolean haSuspend(Node c) {
    if (!c.args().isEmpty()) {
      v.warning(
          c,
          "ha_suspend takes no argument - '"
              + String.join(" ", c.args())
              + "' ignored, ha_suspend is on (as keepalived reads it)");
    }
    return true;
  }

  private static long orElse(Long v, long dflt) {
    return v == null ? dflt : v;
  }

  private Lvs.ServiceKey key(Node n) {
    String a = n.arg(0);
    if (a == null) {
      v.error(n, "virtual_server needs an address, 'fwmark N' or 'group NAME'");
      return null;
    }
    if (a.equals("group")) {
      String g = v.arg(n, 1);
      return g == null ? null : new Lvs.ByGroup(g);
    }
    if (a.equals("fwmark")) {
      Long m = v.integer(n, 1, 1, 0xffffffffL);
      return m == null ? null : new Lvs.ByFwmark(m);
    }
    Lvs.Endpoint e = endpoint(n, 0);
    return e == null ? null : new Lvs.ByAddress(e);
  }

  /** {@code ADDR [PORT]} at argument i. */
  Lvs.Endpoint endpoint(Node n, int i) {
    String a = v.arg(n, i);
    if (a == null) {
      return null;
    }
    InetAddress addr = Values.literal(a);
    if (addr == null) {
      v.error(n, n.keyword() + ": invalid IP address '" + a + "'");
      return null;
    }
    Integer port = port(n, n.arg(i + 1), true);
    return port == null ? null : new Lvs.Endpoint(addr, port);
  }

  private String scheduler(Node c) {
    String s = v.arg(c, 0);
    if (s != null && !SCHEDULERS.contains(s)) {
      v.error(c, "invalid lvs_scheduler '" + s + "' - ignoring");
      return null;
    }
    return s;
  }

  /** keepalived reads it only after the sorry_server it applies to. */
  private void sorryMethod(Node c, VsB b) {
    if (b.sorry == null) {
      v.error(c, "sorry_server forwarding used without sorry_server");
      return;
    }
    forward(c, "sorry").ifPresent(b.sorryForwarding::set);
  }

  private static Lvs.Tunnel orDefault(Lvs.Tunnel t) {
    return t == null ? Lvs.Tunnel.DEFAULT : t;
  }

  /** A forwarding method with its tunnel options. */
  record Forward(Lvs.Method method, Lvs.Tunnel tunnel) {}

  /**
   * A block's forwarding as its {@code lvs_method} lines leave it: the last method, and the last
   * tunnel options that were valid.
   */
  static final class Forwarding {
    Lvs.Method method;
    Lvs.Tunnel tunnel;

    Forwarding(Lvs.Tunnel tunnel) {
      this.tunnel = tunnel;
    }

    void set(Forward f) {
      method = f.method();
      tunnel = f.tunnel() == null ? tunnel : f.tunnel();
    }
  }

  /**
   * {@code NAT|DR|TUN [type ipip|gue|gre] [port N] [nocsum|csum|remcsum]}, checked as keepalived
   * 2.2.7 checks it (check_parser.c, svr_forwarding_handler) with its messages; {@code who} is the
   * kind of server ({@code virtual}, {@code real}, {@code sorry}). Empty after an unknown method; a
   * null tunnel after an error in the options (the method is set all the same, as keepalived sets
   * it).
   */
  Optional<Forward> forward(Node c, String who) {
    String s = v.arg(c, 0);
    if (s == null) {
      return Optional.empty();
    }
    Lvs.Method m;
    switch (s) {
      case "NAT" -> m = Lvs.Method.NAT;
      case "DR" -> m = Lvs.Method.DR;
      case "TUN" -> m = Lvs.Method.TUN;
      default -> {
        v.error(c, "unknown routing method '" + s + "' for " + who + " server (NAT, DR or TUN)");
        return Optional.empty();
      }
    }
    int type = Lvs.Tunnel.IPIP;
    int port = 0;
    int flags = 0;
    List<String> w = c.line().words();
    for (int i = 2; i < w.size(); i++) {
      String o = w.get(i);
      switch (o) {
        case "type" -> {
          if (i + 1 == w.size()) {
            v.error(c, "Missing tunnel type for " + who + " server.");
            return Optional.of(new Forward(m, null));
          }
          String t = w.get(++i);
          switch (t) {
            case "ipip" -> type = Lvs.Tunnel.IPIP;
            case "gue" -> type = Lvs.Tunnel.GUE;
            case "gre" -> type = Lvs.Tunnel.GRE;
            default -> {
              v.error(c, "Unknown tunnel type " + t + " for " + who + " server.");
              return Optional.of(new Forward(m, null));
            }
          }
        }
        case "port" -> {
          if (i + 1 == w.size()) {
            v.error(c, "Missing port for " + who + " server gue tunnel.");
            return Optional.of(new Forward(m, null));
          }
          String p = w.get(++i);
          Long n = p.matches("[0-9]{1,5}") ? Long.valueOf(p) : null;
          if (n == null || n < 1 || n > 65535) {
            v.error(c, "Invalid gue tunnel port " + p + " for " + who + " server.");
            return Optional.of(new Forward(m, null));
          }
          port = n.intValue();
        }
        case "nocsum" -> flags = 0;
        case "csum" -> flags = Lvs.Tunnel.CSUM;
        case "remcsum" -> flags = Lvs.Tunnel.REMCSUM;
        default -> {
          v.error(c, "Invalid tunnel option " + o + " for " + who + " server.");
          return Optional.of(new Forward(m, null));
        }
      }
    }
    if ((type == Lvs.Tunnel.GUE) != (port != 0)) {
      v.error(c, "gue tunnels require port, otherwise cannot have port.");
      return Optional.of(new Forward(m, null));
    }
    if (type == Lvs.Tunnel.IPIP && flags != 0) {
      v.error(c, "ipip tunnels do not support checksum option.");
      return Optional.of(new Forward(m, null));
    }
    if (type == Lvs.Tunnel.GRE && flags == Lvs.Tunnel.REMCSUM) {
      v.error(c, "gre tunnels do not support remote checksum option.");
      return Optional.of(new Forward(m, null));
    }
    return Optional.of(new Forward(m, new Lvs.Tunnel(type, port, flags)));
  }

  private Lvs.Protocol protocol(Node c, Lvs.Protocol old) {
    String s = v.arg(c, 0);
    if (s == null) {
      return old;
    }
    try {
      return Lvs.Protocol.valueOf(s);
    } catch (IllegalArgumentException e) {
      v.error(c, "unknown protocol '" + s + "' (TCP, UDP or SCTP)");
      return old;
    }
  }

  private static final class RsB {
    Boolean smtpAlert;
    final Forwarding forwarding = new Forwarding(null);
    Integer weight;
    Boolean inhibit;
    Script up;
    Script down;
    int uthreshold;
    int lthreshold;
    String virtualhost;
    final TimingKeywords.Written written = new TimingKeywords.Written();
    final List<Node> checkers = new ArrayList<>();
  }

  private Lvs.RealServer realServer(Node n, VsB vs, Lvs.ServiceKey key, Set<String> trackFiles) {
    Lvs.Endpoint e = endpoint(n, 0);
    RsB b = new RsB();
    rsKw.apply(blockOf(n), b, v);
    if (e == null) {
      return null;
    }
    Lvs.Method method = b.forwarding.method == null ? vs.forwarding.method : b.forwarding.method;
    boolean otherFamily =
        key instanceof Lvs.ByAddress a
            ? (a.endpoint().address() instanceof Inet4Address)
                != (e.address() instanceof Inet4Address)
            : vs.ipFamily != null
                && vs.ipFamily.equals("inet") != (e.address() instanceof Inet4Address);
    if (otherFamily) {
      if (method != Lvs.Method.TUN) {
        v.error(
            n,
            "real server "
                + e
                + " address family differs from virtual server "
                + key
                + " - ignoring");
        return null;
      }
    }
    e = adjustPort(n, e, method, key, "real server");
    TimingOptions vsWritten = vs.written.options();
    TimingOptions rsWritten = b.written.options();
    List<Checker> cs = new ArrayList<>();
    for (Node c : b.checkers) {
      cs.addAll(checkers.parseAll(c, vsWritten, rsWritten, e, trackFiles));
    }
    return new Lvs.RealServer(
        n.origin(),
        e,
        b.weight != null ? b.weight : vs.weight,
        method,
        b.forwarding.method == null ? vs.forwarding.tunnel : orDefault(b.forwarding.tunnel),
        b.inhibit != null ? b.inhibit : vs.inhibit,
        Optional.ofNullable(b.up),
        Optional.ofNullable(b.down),
        Optional.ofNullable(b.smtpAlert),
        b.uthreshold,
        b.lthreshold,
        rsWritten.delayLoopUs().orElse(CheckerDefaults.virtualServerDelayLoopUs(vsWritten)),
        rsWritten,
        cs,
        Optional.ofNullable(b.virtualhost));
  }

  /**
   * keepalived's port rules. With NAT a real server without a port takes the service's. Otherwise
   * the kernel uses the service's port: a fwmark service's real servers lose theirs, an address
   * service's take its port (a different one is reset, with a warning). Groups are checked later.
   */
  private Lvs.Endpoint adjustPort(
      Node n, Lvs.Endpoint e, Lvs.Method method, Lvs.ServiceKey key, String what) {
    if (key instanceof Lvs.ByGroup) {
      return e;
    }
    if (key instanceof Lvs.ByFwmark) {
      if (method != Lvs.Method.NAT && e.port() != 0) {
        v.warning(
            n,
            "fwmark virtual server "
                + key
                + ", "
                + what
                + " "
                + e
                + " has port specified - clearing");
        return new Lvs.Endpoint(e.address(), 0);
      }
      return e;
    }
    int port = ((Lvs.ByAddress) key).endpoint().port();
    if (e.port() == 0) {
      return new Lvs.Endpoint(e.address(), port);
    }
    if (method != Lvs.Method.NAT && e.port() != port) {
      v.warning(
          n, "virtual server " + key + " and " + what + " " + e + " ports don't match - resetting");
      return new Lvs.Endpoint(e.address(), port);
    }
    return e;
  }

  private List<Node> blockOf(Node n) {
    if (!n.block()) {
      v.error(n, n.keyword() + " needs a '{' block");
    }
    return n.children();
  }

  /**
   * A {@code virtual_server} keyword, the checker timings' included ({@code key}: the server's);
   * false when it is none.
   */
  private boolean vsKeyword(Node c, VsB x, Lvs.ServiceKey key) {
    switch (c.keyword()) {
      case "lb_algo", "lvs_sched" -> x.scheduler = scheduler(c);
      case "lb_kind", "lvs_method" -> forward(c, "virtual").ifPresent(x.forwarding::set);
      case "protocol" -> x.protocol = protocol(c, x.protocol);
      case "persistence_timeout" ->
          x.persistenceS =
              c.arg(0) == null
                  ? DEFAULT_PERSISTENCE_S
                  : orElse(v.integer(c, 0, 1, LVS_MAX_TIMEOUT_S), x.persistenceS);
      case "persistence_granularity" -> x.granularity = v.address(c, String.valueOf(v.arg(c, 0)));
      case "quorum" ->
          GlobalParser.set(v.integer(c, 0, 1, Integer.MAX_VALUE), t -> x.quorum = t.intValue());
      case "hysteresis" ->
          GlobalParser.set(v.integer(c, 0, 0, Integer.MAX_VALUE), t -> x.hysteresis = t.intValue());
      case "omega" -> x.omega = v.flag(c);
      case "inhibit_on_failure" -> x.inhibit = v.flag(c);
      case "ops" -> x.ops = true;
      case "flag-1",
          "flag-2",
          "flag-3",
          "sh-port",
          "sh-fallback",
          "mh-port",
          "mh-fallback",
          "hashed" ->
          x.schedFlags.add(c);
      case "persistence_engine" -> x.persistenceEngine = persistenceEngine(c);
      case "ha_suspend" -> x.haSuspend = haSuspend(c);
      case "quorum_up" -> v.notifyScript(c).ifPresent(s -> x.quorumUp = s);
      case "quorum_down" -> v.notifyScript(c).ifPresent(s -> x.quorumDown = s);
      case "smtp_alert" -> x.smtpAlert = v.flag(c);
      case "sorry_server" -> x.sorry = endpoint(c, 0);
      case "sorry_server_inhibit" -> x.sorryInhibit = v.flag(c);
      case "sorry_server_lvs_method" -> sorryMethod(c, x);
      case "virtualhost" -> x.virtualhost = v.arg(c, 0);
      case "ip_family" -> x.ipFamily = ipFamily(c, key);
      case "weight" ->
          GlobalParser.set(v.integer(c, 0, 0, Integer.MAX_VALUE), t -> x.weight = t.intValue());
      case "real_server" -> x.realServers.add(c);
      default -> {
        return TimingKeywords.handle(c, x.written, v, 1, true);
      }
    }
    return true;
  }

  /**
   * A {@code real_server} keyword, the checkers' and their timings' included; false when it is
   * none.
   */
  private boolean rsKeyword(Node c, RsB x) {
    switch (c.keyword()) {
      case "weight" ->
          GlobalParser.set(v.integer(c, 0, 0, Integer.MAX_VALUE), t -> x.weight = t.intValue());
      case "lvs_method", "lb_kind" -> forward(c, "real").ifPresent(x.forwarding::set);
      case "inhibit_on_failure" -> x.inhibit = v.flag(c);
      case "notify_up" -> v.notifyScript(c).ifPresent(s -> x.up = s);
      case "notify_down" -> v.notifyScript(c).ifPresent(s -> x.down = s);
      case "smtp_alert" -> x.smtpAlert = v.flag(c);
      case "virtualhost" -> x.virtualhost = v.arg(c, 0);
      case "uthreshold" ->
          GlobalParser.set(v.integer(c, 0, 0, Integer.MAX_VALUE), t -> x.uthreshold = t.intValue());
      case "lthreshold" ->
          GlobalParser.set(v.integer(c, 0, 0, Integer.MAX_VALUE), t -> x.lthreshold = t.intValue());
      default -> {
        if (!CheckerParser.NAMES.contains(c.keyword())) {
          return TimingKeywords.handle(c, x.written, v, 1, true);
        }
        x.checkers.add(c);
      }
    }
    return true;
  }
}
