package io.vigil.vrrp.fsm;

import io.vigil.vrrp.fsm.Action.AddVips;
import io.vigil.vrrp.fsm.Action.AnnounceElsewhere;
import io.vigil.vrrp.fsm.Action.RemoveVips;
import io.vigil.vrrp.fsm.Action.RunLowerPriorityNotify;
import io.vigil.vrrp.fsm.Action.RunNotify;
import io.vigil.vrrp.fsm.Action.ScheduleAt;
import io.vigil.vrrp.fsm.Action.SendAdvert;
import io.vigil.vrrp.fsm.Action.SendGarp;
import io.vigil.vrrp.fsm.Action.WriteFifo;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * One VRRP instance's state machine: RFC 5798 §6.4 (Initialize, Backup, Master) with keepalived's
 * FAULT, trackers, start hint, preempt delay and gratuitous ARP schedule. Pure: events and {@code
 * nowNs} in, {@link Action}s out; no clock, socket, thread or log. Deadlines are compared
 * overflow-safe ({@code deadline - now <= 0}). Not thread-safe: one owner thread calls it.
 *
 * <p>Every call ends with a {@link ScheduleAt} for the earliest armed timer (when one is armed).
 *
 * <p>A reload ({@link Event.Reconfigure}) keeps the state, as keepalived keeps the state of an
 * instance it finds again after a reload ({@code restore_vrrp_state}), and changes only what
 * changed, from now on:
 *
 * <ul>
 *   <li>MASTER: addresses no longer configured are removed ({@link RemoveVips} of those alone; an
 *       address moved between {@code virtual_ipaddress} and {@code virtual_ipaddress_excluded} is
 *       neither); new ones are added ({@link AddVips} of those alone) and announced at once, with
 *       the second burst {@code garp_master_delay} later ({@code clear_diff_vrrp} does the same);
 *       nothing for unchanged ones. When the effective priority, the advert interval or the
 *       advertised addresses changed, one advert goes out at once with the new values (so the peer
 *       learns them, RFC 5798 §6.4.3) and the advert timer runs on the new interval from now. A
 *       priority lowered below a backup's is not a goodbye: the backup preempts as it would from
 *       any lower master's advert (§6.4.2), and we step down on its first advert. A changed {@code
 *       garp_master_refresh} restarts from now.
 *   <li>BACKUP: the Master_Down_Interval is recomputed (new priority, hence skew; {@code
 *       down_timer_adverts}; the new interval, unless VRRPv3 learnt the master's) and counted from
 *       the master's last advert; a new {@code preempt_delay} counts from the first lower advert
 *       already seen; {@code preempt}/{@code nopreempt} applies to the next advert received. A new
 *       priority of 255 (the address owner) makes it master at once.
 *   <li>Trackers, in every state: statuses reported for trackers kept (same name) are kept; the
 *       effective priority and FAULT follow exactly as if the trackers had reported (a master
 *       falling into FAULT says goodbye with priority 0 and releases the addresses it held; a FAULT
 *       that clears goes to BACKUP).
 *   <li>INITIALIZE (not started, or stopped): the new configuration is simply taken.
 * </ul>
 *
 * {@code accept}/{@code no_accept}, {@code garp_master_delay}/{@code _repeat}, {@code
 * garp_lower_prio_delay}/{@code _repeat} and {@code notify_priority_changes} apply from their next
 * use. Name, VRID, version and primary address are the sockets' and cannot change by a reload (a
 * new instance is started for that); the primary address changes alone, by {@link
 * Event.PrimaryAddress}, when the interface's does.
 */
public final class VrrpInstance {
  private InstanceConfig config;
  private TrackedPriority priority;
  private byte[] primaryAddress;
  private List<InetAddress> garpAddresses;
  private VrrpState state = VrrpState.INITIALIZE;
  private boolean started;
  private boolean groupFault;
  private int masterAdverIntervalCs;
  private boolean intervalLearned; // VRRPv3 backup: masterAdverIntervalCs came from an advert

