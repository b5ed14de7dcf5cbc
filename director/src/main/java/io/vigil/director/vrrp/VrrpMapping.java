package io.vigil.director.vrrp;

import io.vigil.config.Origin;
import io.vigil.config.model.GlobalDefs;
import io.vigil.config.model.StaticAddress;
import io.vigil.config.model.VigilConfig;
import io.vigil.config.model.Vrrp;
import io.vigil.director.statics.AddressOptions;
import io.vigil.vrrp.fsm.ScriptPolicy;
import io.vigil.vrrp.fsm.Tracker;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From the configuration's {@code vrrp_instance}s to what {@link VrrpRuntime} runs, refusing with
 * the place in the file what this version cannot do yet rather than running it half.
 */
public final class VrrpMapping {
  private static final Logger log = LoggerFactory.getLogger(VrrpMapping.class);

  private VrrpMapping() {}

  /**
   * The instances to run, the {@code vrrp_script}s they track, or every reason the configuration's
   * VRRP part cannot run.
   */
  public record Result(
      List<VrrpSpec> specs,
      List<Vrrp.ScriptDef> scripts,
      List<Vrrp.TrackFileDef> trackFiles,
      List<Vrrp.TrackProcessDef> trackProcesses,
      List<GroupSpec> groups,
      VrrpGlobals globals,
      ScriptUsers users,
      List<String> errors) {
    public Result {
      specs = List.copyOf(specs);
      scripts = List.copyOf(scripts);
      trackFiles = List.copyOf(trackFiles);
      trackProcesses = List.copyOf(trackProcesses);
      groups = List.copyOf(groups);
      errors = List.copyOf(errors);
    }
  }

  /**
   * A {@code vrrp_sync_group}: its members (instance names) move together; its notify scripts get
   * {@code GROUP NAME STATE 0}.
   */
  /** A sync group; {@code mail}: its transitions are mailed ({@code smtp_alert}). */
  public record GroupSpec(
      String name, List<String> members, Vrrp.Notify notifyScripts, boolean mail) {
    public GroupSpec {
      members = List.copyOf(members);
    }
  }

  public static Result map(VigilConfig config) {
    VrrpGlobals g = VrrpGlobals.of(config.globalDefs());
    return map(config, ScriptUsers.system(g), ScriptSecurity.system());
  }

  /** The same, with who runs the scripts and the file system they are checked on given. */
  static Result map(VigilConfig config, ScriptUsers users, ScriptSecurity.Fs fs) {
    Result r = mapOnly(config);
    if (r.specs().isEmpty() && r.groups().isEmpty()) {
      return r; // no VRRP to run: its scripts are not checked
    }
    List<String> errors = new ArrayList<>(r.errors());
    errors.addAll(ScriptSecurity.check(config, users, fs));
    return new Result(
        r.specs(),
        r.scripts(),
        r.trackFiles(),
        r.trackProcesses(),
        r.groups(),
        r.globals(),
        users,
        errors);
  }

