package io.vigil.config.parse;

import io.vigil.config.Diagnostics;
import io.vigil.config.Environment;
import io.vigil.config.Origin;
import io.vigil.config.model.Checker;
import io.vigil.config.model.GlobalDefs;
import io.vigil.config.model.Lvs;
import io.vigil.config.model.LvsSyncDaemon;
import io.vigil.config.model.Script;
import io.vigil.config.model.StaticAddress;
import io.vigil.config.model.StaticRoute;
import io.vigil.config.model.StaticRule;
import io.vigil.config.model.VigilConfig;
import io.vigil.config.model.Vrrp;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/** Checks between blocks: references, duplicates, interfaces, script security. */
final class Validator {
  private final Diagnostics d;
  private final Environment env;

  Validator(Diagnostics d, Environment env) {
    this.d = d;
    this.env = env;
  }

  /**
   * The instance's VMAC under a name no other instance's VMAC has: a taken one is reported and
   * replaced as keepalived 2.2.7 names VMACs (vrrp.c create_vmac_name: {@code vrrp1.VRID}, {@code
   * vrrp2.VRID}..., for IPv6 {@code vrrp6.VRID} first).
   */
  private Vrrp.Vmac uniqueVmac(
      Vrrp.Instance i, Vrrp.Vmac m, Map<String, String> owners, String prefix) {
    String owner = owners.putIfAbsent(m.name(), i.name());
    if (owner == null) {
      return m;
    }
    String name = freeVmacName(m.name(), prefix, i.virtualRouterId(), i.isIpv6(), owners);
    owners.put(name, i.name());
    d.error(
        i.origin(),
        "("
            + i.name()
            + ") VRRP instance "
            + owner
            + " is already using "
            + m.name()
            + " - using "
            + name);
    return new Vrrp.Vmac(name, m.mac(), m.xmitBase(), m.ipvlan());
  }

  /**
   * The VMACs of the instance's addresses, as keepalived 2.2.7 completes an instance (vrrp.c): an
   * address with {@code use_vmac} gets one, unless it is on the instance's interface, of its
   * family, and the instance has {@code use_vmac} itself (reported: it goes on the instance's
   * VMAC), or it is of another interface or family and the instance has {@code use_vmac_addr}
   * (reported); with {@code use_vmac_addr} every address on another interface, or of the other
   * family, gets one. The addresses of one interface and family share theirs.
   */
  private List<Vrrp.AddressVmac> addressVmacs(
      Vrrp.Instance i, GlobalDefs g, Map<String, String> owners) {
    List<Vrrp.AddressVmac> out = new ArrayList<>();
    String prefix = g.vmacAddrPrefix().orElse(g.vmacPrefix());
    List<Vrrp.Vip> all = new ArrayList<>(i.virtualIpaddress());
    all.addAll(i.virtualIpaddressExcluded());
    for (Vrrp.Vip v : all) {
      boolean sameFamily = v.prefix().isIpv4() != i.isIpv6();
      boolean onItsInterface = v.dev().map(x -> x.equals(i.iface())).orElse(true);
      boolean own = v.useVmac();
      String words = "(" + i.name() + ") ";
      if (own && onItsInterface && i.vmac().isPresent() && sameFamily) {
        d.error(
            v.origin(),
            words + "use_vmac specified for VIP/eVIP " + v.prefix() + " and vrrp instance");
        own = false;
      } else if (own && (!onItsInterface || !sameFamily) && i.useVmacAddr()) {
        d.error(
            v.origin(),
            words + "use_vmac_addr specified and use_vmac specified for VIP/eVIP " + v.prefix());
        own = false;
      }
      boolean needs =
          onItsInterface
              ? !(i.vmac().isPresent() && sameFamily) && (own || (i.useVmacAddr() && !sameFamily))
              : own || i.useVmacAddr();
      if (!needs) {
        continue;
      }
      String base = v.dev().orElse(i.iface());
      boolean v6 = !v.prefix().isIpv4();
      String mac =
          i.vmac()
              .map(Vrrp.Vmac::mac)
              .filter(
                  m -> !m.equals(InstanceParser.defaultVmacMac(i.isIpv6(), i.virtualRouterId())))
              .orElse(InstanceParser.defaultVmacMac(v6, i.virtualRouterId()));
      int at = -1;
      for (int k = 0; k < out.size(); k++) {
        Vrrp.AddressVmac x = out.get(k);
        if (x.base().equals(base) && x.ipv6() == v6 && x.mac().equals(mac)) {
          at = k;
        }
      }
      if (at >= 0) {
        Vrrp.AddressVmac x = out.get(at);
        List<java.net.InetAddress> addresses = new ArrayList<>(x.addresses());
        addresses.add(v.prefix().address());
        out.set(at, new Vrrp.AddressVmac(x.name(), x.mac(), base, v6, addresses));
        continue;
      }
      String name =
          freeVmacName(
              InstanceParser.vmacName(prefix, "", i.virtualRouterId()),
              prefix,
              i.virtualRouterId(),
              v6,
              owners);
      owners.put(name, i.name());
      out.add(new Vrrp.AddressVmac(name, mac, base, v6, List.of(v.prefix().address())));
    }
    return out;
  }

