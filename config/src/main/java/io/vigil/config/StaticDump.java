package io.vigil.config;

import io.vigil.config.model.Addresses;
import io.vigil.config.model.StaticAddress;
import io.vigil.config.model.StaticRoute;
import io.vigil.config.model.StaticRule;

/**
 * A static route or rule as one normalised line in keepalived.conf syntax: every default written
 * out, options in a fixed order, so two configurations diff and keepalived reads the line back to
 * the same route or rule.
 */
public final class StaticDump {
  private StaticDump() {}

  public static String route(StaticRoute r) {
    StringBuilder b = new StringBuilder();
    if (r.type() != StaticRoute.Type.UNICAST) {
      b.append(r.type().word()).append(' ');
    }
    b.append(r.dst());
    r.from().ifPresent(p -> b.append(" from ").append(p));
    r.src().ifPresent(a -> b.append(" src ").append(Addresses.format(a)));
    r.via().ifPresent(a -> b.append(" via ").append(Addresses.format(a)));
    r.dev().ifPresent(d -> b.append(" dev ").append(d));
    b.append(" table ").append(StaticRoute.tableWord(r.table()));
    r.vrf().ifPresent(v -> b.append(" vrf ").append(v)); // after table: it wins
    b.append(" scope ").append(StaticAddress.scopeWord(r.scope()));
    r.metric().ifPresent(m -> b.append(" metric ").append(m));
    r.protocol().ifPresent(p -> b.append(" protocol ").append(p));
    r.tos().ifPresent(t -> b.append(" tos 0x").append(String.format("%02x", t)));
    r.metrics()
        .forEach(
            (k, v) -> {
              b.append(' ').append(k);
              if (r.locked().contains(k)) {
                b.append(" lock");
              }
              b.append(' ')
                  .append(
                      switch (k) {
                        case "features" -> "ecn";
                        case "realms" -> (v >> 16) + "/" + (v & 0xffff);
                        default -> v;
                      });
            });
    r.congctl()
        .ifPresent(
            a ->
                b.append(" congctl ")
                    .append(r.locked().contains("congctl") ? "lock " : "")
                    .append(a));
    if (r.onlink()) {
      b.append(" onlink");
    }
    if (r.mode() != StaticRoute.Mode.PREPEND) {
      b.append(' ').append(r.mode().name().toLowerCase(java.util.Locale.ROOT));
    }
    if (!r.tracked()) {
      b.append(" no_track");
    }
    r.trackGroup().ifPresent(g -> b.append(" track_group ").append(g));
    // late: an ip6 encap would take a following hoplimit as its own
    r.encap().ifPresent(e -> encap(b, e));
    for (StaticRoute.Nexthop n : r.nexthops()) { // last: the rest of a line after one is hops
      b.append(" nexthop");
      n.via().ifPresent(a -> b.append(" via ").append(Addresses.format(a)));
      n.dev().ifPresent(d -> b.append(" dev ").append(d));
      if (n.weight() != 1) {
        b.append(" weight ").append(n.weight());
      }
      if (n.onlink()) {
        b.append(" onlink");
      }
      n.realms()
          .ifPresent(v -> b.append(" realms ").append(v >> 16).append('/').append(v & 0xffff));
      n.encap().ifPresent(e -> encap(b, e));
    }
    return b.toString();
  }

  private static void encap(StringBuilder b, StaticRoute.Encap e) {
    if (!e.mpls().isEmpty()) {
      b.append(" encap mpls ");
      b.append(String.join("/", e.mpls().stream().map(String::valueOf).toList()));
      return;
    }
    if (e.ila().isPresent()) {
      long l = e.ila().getAsLong();
      b.append(
          String.format(
              " encap ila %x:%x:%x:%x",
              l >>> 48, (l >>> 32) & 0xffff, (l >>> 16) & 0xffff, l & 0xffff));
      return;
    }
    b.append(" encap ").append(e.ip6() ? "ip6" : "ip");
    e.id().ifPresent(x -> b.append(" id ").append(Long.toUnsignedString(x)));
    e.dst().ifPresent(a -> b.append(" dst ").append(Addresses.format(a)));
    e.src().ifPresent(a -> b.append(" src ").append(Addresses.format(a)));
    e.tos().ifPresent(x -> b.append(e.ip6() ? " tc " : " tos ").append(x));
    e.ttl().ifPresent(x -> b.append(e.ip6() ? " hoplimit " : " ttl ").append(x));
    e.flags().ifPresent(x -> b.append(" flags ").append(x));
  }

  public static String rule(StaticRule r) {
    StringBuilder b = new StringBuilder("priority ").append(r.priority());
    if (r.not()) {
      b.append(" not");
    }
    r.from().ifPresent(p -> b.append(" from ").append(p));
    r.to().ifPresent(p -> b.append(" to ").append(p));
    r.tos().ifPresent(t -> b.append(" tos 0x").append(String.format("%02x", t)));
    r.fwmark().ifPresent(m -> b.append(" fwmark 0x").append(Long.toHexString(m)));
    r.fwmask().ifPresent(m -> b.append("/0x").append(Long.toHexString(m)));
    r.iif().ifPresent(d -> b.append(" iif ").append(d));
    r.oif().ifPresent(d -> b.append(" oif ").append(d));
    r.ipProto().ifPresent(p -> b.append(" ipproto ").append(p));
    r.sport().ifPresent(p -> b.append(" sport ").append(p));
    r.dport().ifPresent(p -> b.append(" dport ").append(p));
    r.uidRange().ifPresent(p -> b.append(" uidrange ").append(p));
    r.suppressPrefixLength().ifPresent(n -> b.append(" suppress_prefixlength ").append(n));
    r.suppressIfgroup().ifPresent(g -> b.append(" suppress_ifgroup ").append(g));
    if (r.tunnelId() != 0) {
      b.append(" tunnel-id ").append(Long.toUnsignedString(r.tunnelId()));
    }
    r.realms()
        .ifPresent(
            x ->
                b.append(" realms ")
                    .append(x >> 16 == 0 ? "" : (x >> 16) + "/")
                    .append(x & 0xffff));
    switch (r.action()) {
      case TABLE -> b.append(r.l3mdev() ? " l3mdev" : " table " + StaticRoute.tableWord(r.table()));
      case GOTO -> b.append(" goto ").append(r.gotoTarget());
      default -> b.append(' ').append(r.action().word());
    }
    r.protocol().ifPresent(p -> b.append(" protocol ").append(p));
    if (!r.tracked()) {
      b.append(" no_track");
    }
    r.trackGroup().ifPresent(g -> b.append(" track_group ").append(g));
    // last: keepalived 2.2.7 skips the word after inet/inet6
    return b.append(r.ipv6() ? " inet6" : " inet").toString();
  }
}