  private static Result mapOnly(VigilConfig config) {
    List<VrrpSpec> specs = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    GlobalDefs g = config.globalDefs();
    List<GroupSpec> groups = new ArrayList<>();
    Map<String, Vrrp.SyncGroup> groupOf = new HashMap<>();
    for (Vrrp.SyncGroup sg : config.syncGroups()) {
      sg.instances().forEach(m -> groupOf.putIfAbsent(m, sg));
      groups.add(
          new GroupSpec(
              sg.name(),
              sg.instances(),
              sg.notifyScripts(),
              g.mails() && g.smtpAlerts().forVrrp(sg.smtpAlert())));
    }
    Map<String, Vrrp.ScriptDef> defined = new LinkedHashMap<>();
    config.vrrpScripts().forEach(s -> defined.put(s.name(), s));
    Map<String, Vrrp.TrackFileDef> files = new LinkedHashMap<>();
    Map<String, Vrrp.TrackProcessDef> processes = new LinkedHashMap<>();
    config.trackProcesses().forEach(p -> processes.putIfAbsent(p.name(), p));
    config.trackFiles().forEach(f -> files.put(f.name(), f));
    Map<String, Vrrp.BfdDef> bfds = new LinkedHashMap<>();
    config.bfdInstances().stream().filter(Vrrp.BfdDef::vrrp).forEach(b -> bfds.put(b.name(), b));
    Map<String, List<String>> staticDevs = staticDevices(config);
    for (Vrrp.Instance i : config.instances()) {
      map(
              i,
              Optional.ofNullable(groupOf.get(i.name())),
              g.vrrpNotifyPriorityChanges(),
              g.vrrpLowerPrioNoAdvert(),
              g.vrrpHigherPrioSendAdvert(),
              g.mails() && g.smtpAlerts().forVrrp(i.smtpAlert()),
              defined,
              files,
              processes,
              bfds,
              staticDevs.getOrDefault(i.name(), List.of()),
              errors)
          .map(s -> s.withChecksumGroup4((java.net.Inet4Address) g.vrrpMcastGroup4()))
          .ifPresent(specs::add);
    }
    specs.replaceAll(s -> s.withSiblingPeers(siblingPeers(s, specs)));
    Set<String> tracked = new HashSet<>();
    Set<String> trackedFiles = new HashSet<>();
    specs.forEach(s -> tracked.addAll(s.trackedScripts()));
    specs.forEach(s -> trackedFiles.addAll(s.trackedFiles()));
    List<Vrrp.ScriptDef> scripts =
        defined.values().stream().filter(s -> tracked.contains(s.name())).toList();
    List<Vrrp.TrackFileDef> fileDefs =
        files.values().stream().filter(f -> trackedFiles.contains(f.name())).toList();
    Set<String> trackedProcesses = new HashSet<>();
    specs.forEach(s -> trackedProcesses.addAll(s.trackedProcesses()));
    List<Vrrp.TrackProcessDef> processDefs =
        processes.values().stream().filter(p -> trackedProcesses.contains(p.name())).toList();
    VrrpGlobals globals = VrrpGlobals.of(g);
    return new Result(
        specs,
        scripts,
        fileDefs,
        processDefs,
        groups,
        globals,
        new ScriptUsers(false, Optional.empty()),
        errors);
  }

  /**
   * The trackers of one kind of {@code track_*} lines, added to {@code into}: one per defined name
   * (an undefined one was reported by the loader, "not found, ignoring", as keepalived does; one
   * listed twice is an error). Returns the names tracked.
   */
  private static <D> List<String> trackers(
      List<Vrrp.Track> lines,
      Map<String, D> defs,
      String what,
      java.util.function.BiFunction<D, Vrrp.Track, Tracker> tracker,
      List<Tracker> into,
      List<String> errors) {
    List<String> names = new ArrayList<>();
    for (Vrrp.Track t : lines) {
      D def = defs.get(t.name());
      if (def == null) {
        continue;
      }
      if (names.contains(t.name())) {
        errors.add(error(t.origin(), what + t.name() + " listed twice"));
        continue;
      }
      into.add(tracker.apply(def, t));
      names.add(t.name());
    }
    return names;
  }

  /** A {@code track_*} line's own weight (and {@code reverse}), else its definition's. */
  private static Tracker weighted(
      String name, Tracker.Kind kind, Vrrp.Track t, int weight, boolean reverse) {
    return new Tracker(name, kind, t.weightOr(weight), t.reverseWith(reverse), true);
  }

  /** The instance's own tracks, then its group's that it does not track itself. */
  private static List<Vrrp.Track> withGroups(
      List<Vrrp.Track> own, Optional<List<Vrrp.Track>> group) {
    List<Vrrp.Track> out = new ArrayList<>(own);
    Set<String> names = new HashSet<>();
    own.forEach(t -> names.add(t.name()));
    for (Vrrp.Track t : group.orElse(List.of())) {
      if (names.add(t.name())) {
        out.add(t);
      }
    }
    return out;
  }

  private static String error(Origin o, String text) {
    return o + ": error: " + text;
  }

  /**
   * The unicast peers of the other unicast instances with {@code s}'s VRID and family on its
   * interface, less its own (keepalived 2.2.7 allows such duplicates when no peer is shared, and
   * hands each advert to the instance that has its source as a peer).
   */
  static java.util.Set<InetAddress> siblingPeers(VrrpSpec s, List<VrrpSpec> all) {
    if (s.unicastPeers().isEmpty()) {
      return java.util.Set.of();
    }
    java.util.Set<InetAddress> out = new java.util.HashSet<>();
    for (VrrpSpec o : all) {
      if (o != s
          && !o.unicastPeers().isEmpty()
          && o.iface().equals(s.iface())
          && o.template().vrid() == s.template().vrid()
          && o.source().isIpv6() == s.source().isIpv6()) {
        out.addAll(o.peerAddresses());
      }
    }
    out.removeAll(s.peerAddresses());
    return out;
  }

