package io.vigil.config.parse;

import io.vigil.config.lang.Node;
import io.vigil.config.model.IpPrefix;
import io.vigil.config.model.RtNames;
import io.vigil.config.model.StaticRoute;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * {@code static_routes}: the words keepalived 2.2.7's {@code alloc_route} accepts, with its ranges;
 * what keepalived refuses or only warns about (which fails {@code keepalived -t}) is an error on
 * the line. Words keepalived accepts that Vigil does not model yet are refused by name.
 */
final class RouteParser {
  /** RTPROT_KEEPALIVED: the protocol keepalived stamps on the routes and rules it tracks. */
  static final int PROTO_KEEPALIVED = 18;

  /** RTAX_* values that are plain u32 (hoplimit is u8), and whether keepalived takes 'lock'. */
  private static final Map<String, Boolean> METRICS =
      Map.of(
          "mtu", true,
          "hoplimit", false,
          "advmss", true,
          "reordering", true,
          "window", false,
          "cwnd", true,
          "ssthresh", true,
          "initcwnd", false,
          "initrwnd", false);

  /**
   * The time metrics, with the kernel's units per millisecond (rtt is kept in 1/8 ms, rttvar in 1/4
   * ms, rto_min in ms).
   */
  private static final Map<String, Integer> TIME_METRICS =
      Map.of("rtt", 8, "rttvar", 4, "rto_min", 1);

  /** keepalived 2.2.7 bounds the time metrics to the kernel's TCP_RTO_MIN and TCP_RTO_MAX. */
  private static final long RTT_MIN_MS = 200;

  private static final long RTT_MAX_MS = 120_000;

  private static final Set<String> NOT_MODELLED = Set.of("track_group");

  private final Values v;
  private final Predicate<String> interfaceExists;
  private final boolean statics;

  /** For a VRRP instance's {@code virtual_routes}. */
  RouteParser(Values v, Predicate<String> interfaceExists) {
    this(v, interfaceExists, false);
  }

  /** {@code statics}: for {@code static_routes}, whose lines may have a {@code track_group}. */
  RouteParser(Values v, Predicate<String> interfaceExists, boolean statics) {
    this.v = v;
    this.interfaceExists = interfaceExists;
    this.statics = statics;
  }

  /** The words of a line, with the keyword. */
  static List<String> words(Node c) {
    List<String> w = new ArrayList<>();
    w.add(c.keyword());
    w.addAll(c.args());
    return w;
  }