  // timers: an armed flag and a deadline each
  private boolean adverArmed;
  private long adverDeadlineNs;
  private boolean downArmed;
  private long downDeadlineNs;
  private long downStartNs; // when the down timer was last (re)started
  private boolean downStandard; // it runs Master_Down_Interval (not a skew or the start hint)
  private boolean garpArmed;
  private long garpDeadlineNs;
  private boolean refreshArmed;
  private long refreshDeadlineNs;
  private boolean extraArmed;
  private long extraDeadlineNs;
  private boolean preemptArmed;
  private long preemptDeadlineNs;
  // garp_lower_prio_delay: one deadline per lower priority advert heard as master (bounded)
  private final PriorityQueue<Long> lowerGarpDeadlinesNs =
      new PriorityQueue<>((a, b) -> Long.signum(a - b));
  private boolean heardLowerAdvert; // during the current call: a master heard a lower advert

  public VrrpInstance(InstanceConfig config) {
    this.config = config;
    this.priority = new TrackedPriority(config.basePriority(), config.trackers());
    this.primaryAddress = config.primaryAddress().getAddress();
    this.masterAdverIntervalCs = config.advertIntervalCs();
    this.garpAddresses = garpAddresses(config);
  }

  private static List<InetAddress> garpAddresses(InstanceConfig config) {
    List<InetAddress> all = new ArrayList<>(config.vips());
    all.addAll(config.excludedVips());
    return List.copyOf(all);
  }

  public InstanceConfig config() {
    return config;
  }

  public VrrpState state() {
    return state;
  }

  public int effectivePriority() {
    return priority.effectivePriority();
  }

  /** Master_Adver_Interval: ours, or (VRRPv3, as backup) the master's, learnt from its adverts. */
  public int masterAdverIntervalCs() {
    return masterAdverIntervalCs;
  }

  /** The current Master_Down_Interval. */
  public long masterDownIntervalNs() {
    return Timing.masterDownIntervalNs(
        config.version(), effectivePriority(), masterAdverIntervalCs, config.downTimerAdverts());
  }

  /**
   * Whether a fault keeps this instance down (its own trackers or, in a sync group, a member's).
   */
  public boolean inFault() {
    return priority.fault() || groupFault;
  }

  /** A fault of this instance's own trackers (not one a sync group imposed). */
  boolean ownFault() {
    return priority.fault();
  }

  /** Handles one event at {@code nowNs}; returns the actions, in order. */
  public List<Action> handle(Event event, long nowNs) {
    List<Action> out = new ArrayList<>(6);
    heardLowerAdvert = false;
    if (event instanceof Event.Startup) {
      startup(nowNs, out);
    } else if (event instanceof Event.Shutdown s) {
      shutdown(s.release(), out);
    } else if (event instanceof Event.Timer) {
      timer(nowNs, out);
    } else if (event instanceof Event.AdvertReceived a) {
      advert(a, nowNs, out);
    } else if (event instanceof Event.TrackerStatus || event instanceof Event.TrackerValue) {
      tracker(event, nowNs, out);
    } else if (event instanceof Event.Reconfigure r) {
      reconfigure(r.next(), nowNs, out);
    } else if (event instanceof Event.PrimaryAddress p) {
      config = config.withPrimaryAddress(p.address());
      primaryAddress = p.address().getAddress();
    }
    schedule(out);
    return out;
  }

  // ---- RFC 5798 §6.4.1 Initialize

  private void startup(long nowNs, List<Action> out) {
    if (started) {
      return;
    }
    started = true;
    if (inFault()) {
      enterFault(out);
    } else {
      enterBackupOrOwnerMaster(nowNs, config.startAsMaster(), out);
    }
  }

  private void enterBackupOrOwnerMaster(long nowNs, boolean startHint, List<Action> out) {
    if (config.isOwner()) {
      enterMaster(nowNs, out);
      return;
    }
    masterAdverIntervalCs = config.advertIntervalCs();
    intervalLearned = false;
    long downNs =
        startHint
            ? masterAdverIntervalCs * Timing.NS_PER_CS
                + Timing.minSkewNs(config.version(), masterAdverIntervalCs)
            : masterDownIntervalNs();
    enterBackup(nowNs, downNs, !startHint, out);
  }

  private void shutdown(boolean release, List<Action> out) {
    if (!started) {
      return;
    }
    started = false;
    if (state == VrrpState.MASTER && release) {
      out.add(new SendAdvert(InstanceConfig.PRIORITY_STOP, config.advertIntervalCs()));
      out.add(new RemoveVips(config.vips(), config.excludedVips()));
    }
    disarmAll();
    transition(VrrpState.INITIALIZE, out);
  }

