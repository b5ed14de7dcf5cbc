package io.vigil.config.parse;

import io.vigil.config.lang.Node;
import io.vigil.config.model.IpPrefix;
import io.vigil.config.model.StaticAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** {@code static_ipaddress}: typed lines, each refused with its line when it cannot be added. */
final class StaticParser {
  private final Values v;
  private final Predicate<String> interfaceExists;

  StaticParser(Values v, Predicate<String> interfaceExists) {
    this.v = v;
    this.interfaceExists = interfaceExists;
  }

  /**
   * Lines of {@code ADDR[/LEN] dev IF [brd B] [scope S] [label L] [-nodad] [noprefixroute]...}; an
   * address without {@code dev} goes on {@code defaultInterface} (global {@code default_interface},
   * else eth0, as keepalived 2.2.7 has it).
   */
  void addresses(Node n, List<StaticAddress> into, String defaultInterface) {
    if (!n.block()) {
      v.error(n, "static_ipaddress needs a '{' block");
      return;
    }
    for (Node c : n.children()) {
      StaticAddress a = address(c, defaultInterface);
      if (a != null) {
        into.add(a);
      }
    }
  }

  private StaticAddress address(Node c, String defaultInterface) {
    IpPrefix p = v.prefix(c, c.keyword());
    if (p == null) {
      return null;
    }
    String what = "static_ipaddress " + c.keyword() + ": ";
    String dev = null;
    int scope = 0;
    String label = null;
    InetAddress brd = null;
    Set<StaticAddress.Flag> flags = EnumSet.noneOf(StaticAddress.Flag.class);
    boolean ok = true;
    List<String> a = c.args();
    for (int i = 0; i < a.size() && ok; i++) {
      String opt = a.get(i);
      Optional<StaticAddress.Flag> flag =
          EnumSet.allOf(StaticAddress.Flag.class).stream()
              .filter(f -> f.word().equals(opt))
              .findFirst();
      if (flag.isPresent()) {
        flags.add(flag.get());
        continue;
      }
      String val = i + 1 < a.size() ? a.get(++i) : null;
      switch (opt) {
        case "dev", "scope", "label", "brd", "broadcast" -> {
          if (val == null) {
            v.error(c, what + "'" + opt + "' needs a value");
            ok = false;
          }
        }
        case "peer", "autojoin", "track_group", "preferred_lft" -> {
          v.error(c, what + "'" + opt + "' is not supported by vigil");
          ok = false;
        }
        default -> {
          v.error(c, what + "unknown option '" + opt + "'");
          ok = false;
        }
      }
      if (!ok) {
        break;
      }
      switch (opt) {
        case "dev" -> dev = val;
        case "scope" -> {
          Integer s = scope(val);
          if (s == null) {
            v.error(c, what + "unknown scope '" + val + "'");
            ok = false;
          } else {
            scope = s;
          }
        }
        case "label" -> label = val;
        default -> {
          brd = v.address(c, val);
          ok = brd != null;
        }
      }
    }
    if (!ok) {
      return null;
    }
    boolean v4 = p.address() instanceof Inet4Address;
    if (dev == null) {
      dev = defaultInterface;
    }
    if (!interfaceExists.test(dev)) {
      v.error(c, what + "interface " + dev + " doesn't exist");
      return null;
    }
    if (label != null && (!v4 || label.length() > 15)) {
      v.error(c, what + "label is IPv4 only and at most 15 characters");
      return null;
    }
    if (brd != null && (!v4 || !(brd instanceof Inet4Address))) {
      v.error(c, what + "brd is IPv4 only");
      return null;
    }
    return new StaticAddress(
        p, c.origin(), dev, scope, Optional.ofNullable(label), Optional.ofNullable(brd), flags);
  }

  /** iproute2's scope names, or a number 0..255. */
  static Integer scope(String s) {
    switch (s) {
      case "global", "universe" -> {
        return 0;
      }
      case "site" -> {
        return 200;
      }
      case "link" -> {
        return 253;
      }
      case "host" -> {
        return 254;
      }
      case "nowhere" -> {
        return 255;
      }
      default -> {
        if (s.matches("[0-9]{1,3}") && Integer.parseInt(s) <= 255) {
          return Integer.parseInt(s);
        }
        return null;
      }
    }
  }
}