  /**
   * A u64 as keepalived's read_unsigned64 reads it: decimal only, to 2^64 - 1 (kept in a long's
   * bits); null if invalid.
   */
  static Long u64(String s) {
    if (!s.matches("[0-9]{1,20}")) {
      return null;
    }
    try {
      return Long.parseUnsignedLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * An MPLS label stack as keepalived 2.2.7 reads it (parse_mpls_address): at most two labels
   * separated by '/', each a number as strtoul reads it (0x10, 020, 16) of at most 20 bits; null
   * otherwise.
   */
  static List<Integer> mplsLabels(String a) {
    String[] parts = a.split("/", -1);
    if (parts.length > 2) {
      return null;
    }
    List<Integer> out = new ArrayList<>();
    for (String p : parts) {
      Long v = RtNames.strtoul(p);
      if (v == null || v > 0xfffff) {
        return null;
      }
      out.add(v.intValue());
    }
    return out;
  }

  /** An encapsulation read from a line's words, and the index of its last word. */
  private record EncapAt(StaticRoute.Encap encap, int last) {}

  /**
   * An {@code encap} (at {@code w.get(i)}) of a route or a next hop, as keepalived 2.2.7's
   * parse_encap reads it.
   */
  private EncapAt encap(Node c, List<String> w, int i) {
    if (i + 1 >= w.size()) {
      throw new Fail(c, "missing encap type"); // keepalived's words
    }
    String kind = w.get(++i);
    if (kind.equals("mpls")) {
      if (i + 1 >= w.size()) {
        throw new Fail(c, "missing address for MPLS encapsulation"); // keepalived's words
      }
      String a = w.get(++i);
      List<Integer> labels = mplsLabels(a);
      if (labels == null) {
        throw new Fail(c, "invalid mpls address " + a + " for encapsulation");
      }
      return new EncapAt(StaticRoute.Encap.mpls(labels), i);
    }
    if (kind.equals("ila")) {
      if (i + 1 >= w.size()) {
        throw new Fail(c, "missing locator for ILA encapsulation"); // keepalived's words
      }
      String a = w.get(++i);
      Long locator = ilaLocator(a);
      if (locator == null) {
        throw new Fail(c, "invalid locator " + a + " for ila encapsulation");
      }
      return new EncapAt(StaticRoute.Encap.ila(locator), i);
    }
    if (kind.equals("ip") || kind.equals("ip6")) {
      return encapIp(c, w, i + 1, kind.equals("ip6"));
    }
    throw new Fail(c, "unknown encap type - " + kind); // keepalived's words
  }

  /**
   * An ILA locator as keepalived 2.2.7 reads it (get_addr64, as ip does): exactly four groups
   * separated by ':', each starting with a hexadecimal digit and read as strtoul reads base 16 (an
   * optional 0x, any number of leading zeros) to at most 0xffff; no '::'. The 64 bits, the first
   * group highest; null when invalid.
   */
  static Long ilaLocator(String a) {
    String[] parts = a.split(":", -1);
    if (parts.length != 4) {
      return null;
    }
    long v = 0;
    for (String p : parts) {
      if (!p.matches("(0[xX])?[0-9a-fA-F]+")) {
        return null;
      }
      String digits = p.replaceFirst("^0[xX]", "").replaceFirst("^0+(?=.)", "");
      if (digits.length() > 4) {
        return null;
      }
      v = v << 16 | Long.parseLong(digits, 16);
    }
    return v;
  }

  /**
   * keepalived's get_u8 / get_u16 / get_u32 (read_unsigned, base 10): decimal digits (leading zeros
   * allowed: 010 is ten; 0x10 refused), after leading white space and one '+' as strtoul skips
   * them, at most {@code max}; null otherwise.
   */
  static Long decimal(String s, long max) {
    return unsigned(s, false, max);
  }

  /**
   * A whole word as keepalived's read_unsigned reads it: {@code anyBase} as strtoul's base 0 (0x10
   * is sixteen, 010 is eight: read_unsigned_base's rule preference, the fwmark), otherwise base 10;
   * leading white space and one '+' skipped, a '-' refused, at most {@code max}; null otherwise.
   */
  static Long unsigned(String s, boolean anyBase, long max) {
    if (s == null) {
      return null;
    }
    String t = s.stripLeading();
    if (t.startsWith("+")) {
      t = t.substring(1);
    }
    Long n;
    if (anyBase) {
      n = RtNames.strtoul(t);
    } else if (t.matches("[0-9]+")) {
      String digits = t.replaceFirst("^0+(?=.)", "");
      n = digits.length() > 10 ? null : Long.valueOf(digits);
    } else {
      n = null;
    }
    return n == null || n > max ? null : n;
  }

  /**
   * A table as keepalived reads it ({@link RtNames#TABLES}: 010 is eight, names from rt_tables), or
   * by the names every iproute2 knows; null for neither.
   */
  static Long table(String s) {
    Long t = RtNames.TABLES.find(s);
    return t != null ? t : StaticRoute.TABLES.get(s);
  }

  /** {@code default}/{@code any}/{@code all} (family open), or ADDR[/LEN]; null if invalid. */
  static Optional<IpPrefix> prefix(String s) {
    if (s.equals("default") || s.equals("any") || s.equals("all")) {
      return Optional.empty();
    }
    if (s.equals("default6")) { // keepalived up to 2.0.7; still read
      return Optional.of(any(true));
    }
    int slash = s.indexOf('/');
    InetAddress a = Values.literal(slash < 0 ? s : s.substring(0, slash));
    if (a == null) {
      return null;
    }
    int max = a instanceof Inet4Address ? 32 : 128;
    if (slash < 0) {
      return Optional.of(new IpPrefix(a, max));
    }
    String len = s.substring(slash + 1);
    if (!len.matches("[0-9]{1,3}") || Integer.parseInt(len) > max) {
      return null;
    }
    return Optional.of(new IpPrefix(a, Integer.parseInt(len)));
  }

  static IpPrefix any(boolean ipv6) {
    return new IpPrefix(Values.literal(ipv6 ? "::" : "0.0.0.0"), 0);
  }

  /** The family so far: null while open. Reports a mix and returns false. */
  static final class Family {
    Boolean ipv6;

    boolean set(boolean six) {
      if (ipv6 == null) {
        ipv6 = six;
        return true;
      }
      return ipv6 == six;
    }

    /**
     * The family word {@code w[i]} ({@code inet} or {@code inet6}) of a route or rule: null when it
     * is taken, else why it is refused (a mix of families, or a word after it, which keepalived
     * 2.2.7 silently skips).
     */
    String declare(List<String> w, int i, String kind) {
      String opt = w.get(i);
      if (i + 1 < w.size()) {
        return "keepalived 2.2.7 skips the word after '"
            + opt
            + "' ('"
            + w.get(i + 1)
            + "'): write '"
            + opt
            + "' at the end of the line";
      }
      if (!set(opt.equals("inet6"))) {
        return opt + " specified for an " + (ipv6 ? "IPv6" : "IPv4") + " " + kind;
      }
      return null;
    }
  }

  private final class Fail extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Fail(Node c, String why) {
      super(why, null, false, false);
      v.error(c, what + why);
    }
  }

  private String what;

  void routes(Node n, List<StaticRoute> into) {
    if (!n.block()) {
      v.error(n, n.keyword() + " needs a '{' block");
      return;
    }
    for (Node c : n.children()) {
      what = n.keyword() + " '" + String.join(" ", words(c)) + "': ";
      try {
        into.add(route(c));
      } catch (Fail e) {
        // reported at its line
      }
    }
  }

  private String next(Node c, List<String> w, int i, String opt) {
    if (i >= w.size()) {
      throw new Fail(c, "'" + opt + "' needs a value");
    }
    return w.get(i);
  }

  private InetAddress addr(Node c, Family f, String s, String role) {
    InetAddress a = Values.literal(s);
    if (a == null) {
      throw new Fail(c, "invalid route " + role + " address '" + s + "'");
    }
    if (!f.set(!(a instanceof Inet4Address))) {
      throw new Fail(c, "cannot mix IPv4 and IPv6 addresses for a route");
    }
    return a;
  }

  private StaticRoute route(Node c) {
    List<String> w = words(c);
    Family f = new Family();
    StaticRoute.Type type = StaticRoute.Type.UNICAST;
    Optional<IpPrefix> dst = null;
    InetAddress src = null;
    InetAddress via = null;
    IpPrefix from = null;
    String dev = null;
    long table = 254;
    int scope = 0;
    OptionalLong metric = OptionalLong.empty();
    OptionalInt protocol = OptionalInt.empty();
    OptionalInt tos = OptionalInt.empty();
    boolean onlink = false;
    boolean tracked = true;
    StaticRoute.Mode mode = StaticRoute.Mode.PREPEND;
    TreeMap<String, Long> metrics = new TreeMap<>();
    Set<String> locked = new HashSet<>();
    String trackGroup = null;
    String congctl = null;
    String vrf = null;
    StaticRoute.Encap encap = null;
    List<StaticRoute.Nexthop> nexthops = new ArrayList<>();
    for (int i = 0; i < w.size(); i++) {
      String opt = w.get(i);
      if (opt.equals("nexthop")) { // the rest of the line is next hops (keepalived 2.2.7)
        i = nexthops(c, w, i, f, nexthops);
        break;
      }
      if (statics && opt.equals("track_group")) {
        trackGroup = next(c, w, ++i, opt);
        continue;
      }
      if (NOT_MODELLED.contains(opt)) {
        throw new Fail(c, "'" + opt + "' is not supported by vigil");
      }
      if (METRICS.containsKey(opt)) {
        String val = next(c, w, ++i, opt);
        if (val.equals("lock") && METRICS.get(opt)) {
          locked.add(opt);
          val = next(c, w, ++i, opt);
        }
        Long x = decimal(val, opt.equals("hoplimit") ? 255 : 0xffff_ffffL);
        if (x == null) {
          throw new Fail(c, "invalid " + opt + " '" + val + "'");
        }
        metrics.put(opt, x);
        continue;
      }
      if (TIME_METRICS.containsKey(opt)) {
        String val = next(c, w, ++i, opt);
        if (val.equals("lock")) {
          locked.add(opt);
          val = next(c, w, ++i, opt);
        }
        metrics.put(opt, time(c, opt, val));
        continue;
      }
      switch (opt) {
        case "inet", "inet6" -> {
          String why = f.declare(w, i, "route");
          if (why != null) {
            throw new Fail(c, why);
          }
        }
        case "src" -> src = addr(c, f, next(c, w, ++i, opt), "src");
        case "via", "gw" -> {
          if (opt.equals("gw")) {
            throw new Fail(c, "'gw' is deprecated (keepalived -t fails on it): write 'via'");
          }
          String a = next(c, w, ++i, opt);
          if (a.equals("inet") || a.equals("inet6")) {
            if (!f.set(a.equals("inet6"))) {
              throw new Fail(c, "cannot mix IPv4 and IPv6 addresses for a route");
            }
            a = next(c, w, ++i, opt);
          }
          via = addr(c, f, a, "via");
        }
        case "or" ->
            throw new Fail(c, "'or' is deprecated (keepalived -t fails on it): write 'nexthop'");
        case "from" -> {
          String a = next(c, w, ++i, opt);
          Optional<IpPrefix> p = prefix(a);
          if (p == null || p.isEmpty()) {
            throw new Fail(c, "invalid route from address '" + a + "'");
          }
          if (p.get().isIpv4()) {
            throw new Fail(c, "route 'from' is only supported with IPv6");
          }
          if (!f.set(true)) {
            throw new Fail(c, "cannot mix IPv4 and IPv6 addresses for a route");
          }
          from = p.get();
        }
        case "tos", "dsfield" -> {
          String a = next(c, w, ++i, opt);
          Long x = RtNames.DSFIELD.find(a);
          if (x == null) {
            throw new Fail(c, "TOS value '" + a + "' is invalid");
          }
          tos = OptionalInt.of(x.intValue());
        }
        case "table" -> {
          String a = next(c, w, ++i, opt);
          Long t = table(a);
          if (t == null) {
            throw new Fail(c, "routing table '" + a + "' not found");
          }
          table = t;
          vrf = null; // the later of table and vrf wins, as in keepalived 2.2.7
        }
        case "encap" -> {
          EncapAt e = encap(c, w, i);
          encap = e.encap();
          i = e.last();
        }
        case "vrf" -> {
          vrf = next(c, w, ++i, opt);
          if (!interfaceExists.test(vrf)) {
            throw new Fail(c, "VRF " + vrf + " not found for route"); // keepalived's words
          }
        }
        case "protocol" -> {
          String a = next(c, w, ++i, opt);
          // keepalived's names: /etc/iproute2/rt_protos, then its own defaults (none, redirect,
          // ... dhcp, babel) for numbers the file does not name
          Long p = RtNames.PROTOCOLS.find(a);
          if (p == null) {
            throw new Fail(c, "protocol '" + a + "' not found or invalid");
          }
          protocol = OptionalInt.of(p.intValue());
        }
        case "scope" -> {
          String a = next(c, w, ++i, opt);
          Integer s = io.vigil.config.model.Addresses.scope(a);
          if (s == null) {
            throw new Fail(c, "scope '" + a + "' not found or invalid");
          }
          scope = s;
        }
        case "metric", "priority", "preference" -> {
          String a = next(c, w, ++i, opt);
          Long x = decimal(a, 0xffff_ffffL);
          if (x == null) {
            throw new Fail(c, "invalid metric '" + a + "'");
          }
          metric = OptionalLong.of(x);
        }
        case "dev", "oif" -> {
          dev = next(c, w, ++i, opt);
          if (!interfaceExists.test(dev)) {
            throw new Fail(c, "interface " + dev + " doesn't exist");
          }
        }
        case "features" -> {
          String a = next(c, w, ++i, opt);
          if (!a.equals("ecn")) {
            throw new Fail(c, "feature '" + a + "' not supported (only 'ecn')");
          }
          metrics.put(opt, 1L); // RTAX_FEATURE_ECN
        }
        case "quickack", "fastopen_no_cookie" -> {
          String a = next(c, w, ++i, opt);
          Long x = decimal(a, 1);
          if (x == null) {
            throw new Fail(c, "invalid " + opt + " '" + a + "' (0 or 1)");
          }
          metrics.put(opt, x);
        }
        case "pref", "expires" -> {
          String a = next(c, w, ++i, opt);
          if (!f.set(true)) {
            throw new Fail(c, opt + " is only valid for IPv6");
          }
          Long x =
              opt.equals("expires")
                  ? decimal(a, 0xffff_ffffL)
                  : switch (a) {
                    case "low" -> Long.valueOf(3); // ICMPV6_ROUTER_PREF_*
                    case "medium" -> Long.valueOf(0);
                    case "high" -> Long.valueOf(1);
                    default -> decimal(a, 255);
                  };
          if (x == null) {
            throw new Fail(c, "invalid " + opt + " '" + a + "'");
          }
          metrics.put(opt, x);
        }
        case "realms" -> metrics.put(opt, realms(c, f, next(c, w, ++i, opt), "valid"));
        case "as" ->
            // keepalived 2.2.7 reports it ("for MPLS only - ignoring"), so keepalived -t fails
            throw new Fail(c, "'as [to]' is for MPLS routes only (keepalived -t fails on it)");
        case "ttl-propagate" -> {
          String a = next(c, w, ++i, opt);
          if (!a.equals("enabled") && !a.equals("disabled")) {
            throw new Fail(c, "ttl-propagate value " + a + " not recognised"); // keepalived's
          }
          // keepalived sends RTA_TTL_PROPAGATE, which the kernel reads for MPLS routes only
          v.warning(
              c,
              what
                  + "ttl-propagate applies to MPLS routes only: the kernel ignores it on an IPv4"
                  + " or IPv6 route, and so does vigil");
        }
        case "congctl" -> {
          String a = next(c, w, ++i, opt);
          if (a.equals("lock")) {
            locked.add(opt);
            a = next(c, w, ++i, opt);
          }
          congctl = a;
        }
        case "onlink" -> onlink = true;
        case "add" -> mode = StaticRoute.Mode.ADD;
        case "prepend" -> mode = StaticRoute.Mode.PREPEND;
        case "append" -> mode = StaticRoute.Mode.APPEND;
        case "no_track" -> tracked = false;
        default -> {
          if (opt.equals("to")) {
            i++;
          }
          String a = next(c, w, i, opt);
          Optional<StaticRoute.Type> t = StaticRoute.Type.of(a);
          if (t.isPresent()) {
            type = t.get();
            a = next(c, w, ++i, a);
          }
          Optional<IpPrefix> p = prefix(a);
          if (p == null) {
            throw new Fail(c, "unknown route keyword '" + a + "'");
          }
          if (p.isPresent() && !f.set(!p.get().isIpv4())) {
            throw new Fail(c, "cannot mix IPv4 and IPv6 addresses for a route ('" + a + "')");
          }
          dst = p;
        }
      }
    }
    if (dst == null) {
      throw new Fail(c, "a route must have a destination");
    }
    if (tracked && dev == null) {
      // keepalived 2.2.7: "Warning - cannot track route ... with no interface specified, not
      // tracking", and runs it
      v.warning(
          c,
          what + "cannot track a route with no interface: not tracking (add 'dev' or 'no_track')");
      tracked = false;
    }
    if (tracked) {
      if (protocol.isPresent() && protocol.getAsInt() != PROTO_KEEPALIVED) {
        throw new Fail(
            c,
            "a tracked route has protocol keepalived ("
                + PROTO_KEEPALIVED
                + "): add 'no_track' to set another");
      }
      protocol = OptionalInt.of(PROTO_KEEPALIVED);
    }
    if (trackGroup != null && !tracked) {
      v.warning(c, what + "track_group " + trackGroup + " ignored: the route is not tracked");
      trackGroup = null;
    }
    boolean ipv6 = f.ipv6 != null && f.ipv6;
    return new StaticRoute(
        c.origin(),
        ipv6,
        type,
        dst.orElseGet(() -> any(ipv6)),
        Optional.ofNullable(src),
        Optional.ofNullable(via),
        Optional.ofNullable(from),
        Optional.ofNullable(dev),
        table,
        scope,
        metric,
        protocol,
        tos,
        onlink,
        tracked,
        mode,
        metrics,
        locked,
        Optional.ofNullable(congctl),
        Optional.ofNullable(vrf),
        Optional.ofNullable(encap),
        nexthops,
        Optional.ofNullable(trackGroup));
  }

  /**
   * {@code nexthop [via [inet|inet6] ADDR] [dev IF] [weight 1-256] [onlink] [realms R] [encap
   * ...]}, repeated to the end of the line, as keepalived 2.2.7's parse_nexthops reads them (with
   * its messages); returns the index past them.
   */
  private int nexthops(Node c, List<String> w, int i, Family f, List<StaticRoute.Nexthop> into) {
    while (i < w.size() && w.get(i).equals("nexthop")) {
      i++;
      InetAddress via = null;
      String dev = null;
      int weight = 1;
      boolean onlink = false;
      OptionalLong realms = OptionalLong.empty();
      Optional<StaticRoute.Encap> encap = Optional.empty();
      loop:
      for (; i < w.size(); i++) {
        String opt = w.get(i);
        switch (opt) {
          case "via" -> {
            String a = next(c, w, ++i, opt);
            if (a.equals("inet") || a.equals("inet6")) {
              if (!f.set(a.equals("inet6"))) {
                throw new Fail(c, "IPv4/6 mismatch for nexthop");
              }
              a = next(c, w, ++i, opt);
            }
            via = Values.literal(a);
            if (via == null) {
              throw new Fail(c, "invalid nexthop address " + a);
            }
            if (!f.set(!(via instanceof Inet4Address))) {
              throw new Fail(c, "address family mismatch for next hop " + a);
            }
          }
          case "dev" -> {
            dev = next(c, w, ++i, opt);
            if (!interfaceExists.test(dev)) {
              throw new Fail(c, "interface " + dev + " for nexthop doesn't exist");
            }
          }
          case "weight" -> {
            String a = next(c, w, ++i, opt);
            Long x = decimal(a, 256);
            if (x == null || x == 0) {
              throw new Fail(c, "invalid weight " + a + " specified for route (1 to 256)");
            }
            weight = x.intValue();
          }
          case "onlink" -> onlink = true;
          case "realms" ->
              realms = OptionalLong.of(realms(c, f, next(c, w, ++i, opt), "supported"));
          case "encap" -> {
            EncapAt e = encap(c, w, i);
            encap = Optional.of(e.encap());
            i = e.last();
          }
          case "as" -> throw new Fail(c, "'as [to]' (nat) not supported"); // keepalived's words
          default -> {
            break loop;
          }
        }
      }
      into.add(
          new StaticRoute.Nexthop(
              Optional.ofNullable(via), Optional.ofNullable(dev), weight, onlink, realms, encap));
    }
    if (i < w.size()) {
      throw new Fail(c, "route has trailing nonsense after nexthops - " + w.get(i));
    }
    return i;
  }

  /**
   * A time metric as keepalived 2.2.7 reads it (get_time_rtt): a bare number is in the kernel's
   * unit; {@code Nms} is milliseconds; {@code N[.DDD]s} (or {@code sec}, {@code secs}) seconds, in
   * any case. The number before any scaling may not exceed 120 s in the kernel's unit; after it, a
   * value outside [0.2 s, 120 s] is brought to the nearer bound with a warning, as keepalived does
   * (the kernel's TCP_RTO_MIN and TCP_RTO_MAX).
   */
  private long time(Node c, String opt, String a) {
    int perMs = TIME_METRICS.get(opt);
    String invalid = "invalid " + opt + " '" + a + "'";
    String num = a;
    int shift = 0;
    boolean raw = true;
    int s = indexOfS(a);
    if (s >= 0) {
      String unit = a.substring(s).toLowerCase(java.util.Locale.ROOT);
      if (!unit.equals("s") && !unit.equals("sec") && !unit.equals("secs")) {
        throw new Fail(c, invalid);
      }
      raw = false;
      boolean ms = s > 0 && Character.toLowerCase(a.charAt(s - 1)) == 'm';
      num = a.substring(0, ms ? s - 1 : s);
      shift = ms ? 0 : 3;
    }
    if (!num.matches("[0-9]*(\\.[0-9]*)?") || !num.matches(".*[0-9].*")) {
      throw new Fail(c, invalid);
    }
    int dot = num.indexOf('.');
    String frac = dot < 0 ? "" : num.substring(dot + 1);
    if (frac.length() > shift) {
      throw new Fail(c, invalid + ": too many decimal places");
    }
    String digits =
        (dot < 0 ? num : num.substring(0, dot)) + frac + "0".repeat(shift - frac.length());
    long max = RTT_MAX_MS * perMs;
    long n;
    try {
      n = Long.parseLong(digits.isEmpty() ? "0" : digits);
    } catch (NumberFormatException e) {
      n = Long.MAX_VALUE;
    }
    if (n > max) {
      throw new Fail(
          c, invalid + ": at most " + (raw ? max : shift == 0 ? max + "ms" : max / 1000 + "s"));
    }
    if (!raw) {
      n *= perMs;
    }
    if (n > max || n < RTT_MIN_MS * perMs) {
      long bound = n > max ? max : RTT_MIN_MS * perMs;
      v.warning(
          c,
          what
              + opt
              + " '"
              + a
              + "' is "
              + (n > max ? "above 120 s" : "below 200 ms")
              + ": "
              + bound
              + " ("
              + (n > max ? "120 s" : "200 ms")
              + ") is set, as keepalived does");
      n = bound;
    }
    return n;
  }

  /**
   * The words of {@code encap ip|ip6} from {@code i}, in pairs, as keepalived 2.2.7's
   * parse_encap_ip / parse_encap_ip6 read them (with their words): up to the first word that is not
   * one of theirs, which is not part of the result.
   */
  private EncapAt encapIp(Node c, List<String> w, int i, boolean ip6) {
    String kind = ip6 ? "ip6" : "ip";
    OptionalLong id = OptionalLong.empty();
    InetAddress dst = null;
    InetAddress src = null;
    OptionalInt tos = OptionalInt.empty();
    OptionalInt ttl = OptionalInt.empty();
    OptionalInt flags = OptionalInt.empty();
    loop:
    for (; i + 1 < w.size(); i += 2) {
      String key = w.get(i);
      String a = w.get(i + 1);
      switch (key) {
        case "id" -> {
          Long x = u64(a);
          if (x == null) {
            throw new Fail(c, "encap " + kind + " id " + a + " value is invalid");
          }
          id = OptionalLong.of(x);
        }
        case "dst", "src" -> {
          InetAddress x = Values.literal(a);
          if (x == null) {
            throw new Fail(c, "invalid encap " + kind + " " + key + " " + a);
          }
          if ((x instanceof Inet4Address) == ip6) {
            throw new Fail(
                c,
                (ip6 ? "IPv4" : "IPv6")
                    + " address "
                    + a
                    + " not valid for "
                    + kind
                    + " encapsulation");
          }
          if (key.equals("dst")) {
            dst = x;
          } else {
            src = x;
          }
        }
        case "tos", "tc", "ttl", "hoplimit" -> {
          boolean tosWord = key.equals(ip6 ? "tc" : "tos");
          if (!tosWord && !key.equals(ip6 ? "hoplimit" : "ttl")) {
            break loop; // the other family's word: not an encap word here
          }
          // tos / tc: keepalived's rt_dsfield lookup (0x10, 020, 16, or a name from the file);
          // ttl / hoplimit: keepalived's get_u8, decimal digits only
          Long x = tosWord ? RtNames.DSFIELD.find(a) : decimal(a, 255);
          if (x == null) {
            // keepalived's words for each (its tc message names the word, not the value)
            throw new Fail(
                c,
                switch (key) {
                  case "tos" -> "dsfield " + a + " not valid for ip encapsulation";
                  case "tc" -> "tc value " + a + " is invalid for ip6 encapsulation";
                  case "ttl" -> "ttl " + a + " is not valid for ip encapsulation";
                  default -> "Invalid hoplimit " + a + " specified for ip6 encapsulation";
                });
          }
          if (tosWord) {
            tos = OptionalInt.of(x.intValue());
          } else {
            ttl = OptionalInt.of(x.intValue());
          }
        }
        case "flags" -> {
          // keepalived's get_u16: decimal digits only (0x400 refused, 010 is ten)
          Long x = decimal(a, 65535);
          if (x == null) {
            throw new Fail(c, "flags " + a + " is not valid for " + kind + " encapsulation");
          }
          flags = OptionalInt.of(x.intValue());
        }
        default -> {
          break loop;
        }
      }
    }
    if (dst == null && id.isEmpty()) {
      throw new Fail(c, "address or id missing for " + kind + " encapsulation"); // keepalived's
    }
    return new EncapAt(
        new StaticRoute.Encap(
            ip6, id, Optional.ofNullable(dst), Optional.ofNullable(src), tos, ttl, flags),
        i - 1);
  }

  /**
   * A route's or a next hop's {@code realms}, which make the route IPv4, with keepalived 2.2.7's
   * words ("only valid" for a route's, "only supported" for a next hop's).
   */
  private long realms(Node c, Family f, String a, String only) {
    Long r = RuleParser.realms(a);
    if (r == null) {
      throw new Fail(c, "invalid realms " + a + " for route");
    }
    if (!f.set(false)) {
      throw new Fail(c, "realms are only " + only + " for IPv4");
    }
    return r;
  }

  /** Where the unit starts: the first 's' or 'S' (keepalived looks for no other letter). */
  private static int indexOfS(String a) {
    for (int i = 0; i < a.length(); i++) {
      if (a.charAt(i) == 's' || a.charAt(i) == 'S') {
        return i;
      }
    }
    return -1;
  }
}