  // ---- reload

  private void reconfigure(InstanceConfig next, long nowNs, List<Action> out) {
    if (!next.name().equals(config.name())
        || next.vrid() != config.vrid()
        || next.version() != config.version()
        || !next.primaryAddress().equals(config.primaryAddress())) {
      throw new IllegalArgumentException(
          "a reload cannot change the name, VRID, version or primary address of " + config.name());
    }
    InstanceConfig old = config;
    int oldPriority = effectivePriority();
    config = next;
    priority = priority.reconfigured(next.basePriority(), next.trackers());
    garpAddresses = garpAddresses(next);
    if (!started) {
      masterAdverIntervalCs = next.advertIntervalCs();
      return;
    }
    switch (state) {
      case MASTER -> reconfigureMaster(old, oldPriority, nowNs, out);
      case BACKUP -> reconfigureBackup(old, nowNs, out);
      case FAULT -> trackersChanged(nowNs, out);
      case INITIALIZE -> {}
    }
  }

  private void reconfigureMaster(
      InstanceConfig old, int oldPriority, long nowNs, List<Action> out) {
    if (inFault()) {
      out.add(new SendAdvert(InstanceConfig.PRIORITY_STOP, config.advertIntervalCs()));
      out.add(new RemoveVips(old.vips(), old.excludedVips())); // what we hold
      disarmAll();
      transition(VrrpState.FAULT, out);
      return;
    }
    List<InetAddress> held = garpAddresses(old);
    List<InetAddress> gone = minus(held, garpAddresses);
    List<InetAddress> fresh = minus(garpAddresses, held);
    if (!gone.isEmpty()) {
      out.add(new RemoveVips(keep(old.vips(), gone), keep(old.excludedVips(), gone)));
    }
    if (!fresh.isEmpty()) {
      out.add(
          new AddVips(
              keep(config.vips(), fresh),
              keep(config.excludedVips(), fresh),
              config.accept() || config.isOwner()));
      out.add(new SendGarp(fresh, config.garpMasterRepeat()));
      if (config.garpMasterDelayNs() > 0) {
        garpArmed = true;
        garpDeadlineNs = nowNs + config.garpMasterDelayNs();
      }
    }
    masterAdverIntervalCs = config.advertIntervalCs();
    if (effectivePriority() != oldPriority
        || config.advertIntervalCs() != old.advertIntervalCs()
        || !config.vips().equals(old.vips())) {
      out.add(new SendAdvert(effectivePriority(), config.advertIntervalCs()));
      adverDeadlineNs = nowNs + config.advertIntervalNs();
    }
    if (config.garpMasterRefreshNs() != old.garpMasterRefreshNs()) {
      refreshArmed = config.garpMasterRefreshNs() > 0;
      refreshDeadlineNs = nowNs + config.garpMasterRefreshNs();
    }
    if (config.garpExtraIfNs() != old.garpExtraIfNs()) {
      extraArmed = config.garpExtraIfNs() > 0;
      extraDeadlineNs = nowNs + config.garpExtraIfNs();
    }
  }

  private void reconfigureBackup(InstanceConfig old, long nowNs, List<Action> out) {
    if (inFault()) {
      enterFault(out);
      return;
    }
    if (config.isOwner()) {
      enterMaster(nowNs, out);
      return;
    }
    if (!intervalLearned) {
      masterAdverIntervalCs = config.advertIntervalCs();
    }
    if (downArmed && downStandard) {
      downDeadlineNs = downStartNs + masterDownIntervalNs();
    }
    if (preemptArmed && config.preemptDelayNs() != old.preemptDelayNs()) {
      preemptDeadlineNs += config.preemptDelayNs() - old.preemptDelayNs();
      preemptArmed = config.preemptDelayNs() > 0;
    }
  }

  /** {@code from} without the addresses in {@code without}, in order. */
  private static List<InetAddress> minus(List<InetAddress> from, List<InetAddress> without) {
    return from.stream().filter(a -> !without.contains(a)).toList();
  }

  /** {@code from} with only the addresses in {@code only}, in order. */
  private static List<InetAddress> keep(List<InetAddress> from, List<InetAddress> only) {
    return from.stream().filter(only::contains).toList();
  }