  /**
   * {@code first} if no VMAC has it yet, else the next name keepalived 2.2.7 tries (vrrp.c
   * create_vmac_name): {@code PREFIX1.VRID}, {@code PREFIX2.VRID}..., for IPv6 {@code PREFIX6.VRID}
   * first.
   */
  private static String freeVmacName(
      String first, String prefix, int vrid, boolean v6, Map<String, String> owners) {
    String name = first;
    int[] order = v6 ? new int[] {6, 1, 2, 3, 4, 5} : new int[] {1, 2, 3, 4, 5, 6};
    for (int k = 0; owners.containsKey(name); k++) {
      int n = k < order.length ? order[k] : k + 1;
      name = InstanceParser.vmacName(prefix, "" + n, vrid);
    }
    return name;
  }

  /** The items with a name seen before dropped, each reported. */
  <T> List<T> unique(
      List<T> items, Function<T, String> name, Function<T, Origin> origin, String what) {
    Map<String, T> seen = new HashMap<>();
    List<T> out = new ArrayList<>();
    for (T t : items) {
      T first = seen.putIfAbsent(name.apply(t), t);
      if (first != null) {
        d.error(
            origin.apply(t),
            what
                + " "
                + name.apply(t)
                + " is already defined at "
                + origin.apply(first)
                + " - ignoring");
      } else {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * keepalived 2.2.7's conflict of two unicast instances with one VRID on one interface
   * (check_vrid_conflicts in vrrp.c): from the same source address (their {@code unicast_src_ip},
   * else the interface's, taken as the same) and with a peer in common.
   */
  private static boolean unicastConflict(Vrrp.Instance a, Vrrp.Instance b) {
    if (a.unicastSrcIp().isPresent()
        && b.unicastSrcIp().isPresent()
        && !a.unicastSrcIp().equals(b.unicastSrcIp())) {
      return false;
    }
    for (Vrrp.UnicastPeer p : a.unicastPeers()) {
      for (Vrrp.UnicastPeer q : b.unicastPeers()) {
        if (p.address().equals(q.address())) {
          return true;
        }
      }
    }
    return false;
  }

  VigilConfig check(VigilConfig c) {
    syncDaemon(c);
    Set<String> scripts =
        c.vrrpScripts().stream().map(Vrrp.ScriptDef::name).collect(Collectors.toSet());
    Set<String> files =
        c.trackFiles().stream().map(Vrrp.TrackFileDef::name).collect(Collectors.toSet());
    Set<String> processes =
        c.trackProcesses().stream().map(Vrrp.TrackProcessDef::name).collect(Collectors.toSet());
    Set<String> bfds =
        c.bfdInstances().stream()
            .filter(Vrrp.BfdDef::vrrp)
            .map(Vrrp.BfdDef::name)
            .collect(Collectors.toSet());
    List<Vrrp.Instance> instances = new ArrayList<>();
    Map<String, List<Vrrp.Instance>> sameVrid = new HashMap<>();
    Map<String, Vrrp.SyncGroup> groupOf = new HashMap<>();
    Map<String, String> vmacOwners = new HashMap<>();
    c.syncGroups().forEach(g -> g.instances().forEach(m -> groupOf.putIfAbsent(m, g)));
    // the instances' own VMACs first: an address's VMAC takes a name none of them has
    Map<String, Vrrp.Vmac> ownVmacs = new HashMap<>();
    for (Vrrp.Instance i : c.instances()) {
      i.vmac()
          .ifPresent(
              m ->
                  ownVmacs.put(
                      i.name(), uniqueVmac(i, m, vmacOwners, c.globalDefs().vmacPrefix())));
    }
    for (Vrrp.Instance i : c.instances()) {
      String tag = "(" + i.name() + ") ";
      // keepalived 2.2.7 (vrrp.c): unicast and multicast are separate VRID spaces, and so are
      // two multicast groups
      String key =
          i.iface()
              + "/"
              + (i.isIpv6() ? 6 : 4)
              + "/"
              + i.virtualRouterId()
              + "/"
              + i.mcastGroup().map(InetAddress::getHostAddress).orElse("unicast");
      // multicast: the VRID once per group; unicast: keepalived allows it again from another
      // source address, or to other peers (each advert goes to the instance whose peer sent it)
      Vrrp.Instance other = null;
      List<Vrrp.Instance> before = sameVrid.computeIfAbsent(key, k -> new ArrayList<>());
      for (Vrrp.Instance o : before) {
        if (i.unicastPeers().isEmpty() || unicastConflict(i, o)) {
          other = o;
          break;
        }
      }
      before.add(i);
      if (other != null && !i.iface().isEmpty()) {
        d.error(
            i.origin(),
            tag
                + "duplicate VRID conflict with "
                + other.name()
                + " VRID "
                + i.virtualRouterId()
                + " on "
                + i.iface());
      }
      List<Vrrp.Track> ts = known(i.trackScripts(), scripts, tag + "track script");
      List<Vrrp.Track> tf = known(i.trackFiles(), files, tag + "track file");
      List<Vrrp.Track> tp = known(i.trackProcesses(), processes, tag + "track process");
      List<Vrrp.Track> tb = known(i.trackBfds(), bfds, tag + "track bfd");
      List<Vrrp.Track> ti = new ArrayList<>();
      for (Vrrp.Track t : i.trackInterfaces()) {
        if (t.name().equals(i.iface())) {
          // keepalived 2.2.7 (vrrp.c): its own interface is tracked unless dont_track_primary,
          // with no weight (FAULT while down); a track_interface line for it changes nothing
          d.warning(
              t.origin(), tag + "Ignoring track_interface " + t.name() + " since own interface");
        } else if (env.interfaceExists().test(t.name()) || c.globalDefs().dynamicInterfaces()) {
          ti.add(t); // dynamic_interfaces: down until it exists
        } else {
          d.error(t.origin(), tag + "tracked interface " + t.name() + " doesn't exist");
        }
      }
      Vrrp.SyncGroup sg = groupOf.get(i.name());
      boolean sync = sg != null && !sg.trackingWeight();
      if (sync || i.priority() == 255) {
        String why = sync ? "SYNC group" : "address_owner";
        ti = unweightedInterfaces(ti, tag, sync);
        ts =
            unweighted(
                ts,
                w -> weight(w, c.vrrpScripts(), Vrrp.ScriptDef::name, Vrrp.ScriptDef::weight, 0),
                tag + "ignoring tracked script ",
                why);
        tp =
            unweighted(
                tp,
                w ->
                    weight(
                        w,
                        c.trackProcesses(),
                        Vrrp.TrackProcessDef::name,
                        Vrrp.TrackProcessDef::weight,
                        0),
                tag + "ignoring tracked process ",
                why);
        tf = unweightedFiles(tf, c.trackFiles(), tag, why);
        tb =
            unweighted(
                tb,
                w -> weight(w, c.bfdInstances(), Vrrp.BfdDef::name, Vrrp.BfdDef::weight, 0),
                tag + "ignoring tracked bfd ",
                why);
      }
      instances.add(
          new Vrrp.Instance(
              i.name(),
              i.origin(),
              i.state(),
              i.iface(),
              i.virtualRouterId(),
              i.priority(),
              i.advertIntUs(),
              i.version(),
              i.nopreempt(),
              i.preemptDelayUs(),
              i.unicastSrcIp(),
              i.unicastPeers(),
              i.authentication(),
              i.virtualIpaddress(),
              i.virtualIpaddressExcluded(),
              ti,
              ts,
              tf,
              tp,
              i.notifyScripts(),
              i.garp(),
              i.accept(),
              i.dontTrackPrimary(),
              i.trackSrcIp(),
              i.smtpAlert(),
              i.notifyPriorityChanges(),
              i.lowerPrioNoAdvert(),
              i.higherPrioSendAdvert(),
              i.strictMode(),
              i.unicastFaultNoPeer(),
              i.promoteSecondaries(),
              i.downTimerAdverts(),
              i.unicastTtl(),
              i.skipCheckAdvAddr(),
              i.garpIntervalUs(),
              i.gnaIntervalUs(),
              i.virtualRoutes(),
              i.virtualRules(),
              Optional.ofNullable(ownVmacs.get(i.name())),
              i.unicastChecksum(),
              i.garpExtraIf(),
              i.useVmacAddr(),
              addressVmacs(i, c.globalDefs(), vmacOwners),
              i.mcastGroup(),
              tb,
              i.kernelRxBufSize()));
    }
    Set<String> names = instances.stream().map(Vrrp.Instance::name).collect(Collectors.toSet());
    Set<String> grouped = new HashSet<>();
    List<Vrrp.SyncGroup> groups = new ArrayList<>();
    for (Vrrp.SyncGroup g : c.syncGroups()) {
      List<String> members = new ArrayList<>();
      for (String m : g.instances()) {
        if (!names.contains(m)) {
          d.error(
              g.origin(),
              "virtual router "
                  + m
                  + " specified in sync group "
                  + g.name()
                  + " doesn't exist - ignoring");
        } else if (!grouped.add(m)) {
          d.error(
              g.origin(),
              "virtual router "
                  + m
                  + " cannot be in more than one sync group - ignoring in "
                  + g.name());
        } else {
          members.add(m);
        }
      }
      List<Vrrp.Track> ts =
          known(g.trackScripts(), scripts, "sync group " + g.name() + ": track script");
      List<Vrrp.Track> tf = known(g.trackFiles(), files, "sync group " + g.name() + ": track file");
      List<Vrrp.Track> tp =
          known(g.trackProcesses(), processes, "sync group " + g.name() + ": track process");
      List<Vrrp.Track> tb = known(g.trackBfds(), bfds, "sync group " + g.name() + ": track bfd");
      if (members.isEmpty()) {
        d.error(g.origin(), "sync group " + g.name() + " has no virtual router(s) - ignoring");
        continue;
      }
      groups.add(
          new Vrrp.SyncGroup(
              g.name(),
              g.origin(),
              members,
              ts,
              tf,
              g.trackInterfaces(),
              tp,
              g.notifyScripts(),
              g.notifyPriorityChanges(),
              g.smtpAlert(),
              g.trackingWeight(),
              tb));
    }
    Set<String> serverGroups =
        c.serverGroups().stream().map(Lvs.ServerGroup::name).collect(Collectors.toSet());
    List<Lvs.VirtualServer> vss = new ArrayList<>();
    Set<String> vsKeys = new HashSet<>();
    for (Lvs.VirtualServer vs : c.virtualServers()) {
      if (vs.key() instanceof Lvs.ByGroup g && !serverGroups.contains(g.group())) {
        d.error(
            vs.origin(),
            "virtual server group " + g.group() + " is not defined - virtual server ignored");
        continue;
      }
      if (!vsKeys.add(vs.key() + "/" + vs.protocol())) {
        d.error(
            vs.origin(),
            "virtual server " + vs.key() + " " + vs.protocol() + " is defined twice - ignoring");
        continue;
      }
      if (vs.key() instanceof Lvs.ByGroup g) {
        groupPorts(
            vs,
            c.serverGroups().stream().filter(x -> x.name().equals(g.group())).findFirst().get());
      }
      vss.add(haSuspend(vs, c));
    }
    Set<String> trackGroups = trackGroups(c);
    VigilConfig out =
        new VigilConfig(
            c.globalDefs(),
            c.vrrpScripts(),
            c.trackFiles(),
            c.trackProcesses(),
            groups,
            instances,
            c.serverGroups(),
            vss,
            known(
                c.staticRoutes(),
                StaticRoute::trackGroup,
                StaticRoute::origin,
                StaticRoute::withoutTrackGroup,
                trackGroups),
            known(
                c.staticRules(),
                StaticRule::trackGroup,
                StaticRule::origin,
                StaticRule::withoutTrackGroup,
                trackGroups),
            known(
                c.staticAddresses(),
                StaticAddress::trackGroup,
                StaticAddress::origin,
                StaticAddress::withoutTrackGroup,
                trackGroups),
            c.ssl(),
            c.trackGroups(),
            c.bfdInstances());
    scriptSecurity(out);
    return out;
  }

  /**
   * The names of the {@code track_group}s, a member that is no {@code vrrp_instance} warned about
   * (keepalived 2.2.7 says nothing and ignores it).
   */
  private Set<String> trackGroups(VigilConfig c) {
    Set<String> names = c.instances().stream().map(Vrrp.Instance::name).collect(Collectors.toSet());
    for (Vrrp.TrackGroup g : c.trackGroups()) {
      for (String m : g.instances()) {
        if (!names.contains(m)) {
          d.warning(g.origin(), "track_group " + g.name() + ": vrrp_instance " + m + " not found");
        }
      }
    }
    return c.trackGroups().stream().map(Vrrp.TrackGroup::name).collect(Collectors.toSet());
  }

  /**
   * Static entries, each {@code track_group} checked as keepalived 2.2.7 checks it: one not in
   * {@code defined} is warned about ("track_group G not found", {@code keepalived -t} exits 5) and
   * the entry kept without it ({@code untracked}).
   */
  private <T> List<T> known(
      List<T> entries,
      java.util.function.Function<T, Optional<String>> group,
      java.util.function.Function<T, io.vigil.config.Origin> origin,
      java.util.function.UnaryOperator<T> untracked,
      Set<String> defined) {
    List<T> out = new ArrayList<>();
    for (T e : entries) {
      Optional<String> g = group.apply(e);
      if (g.isPresent() && !defined.contains(g.get())) {
        d.warning(origin.apply(e), "track_group " + g.get() + " not found");
        e = untracked.apply(e);
      }
      out.add(e);
    }
    return out;
  }

  /** keepalived clears an lvs_sync_daemon whose instance does not exist; Vigil refuses it. */
  private void syncDaemon(VigilConfig c) {
    if (c.globalDefs().lvsSyncDaemon().isEmpty()) {
      return;
    }
    LvsSyncDaemon s = c.globalDefs().lvsSyncDaemon().get();
    if (s.instance().isPresent()
        && c.instances().stream().noneMatch(i -> i.name().equals(s.instance().get()))) {
      d.error(
          s.origin(), "lvs_sync_daemon: vrrp_instance " + s.instance().get() + " is not defined");
    }
  }

  /**
   * check_data.c: a fwmark service has no address to wait for, so keepalived clears its {@code
   * ha_suspend} (a group with a fwmark entry too), in its words.
   */
  private Lvs.VirtualServer haSuspend(Lvs.VirtualServer vs, VigilConfig c) {
    if (!vs.haSuspend()) {
      return vs;
    }
    boolean fwmark = vs.key() instanceof Lvs.ByFwmark;
    if (vs.key() instanceof Lvs.ByGroup g) {
      fwmark =
          c.serverGroups().stream()
              .filter(x -> x.name().equals(g.group()))
              .flatMap(x -> x.entries().stream())
              .anyMatch(Lvs.GroupEntry::isFwmark);
    }
    if (!fwmark) {
      return vs;
    }
    d.warning(
        vs.origin(),
        "Virtual server "
            + vs.key()
            + ": cannot use ha_suspend with fwmarks - clearing ha_suspend");
    return vs.withHaSuspend(false);
  }

  /** Non-NAT real servers of a group: no port for fwmark entries, the entry's port otherwise. */
  private void groupPorts(Lvs.VirtualServer vs, Lvs.ServerGroup g) {
    if (vs.sorryServerMethod().orElse(vs.method()) != Lvs.Method.NAT
        && vs.sorryServer().map(s -> s.port() != 0).orElse(false)
        && g.entries().stream().anyMatch(Lvs.GroupEntry::isFwmark)) {
      d.warning(
          vs.origin(),
          "fwmark virtual server group "
              + g.name()
              + ", sorry server has port specified - port will be ignored");
    }
    for (Lvs.RealServer rs : vs.realServers()) {
      if (rs.method() == Lvs.Method.NAT || rs.endpoint().port() == 0) {
        continue;
      }
      if (g.entries().stream().anyMatch(Lvs.GroupEntry::isFwmark)) {
        d.warning(
            rs.origin(),
            "fwmark virtual server group "
                + g.name()
                + ", real server "
                + rs.endpoint()
                + " has port specified - port will be ignored");
      }
      for (Lvs.GroupEntry e : g.entries()) {
        if (!e.isFwmark() && e.port() != rs.endpoint().port()) {
          d.error(
              rs.origin(),
              "virtual server group "
                  + g.name()
                  + " port "
                  + e.port()
                  + " and real server "
                  + rs.endpoint()
                  + " ports don't match");
        }
      }
    }
  }

  /**
   * keepalived 2.2.7 (vrrp.c): a member of a sync group without sync_group_tracking_weight, or an
   * address owner (priority 255), does not move its priority with what it tracks itself: a weighted
   * tracked interface becomes weight 0 (a group member; FAULT while down) or is not tracked (an
   * owner).
   */
  private List<Vrrp.Track> unweightedInterfaces(List<Vrrp.Track> ts, String tag, boolean sync) {
    List<Vrrp.Track> out = new ArrayList<>();
    for (Vrrp.Track t : ts) {
      if (t.weight().orElse(0) == 0) {
        out.add(t);
        continue;
      }
      d.warning(
          t.origin(),
          tag
              + "ignoring "
              + t.name()
              + " tracked interface "
              + (sync ? "weight due to SYNC group" : "due to address owner"));
      if (sync) {
        out.add(new Vrrp.Track(t.name(), t.origin(), Optional.of(0), t.reverse()));
      }
    }
    return out;
  }

  /** The same for scripts and processes: a weighted one is not tracked. */
  private List<Vrrp.Track> unweighted(
      List<Vrrp.Track> ts, ToIntFunction<Vrrp.Track> weight, String what, String why) {
    List<Vrrp.Track> out = new ArrayList<>();
    for (Vrrp.Track t : ts) {
      if (weight.applyAsInt(t) == 0) {
        out.add(t);
      } else {
        d.warning(t.origin(), what + t.name() + " with weights due to " + why);
      }
    }
    return out;
  }

  /** Files: the default weight (1) becomes 0, another weight is not tracked. */
  private List<Vrrp.Track> unweightedFiles(
      List<Vrrp.Track> ts, List<Vrrp.TrackFileDef> defs, String tag, String why) {
    List<Vrrp.Track> out = new ArrayList<>();
    for (Vrrp.Track t : ts) {
      int w = weight(t, defs, Vrrp.TrackFileDef::name, Vrrp.TrackFileDef::weight, 1);
      if (w == 0) {
        out.add(t);
      } else if (w == 1) {
        d.warning(
            t.origin(),
            tag
                + "ignoring weight from tracked file "
                + t.name()
                + " due to "
                + why
                + ". specify weight 0");
        out.add(new Vrrp.Track(t.name(), t.origin(), Optional.of(0), t.reverse()));
      } else {
        d.warning(
            t.origin(),
            tag + "ignoring tracked file " + t.name() + " with weight " + w + " due to " + why);
      }
    }
    return out;
  }

  /**
   * The weight {@code t} tracks with ({@link Vrrp.Track#weightOr}): its own, else that of its
   * definition in {@code defs}, else {@code none} (not defined: reported elsewhere).
   */
  private static <D> int weight(
      Vrrp.Track t, List<D> defs, Function<D, String> name, ToIntFunction<D> weight, int none) {
    return t.weightOr(
        defs.stream()
            .filter(d -> name.apply(d).equals(t.name()))
            .findFirst()
            .map(weight::applyAsInt)
            .orElse(none));
  }

  private List<Vrrp.Track> known(List<Vrrp.Track> tracks, Set<String> defined, String what) {
    List<Vrrp.Track> out = new ArrayList<>();
    for (Vrrp.Track t : tracks) {
      if (defined.contains(t.name())) {
        out.add(t);
      } else {
        d.error(t.origin(), what + " " + t.name() + " not found, ignoring");
      }
    }
    return out;
  }

  /** keepalived refuses (exit 6) to run existing scripts unless enable_script_security is set. */
  private void scriptSecurity(VigilConfig c) {
    if (c.globalDefs().enableScriptSecurity()) {
      return;
    }
    Map<Script, Origin> all = new java.util.LinkedHashMap<>();
    c.globalDefs().startupScript().ifPresent(s -> all.putIfAbsent(s.script(), s.origin()));
    c.globalDefs().shutdownScript().ifPresent(s -> all.putIfAbsent(s.script(), s.origin()));
    c.vrrpScripts().forEach(s -> all.putIfAbsent(s.script(), s.origin()));
    for (Vrrp.Instance i : c.instances()) {
      notify(i.notifyScripts(), i.origin(), all);
    }
    for (Vrrp.SyncGroup g : c.syncGroups()) {
      notify(g.notifyScripts(), g.origin(), all);
    }
    for (Lvs.VirtualServer vs : c.virtualServers()) {
      vs.quorumUp().ifPresent(s -> all.putIfAbsent(s, vs.origin()));
      vs.quorumDown().ifPresent(s -> all.putIfAbsent(s, vs.origin()));
      for (Lvs.RealServer rs : vs.realServers()) {
        rs.notifyUp().ifPresent(s -> all.putIfAbsent(s, rs.origin()));
        rs.notifyDown().ifPresent(s -> all.putIfAbsent(s, rs.origin()));
        for (Checker ch : rs.checkers()) {
          if (ch instanceof Checker.Misc m) {
            all.putIfAbsent(m.path(), ch.common().origin());
          }
        }
      }
    }
    for (Map.Entry<Script, Origin> e : all.entrySet()) {
      if (env.programExists().test(e.getKey().argv().get(0))) {
        d.security(
            e.getValue(),
            "SECURITY VIOLATION - scripts are being executed but script_security not enabled ("
                + e.getKey().argv().get(0)
                + ")");
        return;
      }
    }
  }

  private static void notify(Vrrp.Notify n, Origin o, Map<Script, Origin> all) {
    for (Optional<Script> s :
        List.of(
            n.any(),
            n.master(),
            n.backup(),
            n.fault(),
            n.stop(),
            n.masterRxLowerPri(),
            n.deleted())) {
      s.ifPresent(x -> all.putIfAbsent(x, o));
    }
  }
}
