package io.vigil.config.parse;

import io.vigil.config.lang.Node;
import io.vigil.config.model.IpPrefix;
import io.vigil.config.model.RtNames;
import io.vigil.config.model.StaticRule;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code static_rules}: the words keepalived 2.2.7's {@code alloc_rule} accepts, with its ranges;
 * what keepalived refuses or only warns about (which fails {@code keepalived -t}) is an error on
 * the line. Words keepalived accepts that Vigil does not model yet are refused by name.
 */
final class RuleParser {
  private static final Set<String> NOT_MODELLED = Set.of("track_group");

  /** IP protocol names iproute2 knows from /etc/protocols, by number (case is ignored). */
  private static final java.util.Map<String, Integer> IP_PROTOCOLS =
      java.util.Map.of(
          "icmp",
          1,
          "igmp",
          2,
          "tcp",
          6,
          "udp",
          17,
          "gre",
          47,
          "esp",
          50,
          "ah",
          51,
          "ipv6-icmp",
          58,
          "sctp",
          132,
          "udplite",
          136);

  private final Values v;
  private final Predicate<String> interfaceExists;
  private String what;

  private final boolean statics;

  /** For a VRRP instance's {@code virtual_rules}. */
  RuleParser(Values v, Predicate<String> interfaceExists) {
    this(v, interfaceExists, false);
  }

  /** {@code statics}: for {@code static_rules}, whose lines may have a {@code track_group}. */
  RuleParser(Values v, Predicate<String> interfaceExists, boolean statics) {
    this.v = v;
    this.interfaceExists = interfaceExists;
    this.statics = statics;
  }