  // ---- timers

  private void timer(long nowNs, List<Action> out) {
    if (state == VrrpState.BACKUP && downArmed && downDeadlineNs - nowNs <= 0) {
      enterMaster(nowNs, out); // §6.4.2: Master_Down_Timer fires
      return;
    }
    if (state != VrrpState.MASTER) {
      return;
    }
    if (adverArmed && adverDeadlineNs - nowNs <= 0) {
      out.add(new SendAdvert(effectivePriority(), config.advertIntervalCs()));
      adverDeadlineNs = next(adverDeadlineNs, config.advertIntervalNs(), nowNs);
    }
    if (garpArmed && garpDeadlineNs - nowNs <= 0) {
      out.add(new SendGarp(garpAddresses, config.garpMasterRepeat()));
      garpArmed = false;
    }
    if (refreshArmed && refreshDeadlineNs - nowNs <= 0) {
      out.add(new SendGarp(garpAddresses, config.garpMasterRefreshRepeat()));
      refreshDeadlineNs = next(refreshDeadlineNs, config.garpMasterRefreshNs(), nowNs);
    }
    if (extraArmed && extraDeadlineNs - nowNs <= 0) {
      out.add(new AnnounceElsewhere());
      extraDeadlineNs = next(extraDeadlineNs, config.garpExtraIfNs(), nowNs);
    }
    while (!lowerGarpDeadlinesNs.isEmpty() && lowerGarpDeadlinesNs.peek() - nowNs <= 0) {
      lowerGarpDeadlinesNs.poll();
      if (config.garpLowerPrioRepeat() > 0) { // keepalived sends the repeat of the time it fires
        out.add(new SendGarp(garpAddresses, config.garpLowerPrioRepeat()));
      }
    }
  }

  /** The next periodic deadline: one period on, or one period from now if we fell behind. */
  private static long next(long deadlineNs, long periodNs, long nowNs) {
    long n = deadlineNs + periodNs;
    return n - nowNs <= 0 ? nowNs + periodNs : n;
  }

  // ---- adverts (§6.4.2 Backup, §6.4.3 Master)

  private void advert(Event.AdvertReceived a, long nowNs, List<Action> out) {
    int local = effectivePriority();
    if (state == VrrpState.BACKUP) {
      if (a.priority() == InstanceConfig.PRIORITY_STOP) {
        downDeadlineNs = nowNs + Timing.skewNs(config.version(), local, masterAdverIntervalCs);
        downStartNs = nowNs;
        downStandard = false;
        downArmed = true;
      } else if (!config.preempt() || a.priority() >= local || holdingPreempt(nowNs)) {
        learnInterval(a);
        downDeadlineNs = nowNs + masterDownIntervalNs();
        downStartNs = nowNs;
        downStandard = true;
        downArmed = true;
      }
      // else: preempt, lower priority: discard, and the down timer makes us master
    } else if (state == VrrpState.MASTER) {
      if (a.priority() == InstanceConfig.PRIORITY_STOP) {
        out.add(new SendAdvert(local, config.advertIntervalCs()));
        adverDeadlineNs = nowNs + config.advertIntervalNs();
      } else if (a.priority() > local || (a.priority() == local && higherAddress(a.source()))) {
        if (config.higherPrioSendAdvert()) {
          out.add(new SendAdvert(local, config.advertIntervalCs()));
        }
        learnInterval(a);
        leaveMaster(out);
        enterBackup(nowNs, masterDownIntervalNs(), true, out);
      } else {
        if (!config.lowerPrioNoAdvert()) {
          out.add(new SendAdvert(local, config.advertIntervalCs()));
        }
        lowerPriorityGarp(nowNs, out);
        heardLowerAdvert = true;
        out.add(new RunLowerPriorityNotify(config.name(), local));
        out.add(new WriteFifo("INSTANCE \"" + config.name() + "\" MASTER_RX_LOWER_PRI " + local));
      }
    }
    // INITIALIZE, FAULT: adverts are ignored
  }

