package io.vigil.director.vrrp;

import io.vigil.config.model.Vrrp;
import io.vigil.vrrp.fsm.InstanceConfig;
import io.vigil.vrrp.fsm.Tracker;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * One {@code vrrp_instance} as the runtime runs it: everything but the primary address, which is
 * the interface's own address unless {@code unicast_src_ip} names it (found when the instance
 * starts).
 *
 * @param source the configuration it came from (compared on reload)
 * @param iface the interface the adverts go out on
 * @param unicastSrc {@code unicast_src_ip}
 * @param unicastPeers empty for multicast
 * @param password {@code auth_type PASS} password, or empty
 * @param vips every virtual address with where it goes ({@code virtual_ipaddress} first, then
 *     {@code virtual_ipaddress_excluded})
 * @param trackedInterfaces interface names whose link state moves the priority (see trackers)
 * @param notifyScripts the instance's notify scripts
 */
public record VrrpSpec(
    Vrrp.Instance source,
    String iface,
    Optional<InetAddress> unicastSrc,
    List<InetAddress> unicastPeers,
    Optional<String> password,
    List<VipSpec> vips,
    List<String> trackedInterfaces,
    Vrrp.Notify notifyScripts,
    InstanceTemplate template) {
  public VrrpSpec {
    unicastPeers = List.copyOf(unicastPeers);
    vips = List.copyOf(vips);
    trackedInterfaces = List.copyOf(trackedInterfaces);
  }

  public String name() {
    return source.name();
  }

  /** A virtual address and the interface, label, scope and broadcast it is added with. */
  public record VipSpec(
      InetAddress address,
      int prefixLength,
      String dev,
      Optional<String> label,
      int scope,
      Optional<InetAddress> broadcast,
      boolean excluded) {}

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
      List<Tracker> trackers) {
    public InstanceTemplate {
      trackers = List.copyOf(trackers);
    }
  }

  public List<InetAddress> advertisedVips() {
    return vips.stream().filter(v -> !v.excluded()).map(VipSpec::address).toList();
  }

  public List<InetAddress> excludedVips() {
    return vips.stream().filter(VipSpec::excluded).map(VipSpec::address).toList();
  }

  /** The state machine's configuration once the primary address is known. */
  public InstanceConfig instanceConfig(InetAddress primary) {
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
            .garpLowerPrioRepeat(t.garpLowerPrioRepeat());
    t.trackers().forEach(b::track);
    return b.build();
  }
}