  static Optional<VrrpSpec> map(
      Vrrp.Instance i,
      Map<String, Vrrp.ScriptDef> scripts,
      Map<String, Vrrp.TrackFileDef> files,
      List<String> errors) {
    return map(
        i,
        Optional.empty(),
        false,
        false,
        false,
        false,
        scripts,
        files,
        Map.of(),
        Map.of(),
        List.of(),
        errors);
  }

  /**
   * One instance; a member of a sync group also tracks what its group tracks ({@code track_*} in
   * {@code vrrp_sync_group}: "update the status/priority of all VRRP instances which are members",
   * keepalived.conf(5)), unless it tracks the same itself. {@code notify_priority_changes}: the
   * instance's, else its group's, else the global {@code vrrp_notify_priority_changes}; {@code
   * lower_prio_no_advert}: the instance's, else the global {@code vrrp_lower_prio_no_advert}; the
   * same for {@code higher_prio_send_advert}. {@code mail}: its transitions are mailed.
   */
  static Optional<VrrpSpec> map(
      Vrrp.Instance i,
      Optional<Vrrp.SyncGroup> group,
      boolean globalNotifyPriorityChanges,
      boolean globalLowerPrioNoAdvert,
      boolean globalHigherPrioSendAdvert,
      boolean mail,
      Map<String, Vrrp.ScriptDef> scripts,
      Map<String, Vrrp.TrackFileDef> files,
      Map<String, Vrrp.TrackProcessDef> processes,
      Map<String, Vrrp.BfdDef> bfds,
      List<String> staticDevs,
      List<String> errors) {
    int before = errors.size();
    String what = "vrrp_instance " + i.name() + ": ";
    Optional<Vrrp.Authentication> authentication = i.authentication();
    if (authentication.isPresent() && i.version() != 2) {
      errors.add(error(i.origin(), what + "authentication is VRRPv2 only"));
    }
    if (i.advertIntUs() % 10_000 != 0) {
      errors.add(error(i.origin(), what + "advert_int must be a multiple of 10 ms"));
    }
    if (i.virtualIpaddress().isEmpty()) {
      errors.add(error(i.origin(), what + "no virtual_ipaddress"));
    }
    List<VrrpSpec.VipSpec> vips = new ArrayList<>();
    for (Vrrp.Vip v : i.virtualIpaddress()) {
      vip(i, v, false, errors).ifPresent(vips::add);
    }
    for (Vrrp.Vip v : i.virtualIpaddressExcluded()) {
      vip(i, v, true, errors).ifPresent(vips::add);
    }
    boolean ipv6 = i.isIpv6();
    for (VrrpSpec.VipSpec v : vips) {
      if (!v.excluded() && (v.address().getAddress().length == 16) != ipv6) {
        errors.add(error(i.origin(), what + "virtual_ipaddress mixes IPv4 and IPv6"));
        break;
      }
    }
    for (Vrrp.UnicastPeer p : i.unicastPeers()) {
      if ((p.address().getAddress().length == 16) != ipv6) {
        errors.add(
            error(i.origin(), what + "unicast_peer " + p.address().getHostAddress() + " family"));
      }
    }
    List<Tracker> trackers = new ArrayList<>();
    List<String> tracked = new ArrayList<>();
    if (!i.dontTrackPrimary()) {
      // keepalived 2.2.7 (vrrp.c, add_vrrp_to_interface): its own interface, no weight: FAULT
      // while it is down or has no carrier
      trackers.add(Tracker.iface(i.iface(), 0));
      tracked.add(i.iface());
    }
    i.vmac()
        .ifPresent(
            m -> {
              // its VMAC too, which holds its addresses: FAULT while it is gone (deleted behind
              // our back, until made again: VrrpRuntime) or down
              trackers.add(Tracker.iface(m.name(), 0));
              tracked.add(m.name());
            });
    for (Vrrp.Track t :
        withGroups(i.trackInterfaces(), group.map(Vrrp.SyncGroup::trackInterfaces))) {
      if (t.name().equals(i.iface()) && !i.dontTrackPrimary()) {
        continue; // a sync group's track_interface of it: the unweighted tracking stays
      }
      int w = t.weight().orElse(0);
      if (w < -254 || w > 254) {
        errors.add(error(t.origin(), what + "track_interface weight must be -254..254"));
        continue;
      }
      Tracker tr = Tracker.iface(t.name(), w);
      trackers.add(t.reverse() ? tr.reversed() : tr);
      tracked.add(t.name());
    }
    vipDevices(i, vips, trackers, tracked);
    staticDevices(i, staticDevs, trackers, tracked);
    List<String> trackedScripts =
        trackers(
            withGroups(i.trackScripts(), group.map(Vrrp.SyncGroup::trackScripts)),
            scripts,
            what + "track_script ",
            VrrpMapping::scriptTracker,
            trackers,
            errors);
    List<String> trackedFiles =
        trackers(
            withGroups(i.trackFiles(), group.map(Vrrp.SyncGroup::trackFiles)),
            files,
            what + "track_file ",
            (def, t) ->
                weighted(
                    fileTrackerName(def.name()),
                    Tracker.Kind.FILE,
                    t,
                    def.weight(),
                    def.weightReverse()),
            trackers,
            errors);
    trackers(
        withGroups(i.trackProcesses(), group.map(Vrrp.SyncGroup::trackProcesses)),
        processes,
        what + "track_process ",
        (def, t) ->
            weighted(
                processTrackerName(def.name()),
                Tracker.Kind.PROCESS,
                t,
                def.weight(),
                def.weightReverse()),
        trackers,
        errors);
    // keepalived 2.2.7 (vrrp_track.c): a tracked BFD session is down until it reports Up
    trackers(
        withGroups(i.trackBfds(), group.map(Vrrp.SyncGroup::trackBfds)),
        bfds,
        what + "track_bfd ",
        (def, t) ->
            weighted(
                    bfdTrackerName(def.name()),
                    Tracker.Kind.SCRIPT,
                    t,
                    def.weight(),
                    def.weightReverse())
                .initiallyDown(),
        trackers,
        errors);
    if (i.unicastFaultNoPeer() && i.unicastPeers().isEmpty()) {
      // keepalived 2.2.7 (vrrp.c): a config fault, never cleared; a tracker that stays down
      log.info("({}) Cannot use unicast without any peers - going to fault state", i.name());
      trackers.add(new Tracker(NO_PEER_TRACKER, Tracker.Kind.SCRIPT, 0, false, false));
    }
    if (errors.size() > before) {
      return Optional.empty();
    }
    var garp = i.garp();
    VrrpSpec.InstanceTemplate template =
        new VrrpSpec.InstanceTemplate(
            i.virtualRouterId(),
            i.version(),
            i.priority(),
            (int) (i.advertIntUs() / 10_000),
            !i.nopreempt(),
            i.preemptDelayUs() * 1_000,
            i.accept(),
            i.state() == Vrrp.State.MASTER,
            garp.masterDelayUs() * 1_000,
            garp.masterRepeat(),
            garp.masterRefreshUs() * 1_000,
            garp.masterRefreshRepeat(),
            garp.lowerPrioRepeat(),
            garp.lowerPrioDelayUs() * 1_000,
            i.notifyPriorityChanges()
                .or(() -> group.flatMap(Vrrp.SyncGroup::notifyPriorityChanges))
                .orElse(globalNotifyPriorityChanges),
            i.lowerPrioNoAdvert().orElse(globalLowerPrioNoAdvert),
            i.higherPrioSendAdvert().orElse(globalHigherPrioSendAdvert),
            i.downTimerAdverts(),
            // gratuitous ARPs for IPv4, unsolicited neighbour advertisements for IPv6
            (ipv6 ? i.gnaIntervalUs() : i.garpIntervalUs()) * 1_000,
            garpExtraIfNs(i, vips),
            trackers);
    VrrpSpec spec =
        new VrrpSpec(
            i,
            i.iface(),
            i.unicastSrcIp(),
            i.unicastPeers(),
            i.unicastTtl(),
            authentication,
            vips,
            tracked,
            trackedScripts,
            trackedFiles,
            i.notifyScripts(),
            mail,
            template,
            io.vigil.vrrp.wire.VrrpV3Packet.IPV4_GROUP, // the global group4: set by mapOnly
            java.util.Set.of()); // the siblings' peers: set by mapOnly
    try {
      InetAddress probe = InetAddress.getByAddress(new byte[ipv6 ? 16 : 4]);
      spec.instanceConfig(probe);
    } catch (IllegalArgumentException | java.net.UnknownHostException e) {
      errors.add(error(i.origin(), what + e.getMessage()));
      return Optional.empty();
    }
    return Optional.of(spec);
  }