  /**
   * A master heard a lower priority advert (itself or, in a sync group, another member): {@code
   * garp_lower_prio_repeat} announcements now and, with {@code garp_lower_prio_delay}, as many
   * again that long after, while still master (keepalived's {@code vrrp_send_link_update} and
   * {@code vrrp_lower_prio_gratuitous_arp_thread}). At most {@link #LOWER_GARP_PENDING_MAX} delayed
   * bursts wait at a time, so a flood of lower adverts cannot grow the queue without bound.
   */
  void lowerPriorityGarp(long nowNs, List<Action> out) {
    if (state != VrrpState.MASTER || config.garpLowerPrioRepeat() <= 0) {
      return;
    }
    out.add(new SendGarp(garpAddresses, config.garpLowerPrioRepeat()));
    if (config.garpLowerPrioDelayNs() > 0 && lowerGarpDeadlinesNs.size() < LOWER_GARP_PENDING_MAX) {
      lowerGarpDeadlinesNs.add(nowNs + config.garpLowerPrioDelayNs());
    }
  }

  /** Delayed lower-priority bursts that may wait at once. */
  static final int LOWER_GARP_PENDING_MAX = 64;

  /** Whether the last {@link #handle} call was a master hearing a lower priority advert. */
  boolean heardLowerAdvert() {
    return heardLowerAdvert;
  }

  /**
   * preempt_delay: a lower master is tolerated until the delay after we first saw one has passed.
   */
  private boolean holdingPreempt(long nowNs) {
    if (config.preemptDelayNs() <= 0) {
      return false;
    }
    if (!preemptArmed) {
      preemptArmed = true;
      preemptDeadlineNs = nowNs + config.preemptDelayNs();
    }
    return preemptDeadlineNs - nowNs > 0;
  }

  private void learnInterval(Event.AdvertReceived a) {
    if (config.version() == 3) {
      masterAdverIntervalCs = a.advertIntervalCs(); // RFC 5798 §6.4.2
      intervalLearned = true;
    }
  }

  /** Equal priorities: the higher primary address (unsigned, as on the wire) wins. */
  private boolean higherAddress(InetAddress source) {
    byte[] theirs = source.getAddress();
    return Arrays.compareUnsigned(theirs, primaryAddress) > 0;
  }

  // ---- trackers and FAULT

  /**
   * A tracker's report. A change of the effective priority that is not a move into or out of FAULT
   * moves a backup's down timer with its skew and, with {@code notify_priority_changes}, writes
   * keepalived's priority line ({@code vrrp_set_effective_priority}).
   */
  private void tracker(Event event, long nowNs, List<Action> out) {
    int before = effectivePriority();
    int filesAtFault = priority.weightedFilesAtFault();
    boolean known =
        event instanceof Event.TrackerStatus s
            ? priority.setUp(s.name(), s.up())
            : priority.setValue(
                ((Event.TrackerValue) event).name(), ((Event.TrackerValue) event).value());
    if (!known) {
      return;
    }
    int after = effectivePriority();
    if (started && after != before && priority.weightedFilesAtFault() == filesAtFault) {
      if (state == VrrpState.BACKUP && downArmed && downStandard) {
        downDeadlineNs = downStartNs + masterDownIntervalNs();
      }
      if (config.notifyPriorityChanges()) {
        String word = state == VrrpState.MASTER ? "MASTER_PRIORITY" : "BACKUP_PRIORITY";
        out.add(new WriteFifo("INSTANCE \"" + config.name() + "\" " + word + " " + after));
      }
    }
    trackersChanged(nowNs, out);
  }

  private void trackersChanged(long nowNs, List<Action> out) {
    if (!started) {
      return;
    }
    if (inFault() && state != VrrpState.FAULT) {
      enterFault(out);
    } else if (!inFault() && state == VrrpState.FAULT) {
      enterBackupOrOwnerMaster(nowNs, false, out);
    }
  }

  private void enterFault(List<Action> out) {
    if (state == VrrpState.MASTER) {
      out.add(new SendAdvert(InstanceConfig.PRIORITY_STOP, config.advertIntervalCs()));
      leaveMaster(out);
    }
    disarmAll();
    transition(VrrpState.FAULT, out);
  }

  // ---- transitions

