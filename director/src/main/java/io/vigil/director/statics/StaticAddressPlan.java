package io.vigil.director.statics;

import io.vigil.config.model.StaticAddress;
import io.vigil.netlink.rtnl.IfAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which static addresses to add and delete. Pure: the configured addresses (with their interface
 * indexes resolved), the ones configured before a reload and the kernel's addresses in, requests
 * out. An address counts as present when its interface has the same address and prefix length (what
 * the kernel keys it by); one dropped from the configuration on reload is deleted, as keepalived
 * does; nothing is deleted at stop.
 */
public final class StaticAddressPlan {
  private StaticAddressPlan() {}

  /** One request, with the configuration line it comes from. */
  public sealed interface Op {
    StaticAddress source();

    IfAddress address();

    record Add(StaticAddress source, IfAddress address) implements Op {}

    record Delete(StaticAddress source, IfAddress address) implements Op {}
  }

  /** The rtnetlink address for a configured one on interface {@code index}. */
  public static IfAddress toKernel(StaticAddress s, int index) {
    return new IfAddress(
        index,
        s.prefix().address(),
        s.prefix().prefixLength(),
        s.label().orElse(null),
        s.scope(),
        s.broadcast().orElse(null),
        AddressOptions.flags(s.flags(), !s.prefix().isIpv4()),
        s.peer().orElse(null),
        AddressOptions.preferredLifetime(s.preferredLifetime(), s.prefix()));
  }

  /**
   * @param wanted configured addresses whose interface exists, with its index
   * @param dropped addresses configured before the reload and not any more, with their index
   * @param current the kernel's addresses
   */
  public static List<Op> plan(
      Map<StaticAddress, Integer> wanted,
      Map<StaticAddress, Integer> dropped,
      List<IfAddress> current) {
    List<Op> out = new ArrayList<>();
    for (Map.Entry<StaticAddress, Integer> e : dropped.entrySet()) {
      IfAddress a = toKernel(e.getKey(), e.getValue());
      boolean stillWanted =
          wanted.entrySet().stream().anyMatch(w -> sameKey(toKernel(w.getKey(), w.getValue()), a));
      if (!stillWanted && current.stream().anyMatch(c -> sameKey(c, a))) {
        out.add(new Op.Delete(e.getKey(), a));
      }
    }
    List<IfAddress> planned = new ArrayList<>();
    for (Map.Entry<StaticAddress, Integer> e : wanted.entrySet()) {
      IfAddress a = toKernel(e.getKey(), e.getValue());
      if (current.stream().noneMatch(c -> sameKey(c, a))
          && planned.stream().noneMatch(p -> sameKey(p, a))) {
        out.add(new Op.Add(e.getKey(), a));
        planned.add(a);
      }
    }
    return out;
  }

  static boolean sameKey(IfAddress a, IfAddress b) {
    return a.index() == b.index()
        && a.address().equals(b.address())
        && a.prefixLength() == b.prefixLength();
  }
}