  /**
   * keepalived 2.2.7 tracks the device of every address not marked {@code no_track} (vrrp.c,
   * TRACK_ADDR): an instance with a VIP on eth1 goes to FAULT while eth1 is down or without
   * carrier, and gives the VIP up to the backup. Unweighted, even where a {@code track_interface}
   * weights that device (measured: FAULT, not the weight); its own interface and VMAC are tracked
   * already (or, with {@code dont_track_primary}, deliberately not).
   */
  private static void vipDevices(
      Vrrp.Instance i, List<VrrpSpec.VipSpec> vips, List<Tracker> trackers, List<String> tracked) {
    String vmac = i.vmac().map(Vrrp.Vmac::name).orElse(null);
    for (VrrpSpec.VipSpec v : vips) {
      String dev = v.dev();
      if (v.noTrack() || dev.equals(i.iface()) || dev.equals(vmac)) {
        continue;
      }
      trackUnweighted(dev, trackers, tracked);
    }
  }

  /**
   * The interfaces of the static addresses, routes ({@code dev}) and rules ({@code iif}) that name
   * a {@code track_group}, by the group's instances: keepalived 2.2.7 puts each in FAULT while such
   * an interface is down or gone (checked against it: the interface down, FAULT; up, BACKUP;
   * deleted and made again, the same).
   */
  private static Map<String, List<String>> staticDevices(VigilConfig config) {
    Map<String, Vrrp.TrackGroup> groups = new HashMap<>();
    config.trackGroups().forEach(g -> groups.putIfAbsent(g.name(), g));
    Map<String, List<String>> out = new HashMap<>();
    for (StaticAddress a : config.staticAddresses()) {
      staticDevice(a.trackGroup(), Optional.of(a.dev()), groups, out);
    }
    for (io.vigil.config.model.StaticRoute r : config.staticRoutes()) {
      staticDevice(r.trackGroup(), r.dev(), groups, out);
    }
    for (io.vigil.config.model.StaticRule r : config.staticRules()) {
      staticDevice(r.trackGroup(), r.iif(), groups, out);
    }
    return out;
  }

