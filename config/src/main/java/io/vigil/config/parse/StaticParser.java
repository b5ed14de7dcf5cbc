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
    int scope = l.scope().map(io.vigil.config.model.Addresses::scope).orElse(0);
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
}
