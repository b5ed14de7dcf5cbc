package io.vigil.vrrp.fsm;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code vrrp_instance}, as the state machine needs it. Defaults are keepalived's: priority
 * 100, advert_int 1 s, preempt, accept, down_timer_adverts 3, garp_master_delay 5 s,
 * garp_master_repeat 5, no refresh.
 *
 * @param name the instance name ({@code VI_1})
 * @param vrid 1..255
 * @param version 2 or 3
 * @param primaryAddress our source address, compared with a peer's on equal priority
 * @param basePriority 1..255 (255: the address owner)
 * @param advertIntervalCs our Advertisement_Interval (VRRPv2: a multiple of 100)
 * @param vips {@code virtual_ipaddress}
 * @param excludedVips {@code virtual_ipaddress_excluded}: added and removed, never advertised
 * @param preempt false is {@code nopreempt}; keepalived clears it for {@code state MASTER}
 * @param preemptDelayNs {@code preempt_delay}: how long a backup tolerates a lower master first
 * @param accept false is {@code no_accept} (ignored for the owner, who always accepts)
 * @param startAsMaster {@code state MASTER}: the first down timer is one advert interval plus the
 *     minimum skew, not three (keepalived's reading; the owner is master at once either way)
 * @param downTimerAdverts Master_Down_Interval in advert intervals, 3 per the RFCs
 * @param garpMasterDelayNs second burst of gratuitous ARPs this long after becoming master (0:
 *     none)
 * @param garpMasterRepeat gratuitous ARPs per address in each burst
 * @param garpMasterRefreshNs periodic gratuitous ARPs while master (0: never)
 * @param garpMasterRefreshRepeat gratuitous ARPs per address in each refresh
 * @param garpLowerPrioRepeat gratuitous ARPs when a master hears a lower priority advert (0: none)
 * @param garpLowerPrioDelayNs then the same again this long after (0: not again); keepalived's
 *     {@code garp_lower_prio_delay}
 * @param lowerPrioNoAdvert true: a master stays quiet on a lower priority advert (RFC); false:
 *     answers with an advert at once (keepalived's default)
 * @param higherPrioSendAdvert true: a master that hears a higher priority advert (or an equal one
 *     from a higher address) sends one advert of its own before it steps down, as keepalived's
 *     {@code higher_prio_send_advert} does; false (the default): it steps down quietly
 * @param notifyPriorityChanges {@code notify_priority_changes}: a change of the effective priority
 *     that is not a move into or out of FAULT writes {@code INSTANCE "VI_1" MASTER_PRIORITY 120}
 *     (as master) or {@code BACKUP_PRIORITY} (otherwise) to the FIFO, as keepalived does
 * @param announceIntervalNs the least time between two of the gratuitous ARPs / unsolicited
 *     neighbour advertisements that one announcement sends (keepalived's {@code garp_interval} /
 *     {@code gna_interval}; 0: all at once)
 * @param garpExtraIfNs keepalived's {@code garp_extra_if}: while master, every so often, {@link
 *     Action.AnnounceElsewhere} (0: never)
 * @param trackers what the effective priority depends on
 */
public record InstanceConfig(
    String name,
    int vrid,
    int version,
    InetAddress primaryAddress,
    int basePriority,
    int advertIntervalCs,
    List<InetAddress> vips,
    List<InetAddress> excludedVips,
    boolean preempt,
    long preemptDelayNs,
    boolean accept,
    boolean startAsMaster,
    int downTimerAdverts,
    long garpMasterDelayNs,
    int garpMasterRepeat,
    long garpMasterRefreshNs,
    int garpMasterRefreshRepeat,
    int garpLowerPrioRepeat,
    long garpLowerPrioDelayNs,
    boolean lowerPrioNoAdvert,
    boolean higherPrioSendAdvert,
    boolean notifyPriorityChanges,
    long announceIntervalNs,
    long garpExtraIfNs,
    List<Tracker> trackers) {
  public static final int PRIORITY_OWNER = 255;
  public static final int PRIORITY_STOP = 0;

  public InstanceConfig {
    if (version != 2 && version != 3) {
      throw new IllegalArgumentException("version 2 or 3: " + version);
    }
    if (basePriority < 1 || basePriority > 255) {
      throw new IllegalArgumentException("priority must be 1..255: " + basePriority);
    }
    if (advertIntervalCs < 1 || (version == 2 && advertIntervalCs % 100 != 0)) {
      throw new IllegalArgumentException(
          "bad advert interval " + advertIntervalCs + " cs for v" + version);
    }
    if (announceIntervalNs < 0) {
      throw new IllegalArgumentException("negative announce interval: " + announceIntervalNs);
    }
    if (garpExtraIfNs < 0) {
      throw new IllegalArgumentException("negative garp_extra_if: " + garpExtraIfNs);
    }
    if (downTimerAdverts < 1 || downTimerAdverts > 100) {
      throw new IllegalArgumentException("down_timer_adverts must be 1..100: " + downTimerAdverts);
    }
    for (InetAddress vip : vips) {
      if (version == 2 && vip.getAddress().length != 4) {
        throw new IllegalArgumentException("VRRPv2 carries IPv4 addresses only: " + vip);
      }
    }
    vips = List.copyOf(vips);
    excludedVips = List.copyOf(excludedVips);
    trackers = List.copyOf(trackers);
    if (startAsMaster) {
      preempt = true; // keepalived: "nopreempt will not work with initial state MASTER - clearing"
    }
  }

  public boolean isOwner() {
    return basePriority == PRIORITY_OWNER;
  }

  public long advertIntervalNs() {
    return advertIntervalCs * Timing.NS_PER_CS;
  }

  public static Builder builder(
      String name, int vrid, int version, InetAddress primaryAddress, List<InetAddress> vips) {
    return new Builder(name, vrid, version, primaryAddress, vips);
  }

  public Builder toBuilder() {
    return toBuilder(primaryAddress);
  }

  /**
   * The same configuration sending from {@code address}: the interface's primary address was
   * replaced, or came (see {@link Event.PrimaryAddress}).
   */
  public InstanceConfig withPrimaryAddress(InetAddress address) {
    return toBuilder(address).build();
  }

  private Builder toBuilder(InetAddress primary) {
    Builder b = new Builder(name, vrid, version, primary, vips);
    b.priority = basePriority;
    b.advertIntervalCs = advertIntervalCs;
    b.excludedVips = new ArrayList<>(excludedVips);
    b.preempt = preempt;
    b.preemptDelayNs = preemptDelayNs;
    b.accept = accept;
    b.startAsMaster = startAsMaster;
    b.downTimerAdverts = downTimerAdverts;
    b.garpMasterDelayNs = garpMasterDelayNs;
    b.garpMasterRepeat = garpMasterRepeat;
    b.garpMasterRefreshNs = garpMasterRefreshNs;
    b.garpMasterRefreshRepeat = garpMasterRefreshRepeat;
    b.garpLowerPrioRepeat = garpLowerPrioRepeat;
    b.garpLowerPrioDelayNs = garpLowerPrioDelayNs;
    b.lowerPrioNoAdvert = lowerPrioNoAdvert;
    b.higherPrioSendAdvert = higherPrioSendAdvert;
    b.notifyPriorityChanges = notifyPriorityChanges;
    b.announceIntervalNs = announceIntervalNs;
    b.garpExtraIfNs = garpExtraIfNs;
    b.trackers = new ArrayList<>(trackers);
    return b;
  }

  /** Fills keepalived's defaults; every setter returns the builder. */
  public static final class Builder {
    private final String name;
    private final int vrid;
    private final int version;
    private final InetAddress primaryAddress;
    private final List<InetAddress> vips;
    private int priority = 100;
    private int advertIntervalCs = 100;
    private List<InetAddress> excludedVips = new ArrayList<>();
    private boolean preempt = true;
    private long preemptDelayNs;
    private boolean accept = true;
    private boolean startAsMaster;
    private int downTimerAdverts = 3;
    private long garpMasterDelayNs = 5_000_000_000L;
    private int garpMasterRepeat = 5;
    private long garpMasterRefreshNs;
    private int garpMasterRefreshRepeat = 1;
    private int garpLowerPrioRepeat;
    private long garpLowerPrioDelayNs;
    private boolean lowerPrioNoAdvert;
    private boolean higherPrioSendAdvert;
    private boolean notifyPriorityChanges;
    private long announceIntervalNs;
    private long garpExtraIfNs;
    private List<Tracker> trackers = new ArrayList<>();

    private Builder(
        String name, int vrid, int version, InetAddress primaryAddress, List<InetAddress> vips) {
      this.name = name;
      this.vrid = vrid;
      this.version = version;
      this.primaryAddress = primaryAddress;
      this.vips = vips;
    }

    public Builder priority(int p) {
      priority = p;
      return this;
    }

    public Builder advertIntervalCs(int cs) {
      advertIntervalCs = cs;
      return this;
    }

    public Builder excludedVips(List<InetAddress> e) {
      excludedVips = new ArrayList<>(e);
      return this;
    }

    public Builder preempt(boolean p) {
      preempt = p;
      return this;
    }

    public Builder preemptDelayNs(long ns) {
      preemptDelayNs = ns;
      return this;
    }

    public Builder accept(boolean a) {
      accept = a;
      return this;
    }

    public Builder startAsMaster(boolean m) {
      startAsMaster = m;
      return this;
    }

    public Builder downTimerAdverts(int n) {
      downTimerAdverts = n;
      return this;
    }

    public Builder garpMaster(long delayNs, int repeat) {
      garpMasterDelayNs = delayNs;
      garpMasterRepeat = repeat;
      return this;
    }

    public Builder garpMasterRefresh(long refreshNs, int repeat) {
      garpMasterRefreshNs = refreshNs;
      garpMasterRefreshRepeat = repeat;
      return this;
    }

    public Builder garpLowerPrioRepeat(int repeat) {
      garpLowerPrioRepeat = repeat;
      return this;
    }

    public Builder garpLowerPrioDelayNs(long delayNs) {
      garpLowerPrioDelayNs = delayNs;
      return this;
    }

    public Builder notifyPriorityChanges(boolean notify) {
      notifyPriorityChanges = notify;
      return this;
    }

    public Builder lowerPrioNoAdvert(boolean quiet) {
      lowerPrioNoAdvert = quiet;
      return this;
    }

    public Builder higherPrioSendAdvert(boolean send) {
      higherPrioSendAdvert = send;
      return this;
    }

    public Builder announceIntervalNs(long intervalNs) {
      announceIntervalNs = intervalNs;
      return this;
    }

    public Builder garpExtraIfNs(long intervalNs) {
      garpExtraIfNs = intervalNs;
      return this;
    }

    public Builder track(Tracker t) {
      trackers.add(t);
      return this;
    }

    public InstanceConfig build() {
      return new InstanceConfig(
          name,
          vrid,
          version,
          primaryAddress,
          priority,
          advertIntervalCs,
          vips,
          excludedVips,
          preempt,
          preemptDelayNs,
          accept,
          startAsMaster,
          downTimerAdverts,
          garpMasterDelayNs,
          garpMasterRepeat,
          garpMasterRefreshNs,
          garpMasterRefreshRepeat,
          garpLowerPrioRepeat,
          garpLowerPrioDelayNs,
          lowerPrioNoAdvert,
          higherPrioSendAdvert,
          notifyPriorityChanges,
          announceIntervalNs,
          garpExtraIfNs,
          trackers);
    }
  }
}
