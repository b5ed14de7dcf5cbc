package io.vigil.director.vrrp;

import io.vigil.config.model.Vrrp;
import io.vigil.vrrp.fsm.Tracker;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a reload (SIGHUP) does to one running {@code vrrp_instance} found again under the same name:
 * keep it as it is, reload it in place (state kept, see {@link io.vigil.vrrp.fsm.VrrpInstance}), or
 * stop it and start it again. Pure: two {@link VrrpSpec}s in, a decision with its reasons in words
 * out.
 *
 * <p>Only what the instance's sockets are made of needs a restart, as keepalived matches an old
 * instance with a new one by VRID, family, interface and unicast source ({@code vrrp_exist}): the
 * interface, {@code virtual_router_id}, {@code version}, the address family, {@code
 * unicast_src_ip}, {@code unicast_peer}s and the {@code auth_type PASS} password. A virtual address
 * moved to another {@code dev} is a restart too (its announcements go out on another link), and so
 * are changes of the VMACs of its addresses (made with the instance). Everything else (priority,
 * {@code advert_int}, addresses added or removed, a kept address with another prefix, {@code
 * label}, {@code scope} or {@code brd}, which a master replaces in the kernel, {@code nopreempt},
 * {@code preempt_delay}, {@code garp_*}, {@code track_*} and their weights, notify scripts, {@code
 * state}) is reloaded in place.
 */
public final class VrrpReload {
  private VrrpReload() {}

  /** Keep, in place (with the changes in words), or restart (with the reasons). */
  public sealed interface Plan {}

  public record Keep() implements Plan {}

  public record InPlace(List<String> changes) implements Plan {}

  public record Restart(List<String> reasons) implements Plan {}

  /** The VMACs of the instance's addresses, in words (made and deleted with the instance). */
  private static String addressVmacs(VrrpSpec s) {
    List<String> out = new ArrayList<>();
    for (io.vigil.config.model.Vrrp.AddressVmac m : s.source().addressVmacs()) {
      out.add(m.name() + "@" + m.base() + " " + m.mac());
    }
    return out.isEmpty() ? "none" : String.join(", ", out);
  }

  public static Plan plan(VrrpSpec old, VrrpSpec next) {
    List<String> restart = restartReasons(old, next);
    if (!restart.isEmpty()) {
      return new Restart(restart);
    }
    List<String> changes = changes(old, next);
    return changes.isEmpty() ? new Keep() : new InPlace(changes);
  }

  static List<String> restartReasons(VrrpSpec a, VrrpSpec b) {
    List<String> out = new ArrayList<>();
    VrrpSpec.InstanceTemplate x = a.template();
    VrrpSpec.InstanceTemplate y = b.template();
    change(out, "interface", a.iface(), b.iface());
    change(out, "use_vmac", vmac(a), vmac(b));
    change(out, "address VMACs", addressVmacs(a), addressVmacs(b));
    change(out, "virtual_router_id", x.vrid(), y.vrid());
    change(out, "version", x.version(), y.version());
    change(out, "family", family(a), family(b));
    change(out, "unicast_src_ip", word(a.unicastSrc()), word(b.unicastSrc()));
    if (!a.unicastPeers().equals(b.unicastPeers())) {
      out.add("unicast_peer " + peers(a.unicastPeers()) + " -> " + peers(b.unicastPeers()));
    }
    change(out, "unicast_ttl", a.unicastTtl(), b.unicastTtl());
    if (a.source().mcastGroup().isPresent() && b.source().mcastGroup().isPresent()) {
      change(out, "multicast group", group(a), group(b)); // unicast_peer says the rest
    }
    change(out, "old_unicast_checksum", a.source().unicastChecksum(), b.source().unicastChecksum());
    if (a.source().unicastChecksum() != Vrrp.UnicastChecksum.NEVER && !a.unicastPeers().isEmpty()) {
      // its pseudo-header's group
      change(
          out,
          "vrrp_mcast_group4",
          a.checksumGroup4().getHostAddress(),
          b.checksumGroup4().getHostAddress());
    }
    change(
        out, "skip_check_adv_addr", a.source().skipCheckAdvAddr(), b.source().skipCheckAdvAddr());
    change(out, "auth_type", authType(a), authType(b));
    if (authType(a).equals(authType(b)) && !a.authentication().equals(b.authentication())) {
      out.add("auth_pass changed"); // never the password itself
    }
    Map<InetAddress, VrrpSpec.VipSpec> before = byAddress(a);
    for (VrrpSpec.VipSpec v : b.vips()) {
      VrrpSpec.VipSpec w = before.get(v.address());
      if (w != null && !v.dev().equals(w.dev())) {
        out.add(
            "virtual address "
                + v.address().getHostAddress()
                + " dev "
                + w.dev()
                + " -> "
                + v.dev());
      }
    }
    return out;
  }