  private static void staticDevice(
      Optional<String> group,
      Optional<String> dev,
      Map<String, Vrrp.TrackGroup> groups,
      Map<String, List<String>> out) {
    Vrrp.TrackGroup g = group.map(groups::get).orElse(null);
    if (g == null || dev.isEmpty()) {
      return;
    }
    for (String m : g.instances()) {
      List<String> devs = out.computeIfAbsent(m, k -> new ArrayList<>());
      if (!devs.contains(dev.get())) {
        devs.add(dev.get());
      }
    }
  }

  /** The instance tracks {@code devs} with no weight (FAULT while down), as a VIP's device. */
  private static void staticDevices(
      Vrrp.Instance i, List<String> devs, List<Tracker> trackers, List<String> tracked) {
    for (String dev : devs) {
      if (dev.equals(i.iface()) && !i.dontTrackPrimary()) {
        continue; // tracked so already
      }
      trackUnweighted(dev, trackers, tracked);
    }
  }

  /**
   * {@code dev} tracked with no weight (FAULT while it is down or gone), in place of a weighted
   * {@code track_interface} of it.
   */
  private static void trackUnweighted(String dev, List<Tracker> trackers, List<String> tracked) {
    trackers.removeIf(t -> t.kind() == Tracker.Kind.INTERFACE && t.name().equals(dev));
    trackers.add(Tracker.iface(dev, 0));
    if (!tracked.contains(dev)) {
      tracked.add(dev);
    }
  }

