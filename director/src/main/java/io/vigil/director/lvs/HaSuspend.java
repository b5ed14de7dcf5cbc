package io.vigil.director.lvs;

import io.vigil.director.lvs.LvsModel.Backend;
import io.vigil.director.lvs.LvsModel.VirtualService;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.rtnl.IfAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * keepalived's {@code ha_suspend}, the pure part: which addresses this host has (fed from
 * rtnetlink: the list at start, then every address added or deleted), and from that which real
 * servers' checkers are suspended. A virtual server with {@code ha_suspend} has its checkers
 * suspended while none of its addresses is on any interface, and resumed when one appears
 * (typically when the VRRP master adds the VIP). As in keepalived 2.2.7 ({@code
 * update_checker_activity}), an address counts once per interface that holds it, so deleting it
 * from one of two interfaces suspends nothing; the IPVS table and the real servers' verdicts are
 * not touched. A fwmark service has no address (the config module clears its {@code ha_suspend}, as
 * keepalived does). Unlike keepalived 2.2.7, whose address match skips virtual server groups (their
 * checkers never run with {@code ha_suspend}), a group's checkers run while any address of the
 * group is present. No I/O, no clock, one thread.
 */
public final class HaSuspend {
  /** Every address on the host, with the interfaces that hold it. */
  private final Map<InetAddress, Set<Integer>> present = new HashMap<>();

  /** Whether any virtual server of {@code model} uses {@code ha_suspend}. */
  public static boolean uses(LvsModel model) {
    for (VirtualService vs : model.virtualServers()) {
      if (vs.haSuspend() && !addresses(vs).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The addresses a virtual server waits for (none for a fwmark service, but a group's served
   * through nftables_ipvs's marks), in key order.
   */
  public static Set<InetAddress> addresses(VirtualService vs) {
    Set<InetAddress> out = new LinkedHashSet<>();
    for (ServiceKey k : vs.keys()) {
      if (!k.isFwmark()) {
        out.add(plain(k.address()));
      }
    }
    for (InetAddress a : vs.markedAddresses()) {
      out.add(plain(a));
    }
    return out;
  }

  /** Replaces what is known with the host's whole address list (at start, or after a resync). */
  public void reset(Collection<IfAddress> all) {
    present.clear();
    for (IfAddress a : all) {
      added(a);
    }
  }

  /** An address was added; true when it was on no interface before. */
  public boolean added(IfAddress a) {
    Set<Integer> on = present.computeIfAbsent(plain(a.address()), k -> new HashSet<>());
    return on.add(a.index()) && on.size() == 1;
  }

  /** An address was deleted; true when it is now on no interface. */
  public boolean removed(IfAddress a) {
    InetAddress key = plain(a.address());
    Set<Integer> on = present.get(key);
    if (on == null || !on.remove(a.index())) {
      return false;
    }
    if (on.isEmpty()) {
      present.remove(key);
      return true;
    }
    return false;
  }

  /** Whether this address is on some interface now. */
  public boolean present(InetAddress a) {
    return present.containsKey(plain(a));
  }

  /** Whether this {@code ha_suspend} virtual server's checkers are suspended now. */
  public boolean suspends(VirtualService vs) {
    if (!vs.haSuspend()) {
      return false;
    }
    Set<InetAddress> want = addresses(vs);
    if (want.isEmpty()) {
      return false;
    }
    for (InetAddress a : want) {
      if (present.containsKey(a)) {
        return false;
      }
    }
    return true;
  }

  /** The real servers (their ids) whose checkers are suspended now. */
  public Set<String> suspended(LvsModel model) {
    Set<String> out = new HashSet<>();
    for (VirtualService vs : model.virtualServers()) {
      if (suspends(vs)) {
        for (Backend b : vs.backends()) {
          out.add(b.id());
        }
      }
    }
    return out;
  }

  /** The {@code ha_suspend} virtual servers that use this address. */
  public static List<VirtualService> using(LvsModel model, InetAddress address) {
    InetAddress a = plain(address);
    List<VirtualService> out = new ArrayList<>();
    for (VirtualService vs : model.virtualServers()) {
      if (vs.haSuspend() && addresses(vs).contains(a)) {
        out.add(vs);
      }
    }
    return out;
  }

  /** The address alone: no scope id or host name, so that equal addresses are equal keys. */
  static InetAddress plain(InetAddress a) {
    try {
      return InetAddress.getByAddress(a.getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