  /** The changes a reload in place applies, in keepalived.conf's words. */
  private static String words(java.util.Set<InetAddress> addresses) {
    return addresses.stream().map(InetAddress::getHostAddress).sorted().toList().toString();
  }

  static List<String> changes(VrrpSpec a, VrrpSpec b) {
    List<String> out = new ArrayList<>();
    VrrpSpec.InstanceTemplate x = a.template();
    VrrpSpec.InstanceTemplate y = b.template();
    change(out, "priority", x.priority(), y.priority());
    if (!a.siblingPeers().equals(b.siblingPeers())) {
      out.add(
          "unicast peers of the other instances of VRID "
              + y.vrid()
              + " on "
              + b.iface()
              + " "
              + words(a.siblingPeers())
              + " -> "
              + words(b.siblingPeers()));
    }
    change(
        out,
        "advert_int",
        seconds(x.advertIntervalCs() * 10L),
        seconds(y.advertIntervalCs() * 10L));
    Map<InetAddress, VrrpSpec.VipSpec> before = byAddress(a);
    Map<InetAddress, VrrpSpec.VipSpec> after = byAddress(b);
    for (VrrpSpec.VipSpec v : b.vips()) {
      VrrpSpec.VipSpec w = before.get(v.address());
      if (w == null) {
        out.add(vipWord(v) + " added");
      } else if (w.excluded() != v.excluded()) {
        out.add(vipWord(v) + (v.excluded() ? " moved to" : " moved out of") + " the excluded list");
      } else if (!sameExceptList(v, w)) {
        out.add(vipWord(w) + " -> " + vipText(v));
      } else if (v.noTrack() != w.noTrack()) {
        out.add(vipWord(v) + (v.noTrack() ? " no_track" : " tracked")); // the watcher's concern
      }
    }
    for (VrrpSpec.VipSpec v : a.vips()) {
      if (!after.containsKey(v.address())) {
        out.add(vipWord(v) + " removed");
      }
    }
    change(
        out,
        "preempt",
        x.preempt() ? "preempt" : "nopreempt",
        y.preempt() ? "preempt" : "nopreempt");
    change(
        out,
        "preempt_delay",
        seconds(x.preemptDelayNs() / 1_000_000),
        seconds(y.preemptDelayNs() / 1_000_000));
    change(out, "accept", x.accept() ? "accept" : "no_accept", y.accept() ? "accept" : "no_accept");
    change(
        out,
        "state",
        x.startAsMaster() ? "MASTER" : "BACKUP",
        y.startAsMaster() ? "MASTER" : "BACKUP");
    change(
        out,
        "garp_master_delay",
        seconds(x.garpMasterDelayNs() / 1_000_000),
        seconds(y.garpMasterDelayNs() / 1_000_000));
    change(out, "garp_master_repeat", x.garpMasterRepeat(), y.garpMasterRepeat());
    change(
        out,
        "garp_master_refresh",
        seconds(x.garpMasterRefreshNs() / 1_000_000),
        seconds(y.garpMasterRefreshNs() / 1_000_000));
    change(
        out,
        "garp_master_refresh_repeat",
        x.garpMasterRefreshRepeat(),
        y.garpMasterRefreshRepeat());
    change(out, "garp_lower_prio_repeat", x.garpLowerPrioRepeat(), y.garpLowerPrioRepeat());
    change(
        out,
        "garp_lower_prio_delay",
        seconds(x.garpLowerPrioDelayNs() / 1_000_000),
        seconds(y.garpLowerPrioDelayNs() / 1_000_000));
    change(out, "notify_priority_changes", x.notifyPriorityChanges(), y.notifyPriorityChanges());
    change(out, "lower_prio_no_advert", x.lowerPrioNoAdvert(), y.lowerPrioNoAdvert());
    change(out, "higher_prio_send_advert", x.higherPrioSendAdvert(), y.higherPrioSendAdvert());
    change(out, "down_timer_adverts", x.downTimerAdverts(), y.downTimerAdverts());
    change(
        out,
        "announcement interval",
        microseconds(x.announceIntervalNs() / 1_000),
        microseconds(y.announceIntervalNs() / 1_000));
    change(
        out,
        "garp_extra_if",
        seconds(x.garpExtraIfNs() / 1_000_000),
        seconds(y.garpExtraIfNs() / 1_000_000));
    trackers(out, x.trackers(), y.trackers());
    if (!a.notifyScripts().equals(b.notifyScripts())) {
      out.add("notify scripts changed");
    }
    change(out, "smtp_alert", a.mail(), b.mail());
    change(
        out,
        "promote_secondaries",
        a.source().promoteSecondaries(),
        b.source().promoteSecondaries());
    if (!routing(a.source().virtualRoutes()).equals(routing(b.source().virtualRoutes()))) {
      out.add("virtual_routes changed");
    }
    if (!routing(a.source().virtualRules()).equals(routing(b.source().virtualRules()))) {
      out.add("virtual_rules changed");
    }
    if (out.isEmpty() && !sameRun(a, b)) {
      out.add("settings changed"); // nothing above names it; reloaded in place all the same
    }
    return out;
  }

