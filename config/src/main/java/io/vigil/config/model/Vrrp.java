package io.vigil.config.model;

import io.vigil.config.Origin;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** The VRRP side of the configuration: scripts, tracked files, sync groups, instances. */
public final class Vrrp {
  private Vrrp() {}

  /** The state an instance starts in. */
  public enum State {
    MASTER,
    BACKUP
  }

  /**
   * {@code vrrp_script NAME}: keepalived's defaults are interval 1 s, timeout = interval, weight 0,
   * rise 1, fall 1; {@code init_fail}: the script is taken as failed until it succeeds.
   */
  public record ScriptDef(
      String name,
      Origin origin,
      Script script,
      long intervalUs,
      long timeoutUs,
      int weight,
      boolean weightReverse,
      int rise,
      int fall,
      Optional<String> user,
      boolean initFail) {}

  /** {@code vrrp_track_file NAME} / {@code track_file NAME}: the file's number times the weight. */
  public record TrackFileDef(
      String name, Origin origin, String file, int weight, boolean weightReverse, boolean init) {}

  /**
   * {@code vrrp_track_process NAME}: how many processes named so run. {@code process} is matched
   * exactly against a process's name ({@code /proc/PID/comm}), or with {@code fullCommand} against
   * its command line's first word, then {@code params} as {@code paramMatch} says; it is up while
   * {@code quorum} to {@code quorumMax} of them run, after {@code forkDelayUs} (up) or {@code
   * terminateDelayUs} (down) of steadiness.
   */
  /**
   * {@code bfd_instance NAME}: a BFD session (RFC 5880 / 5881) to {@code neighbor} from {@code
   * source}, with keepalived 2.2.7's defaults: {@code min_rx} and {@code min_tx} 10 ms, {@code
   * idle_tx} 1 s, {@code multiplier} 5, TTL 255 (IPv4) / hop limit 64 (IPv6), {@code max_hops} 0
   * (255: not checked); {@code weight} / {@code weightReverse} its trackers' default weight; {@code
   * vrrp} / {@code checker} whether VRRP's {@code track_bfd} / the checkers' {@code BFD_CHECK} are
   * told (both unless one is named).
   */
  public record BfdDef(
      String name,
      Origin origin,
      InetAddress neighbor,
      Optional<InetAddress> source,
      long minRxUs,
      long minTxUs,
      long idleTxUs,
      int multiplier,
      boolean passive,
      int ttl,
      int maxHops,
      int weight,
      boolean weightReverse,
      boolean vrrp,
      boolean checker) {}

  public record TrackProcessDef(
      String name,
      Origin origin,
      String process,
      List<String> params,
      ParamMatch paramMatch,
      boolean fullCommand,
      int weight,
      boolean weightReverse,
      int quorum,
      long quorumMax,
      long forkDelayUs,
      long terminateDelayUs) {
    public TrackProcessDef {
      params = List.copyOf(params);
    }
  }

  /** {@code param_match}: NONE (parameters not checked), EXACT, PARTIAL, INITIAL. */
  public enum ParamMatch {
    NONE,
    EXACT,
    PARTIAL,
    INITIAL
  }

  /** A reference to a script, file or interface with an optional weight override. */
  public record Track(String name, Origin origin, Optional<Integer> weight, boolean reverse) {
    /** The weight it tracks with: its own, else its definition's ({@code definition}). */
    public int weightOr(int definition) {
      return weight.orElse(definition);
    }

    /**
     * Whether it tracks reversed: with its own weight, as its own {@code reverse} says; else when
     * either it or its definition ({@code definition}) says so.
     */
    public boolean reverseWith(boolean definition) {
      return weight.isPresent() ? reverse : definition || reverse;
    }
  }

  /**
   * {@code notify*} scripts of an instance or sync group. {@code deletedNotified} is an instance's
   * {@code notify_deleted}: an instance a reload deletes is notified as DELETED, not keepalived's
   * default FAULT; {@code deleted} is its optional script, run either way.
   */
  public record Notify(
      Optional<Script> any,
      Optional<Script> master,
      Optional<Script> backup,
      Optional<Script> fault,
      Optional<Script> stop,
      Optional<Script> masterRxLowerPri,
      boolean deletedNotified,
      Optional<Script> deleted) {
    public static final Notify NONE =
        new Notify(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            false,
            Optional.empty());
  }

