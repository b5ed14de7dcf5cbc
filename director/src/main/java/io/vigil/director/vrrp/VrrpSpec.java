package io.vigil.director.vrrp;

import io.vigil.config.model.Vrrp;
import io.vigil.vrrp.fsm.InstanceConfig;
import io.vigil.vrrp.fsm.Tracker;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code vrrp_instance} as the runtime runs it: everything but the primary address, which is
 * the interface's own address unless {@code unicast_src_ip} names it (found when the instance
 * starts).
 *
 * @param source the configuration it came from (compared on reload)
 * @param iface the interface the adverts go out on
 * @param unicastSrc {@code unicast_src_ip}
 * @param unicastPeers empty for multicast; each with the TTLs accepted from it
 * @param unicastTtl {@code unicast_ttl}: the TTL / hop limit of the adverts sent to them (255)
 * @param authentication {@code auth_type PASS} or {@code AH} with its password, or empty
 * @param vips every virtual address with where it goes ({@code virtual_ipaddress} first, then
 *     {@code virtual_ipaddress_excluded})
 * @param trackedInterfaces interface names whose link state moves the priority (see trackers)
 * @param trackedScripts {@code vrrp_script} names whose results move the priority (trackers named
 *     by {@link VrrpMapping#scriptTrackerName})
 * @param trackedFiles {@code track_file} names whose numbers move the priority ({@link
 *     VrrpMapping#fileTrackerName})
 * @param notifyScripts the instance's notify scripts
 * @param mail whether its transitions are mailed ({@code smtp_alert}, resolved against the global
 *     defaults, and mail configured at all)
 * @param checksumGroup4 the global {@code vrrp_mcast_group4}: keepalived's old unicast VRRPv3
 *     checksum ({@code old_unicast_checksum}) has it in its pseudo-header, whatever the destination
 * @param siblingPeers the unicast peers of the other instances with this one's VRID on its
 *     interface (keepalived allows such duplicates when they share no peer): their adverts are
 *     theirs, ignored by this one without being counted as dropped
 */
public record VrrpSpec(
    Vrrp.Instance source,
    String iface,
    Optional<InetAddress> unicastSrc,
    List<Vrrp.UnicastPeer> unicastPeers,
    int unicastTtl,
    Optional<Vrrp.Authentication> authentication,
    List<VipSpec> vips,
    List<String> trackedInterfaces,
    List<String> trackedScripts,
    List<String> trackedFiles,
    Vrrp.Notify notifyScripts,
    boolean mail,
    InstanceTemplate template,
    java.net.Inet4Address checksumGroup4,
    java.util.Set<InetAddress> siblingPeers) {
  /** This spec with another global {@code vrrp_mcast_group4}. */
  public VrrpSpec withChecksumGroup4(java.net.Inet4Address group) {
    return with(group, siblingPeers);
  }

  /** This spec with the peers of its duplicate-VRID siblings. */
  public VrrpSpec withSiblingPeers(java.util.Set<InetAddress> peers) {
    return with(checksumGroup4, peers);
  }

  /** This spec with what the mapping adds once every instance is mapped. */
  private VrrpSpec with(java.net.Inet4Address group, java.util.Set<InetAddress> peers) {
    return new VrrpSpec(
        source,
        iface,
        unicastSrc,
        unicastPeers,
        unicastTtl,
        authentication,
        vips,
        trackedInterfaces,
        trackedScripts,
        trackedFiles,
        notifyScripts,
        mail,
        template,
        group,
        peers);
  }

  public VrrpSpec {
    unicastPeers = List.copyOf(unicastPeers);
    vips = List.copyOf(vips);
    trackedInterfaces = List.copyOf(trackedInterfaces);
    trackedScripts = List.copyOf(trackedScripts);
    trackedFiles = List.copyOf(trackedFiles);
    siblingPeers = java.util.Set.copyOf(siblingPeers);
  }

  public String name() {
    return source.name();
  }

  /**
   * The interface the adverts and the gratuitous ARPs leave from: the VMAC of {@code use_vmac}
   * (unless {@code vmac_xmit_base}), else the instance's.
   */
  public String sendIface() {
    return source.vmac().filter(m -> !m.xmitBase()).map(Vrrp.Vmac::name).orElse(iface);
  }

  /** The {@code vrrp_track_process} names it tracks (its own and its sync group's). */
  public List<String> trackedProcesses() {
    return trackedNamed(VrrpMapping.processTrackerName(""));
  }

  /** The {@code bfd_instance} names it tracks (its own {@code track_bfd} and its sync group's). */
  public List<String> trackedBfds() {
    return trackedNamed(VrrpMapping.bfdTrackerName(""));
  }

  /** The names of the trackers whose names start with {@code prefix}, without it. */
  private List<String> trackedNamed(String prefix) {
    return template.trackers().stream()
        .map(Tracker::name)
        .filter(n -> n.startsWith(prefix))
        .map(n -> n.substring(prefix.length()))
        .toList();
  }

  /** Where the adverts go in unicast mode: the peers' addresses (empty for multicast). */
  public List<InetAddress> peerAddresses() {
    return unicastPeers.stream().map(Vrrp.UnicastPeer::address).toList();
  }

  /**
   * A virtual address and how it is added: interface, label, scope, broadcast, peer, IFA_F_* flags
   * and preferred lifetime ({@link io.vigil.netlink.rtnl.IfAddress#FOREVER} for none).
   *
   * @param noTrack {@code no_track}: not put back when deleted behind our back, its device not
   *     tracked
   */
  public record VipSpec(
      InetAddress address,
      int prefixLength,
      String dev,
      Optional<String> label,
      int scope,
      Optional<InetAddress> broadcast,
      boolean excluded,
      Optional<InetAddress> peer,
      int flags,
      long preferredLifetime,
      boolean noTrack) {
    /** An address without a peer, flags or lifetime, tracked. */
    public VipSpec(
        InetAddress address,
        int prefixLength,
        String dev,
        Optional<String> label,
        int scope,
        Optional<InetAddress> broadcast,
        boolean excluded) {
      this(
          address,
          prefixLength,
          dev,
          label,
          scope,
          broadcast,
          excluded,
          Optional.empty(),
          0,
          io.vigil.netlink.rtnl.IfAddress.FOREVER,
          false);
    }
  }

  /** The state machine's configuration without the primary address. */
  public record InstanceTemplate(
      int vrid,
      int version,
      int priority,
      int advertIntervalCs,
      boolean preempt,
      long preemptDelayNs,
      boolean accept,
      boolean startAsMaster,
      long garpMasterDelayNs,
      int garpMasterRepeat,
      long garpMasterRefreshNs,
      int garpMasterRefreshRepeat,
      int garpLowerPrioRepeat,
      long garpLowerPrioDelayNs,
      boolean notifyPriorityChanges,
      boolean lowerPrioNoAdvert,
      boolean higherPrioSendAdvert,
      int downTimerAdverts,
      long announceIntervalNs,
      long garpExtraIfNs,
      List<Tracker> trackers) {
    public InstanceTemplate {
      trackers = List.copyOf(trackers);
    }
  }

  /**
   * The device the instance's own addresses go on: its VMAC ({@code use_vmac}), else its interface
   * (keepalived's {@code vrrp->ifp}); addresses elsewhere are on "extra" devices.
   */
  public String ownDevice() {
    return ownDevice(source);
  }

  /** The names of the VMACs of an instance's addresses. */
  static Set<String> addressVmacNames(Vrrp.Instance i) {
    Set<String> out = new java.util.HashSet<>();
    i.addressVmacs().forEach(m -> out.add(m.name()));
    return out;
  }

  /** {@link #ownDevice()} of an instance's configuration. */
  static String ownDevice(Vrrp.Instance i) {
    return i.vmac().map(Vrrp.Vmac::name).orElse(i.iface());
  }

  /**
   * The devices other than {@link #ownDevice} that hold its addresses, each with its first address
   * there: what {@code garp_extra_if} announces, the VMACs of its addresses alone unless {@code
   * all} (keepalived: one ARP or NA per device).
   */
  public java.util.Map<String, InetAddress> extraDevices() {
    boolean all = source.garpExtraIf().map(Vrrp.GarpExtraIf::all).orElse(false);
    Set<String> vmacs = addressVmacNames(source);
    java.util.Map<String, InetAddress> out = new java.util.LinkedHashMap<>();
    for (VipSpec v : vips) {
      if (!v.dev().equals(ownDevice()) && (all || vmacs.contains(v.dev()))) {
        out.putIfAbsent(v.dev(), v.address());
      }
    }
    return out;
  }

  public List<InetAddress> advertisedVips() {
    return vips.stream().filter(v -> !v.excluded()).map(VipSpec::address).toList();
  }

  public List<InetAddress> excludedVips() {
    return vips.stream().filter(VipSpec::excluded).map(VipSpec::address).toList();
  }

  /** The state machine's configuration once the primary address is known. */
  public InstanceConfig instanceConfig(InetAddress primary) {
    return instanceConfig(primary, t -> Optional.empty());
  }

  /**
   * The same, with the trackers' statuses known now (a script that has run already) in place of the
   * configured start ({@code known}: by tracker name, empty when not known).
   */
  public InstanceConfig instanceConfig(
      InetAddress primary, java.util.function.Function<String, Optional<Boolean>> known) {
    InstanceTemplate t = template;
    InstanceConfig.Builder b =
        InstanceConfig.builder(name(), t.vrid(), t.version(), primary, advertisedVips())
            .priority(t.priority())
            .advertIntervalCs(t.advertIntervalCs())
            .excludedVips(excludedVips())
            .preempt(t.preempt())
            .preemptDelayNs(t.preemptDelayNs())
            .accept(t.accept())
            .startAsMaster(t.startAsMaster())
            .garpMaster(t.garpMasterDelayNs(), t.garpMasterRepeat())
            .garpMasterRefresh(t.garpMasterRefreshNs(), t.garpMasterRefreshRepeat())
            .garpLowerPrioRepeat(t.garpLowerPrioRepeat())
            .garpLowerPrioDelayNs(t.garpLowerPrioDelayNs())
            .notifyPriorityChanges(t.notifyPriorityChanges())
            .lowerPrioNoAdvert(t.lowerPrioNoAdvert())
            .higherPrioSendAdvert(t.higherPrioSendAdvert())
            .downTimerAdverts(t.downTimerAdverts())
            .announceIntervalNs(t.announceIntervalNs())
            .garpExtraIfNs(t.garpExtraIfNs());
    for (Tracker tr : t.trackers()) {
      Optional<Boolean> up = known.apply(tr.name());
      b.track(
          up.isPresent()
              ? new Tracker(tr.name(), tr.kind(), tr.weight(), tr.reverse(), up.get())
              : tr);
    }
    return b.build();
  }
}