  /** Routes or rules as written, where they are written left out. */
  private static List<String> routing(List<?> entries) {
    List<String> out = new ArrayList<>();
    for (Object e : entries) {
      out.add(
          e instanceof io.vigil.config.model.StaticRoute r
              ? io.vigil.config.StaticDump.route(r)
              : io.vigil.config.StaticDump.rule((io.vigil.config.model.StaticRule) e));
    }
    return out;
  }

  private static String group(VrrpSpec s) {
    return s.source().mcastGroup().map(InetAddress::getHostAddress).orElse("");
  }

  private static String vmac(VrrpSpec s) {
    return s.source()
        .vmac()
        .map(m -> m.name() + " " + m.mac() + (m.xmitBase() ? " vmac_xmit_base" : ""))
        .orElse("(none)");
  }

  /** Same configuration apart from where in the file it is written. */
  static boolean sameRun(VrrpSpec a, VrrpSpec b) {
    return a.iface().equals(b.iface())
        && a.source().vmac().equals(b.source().vmac())
        && a.unicastSrc().equals(b.unicastSrc())
        && a.unicastPeers().equals(b.unicastPeers())
        && a.unicastTtl() == b.unicastTtl()
        && a.source().mcastGroup().equals(b.source().mcastGroup())
        && a.source().unicastChecksum() == b.source().unicastChecksum()
        && a.authentication().equals(b.authentication())
        && a.vips().equals(b.vips())
        && a.trackedInterfaces().equals(b.trackedInterfaces())
        && a.trackedScripts().equals(b.trackedScripts())
        && a.trackedFiles().equals(b.trackedFiles())
        && a.notifyScripts().equals(b.notifyScripts())
        && a.mail() == b.mail()
        && a.source().promoteSecondaries() == b.source().promoteSecondaries()
        && routing(a.source().virtualRoutes()).equals(routing(b.source().virtualRoutes()))
        && routing(a.source().virtualRules()).equals(routing(b.source().virtualRules()))
        && a.template().equals(b.template())
        && family(a).equals(family(b));
  }

  private static void trackers(List<String> out, List<Tracker> before, List<Tracker> after) {
    Map<String, Tracker> old = new LinkedHashMap<>();
    before.forEach(t -> old.put(t.name(), t));
    Map<String, Tracker> now = new LinkedHashMap<>();
    after.forEach(t -> now.put(t.name(), t));
    for (Tracker t : after) {
      Tracker o = old.get(t.name());
      if (o == null) {
        out.add(trackerWord(t) + " added");
      } else if (o.weight() != t.weight() || o.reverse() != t.reverse()) {
        out.add(trackerWord(t) + " weight " + weight(o) + " -> " + weight(t));
      } else if (!o.equals(t)) {
        out.add(trackerWord(t) + " changed");
      }
    }
    for (Tracker t : before) {
      if (!now.containsKey(t.name())) {
        out.add(trackerWord(t) + " removed");
      }
    }
  }