  /**
   * {@code track_group NAME { group { INSTANCE... } }}: the VRRP instances that the static
   * addresses naming it (their {@code track_group NAME}) put in FAULT while the address's interface
   * is down or gone.
   */
  public record TrackGroup(String name, Origin origin, List<String> instances) {
    public TrackGroup {
      instances = List.copyOf(instances);
    }
  }

  /**
   * {@code vrrp_sync_group NAME}; {@code notifyPriorityChanges} is its {@code
   * notify_priority_changes}, the default of its members' (empty: the global one); {@code
   * trackingWeight} its {@code sync_group_tracking_weight}: its members keep the weights of what
   * they track themselves (keepalived ignores them otherwise).
   */
  public record SyncGroup(
      String name,
      Origin origin,
      List<String> instances,
      List<Track> trackScripts,
      List<Track> trackFiles,
      List<Track> trackInterfaces,
      List<Track> trackProcesses,
      Notify notifyScripts,
      Optional<Boolean> notifyPriorityChanges,
      Optional<Boolean> smtpAlert,
      boolean trackingWeight,
      List<Track> trackBfds) {
    public SyncGroup {
      trackBfds = List.copyOf(trackBfds);
      trackProcesses = List.copyOf(trackProcesses);
      instances = List.copyOf(instances);
      trackScripts = List.copyOf(trackScripts);
      trackFiles = List.copyOf(trackFiles);
      trackInterfaces = List.copyOf(trackInterfaces);
    }
  }

  /**
   * A virtual address: {@code ADDR[/PREFIX] [brd B] [dev IF] [scope S] [label L] [peer P] [home]
   * [-nodad] [mngtmpaddr] [noprefixroute] [autojoin] [no_track] [preferred_lft N|forever]
   * [use_vmac]}.
   *
   * @param peer {@code peer}: a point-to-point address (its prefix is then the host length)
   * @param flags the options that are IFA_F_* flags
   * @param noTrack {@code no_track}: deleting it behind Vigil's back changes nothing (it is not put
   *     back until the instance next becomes master), and its device is not tracked
   * @param preferredLifetime {@code preferred_lft} in seconds (0xffffffff: {@code forever}); empty
   *     when not written: an IPv6 /128 is then deprecated (0), any other prefix preferred for ever,
   *     keepalived's defaults
   */
  public record Vip(
      IpPrefix prefix,
      Origin origin,
      Optional<String> dev,
      Optional<String> scope,
      Optional<String> label,
      Optional<InetAddress> broadcast,
      Optional<InetAddress> peer,
      Set<AddressFlag> flags,
      boolean noTrack,
      OptionalLong preferredLifetime,
      boolean useVmac) {
    public Vip {
      flags = Set.copyOf(flags);
    }
  }

  /**
   * A VMAC of addresses ({@code use_vmac} on an address, or the instance's {@code use_vmac_addr}),
   * as keepalived 2.2.7 makes one: on {@code base} (the address's {@code dev}, else the instance's
   * interface), with the instance's VMAC MAC if it names one, else the virtual router's MAC of the
   * addresses' family; the addresses go on it instead of on {@code base}.
   *
   * @param name the interface, named as keepalived names VMACs ({@code vmac_addr_prefix}, else
   *     {@code vmac_prefix}, else {@code vrrp}; {@code .VRID})
   * @param addresses the addresses on it
   */
  public record AddressVmac(
      String name, String mac, String base, boolean ipv6, List<InetAddress> addresses) {
    public AddressVmac {
      addresses = List.copyOf(addresses);
    }
  }

  /**
   * One {@code unicast_peer} line, {@code ADDR [min_ttl N] [max_ttl N]}: adverts from it are
   * accepted with a TTL / hop limit in [minTtl, maxTtl] (keepalived's default: any, 0-255).
   */
  public record UnicastPeer(InetAddress address, int minTtl, int maxTtl) {
    /** A peer whose adverts are accepted with any TTL. */
    public static UnicastPeer of(InetAddress address) {
      return new UnicastPeer(address, 0, 255);
    }
  }

  /** {@code authentication { auth_type PASS|AH; auth_pass P }} (VRRPv2 only). */
  public record Authentication(String type, String password) {}