  private final class Fail extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Fail(Node c, String why) {
      super(why, null, false, false);
      v.error(c, what + why);
    }
  }

  void rules(Node n, List<StaticRule> into) {
    if (!n.block()) {
      v.error(n, n.keyword() + " needs a '{' block");
      return;
    }
    for (Node c : n.children()) {
      what = n.keyword() + " '" + String.join(" ", RouteParser.words(c)) + "': ";
      try {
        into.add(rule(c));
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

  private StaticRule rule(Node c) {
    List<String> w = RouteParser.words(c);
    RouteParser.Family f = new RouteParser.Family();
    Optional<IpPrefix> from = Optional.empty();
    Optional<IpPrefix> to = Optional.empty();
    boolean not = false;
    StaticRule.Action action = null;
    long table = 0;
    long gotoTarget = 0;
    Long priority = null;
    OptionalInt tos = OptionalInt.empty();
    OptionalLong fwmark = OptionalLong.empty();
    OptionalLong fwmask = OptionalLong.empty();
    String iif = null;
    String oif = null;
    OptionalInt protocol = OptionalInt.empty();
    boolean tracked = true;
    StaticRule.Range sport = null;
    StaticRule.Range dport = null;
    OptionalInt ipProto = OptionalInt.empty();
    StaticRule.Range uidRange = null;
    OptionalInt suppressPrefixLength = OptionalInt.empty();
    OptionalLong suppressIfgroup = OptionalLong.empty();
    boolean l3mdev = false;
    OptionalLong realms = OptionalLong.empty();
    long tunnelId = 0;
    String trackGroup = null;
    for (int i = 0; i < w.size(); i++) {
      String opt = w.get(i);
      if (statics && opt.equals("track_group")) {
        trackGroup = next(c, w, ++i, opt);
        continue;
      }
      if (NOT_MODELLED.contains(opt)) {
        throw new Fail(c, "'" + opt + "' is not supported by vigil");
      }
      StaticRule.Action act = null;
      switch (opt) {
        case "inet", "inet6" -> {
          String why = f.declare(w, i, "rule");
          if (why != null) {
            throw new Fail(c, why);
          }
        }
        case "from", "to" -> {
          String a = next(c, w, ++i, opt);
          Optional<IpPrefix> p = RouteParser.prefix(a);
          if (p == null) {
            throw new Fail(c, "invalid rule " + opt + " address '" + a + "'");
          }
          if (p.isPresent() && !f.set(!p.get().isIpv4())) {
            throw new Fail(c, "rule specification has mixed IPv4 and IPv6");
          }
          if (opt.equals("from")) {
            from = p;
          } else {
            to = p;
          }
        }
        case "table", "lookup" -> {
          String a = next(c, w, ++i, opt);
          Long t = RouteParser.table(a);
          if (t == null) {
            throw new Fail(c, "routing table '" + a + "' not found");
          }
          if (t == 0) {
            throw new Fail(c, "table 0 is not valid");
          }
          table = t;
          act = StaticRule.Action.TABLE;
        }
        case "realms" -> {
          String a = next(c, w, ++i, opt);
          Long r = realms(a);
          if (r == null) {
            throw new Fail(c, "invalid realms " + a + " for rule"); // keepalived's words
          }
          if (!f.set(false)) {
            throw new Fail(c, "realms is only valid for IPv4"); // keepalived's words
          }
          realms = OptionalLong.of(r);
        }
        case "tunnel-id" -> {
          String a = next(c, w, ++i, opt);
          Long x = RouteParser.u64(a);
          if (x == null) {
            throw new Fail(c, "invalid tunnel-id " + a + " (0 to 18446744073709551615)");
          }
          tunnelId = x;
        }
        case "l3mdev" -> {
          l3mdev = true;
          act = StaticRule.Action.TABLE; // table 0: the VRF device's
        }
        case "not" -> not = true;
        case "preference", "order", "priority" -> {
          String a = next(c, w, ++i, opt);
          priority = RouteParser.unsigned(a, true, 0xffff_ffffL); // 010 is eight
          if (priority == null) {
            throw new Fail(c, "invalid rule preference '" + a + "'");
          }
        }
        case "tos", "dsfield" -> {
          String a = next(c, w, ++i, opt);
          Long x = RtNames.DSFIELD.find(a);
          if (x == null) {
            throw new Fail(c, "TOS value '" + a + "' is invalid");
          }
          tos = OptionalInt.of(x.intValue());
        }
        case "fwmark" -> {
          String a = next(c, w, ++i, opt);
          int slash = a.indexOf('/');
          // keepalived reads both with strtoul, base 0 (010 is eight), so "0x10/" is mask 0 and
          // "/7" mark 0
          String k = slash < 0 ? a : a.substring(0, slash);
          String m = slash < 0 ? null : a.substring(slash + 1);
          Long mark = k.isEmpty() ? Long.valueOf(0) : RouteParser.unsigned(k, true, 0xffff_ffffL);
          Long mask =
              m == null
                  ? null
                  : m.isEmpty() ? Long.valueOf(0) : RouteParser.unsigned(m, true, 0xffff_ffffL);
          if (mark == null || (slash >= 0 && mask == null)) {
            throw new Fail(c, "invalid rule fwmark '" + a + "'");
          }
          fwmark = OptionalLong.of(mark);
          fwmask = mask == null ? OptionalLong.empty() : OptionalLong.of(mask);
        }
        case "dev", "iif", "oif" -> {
          String a = next(c, w, ++i, opt);
          if (!interfaceExists.test(a)) {
            throw new Fail(c, "interface " + a + " doesn't exist");
          }
          if (opt.equals("oif")) {
            oif = a;
          } else {
            iif = a;
          }
        }
        case "protocol" -> {
          String a = next(c, w, ++i, opt);
          Long p = RouteParser.decimal(a, 255);
          if (p == null) {
            throw new Fail(c, "invalid protocol '" + a + "'");
          }
          protocol = OptionalInt.of(p.intValue());
        }
        case "no_track" -> tracked = false;
        case "sport", "dport" -> {
          StaticRule.Range r = range(c, opt, next(c, w, ++i, opt), 0xffff);
          if (opt.equals("sport")) {
            sport = r;
          } else {
            dport = r;
          }
        }
        case "uidrange" -> uidRange = range(c, opt, next(c, w, ++i, opt), 0xffff_ffffL);
        case "suppress_prefixlength", "sup_pl" -> {
          String a = next(c, w, ++i, opt);
          Long n = RouteParser.decimal(a, Integer.MAX_VALUE);
          if (n == null) {
            throw new Fail(c, "Invalid suppress_prefixlength " + a + " specified"); // keepalived's
          }
          suppressPrefixLength = OptionalInt.of(n.intValue());
        }
        case "suppress_ifgroup", "sup_group" -> {
          String a = next(c, w, ++i, opt);
          Long g = group(a);
          if (g == null) {
            throw new Fail(c, "suppress_group " + a + " is invalid"); // keepalived's words
          }
          suppressIfgroup = OptionalLong.of(g);
        }
        case "ipproto" -> {
          String a = next(c, w, ++i, opt);
          Integer p = IP_PROTOCOLS.get(a.toLowerCase(java.util.Locale.ROOT));
          int number = p == null ? Values.octet(a) : -1;
          if (number >= 0) {
            p = number;
          }
          if (p == null) {
            throw new Fail(c, "invalid ipproto '" + a + "'");
          }
          ipProto = OptionalInt.of(p);
        }
        default -> {
          String a = opt.equals("type") ? next(c, w, ++i, opt) : opt;
          switch (a) {
            case "goto" -> {
              String t = next(c, w, ++i, a);
              Long g = RouteParser.decimal(t, 0xffff_ffffL);
              if (g == null) {
                throw new Fail(c, "invalid goto target '" + t + "'");
              }
              gotoTarget = g;
              act = StaticRule.Action.GOTO;
            }
            case "nop" -> act = StaticRule.Action.NOP;
            case "blackhole" -> act = StaticRule.Action.BLACKHOLE;
            case "unreachable" -> act = StaticRule.Action.UNREACHABLE;
            case "prohibit" -> act = StaticRule.Action.PROHIBIT;
            default -> {
              if (io.vigil.config.model.StaticRoute.Type.of(a).isPresent()) {
                throw new Fail(c, "invalid rule action '" + a + "'");
              }
              throw new Fail(c, "unknown rule option '" + a + "'");
            }
          }
        }
      }
      if (act != null) {
        if (l3mdev && table != 0) {
          throw new Fail(c, "table cannot be specified for l3mdev rules"); // keepalived's words
        }
        if (action != null && l3mdev) {
          throw new Fail(c, "Cannot specify l3mdev with other action"); // keepalived's words
        }
        if (action != null) {
          throw new Fail(
              c, "more than one of table/nop/goto/blackhole/prohibit/unreachable for a rule");
        }
        action = act;
      }
    }
    if (action == null) {
      throw new Fail(c, "no action (table, goto, nop, blackhole, prohibit, unreachable)");
    }
    if (priority == null) {
      throw new Fail(
          c,
          "no preference: keepalived would pick one in an order that can change; add 'priority'");
    }
    if (action != StaticRule.Action.TABLE
        && (suppressPrefixLength.isPresent()
            || suppressIfgroup.isPresent()
            || realms.isPresent())) {
      throw new Fail(c, "suppressor/realm specified for non table action - skipping");
    }
    if (action == StaticRule.Action.GOTO && priority >= gotoTarget) {
      throw new Fail(c, "preference " + priority + " >= goto target " + gotoTarget);
    }
    if (tracked) {
      if (protocol.isPresent() && protocol.getAsInt() != RouteParser.PROTO_KEEPALIVED) {
        throw new Fail(
            c,
            "a tracked rule has protocol keepalived ("
                + RouteParser.PROTO_KEEPALIVED
                + "): add 'no_track' to set another");
      }
      protocol = OptionalInt.of(RouteParser.PROTO_KEEPALIVED);
    }
    if (trackGroup != null && (iif == null || !tracked)) {
      // keepalived 2.2.7: "Static rule cannot have track_group if dev/iif not specified"
      v.warning(
          c,
          what
              + "track_group "
              + trackGroup
              + " ignored: a rule is tracked with its iif (dev) only, and not with no_track");
      trackGroup = null;
    }
    return new StaticRule(
        c.origin(),
        f.ipv6 != null && f.ipv6,
        from,
        to,
        not,
        action,
        table,
        gotoTarget,
        priority,
        tos,
        fwmark,
        fwmask,
        Optional.ofNullable(iif),
        Optional.ofNullable(oif),
        protocol,
        tracked,
        Optional.ofNullable(sport),
        Optional.ofNullable(dport),
        ipProto,
        Optional.ofNullable(uidRange),
        suppressPrefixLength,
        suppressIfgroup,
        l3mdev,
        realms,
        tunnelId,
        Optional.ofNullable(trackGroup));
  }

  /**
   * A device group: its number (to 2^31 - 1, keepalived 2.2.7's bound), or its name in {@code
   * /etc/iproute2/group} (where keepalived 2.2.7 looks it up: {@code default} is 0); null when it
   * is neither.
   */
  static Long group(String a) {
    Long g = RtNames.GROUP.find(a);
    return g == null && a.equals("default") ? Long.valueOf(0) : g;
  }

  /**
   * {@code [FROM/]TO}, each a realm number (0-255) or a name of {@code /etc/iproute2/rt_realms}
   * ({@code cosmos} is 0), as keepalived 2.2.7 reads them (get_realms): FROM in the high 16 bits;
   * null when invalid.
   */
  static Long realms(String a) {
    int slash = a.indexOf('/');
    Long to = realm(slash < 0 ? a : a.substring(slash + 1));
    Long from = slash < 0 ? Long.valueOf(0) : realm(a.substring(0, slash));
    return to == null || from == null ? null : from << 16 | to;
  }

  private static Long realm(String a) {
    return RtNames.REALMS.find(a);
  }

  /** START-END, both in [0, max]; keepalived 2.2.7 refuses a single port too. */
  private StaticRule.Range range(Node c, String opt, String a, long max) {
    int dash = a.indexOf('-');
    Long start = dash < 0 ? null : RouteParser.decimal(a.substring(0, dash), max);
    Long end = dash < 0 ? null : RouteParser.decimal(a.substring(dash + 1), max);
    if (start == null || end == null) {
      // keepalived 2.2.7 reads ports with %hu: 70000 silently becomes 4464; refused here
      throw new Fail(c, "invalid " + opt + " range '" + a + "': write START-END, each 0-" + max);
    }
    return new StaticRule.Range(start, end);
  }
}