  private static String trackerWord(Tracker t) {
    return switch (t.kind()) {
      case INTERFACE -> "track_interface " + t.name();
      case SCRIPT ->
          t.name().equals(VrrpMapping.NO_PEER_TRACKER)
              ? "unicast_fault_no_peer"
              : "track_script " + t.name().substring(VrrpMapping.scriptTrackerName("").length());
      case FILE -> "track_file " + t.name().substring(VrrpMapping.fileTrackerName("").length());
      case PROCESS ->
          "track_process " + t.name().substring(VrrpMapping.processTrackerName("").length());
    };
  }

  private static String weight(Tracker t) {
    return t.weight() + (t.reverse() ? " reverse" : "");
  }

  private static String vipWord(VrrpSpec.VipSpec v) {
    return (v.excluded() ? "excluded VIP " : "VIP ")
        + v.address().getHostAddress()
        + "/"
        + v.prefixLength();
  }

  /** A virtual address as keepalived.conf writes it: prefix, then the words that differ. */
  private static String vipText(VrrpSpec.VipSpec v) {
    StringBuilder b = new StringBuilder(v.address().getHostAddress() + "/" + v.prefixLength());
    v.broadcast().ifPresent(x -> b.append(" brd ").append(x.getHostAddress()));
    b.append(" scope ").append(v.scope());
    v.label().ifPresent(l -> b.append(" label ").append(l));
    v.peer().ifPresent(x -> b.append(" peer ").append(x.getHostAddress()));
    if (v.flags() != 0) {
      b.append(" flags 0x").append(Integer.toHexString(v.flags()));
    }
    if (v.preferredLifetime() != io.vigil.netlink.rtnl.IfAddress.FOREVER) {
      b.append(" preferred_lft ").append(v.preferredLifetime());
    }
    return b.toString();
  }

  /** The same address added the same way, on either list. */
  static boolean sameExceptList(VrrpSpec.VipSpec v, VrrpSpec.VipSpec w) {
    return v.prefixLength() == w.prefixLength()
        && v.dev().equals(w.dev())
        && v.label().equals(w.label())
        && v.scope() == w.scope()
        && v.broadcast().equals(w.broadcast())
        && v.peer().equals(w.peer())
        && v.flags() == w.flags()
        && v.preferredLifetime() == w.preferredLifetime();
  }

  /** The spec's virtual addresses (both lists) by address. */
  static Map<InetAddress, VrrpSpec.VipSpec> byAddress(VrrpSpec s) {
    Map<InetAddress, VrrpSpec.VipSpec> m = new LinkedHashMap<>();
    s.vips().forEach(v -> m.put(v.address(), v));
    return m;
  }

  private static String authType(VrrpSpec s) {
    return s.authentication().map(Vrrp.Authentication::type).orElse("none");
  }

  private static String family(VrrpSpec s) {
    return s.source().isIpv6() ? "inet6" : "inet";
  }

  private static String word(Optional<InetAddress> a) {
    return a.map(InetAddress::getHostAddress).orElse("none");
  }

  private static String peers(List<Vrrp.UnicastPeer> l) {
    return l.stream()
        .map(
            p ->
                p.address().getHostAddress()
                    + (p.minTtl() == 0 && p.maxTtl() == 255
                        ? ""
                        : " min_ttl " + p.minTtl() + " max_ttl " + p.maxTtl()))
        .toList()
        .toString();
  }

  /** Microseconds as keepalived's seconds: 0.001, 0.000001. */
  static String microseconds(long us) {
    return java.math.BigDecimal.valueOf(us, 6).stripTrailingZeros().toPlainString();
  }

  /** Milliseconds as keepalived's seconds: 1, 0.5, 0.01. */
  static String seconds(long ms) {
    return java.math.BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString();
  }

  private static void change(List<String> out, String what, Object before, Object after) {
    if (!Objects.equals(before, after)) {
      out.add(what + " " + before + " -> " + after);
    }
  }
}
