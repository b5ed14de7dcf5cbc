package io.vigil.config.parse;

import io.vigil.config.lang.Node;
import io.vigil.config.model.StaticAddress;
import java.util.List;
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
   * Lines of {@code ADDR[/LEN] dev IF [brd B] [scope S] [label L] [peer P] [-nodad]
   * [noprefixroute]...} ({@link AddressLine}); an address without {@code dev} goes on {@code
   * defaultInterface} (global {@code default_interface}, else eth0, as keepalived 2.2.7 has it).
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
    String what = "static_ipaddress " + c.keyword() + ": ";
    AddressLine l = AddressLine.parse(c, v, what, true);
    if (l == null) {
      return null;
    }
    int scope = 0;
    if (l.scope().isPresent()) {
      Integer s = scope(l.scope().get());
      if (s == null) {
        v.error(c, what + "unknown scope '" + l.scope().get() + "'");
        return null;
      }
      scope = s;
    }
    String dev = l.dev().orElse(defaultInterface);
    if (!interfaceExists.test(dev)) {
      v.error(c, what + "interface " + dev + " doesn't exist");
      return null;
    }
    return new StaticAddress(
        l.prefix(),
        c.origin(),
        dev,
        scope,
        l.label(),
        l.broadcast(),
        l.flags(),
        l.peer(),
        l.noTrack(),
        l.preferredLifetime(),
        l.trackGroup());
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
