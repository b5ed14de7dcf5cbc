package io.vigil.director.vrrp;

import io.vigil.config.model.GlobalDefs;
import io.vigil.netlink.nft.NftCodec;
import io.vigil.netlink.nft.VipFirewall;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VRRP's firewall as keepalived 2.2.7 keeps it with nftables ({@link VipFirewall}).
 *
 * <p>no_accept: while an instance that does not accept ({@code no_accept}, or strict mode without
 * {@code accept}) and does not own its addresses (priority 255) is master, the packets to and from
 * its addresses, the excluded ones too, are dropped, so that neither the host nor IPVS serves them
 * (RFC 5798 §6.4.3). Added before the addresses are, removed after they are.
 *
 * <p>VMACs: while a VMAC of {@code use_vmac} exists, the IGMP / MLD reports the kernel sends from
 * it (joining the VRRP group) leave the interface under it instead, so that a backup never shows
 * the virtual MAC to the switches; IPv6 router solicitations from it are dropped.
 *
 * <p>The tables are made when first needed and deleted at the stop. A refusal of the kernel (no
 * nf_tables, say) is logged and VRRP goes on without the rule. Thread-safe.
 */
final class VrrpFirewall implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VrrpFirewall.class);

  private final ToIntFunction<String> ifindexOf;
  private final Supplier<VipFirewall.Kernel> kernel;
  private GlobalDefs.Nftables settings = GlobalDefs.Nftables.DEFAULT;
  private VipFirewall firewall; // made when first needed
  private VipFirewall.Kernel socket; // the firewall's

  /**
   * @param ifindexOf an interface's index (link-local addresses are dropped on their interface)
   * @param kernel opens the netfilter socket, when the first table is made
   */
  VrrpFirewall(ToIntFunction<String> ifindexOf, Supplier<VipFirewall.Kernel> kernel) {
    this.ifindexOf = ifindexOf;
    this.kernel = kernel;
  }

  /** Whether the instance's addresses are dropped while it is master. */
  static boolean drops(VrrpSpec s) {
    return !s.source().accept() && s.source().priority() != 255;
  }

  /**
   * The global nftables settings (at start and at each reload). Tables made already are made again
   * with the new settings, holding what they held, in one transaction ({@link
   * VipFirewall#replacedBy}): under the same name they are replaced at once, under another the old
   * ones are deleted after the new ones are in, so the dropped addresses are never let through. If
   * the kernel refuses, the tables stay as they were, with the settings they were made with.
   */
  synchronized void settings(GlobalDefs.Nftables s) {
    if (firewall != null && !firewall.active()) {
      close(); // no tables yet: the next ones are made with the new settings
    }
    if (firewall != null && !s.equals(settings)) {
      VipFirewall next;
      try {
        next = firewall.replacedBy(settingsOf(s));
      } catch (RuntimeException e) {
        log.warn(
            "nftables settings changed, but table {} could not be made again with them: {}; it"
                + " stays as it was",
            settings.tableName(),
            e.getMessage());
        return;
      }
      if (!s.tableName().equals(settings.tableName())) {
        try {
          firewall.close();
        } catch (RuntimeException e) {
          log.warn(
              "nftables: could not delete table {} after moving to {}: {}",
              settings.tableName(),
              s.tableName(),
              e.getMessage());
        }
      }
      log.info(
          "nftables settings changed: table {} made again{} ({} addresses dropped)",
          s.tableName(),
          s.tableName().equals(settings.tableName()) ? "" : " in place of " + settings.tableName(),
          next.size());
      firewall = next;
    }
    settings = s;
  }

  private static VipFirewall.Settings settingsOf(GlobalDefs.Nftables s) {
    return new VipFirewall.Settings(s.tableName(), s.priority(), s.counters(), s.ifindex());
  }

  /** Starts dropping traffic to and from these addresses of the instance (before adding them). */
  void drop(VrrpSpec s, List<VrrpSpec.VipSpec> vips) {
    if (vips.isEmpty()) {
      return;
    }
    try {
      if (firewall().add(keys(s, vips)) == 0) {
        return;
      }
      log.info(
          "vrrp_instance {}: nftables drops traffic to and from {} (no_accept)",
          s.name(),
          words(vips));
    } catch (RuntimeException e) {
      log.warn(
          "vrrp_instance {}: nftables could not drop traffic to {}: {}; they are reachable as with"
              + " accept",
          s.name(),
          words(vips),
          e.getMessage());
    }
  }

  /** Stops dropping traffic to and from these addresses (after removing them). */
  void pass(VrrpSpec s, List<VrrpSpec.VipSpec> vips) {
    VipFirewall f = existing();
    if (f == null || vips.isEmpty()) {
      return;
    }
    try {
      f.remove(keys(s, vips));
    } catch (RuntimeException e) {
      log.warn(
          "vrrp_instance {}: nftables could not stop dropping traffic to {}: {}",
          s.name(),
          words(vips),
          e.getMessage());
    }
  }

  /**
   * A reload in place (before the instance applies it): the addresses it keeps are dropped or not
   * as its new configuration says ({@code accept} turned on or off, an address moved to another
   * interface). The addresses it gains or loses follow with their adding and removal.
   */
  void inStep(VrrpSpec before, VrrpSpec next, boolean master) {
    List<VrrpSpec.VipSpec> kept = new ArrayList<>();
    List<VrrpSpec.VipSpec> keptBefore = new ArrayList<>();
    for (VrrpSpec.VipSpec v : next.vips()) {
      for (VrrpSpec.VipSpec w : before.vips()) {
        if (w.address().equals(v.address())) {
          kept.add(v);
          keptBefore.add(w);
        }
      }
    }
    List<VrrpSpec.VipSpec> want = master && drops(next) ? kept : List.of();
    List<VipFirewall.Vip> gone = new ArrayList<>(keys(before, keptBefore));
    gone.removeAll(keys(next, want));
    VipFirewall f = existing();
    if (f != null && !gone.isEmpty()) {
      try {
        f.remove(gone);
      } catch (RuntimeException e) {
        log.warn("vrrp_instance {}: nftables: {}", next.name(), e.getMessage());
      }
    }
    drop(next, want);
  }

  /** The firewall if it was made (there is nothing to remove from one that was not), else null. */
  private synchronized VipFirewall existing() {
    return firewall;
  }

  private synchronized VipFirewall firewall() {
    if (firewall == null) {
      socket = kernel.get();
      firewall = new VipFirewall(settingsOf(settings), socket);
    }
    return firewall;
  }

  /**
   * The set keys: a link-local IPv6 address with its interface, by name for an instance with {@code
   * dont_track_primary} when the address is on the instance's own device (its VMAC with {@code
   * use_vmac}, keepalived's {@code vrrp->ifp}) or not tracked (as keepalived 2.2.7 keys it,
   * vrrp_nftables.c), by index otherwise.
   */
  private List<VipFirewall.Vip> keys(VrrpSpec s, List<VrrpSpec.VipSpec> vips) {
    List<VipFirewall.Vip> out = new ArrayList<>(vips.size());
    for (VrrpSpec.VipSpec v : vips) {
      if (v.address() instanceof Inet4Address || !v.address().isLinkLocalAddress()) {
        out.add(VipFirewall.Vip.of(v.address()));
      } else {
        boolean byName =
            s.source().dontTrackPrimary() && (v.dev().equals(s.ownDevice()) || v.noTrack());
        out.add(new VipFirewall.Vip(v.address(), ifindexOf.applyAsInt(v.dev()), v.dev(), byName));
      }
    }
    return out;
  }

  private static String words(List<VrrpSpec.VipSpec> vips) {
    List<String> out = new ArrayList<>(vips.size());
    for (VrrpSpec.VipSpec v : vips) {
      out.add(v.address().getHostAddress());
    }
    return String.join(", ", out);
  }

  /**
   * A VMAC was made ({@code oldIndex} 0) or made again in place of the VMAC {@code oldIndex}: its
   * reports are moved to the interface under it, for the instance's family and, when it has
   * excluded addresses of the other, that one too.
   */
  void vmacMade(VrrpSpec s, int index, int baseIndex, int oldIndex) {
    if (ipvlan(s)) {
      return; // keepalived 2.2.7 adds its VMAC rules for macvlans alone (vrrp_vmac.c)
    }
    try {
      firewall().addVmac(index, baseIndex, families(s), oldIndex);
    } catch (RuntimeException e) {
      log.warn(
          "({}) nftables could not move the IGMP/MLD reports of VMAC {}: {}",
          s.name(),
          s.source().vmac().map(io.vigil.config.model.Vrrp.Vmac::name).orElse("?"),
          e.getMessage());
    }
  }

  /** The VMAC {@code index} was deleted. */
  void vmacDeleted(VrrpSpec s, int index) {
    VipFirewall f = existing();
    if (f == null || index == 0 || ipvlan(s)) {
      return;
    }
    try {
      f.removeVmac(index, families(s));
    } catch (RuntimeException e) {
      log.warn("({}) nftables: {}", s.name(), e.getMessage());
    }
  }

  /** Whether the instance's "VMAC" is {@code use_ipvlan}'s interface, which has no rules. */
  private static boolean ipvlan(VrrpSpec s) {
    return s.source().vmac().map(io.vigil.config.model.Vrrp.Vmac::isIpvlan).orElse(false);
  }

  /** The instance's family, and the other one when it has excluded addresses of it. */
  private static List<Integer> families(VrrpSpec s) {
    boolean v6 = s.source().isIpv6();
    List<Integer> out = new ArrayList<>();
    out.add(v6 ? NftCodec.NFPROTO_IPV6 : NftCodec.NFPROTO_IPV4);
    for (VrrpSpec.VipSpec v : s.vips()) {
      if (v.excluded() && (v.address() instanceof Inet4Address) == v6) {
        out.add(v6 ? NftCodec.NFPROTO_IPV4 : NftCodec.NFPROTO_IPV6);
        break;
      }
    }
    return out;
  }

  /** Deletes the tables (keepalived does so at its stop). */
  @Override
  public synchronized void close() {
    if (firewall == null) {
      return;
    }
    try {
      firewall.close();
    } catch (RuntimeException e) {
      log.warn("nftables: could not delete table {}: {}", settings.tableName(), e.getMessage());
    }
    firewall = null;
    VipFirewall.Kernel.close(socket, e -> log.debug("nftables socket close: {}", e.getMessage()));
    socket = null;
  }
}
