package io.vigil.director.lvs;

import io.vigil.config.model.Script;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The IPVS side of a configuration in the kernel's terms: each virtual server as the IPVS services
 * it stands for (one, or one per address of a {@code virtual_server_group}), its pool policy, and
 * its real servers as destinations with the identity the health checks report them under.
 *
 * @param virtualServers in configuration order
 * @param rsInitNotifies {@code rs_init_notifies}: real servers that start in the pool run their
 *     {@code notify_up}
 */
public record LvsModel(
    List<VirtualService> virtualServers, boolean rsInitNotifies, GroupMarks groupMarks) {
  public LvsModel {
    virtualServers = List.copyOf(virtualServers);
  }

  /** Without {@code nftables_ipvs}. */
  public LvsModel(List<VirtualService> virtualServers, boolean rsInitNotifies) {
    this(virtualServers, rsInitNotifies, GroupMarks.NONE);
  }

  /** Without {@code rs_init_notifies}. */
  public LvsModel(List<VirtualService> virtualServers) {
    this(virtualServers, false);
  }

  /**
   * keepalived's {@code nftables_ipvs}: the virtual server groups served by one fwmark service per
   * group and protocol, and the marks nftables puts on their packets.
   *
   * @param settings the table, its chain's priority and counters; empty when off
   * @param elements each group entry's addresses and port with its mark, in configuration order
   * @param assigned the marks given out, by {@code GROUP/PROTOCOL}: a reload keeps them
   * @param next the next mark to give out (0: none given yet, the configured start)
   */
  public record GroupMarks(
      java.util.Optional<io.vigil.netlink.nft.IpvsFirewall.Settings> settings,
      List<io.vigil.netlink.nft.IpvsFirewall.Element> elements,
      java.util.Map<String, Integer> assigned,
      long next) {
    public static final GroupMarks NONE =
        new GroupMarks(java.util.Optional.empty(), List.of(), java.util.Map.of(), 0);

    public GroupMarks {
      elements = List.copyOf(elements);
      assigned = java.util.Map.copyOf(assigned);
    }
  }

  /**
   * One {@code virtual_server}.
   *
   * @param name as an operator reads it in logs and status ({@code 192.0.2.10:80}, {@code fwmark
   *     7}, {@code group web})
   * @param keys the IPVS services that carry it, all with the same settings and pool (but see
   *     {@link #settingsFor})
   * @param family the virtual server's address family ({@link ServiceKey#AF_INET} or {@link
   *     ServiceKey#AF_INET6}), which its settings' persistence netmask is of
   * @param quorum keepalived's {@code quorum} (summed weight of alive real servers)
   * @param sorry the {@code sorry_server}, if any
   * @param scripts {@code quorum_up} / {@code quorum_down}
   * @param omega keepalived's {@code omega}: the down scripts run at shutdown too
   * @param haSuspend keepalived's {@code ha_suspend}: the checkers run only while one of the
   *     service's addresses is configured on this host ({@link HaSuspend})
   * @param markedAddresses with {@code nftables_ipvs}, the addresses of the group its fwmark
   *     services serve (ha_suspend waits for them); else none
   */
  public record VirtualService(
      String name,
      List<ServiceKey> keys,
      ServiceSettings settings,
      int family,
      long quorum,
      long hysteresis,
      Optional<Backend> sorry,
      List<Backend> backends,
      Scripts scripts,
      boolean omega,
      boolean haSuspend,
      List<java.net.InetAddress> markedAddresses) {
    public VirtualService {
      keys = List.copyOf(keys);
      backends = List.copyOf(backends);
      markedAddresses = List.copyOf(markedAddresses);
    }

    /**
     * The settings of one of its services. A service of the other family (an IPv6 address, or
     * nftables_ipvs's IPv6 fwmark service, of a group whose virtual server is IPv4) has the full
     * netmask of its own family, 128 or 32, as keepalived 2.2.7 gives it (ipvswrapper.c): an IPv4
     * persistence_granularity of 255.255.255.0 means nothing for IPv6 clients.
     */
    public ServiceSettings settingsFor(ServiceKey key) {
      return key.family() == family
          ? settings
          : settings.withNetmaskPrefix(key.family() == ServiceKey.AF_INET6 ? 128 : 32);
    }

    /** Not served through nftables_ipvs's marks; of its first key's family. */
    public VirtualService(
        String name,
        List<ServiceKey> keys,
        ServiceSettings settings,
        long quorum,
        long hysteresis,
        Optional<Backend> sorry,
        List<Backend> backends,
        Scripts scripts,
        boolean omega,
        boolean haSuspend) {
      this(
          name,
          keys,
          settings,
          keys.isEmpty() ? ServiceKey.AF_INET : keys.get(0).family(),
          quorum,
          hysteresis,
          sorry,
          backends,
          scripts,
          omega,
          haSuspend,
          List.of());
    }

    /** Without {@code ha_suspend}. */
    public VirtualService(
        String name,
        List<ServiceKey> keys,
        ServiceSettings settings,
        long quorum,
        long hysteresis,
        Optional<Backend> sorry,
        List<Backend> backends,
        Scripts scripts,
        boolean omega) {
      this(name, keys, settings, quorum, hysteresis, sorry, backends, scripts, omega, false);
    }

    /** A virtual server without {@code quorum_up} / {@code quorum_down}. */
    public VirtualService(
        String name,
        List<ServiceKey> keys,
        ServiceSettings settings,
        long quorum,
        long hysteresis,
        Optional<Backend> sorry,
        List<Backend> backends) {
      this(name, keys, settings, quorum, hysteresis, sorry, backends, Scripts.NONE, false, false);
    }
  }

  /**
   * A real server (or a sorry server) as an IPVS destination.
   *
   * @param id the identity health events use ({@code "192.0.2.10:80 203.0.113.5:8080"})
   * @param base forwarding, configured weight and thresholds; the weight in the kernel follows
   *     health
   * @param inhibit {@code inhibit_on_failure}: kept at weight 0 while down instead of removed
   * @param scripts {@code notify_up} / {@code notify_down}
   */
  public record Backend(
      String id, DestKey destination, DestSettings base, boolean inhibit, Scripts scripts) {
    /** A real server without {@code notify_up} / {@code notify_down}. */
    public Backend(String id, DestKey destination, DestSettings base, boolean inhibit) {
      this(id, destination, base, inhibit, Scripts.NONE);
    }
  }

  /**
   * What keepalived does on a transition: the scripts it runs, without arguments ({@code notify_up}
   * / {@code notify_down} of a real server, {@code quorum_up} / {@code quorum_down} of a virtual
   * server), and whether it mails it ({@code smtp_alert} as resolved against the global defaults,
   * and mail configured at all).
   */
  public record Scripts(Optional<Script> up, Optional<Script> down, boolean mail) {
    public static final Scripts NONE = new Scripts(Optional.empty(), Optional.empty());

    /** Scripts without alert mail. */
    public Scripts(Optional<Script> up, Optional<Script> down) {
      this(up, down, false);
    }
  }

  /** Every real server's health-check spec, for the health engine. */
  public record Checks(List<RealServerSpec> realServers) {
    public Checks {
      realServers = List.copyOf(realServers);
    }
  }

  /** Every IPVS service this model owns. */
  public List<ServiceKey> serviceKeys() {
    List<ServiceKey> out = new ArrayList<>();
    for (VirtualService v : virtualServers) {
      out.addAll(v.keys());
    }
    return out;
  }
}