  /**
   * {@code use_vmac [NAME] [MAC]}: the instance's addresses go on a macvlan interface in private
   * mode, NAME on the instance's interface, with the virtual router's MAC address (RFC 5798 7.3:
   * 00:00:5e:00:01:VRID, IPv6 00:00:5e:00:02:VRID), and its adverts and gratuitous ARPs (neighbour
   * advertisements) leave from it, from that MAC.
   *
   * @param name the interface ({@code vrrp.VRID} unless named)
   * @param mac its address, {@code 00:00:5e:00:01:33}
   * @param xmitBase {@code vmac_xmit_base}: the adverts are sent and received on the instance's
   *     interface instead, the VMAC holds the addresses only
   */
  public record Vmac(String name, String mac, boolean xmitBase, Optional<Ipvlan> ipvlan) {
    /** A macvlan VMAC ({@code use_vmac}). */
    public Vmac(String name, String mac, boolean xmitBase) {
      this(name, mac, xmitBase, Optional.empty());
    }

    /** {@code use_ipvlan}'s interface, in place of a macvlan one. */
    public static Vmac ipvlan(String name, Ipvlan ipvlan) {
      return new Vmac(name, "", false, Optional.of(ipvlan));
    }

    public boolean isIpvlan() {
      return ipvlan.isPresent();
    }
  }

  /**
   * {@code use_ipvlan [NAME] [ADDRESS[/PREFIX]] [bridge|private|vepa]}: in place of a VMAC, the
   * instance's addresses go on an ipvlan interface in L2 mode on the instance's interface (named as
   * a VMAC is, {@code vrrp.VRID} unless named), with the interface's own MAC; its adverts leave
   * from it, from {@code address}, which keepalived 2.2.7 adds to it (and takes as the instance's
   * source address when it has no {@code unicast_src_ip}). An IPv4 instance needs the address.
   *
   * @param mode {@code bridge} (the default), {@code private} or {@code vepa}: the ipvlan's flags
   */
  public record Ipvlan(String mode, Optional<IpPrefix> address) {
    /** IFLA_IPVLAN_FLAGS for the mode (include/uapi/linux/if_link.h: IPVLAN_F_PRIVATE, _VEPA). */
    public int flags() {
      return switch (mode) {
        case "private" -> 0x01;
        case "vepa" -> 0x02;
        default -> 0;
      };
    }
  }

  /**
   * {@code garp_extra_if [all] SECONDS} / {@code vrrp_garp_extra_if}: while master, a gratuitous
   * ARP every so often on each device other than the instance's that holds one of its addresses, so
   * that the switches there keep its MAC. keepalived sends them on the VMACs of addresses with
   * their own {@code use_vmac} (which Vigil does not make), and with {@code all} on every such
   * device.
   *
   * @param seconds the interval (0: off)
   * @param all {@code all}
   */
  public record GarpExtraIf(int seconds, boolean all) {}

  /**
   * {@code old_unicast_checksum [never]}: the checksum of VRRPv3 adverts sent unicast over IPv4.
   * keepalived before 1.3.6 put the multicast group 224.0.0.18 in its pseudo-header instead of the
   * peer's address.
   */
  public enum UnicastChecksum {
    /**
     * RFC 5798's, until a peer's advert has the old one: then the old one (keepalived's default).
     */
    DETECT,
    /** {@code never}: RFC 5798's only. */
    NEVER,
    /** Written alone: the old one only. */
    OLD
  }

