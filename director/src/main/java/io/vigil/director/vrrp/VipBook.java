package io.vigil.director.vrrp;

import io.vigil.vrrp.fsm.Action;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One instance's virtual addresses as its VRRP thread adds and removes them: which {@link
 * VrrpSpec.VipSpec} (prefix, device, label, scope, broadcast) an action's address stands for, and
 * whether the instance holds its addresses (a master does; the address watcher puts back what is
 * deleted behind a holder's back).
 *
 * <p>A reload in place ({@link #reloaded}) is taken on the VRRP thread just before the state
 * machine reloads, so the actions that follow always find their addresses: the new configuration's,
 * or, for the removal of a dropped address, the old one's. Used by that thread alone, except {@link
 * #holding}, which any thread may read.
 */
final class VipBook {
  private VrrpSpec spec;
  private List<VrrpSpec.VipSpec> retired = List.of();
  private volatile boolean holding;

  VipBook(VrrpSpec spec) {
    this.spec = spec;
  }

  /** The configuration the actions are read against. */
  VrrpSpec spec() {
    return spec;
  }

  boolean holding() {
    return holding;
  }

  /** A kept address whose prefix, label, scope or broadcast a reload changed. */
  record Changed(VrrpSpec.VipSpec before, VrrpSpec.VipSpec after) {}

  /**
   * A reload in place: from now on the actions name {@code next}'s addresses (or dropped ones).
   * Returns the kept addresses written differently while the instance holds them: the caller
   * replaces each in the kernel (keepalived deletes the old one and adds the new one on a reload
   * too), as the state machine, which knows addresses only, asks for nothing.
   */
  List<Changed> reloaded(VrrpSpec next) {
    Map<InetAddress, VrrpSpec.VipSpec> now = VrrpReload.byAddress(next);
    List<VrrpSpec.VipSpec> gone = new ArrayList<>();
    List<Changed> changed = new ArrayList<>();
    for (VrrpSpec.VipSpec v : spec.vips()) {
      VrrpSpec.VipSpec w = now.get(v.address());
      if (w == null) {
        gone.add(v);
      } else if (holding && !VrrpReload.sameExceptList(v, w)) {
        changed.add(new Changed(v, w));
      }
    }
    retired = List.copyOf(gone);
    spec = next;
    return List.copyOf(changed);
  }

  /** The addresses to add: the instance holds them from now on. */
  List<VrrpSpec.VipSpec> add(Action.AddVips a) {
    holding = true;
    return named(a.vips(), a.excluded());
  }

  /**
   * The addresses to remove. A release names every configured address (the instance holds nothing
   * after it); a reload in place names only those it dropped (the rest stay held).
   */
  List<VrrpSpec.VipSpec> remove(Action.RemoveVips a) {
    if (a.vips().containsAll(spec.advertisedVips())) {
      holding = false;
    }
    return named(a.vips(), a.excluded());
  }

  /** A transition: anywhere but MASTER the instance holds nothing, whatever it released. */
  void state(String state) {
    if (!"MASTER".equals(state)) {
      holding = false;
    }
  }

  private List<VrrpSpec.VipSpec> named(List<InetAddress> vips, List<InetAddress> excluded) {
    List<VrrpSpec.VipSpec> out = new ArrayList<>();
    for (List<VrrpSpec.VipSpec> from : List.of(spec.vips(), retired)) {
      for (VrrpSpec.VipSpec v : from) {
        if ((vips.contains(v.address()) || excluded.contains(v.address())) && !has(out, v)) {
          out.add(v);
        }
      }
    }
    return out;
  }

  /** A loop, not a stream: this runs when an instance becomes master, before its first advert. */
  private static boolean has(List<VrrpSpec.VipSpec> vips, VrrpSpec.VipSpec v) {
    for (VrrpSpec.VipSpec o : vips) {
      if (o.address().equals(v.address())) {
        return true;
      }
    }
    return false;
  }
}