  /** The tracker's name for a {@code vrrp_script} (apart from interface names). */
  public static String scriptTrackerName(String script) {
    return "script:" + script;
  }

  /**
   * The tracker that holds an instance with {@code unicast_fault_no_peer} and no peers in FAULT:
   * down from the start, never reported.
   */
  static final String NO_PEER_TRACKER = "config:unicast_fault_no_peer";

  /** The tracker's name for a {@code bfd_instance} ({@code track_bfd}). */
  public static String bfdTrackerName(String bfd) {
    return "bfd:" + bfd;
  }

  /** The tracker's name for a {@code vrrp_track_process}. */
  public static String processTrackerName(String process) {
    return "process:" + process;
  }

  /** The tracker's name for a {@code track_file}. */
  public static String fileTrackerName(String trackFile) {
    return "file:" + trackFile;
  }

  /**
   * A {@code track_script} line: its own weight (and {@code reverse}) or the script's; before its
   * first exit the script moves nothing ({@code init_fail}: it starts failed).
   */
  static Tracker scriptTracker(Vrrp.ScriptDef def, Vrrp.Track t) {
    Tracker w =
        weighted(
            scriptTrackerName(def.name()),
            Tracker.Kind.SCRIPT,
            t,
            def.weight(),
            def.weightReverse());
    ScriptPolicy.Status status =
        def.initFail() ? ScriptPolicy.Status.DOWN : ScriptPolicy.Status.UNKNOWN;
    return ScriptPolicy.initialTrackerUp(status, w.weight(), w.reverse()) ? w : w.initiallyDown();
  }

  /**
   * {@code garp_extra_if}: on, as keepalived 2.2.7 completes an instance (vrrp.c), when some of its
   * addresses are on a VMAC of their own ({@code use_vmac} on the address, {@code use_vmac_addr})
   * or, with {@code all}, on any other device than the instance's own.
   */
  static long garpExtraIfNs(Vrrp.Instance i, List<VrrpSpec.VipSpec> vips) {
    Optional<Vrrp.GarpExtraIf> g = i.garpExtraIf();
    if (g.isEmpty() || g.get().seconds() == 0) {
      return 0;
    }
    String own = VrrpSpec.ownDevice(i);
    java.util.Set<String> vmacs = VrrpSpec.addressVmacNames(i);
    boolean extraVmac = vips.stream().anyMatch(v -> vmacs.contains(v.dev()));
    boolean extraIf = vips.stream().anyMatch(v -> !v.dev().equals(own) && !vmacs.contains(v.dev()));
    return extraVmac || (g.get().all() && extraIf) ? g.get().seconds() * 1_000_000_000L : 0;
  }

  private static Optional<VrrpSpec.VipSpec> vip(
      Vrrp.Instance i, Vrrp.Vip v, boolean excluded, List<String> errors) {
    // the parser let through only scopes it knows (keepalived ignores the others)
    int scope = v.scope().map(io.vigil.config.model.Addresses::scope).orElse(0);
    if (v.label().isPresent() && v.label().get().length() > 15) {
      errors.add(error(v.origin(), "vrrp_instance " + i.name() + ": label longer than 15"));
      return Optional.empty();
    }
    // use_vmac: the instance's own addresses (not another device's, nor the other family's) go on
    // the VMAC, as keepalived.conf(5) has it
    String dev = v.dev().orElse(i.iface());
    if (dev.equals(i.iface()) && v.prefix().isIpv4() != i.isIpv6()) {
      dev = VrrpSpec.ownDevice(i);
    }
    // an address's own VMAC (use_vmac on it, or the instance's use_vmac_addr)
    for (Vrrp.AddressVmac m : i.addressVmacs()) {
      if (m.addresses().contains(v.prefix().address())) {
        dev = m.name();
      }
    }
    return Optional.of(
        new VrrpSpec.VipSpec(
            v.prefix().address(),
            v.prefix().prefixLength(),
            dev,
            v.label(),
            scope,
            v.broadcast(),
            excluded,
            v.peer(),
            AddressOptions.flags(v.flags(), !v.prefix().isIpv4()),
            AddressOptions.preferredLifetime(v.preferredLifetime(), v.prefix()),
            v.noTrack()));
  }
}