  /**
   * {@code vrrp_instance NAME}; {@code notifyPriorityChanges} is its {@code
   * notify_priority_changes} (empty: its sync group's, else the global one), {@code
   * lowerPrioNoAdvert} its {@code lower_prio_no_advert} and {@code higherPrioSendAdvert} its {@code
   * higher_prio_send_advert} (empty: the global one); {@code strictMode} its {@code strict_mode}
   * (empty: the global {@code vrrp_strict}), already applied to the other settings; {@code
   * downTimerAdverts} its {@code down_timer_adverts} (else the global {@code
   * vrrp_down_timer_adverts}, else 3); {@code unicastTtl} its {@code unicast_ttl}, the TTL / hop
   * limit of the adverts it sends to its unicast peers (255 unless set); {@code skipCheckAdvAddr}
   * its {@code skip_check_adv_addr} (else the global {@code vrrp_skip_check_adv_addr}); {@code
   * garpIntervalUs} and {@code gnaIntervalUs} the least time between two of its gratuitous ARPs /
   * unsolicited neighbour advertisements (its interface's {@code garp_group}, else the global
   * {@code vrrp_garp_interval} / {@code vrrp_gna_interval}; 0: none); {@code virtualRoutes} and
   * {@code virtualRules} its {@code virtual_routes} and {@code virtual_rules}, in the kernel while
   * it is master; {@code unicastFaultNoPeer} its {@code unicast_fault_no_peer}: without unicast
   * peers it is in FAULT instead of using multicast; {@code promoteSecondaries} its {@code
   * promote_secondaries}: the interface's is set while Vigil runs; {@code trackSrcIp} its {@code
   * track_src_ip}: in FAULT while its {@code unicast_src_ip} is not an address of this host; {@code
   * vmac} its {@code use_vmac}; {@code useVmacAddr} its {@code use_vmac_addr} and {@code
   * addressVmacs} the VMACs its addresses go on (made by the validation); {@code unicastChecksum}
   * its {@code old_unicast_checksum}; {@code garpExtraIf} its {@code garp_extra_if} (else the
   * global {@code vrrp_garp_extra_if}); {@code mcastGroup} the multicast group its adverts go to
   * and are received on (its {@code mcast_dst_ip}, else the global {@code vrrp_mcast_group4} /
   * {@code vrrp_mcast_group6}), empty when it speaks unicast to its peers; {@code trackBfds} its
   * {@code track_bfd}s; {@code kernelRxBufSize} its {@code kernel_rx_buf_size}, the receive buffer
   * of its socket in bytes (0: unset, the global {@code vrrp_rx_bufs_policy} sizes it).
   */
  public record Instance(
      String name,
      Origin origin,
      State state,
      String iface,
      int virtualRouterId,
      int priority,
      long advertIntUs,
      int version,
      boolean nopreempt,
      long preemptDelayUs,
      Optional<InetAddress> unicastSrcIp,
      List<UnicastPeer> unicastPeers,
      Optional<Authentication> authentication,
      List<Vip> virtualIpaddress,
      List<Vip> virtualIpaddressExcluded,
      List<Track> trackInterfaces,
      List<Track> trackScripts,
      List<Track> trackFiles,
      List<Track> trackProcesses,
      Notify notifyScripts,
      Garp garp,
      boolean accept,
      boolean dontTrackPrimary,
      boolean trackSrcIp,
      Optional<Boolean> smtpAlert,
      Optional<Boolean> notifyPriorityChanges,
      Optional<Boolean> lowerPrioNoAdvert,
      Optional<Boolean> higherPrioSendAdvert,
      Optional<Boolean> strictMode,
      boolean unicastFaultNoPeer,
      boolean promoteSecondaries,
      int downTimerAdverts,
      int unicastTtl,
      boolean skipCheckAdvAddr,
      long garpIntervalUs,
      long gnaIntervalUs,
      List<StaticRoute> virtualRoutes,
      List<StaticRule> virtualRules,
      Optional<Vmac> vmac,
      UnicastChecksum unicastChecksum,
      Optional<GarpExtraIf> garpExtraIf,
      boolean useVmacAddr,
      List<AddressVmac> addressVmacs,
      Optional<InetAddress> mcastGroup,
      List<Track> trackBfds,
      long kernelRxBufSize) {
    public Instance {
      trackBfds = List.copyOf(trackBfds);
      addressVmacs = List.copyOf(addressVmacs);
      virtualRoutes = List.copyOf(virtualRoutes);
      virtualRules = List.copyOf(virtualRules);
      unicastPeers = List.copyOf(unicastPeers);
      virtualIpaddress = List.copyOf(virtualIpaddress);
      virtualIpaddressExcluded = List.copyOf(virtualIpaddressExcluded);
      trackInterfaces = List.copyOf(trackInterfaces);
      trackScripts = List.copyOf(trackScripts);
      trackFiles = List.copyOf(trackFiles);
      trackProcesses = List.copyOf(trackProcesses);
    }

    /** Whether the instance speaks IPv6 (decided by its first virtual address). */
    public boolean isIpv6() {
      return !virtualIpaddress.isEmpty() && !virtualIpaddress.get(0).prefix().isIpv4();
    }
  }
}