  private void enterMaster(long nowNs, List<Action> out) {
    disarmAll();
    masterAdverIntervalCs = config.advertIntervalCs();
    intervalLearned = false;
    out.add(new AddVips(config.vips(), config.excludedVips(), config.accept() || config.isOwner()));
    out.add(new SendAdvert(effectivePriority(), config.advertIntervalCs()));
    out.add(new SendGarp(garpAddresses, config.garpMasterRepeat()));
    adverArmed = true;
    adverDeadlineNs = nowNs + config.advertIntervalNs();
    if (config.garpMasterDelayNs() > 0) {
      garpArmed = true;
      garpDeadlineNs = nowNs + config.garpMasterDelayNs();
    }
    if (config.garpMasterRefreshNs() > 0) {
      refreshArmed = true;
      refreshDeadlineNs = nowNs + config.garpMasterRefreshNs();
    }
    if (config.garpExtraIfNs() > 0) { // keepalived: the first one interval after becoming master
      extraArmed = true;
      extraDeadlineNs = nowNs + config.garpExtraIfNs();
    }
    transition(VrrpState.MASTER, out);
  }

  private void leaveMaster(List<Action> out) {
    out.add(new RemoveVips(config.vips(), config.excludedVips()));
    disarmAll();
  }

  private void enterBackup(long nowNs, long downNs, boolean standard, List<Action> out) {
    disarmAll();
    downArmed = true;
    downDeadlineNs = nowNs + downNs;
    downStartNs = nowNs;
    downStandard = standard;
    transition(VrrpState.BACKUP, out);
  }

  private void transition(VrrpState to, List<Action> out) {
    if (state == to) {
      return;
    }
    state = to;
    int p = to == VrrpState.INITIALIZE ? config.basePriority() : effectivePriority();
    out.add(new RunNotify("INSTANCE", config.name(), to.notifyWord(), p));
    out.add(new WriteFifo("INSTANCE \"" + config.name() + "\" " + to.notifyWord() + " " + p));
  }

  private void disarmAll() {
    adverArmed = false;
    downArmed = false;
    garpArmed = false;
    refreshArmed = false;
    extraArmed = false;
    preemptArmed = false;
    lowerGarpDeadlinesNs.clear();
  }

  /** Adds {@link ScheduleAt} for the earliest armed timer. */
  void schedule(List<Action> out) {
    if (adverArmed
        || downArmed
        || garpArmed
        || refreshArmed
        || extraArmed
        || !lowerGarpDeadlinesNs.isEmpty()) {
      out.add(new ScheduleAt(nextDeadlineNs()));
    }
  }

  /** The earliest armed deadline, for callers that poll; {@code Long.MIN_VALUE} when none. */
  public long nextDeadlineNs() {
    long earliest = Long.MIN_VALUE;
    boolean any = false;
    if (adverArmed) {
      earliest = adverDeadlineNs;
      any = true;
    }
    if (downArmed && (!any || downDeadlineNs - earliest < 0)) {
      earliest = downDeadlineNs;
      any = true;
    }
    if (garpArmed && (!any || garpDeadlineNs - earliest < 0)) {
      earliest = garpDeadlineNs;
      any = true;
    }
    if (refreshArmed && (!any || refreshDeadlineNs - earliest < 0)) {
      earliest = refreshDeadlineNs;
      any = true;
    }
    if (extraArmed && (!any || extraDeadlineNs - earliest < 0)) {
      earliest = extraDeadlineNs;
      any = true;
    }
    if (!lowerGarpDeadlinesNs.isEmpty() && (!any || lowerGarpDeadlinesNs.peek() - earliest < 0)) {
      earliest = lowerGarpDeadlinesNs.peek();
    }
    return earliest;
  }

  // ---- sync group (called by SyncGroup only)

  /** The group moves this member to {@code target} because another member went there. */
  void follow(VrrpState target, long nowNs, List<Action> out) {
    if (!started || state == target) {
      return;
    }
    switch (target) {
      case MASTER -> {
        if (!inFault()) {
          enterMaster(nowNs, out);
        }
      }
      case BACKUP -> {
        groupFault = false;
        if (priority.fault()) {
          return;
        }
        if (state == VrrpState.MASTER) {
          leaveMaster(out);
        }
        masterAdverIntervalCs = config.advertIntervalCs();
        intervalLearned = false;
        enterBackup(nowNs, masterDownIntervalNs(), true, out);
      }
      case FAULT -> {
        groupFault = true;
        enterFault(out);
      }
      case INITIALIZE -> {}
    }
    schedule(out);
  }
}
