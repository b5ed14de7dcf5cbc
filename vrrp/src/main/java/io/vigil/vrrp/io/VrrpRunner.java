package io.vigil.vrrp.io;

import io.vigil.vrrp.fsm.Action;
import io.vigil.vrrp.fsm.Event;
import io.vigil.vrrp.fsm.InstanceConfig;
import io.vigil.vrrp.fsm.VrrpInstance;
import io.vigil.vrrp.wire.ChecksumMode;
import io.vigil.vrrp.wire.DropCounters;
import io.vigil.vrrp.wire.DropReason;
import io.vigil.vrrp.wire.ReceiveRules;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket edge of one VRRP instance: one thread reads the clock once per turn, waits on the
 * instance's socket until its next deadline, feeds validated adverts and timers to the pure {@link
 * VrrpInstance}, sends the adverts and announcements (gratuitous ARP / unsolicited NA) it asks for
 * and hands every other action (VIPs, notify, FIFO) to {@code effects}; announcements are handed
 * over too, after they are sent.
 *
 * <p>Not done here yet: VIPs over rtnetlink, scripts, the FIFO writer; the caller's {@code effects}
 * decides what to do with those actions.
 */
public final class VrrpRunner implements AutoCloseable {
  /**
   * The longest wait on the socket when no deadline is nearer. What other threads hand the runner
   * (events, reloads, a sync group's actions, a stop) wakes the wait up ({@link
   * AdvertChannel#wakeUp}), so this is only a safety net; it was 100 ms, and such work waited up to
   * that long: a tracked interface's FAULT, a sync group's members following one another.
   */
  private static final long IDLE_WAIT_NS = 1_000_000_000L;

  /** At most this many queued datagrams are read at an expired deadline before the timer runs. */
  private static final int QUEUED_LIMIT = 64;

  /** A timer's turn later than this reads the datagrams queued before it runs the timer. */
  private static final long QUEUED_READ_LATE_NS = 1_000_000L;

  /** A timer's turn later than this is traced at debug level with what it did. */
  private static final long TRACE_LATE_NS = 5_000_000L;

  /**
   * A stalled backup's wait for the master's late advert is at most this many of its down
   * intervals. With one, a backup 78 ms late (VRRPv3 advert 10 ms, down interval 36 ms) took over
   * 15 ms before the master's advert: under bin/test's load, the master's thread ran 51 ms after
   * the backup's (VigilRunStallIT, once in four runs on 2026-12-06).
   */
  private static final int STALL_WAIT_DOWN_INTERVALS = 2;

  private static final Logger LOG = LoggerFactory.getLogger(VrrpRunner.class);

  /**
   * The bounds of {@link #lateTurnsOver}: a timer's turn later than 1 ms, 10 ms, 100 ms, 1 s is
   * counted under each bound it passes.
   */
  private static final long[] LATE_BOUNDS_NS = {
    1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L
  };

  /** How long the thread rests at most after its socket failed to receive (at once, maybe). */
  static final long RECEIVE_REST_NS = 500_000_000L;

  /**
   * Dropped adverts (as one line with the counts), late timers and failed sends and receives are
   * each logged at most this often.
   */
  private static final long DROP_LOG_PERIOD_NS = 60_000_000_000L;

  /** One kind of log line's pace: the first at once, then at most one per period. */
  private static final class LogPace {
    private boolean logged;
    private long nextNs;

    /** Whether a line may be logged at {@code nowNs}; if so, the next waits a period. */
    boolean due(long nowNs) {
      if (logged && nextNs - nowNs > 0) {
        return false;
      }
      logged = true;
      nextNs = nowNs + DROP_LOG_PERIOD_NS;
      return true;
    }
  }

  private final VrrpInstance instance;
  private final ChannelOpener opener;
  private volatile AdvertChannel channel;
  private ReceiveRules rules; // the channel's, to open it again from another address
  private volatile InetAddress primary; // the latest asked for, checked by reconfigure
  private final Consumer<Action> effects;
  private final LongSupplier nanoClock;
  private final DropCounters drops;
  // made with the runner: a method reference made at the first late turn would link its call site
  // (a class spun) then, when this thread is behind already
  private final Consumer<Event.AdvertReceived> queuedSink = this::received;
  private boolean deadlineArmed;
  private long deadlineNs;
  private long queuedReadFor; // the deadline whose expiry last read the queued datagrams
  private boolean stallWaiting; // the deadline is a stall's wait (one per deadline the FSM sets)
  private volatile long stallWaits;
  private boolean deadlineFromGroup; // set by another member's thread (sync group)
  private volatile long lateMaxNs;
  private final java.util.concurrent.atomic.AtomicLongArray lateOver =
      new java.util.concurrent.atomic.AtomicLongArray(LATE_BOUNDS_NS.length);
  private final LogPace lateLog = new LogPace();
  private long dropsLogged;
  private final LogPace dropLog = new LogPace();
  private final long[] dropsAtLastReport = new long[DropReason.values().length];
  private volatile long sendFailures; // this thread only writes it; /metrics reads it
  private final LogPace sendFailureLog = new LogPace();
  private volatile long receiveFailures; // likewise
  private final LogPace receiveFailureLog = new LogPace();
  // parks the thread after a failed receive, for at most the time given (a test's parks longer, to
  // show that a wake-up ends it)
  java.util.function.LongConsumer rest = java.util.concurrent.locks.LockSupport::parkNanos;
  private volatile Thread runThread; // run()'s, for wake() to end its rest after a failed receive
  private volatile boolean stopping;
  private volatile boolean releaseAtStop = true; // written before stopping
  private volatile long lastTurnNs;
  // the last wait on the socket, for the trace of a late timer: asked for, began, ended (ns)
  private long waitAskedNs;
  private long waitBeganNs;
  private long waitEndedNs;
  private volatile boolean turning;
  private final java.util.concurrent.ConcurrentLinkedQueue<Event> injected =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.ConcurrentLinkedQueue<List<Action>> followed =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.ConcurrentLinkedQueue<Reload> reloads =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.ConcurrentLinkedQueue<InetAddress> primaries =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private volatile GroupLink group;
  private volatile boolean reopenWanted;
  private volatile long lateHookAfterNs = Long.MAX_VALUE;
  private volatile java.util.function.LongConsumer lateHook;
  private volatile long advertsSent;
  private volatile long advertsReceived;
  private volatile long priorityZeroSent;
  private volatile long priorityZeroReceived;
  private volatile InetAddress lastAdvertSource;
  private volatile Set<InetAddress> announcedElsewhere = Set.of();
  private volatile ReceiveBuffer receiveBuffer = ReceiveBuffer.DEFAULT;

  // the announcements still to send when they are spaced (announceIntervalNs), and when the next
  // may go: keepalived's garp_interval / gna_interval
  private final java.util.ArrayDeque<InetAddress> announcing = new java.util.ArrayDeque<>();
  private long nextAnnounceNs;

  /**
   * Opens the sockets: IPv4 or IPv6 after the instance's primary address.
   *
   * @param multicastGroup where multicast adverts go and are received (null: 224.0.0.18 / ff02::12)
   * @param unicastPeers empty for multicast
   * @param unicastTtl the TTL / hop limit of adverts sent to unicast peers (255 per the RFCs)
   * @param checksumMode the VRRPv3-over-IPv4 checksum to send (IPv6 always has the pseudo-header)
   * @param oldChecksumGroup the IPv4 group keepalived's old unicast VRRPv3 checksum ({@link
   *     ChecksumMode#OLD_UNICAST_MULTICAST_GROUP}) puts in its pseudo-header, the global {@code
   *     vrrp_mcast_group4} (null: 224.0.0.18)
   * @param drops where receive drops are counted
   */
  public VrrpRunner(
      InstanceConfig config,
      ReceiveRules rules,
      String ifname,
      InetAddress multicastGroup,
      List<? extends InetAddress> unicastPeers,
      int unicastTtl,
      ChecksumMode checksumMode,
      boolean detectOldChecksum,
      Inet4Address oldChecksumGroup,
      DropCounters drops,
      Consumer<Action> effects,
      LongSupplier nanoClock) {
    this(
        config,
        rules,
        (c, r) ->
            open(
                c,
                r,
                ifname,
                multicastGroup,
                unicastPeers,
                unicastTtl,
                checksumMode,
                detectOldChecksum,
                oldChecksumGroup,
                drops),
        drops,
        effects,
        nanoClock);
  }

  /** A runner on {@code channel} (tests give it a twin of the sockets). */
  VrrpRunner(
      InstanceConfig config,
      AdvertChannel channel,
      DropCounters drops,
      Consumer<Action> effects,
      LongSupplier nanoClock) {
    this(config, null, (c, r) -> channel, drops, effects, nanoClock);
  }

  /** A runner whose sockets {@code opener} opens (tests give it twins). */
  VrrpRunner(
      InstanceConfig config,
      ReceiveRules rules,
      ChannelOpener opener,
      DropCounters drops,
      Consumer<Action> effects,
      LongSupplier nanoClock) {
    this.instance = new VrrpInstance(config);
    this.opener = opener;
    this.rules = rules;
    this.channel = opener.open(config, rules);
    this.primary = config.primaryAddress();
    this.drops = drops;
    this.effects = effects;
    this.nanoClock = nanoClock;
  }

  /** Opens an instance's sockets: for its primary address, with its receive rules. */
  interface ChannelOpener {
    AdvertChannel open(InstanceConfig config, ReceiveRules rules);
  }

  private static AdvertChannel open(
      InstanceConfig config,
      ReceiveRules rules,
      String ifname,
      InetAddress group,
      List<? extends InetAddress> unicastPeers,
      int unicastTtl,
      ChecksumMode checksumMode,
      boolean detectOldChecksum,
      Inet4Address oldChecksumGroup,
      DropCounters drops) {
    if (config.primaryAddress() instanceof Inet6Address) {
      List<Inet6Address> peers = unicastPeers.stream().map(Inet6Address.class::cast).toList();
      return new Ipv6Channel(
          config,
          rules,
          ifname,
          group instanceof Inet6Address g6 ? g6 : null,
          peers,
          unicastTtl,
          drops);
    }
    List<Inet4Address> peers = unicastPeers.stream().map(Inet4Address.class::cast).toList();
    return new Ipv4Channel(
        config,
        rules,
        ifname,
        group instanceof Inet4Address g4 ? g4 : null,
        peers,
        unicastTtl,
        checksumMode,
        detectOldChecksum,
        oldChecksumGroup,
        drops);
  }

  public VrrpInstance instance() {
    return instance;
  }

  /**
   * Runs until {@link #stop()}; then shuts the instance down (a master sends priority 0). Events
   * injected before it runs (trackers' statuses known at start) are handled before the startup.
   */
  public void run() {
    runThread = Thread.currentThread();
    for (InetAddress a = primaries.poll(); a != null; a = primaries.poll()) {
      changePrimary(a, nanoClock.getAsLong());
    }
    for (Reload r = reloads.poll(); r != null; r = reloads.poll()) {
      reload(r, nanoClock.getAsLong());
    }
    for (Event e = injected.poll(); e != null; e = injected.poll()) {
      dispatch(e, nanoClock.getAsLong());
    }
    dispatch(Event.STARTUP, nanoClock.getAsLong());
    lastTurnNs = nanoClock.getAsLong();
    turning = true;
    while (!stopping) {
      turn();
    }
    turning = false;
    dispatch(
        releaseAtStop ? Event.SHUTDOWN : Event.SHUTDOWN_KEEPING_ADDRESSES, nanoClock.getAsLong());
  }

  /**
   * One turn of the loop: a reload, a sync-group member's actions, an injected event, an expired
   * deadline, or else a wait on the socket until the deadline. A method of its own, not the loop's
   * body: the JIT compiles a method after a few hundred calls, but a loop's body only once its
   * back-edges pass a threshold that 200 turns a second reach after minutes, interpreted until
   * then.
   */
  private void turn() {
    long nowNs = nanoClock.getAsLong();
    lastTurnNs = nowNs;
    InetAddress newPrimary = primaries.poll();
    if (newPrimary != null) {
      changePrimary(newPrimary, nowNs);
      return;
    }
    if (reopenWanted) {
      reopenWanted = false;
      reopenSockets();
      return;
    }
    Reload reload = reloads.poll();
    if (reload != null) {
      reload(reload, nowNs);
      return;
    }
    List<Action> fromGroup = followed.poll();
    if (fromGroup != null) {
      perform(fromGroup, nowNs, true);
      return;
    }
    Event outside = injected.poll();
    if (outside != null) {
      dispatch(outside, nowNs);
      return;
    }
    if (!announcing.isEmpty() && nextAnnounceNs - nowNs <= 0) {
      announceNext(nowNs);
      return;
    }
    if (deadlineArmed && deadlineNs - nowNs <= 0) {
      long lateNs = nowNs - deadlineNs;
      if (!deadlineFromGroup) { // another member's deadline reaches this thread within a wait
        late(lateNs, nowNs);
      }
      // A turn that comes late (this thread was off the CPU, a GC pause) may find adverts that
      // came in before the deadline still queued: they go first, once per deadline, as
      // keepalived's loop serves a readable socket before an expired timer, so a busy host does
      // not take its own late turn for a silent master. A turn on time comes straight from a wait
      // that ended with nothing to read, so it skips the extra read (a system call per advert).
      if (lateNs > QUEUED_READ_LATE_NS && queuedReadFor != deadlineNs) {
        queuedReadFor = deadlineNs;
        int queued = channel.receiveQueued(QUEUED_LIMIT, queuedSink);
        if (queued > 0) {
          traceLate(lateNs, "read " + queued + " queued datagrams first");
          return;
        }
      }
      if (!deadlineFromGroup && !stallWaiting && stalledBackup(lateNs)) {
        // A backup's timer that comes later than a whole advert interval of the master's says
        // that this host stopped (a hypervisor's pause, the machine's stall), not only that the
        // master did: on one machine, or a master's host stalled by the same cause, the master was
        // stopped too and sends its own late advert as soon as the scheduler runs it again, which
        // on a busy host can be as long after this thread as this thread was late. It gets that
        // long, at least one of its intervals and at most two down intervals, once per deadline
        // the state machine sets, rather than a takeover that its next advert would turn back at
        // once: two transitions and a VIP moved there and back.
        stallWaiting = true;
        stallWaits++; // this thread only writes it
        long waitNs = stallWaitNs(lateNs);
        deadlineNs = nowNs + waitNs;
        traceLate(lateNs, "waits " + ms(waitNs) + " ms for the master's advert");
        return;
      }
      traceLate(lateNs, stallWaiting ? "runs after its stall wait" : "runs");
      stallWaiting = false;
      deadlineArmed = false;
      dispatch(Event.TIMER, nowNs);
      return;
    }
    // to the nanosecond: a wait in whole milliseconds would end up to one after the deadline
    long waitNs = deadlineArmed ? Math.min(IDLE_WAIT_NS, deadlineNs - nowNs) : IDLE_WAIT_NS;
    if (!announcing.isEmpty()) {
      waitNs = Math.min(waitNs, nextAnnounceNs - nowNs);
    }
    Event.AdvertReceived advert;
    waitAskedNs = waitNs;
    waitBeganNs = nowNs;
    try {
      advert = channel.receive(waitNs);
    } catch (RuntimeException e) {
      receiveFailed(e, waitNs, nowNs);
      return;
    } finally {
      waitEndedNs = nanoClock.getAsLong();
    }
    logDrops(nowNs);
    if (advert != null) {
      if (stallWaiting && LOG.isDebugEnabled()) {
        LOG.debug(
            "{}: advert from {} received {} ms before the stall wait's end",
            instance.config().name(),
            advert.source().getHostAddress(),
            ms(deadlineNs - nanoClock.getAsLong()));
      }
      received(advert);
    }
  }

  /**
   * At debug level, what a timer's turn later than {@link #TRACE_LATE_NS} did: the line that says
   * why a backup took over after a stall, or did not.
   */
  private void traceLate(long lateNs, String what) {
    if (lateNs > TRACE_LATE_NS && LOG.isDebugEnabled()) {
      long nowNs = nanoClock.getAsLong();
      LOG.debug(
          "{}: {} timer {} ms late {} (the last wait on the socket asked {} ms, took {} ms, ended"
              + " {} ms ago)",
          instance.config().name(),
          instance.state(),
          ms(lateNs),
          what,
          ms(waitAskedNs),
          ms(waitEndedNs - waitBeganNs),
          ms(nowNs - waitEndedNs));
    }
  }

  private static double ms(long ns) {
    return ns / 100_000 / 10.0;
  }

  /**
   * A timer's turn came {@code lateNs} after its deadline: kept as the longest since start, and a
   * turn later than the advert interval is logged (at most once a minute): the host does not give
   * this thread the CPU in time for its interval, which ends in a takeover by a backup that heard
   * nothing (keepalived warns and offers the same remedy, a real-time priority).
   */
  private void late(long lateNs, long nowNs) {
    if (lateNs > lateMaxNs) {
      lateMaxNs = lateNs;
    }
    if (lateNs > lateHookAfterNs) {
      lateHook.accept(lateNs);
    }
    for (int i = 0; i < LATE_BOUNDS_NS.length && lateNs > LATE_BOUNDS_NS[i]; i++) {
      lateOver.lazySet(i, lateOver.get(i) + 1); // this thread only writes them
    }
    long intervalNs = instance.config().advertIntervalCs() * 10_000_000L;
    if (lateNs > intervalNs && lateLog.due(nowNs)) {
      LOG.warn(
          "{}: the VRRP thread ran its timer {} ms late (advert interval {} ms): this host does"
              + " not give it the CPU in time; vrrp_rt_priority gives it real-time scheduling",
          instance.config().name(),
          lateNs / 1_000_000,
          intervalNs / 1_000_000);
    }
  }

  /**
   * From now on, a timer's turn that comes more than {@code afterNs} after its deadline calls
   * {@code hook} with how late it came, on this runner's thread (keepalived's {@code
   * max_auto_priority} raises the thread's priority there). Call it before {@link #run}.
   */
  public void onLate(long afterNs, java.util.function.LongConsumer hook) {
    this.lateHook = hook;
    this.lateHookAfterNs = afterNs;
  }

  /** The longest a timer's turn came after its deadline since start, in nanoseconds. */
  public long lateMaxNs() {
    return lateMaxNs;
  }

  /** How many bounds {@link #lateTurnsOver} counts under. */
  public static int lateBounds() {
    return LATE_BOUNDS_NS.length;
  }

  /** The {@code bound}th bound of {@link #lateTurnsOver}, in nanoseconds (ascending). */
  public static long lateBoundNs(int bound) {
    return LATE_BOUNDS_NS[bound];
  }

  /**
   * How many timers' turns came later than {@link #lateBoundNs}{@code (bound)} after their deadline
   * since start: unlike the longest, these tell when it happened to whoever reads them twice.
   */
  public long lateTurnsOver(int bound) {
    return lateOver.get(bound);
  }

  private void received(Event.AdvertReceived advert) {
    advertsReceived++; // this thread only writes it
    if (advert.priority() == 0) {
      priorityZeroReceived++;
    }
    lastAdvertSource = advert.source();
    dispatch(advert, nanoClock.getAsLong());
  }

  /**
   * How long the loop has gone without a turn, at {@code nowNs} (the runner's clock); 0 when it is
   * not running. The loop turns at least every idle wait (1 s, as often as the daemon's other loops
   * beat), so anything much longer means it is stuck: the daemon's watchdog keep-alive reads this.
   */
  public long quietForNs(long nowNs) {
    return turning ? Math.max(0, nowNs - lastTurnNs) : 0;
  }

  /**
   * Hands an event from another thread (a tracker's status) to the instance; {@link #run()} feeds
   * it at once (its wait is woken up).
   */
  public void inject(Event event) {
    injected.add(event);
    wake();
  }

  /**
   * Ends the runner's wait on the socket, or its rest after a failed receive, after another thread
   * handed it work (any thread).
   */
  private void wake() {
    channel.wakeUp();
    Thread t = runThread;
    if (t != null) {
      java.util.concurrent.locks.LockSupport.unpark(t); // at most one rest cut short if none runs
    }
  }

  /**
   * Reloads the instance in place (from any thread): {@link #run()} applies it on its own thread at
   * once (its wait is woken up), in this order: {@code beforeApply} (the caller's own bookkeeping,
   * e.g. the addresses the effects resolve), the channel's new addresses and receive rules, then
   * {@link Event.Reconfigure} to the state machine, which keeps its state (see {@link
   * VrrpInstance}).
   *
   * <p>What the sockets are made of cannot be reloaded: the interface, the VRID, the address family
   * and primary address ({@code unicast_src_ip}), the unicast peers, the VRRPv2 password and the
   * version. A change of any of those means stopping this runner and starting a new one; the same
   * for the name. {@code next} must keep the VRID, version and primary address (checked here).
   */
  public void reconfigure(InstanceConfig next, ReceiveRules rules, Runnable beforeApply) {
    InstanceConfig now = instance.config();
    if (next.vrid() != now.vrid()
        || next.version() != now.version()
        || !next.primaryAddress().equals(primary)
        || !next.name().equals(now.name())
        || rules.vrid() != next.vrid()
        || rules.version() != next.version()) {
      throw new IllegalArgumentException(
          now.name() + ": name, VRID, version and primary address cannot be reloaded in place");
    }
    reloads.add(new Reload(next, rules, beforeApply));
    wake();
  }

  private record Reload(InstanceConfig config, ReceiveRules rules, Runnable beforeApply) {}

  private void reload(Reload r, long nowNs) {
    r.beforeApply().run();
    channel.reconfigure(r.config(), r.rules());
    rules = r.rules();
    dispatch(new Event.Reconfigure(r.config()), nowNs);
  }

  /**
   * From now on the instance sends from {@code address} (from any thread): the interface's primary
   * address it sent from was deleted and another is there, or one came to an interface that had
   * none. {@link #run()} opens the sockets again from it at once (its wait is woken up), before any
   * reload asked for after this call (whose configuration must name {@code address}).
   */
  public void changePrimaryAddress(InetAddress address) {
    primary = address;
    primaries.add(address);
    wake();
  }

  /**
   * Asks {@link #run()} to open the sockets again, from the same address, at once (any thread): the
   * interface they were bound to was deleted and made again.
   */
  public void reopen() {
    reopenWanted = true;
    wake();
  }

  private void reopenSockets() {
    AdvertChannel fresh;
    try {
      fresh = opener.open(instance.config(), rules);
    } catch (RuntimeException e) {
      LOG.error("{}: sockets not opened again: {}", instance.config().name(), e.getMessage());
      return;
    }
    AdvertChannel old = channel;
    channel = fresh;
    if (old != fresh) {
      old.close();
      sizeReceiveBuffer(fresh);
    }
  }

  private void changePrimary(InetAddress address, long nowNs) {
    if (address.equals(instance.config().primaryAddress())) {
      return;
    }
    InstanceConfig next = instance.config().withPrimaryAddress(address);
    AdvertChannel fresh;
    try {
      fresh = opener.open(next, rules);
    } catch (RuntimeException e) {
      LOG.error(
          "{}: sockets not opened again from {}; still sending from {}: {}",
          next.name(),
          address.getHostAddress(),
          instance.config().primaryAddress().getHostAddress(),
          e.getMessage());
      if (primaries.isEmpty()) {
        primary = instance.config().primaryAddress(); // what a reload must keep
      }
      return;
    }
    AdvertChannel old = channel;
    channel = fresh;
    if (old != fresh) {
      old.close();
      sizeReceiveBuffer(fresh);
    }
    dispatch(new Event.PrimaryAddress(address), nowNs);
  }

  /** Asks {@link #run()} to shut down and return (from any thread). */
  public void stop() {
    stopping = true;
    wake();
  }

  /**
   * Asks {@link #run()} to shut down and return, a master keeping its addresses and sending no
   * priority 0 (keepalived's {@code --dont-release-vrrp}; from any thread).
   */
  public void stopKeepingAddresses() {
    releaseAtStop = false;
    stopping = true;
    wake();
  }

  /**
   * Never a line per packet: the first drop after a quiet period is reported at once, then at most
   * one line per period with the counts by reason since the last one. At INFO when one of them says
   * something is wrong (a bad TTL, checksum, password, interval, address list...); at DEBUG when
   * all are the usual traffic of a shared link: another VRID, our own advert looped back.
   */
  private void logDrops(long nowNs) {
    long total = drops.total();
    if (total == dropsLogged || !dropLog.due(nowNs)) {
      return;
    }
    StringBuilder since = new StringBuilder();
    boolean wrong = false;
    for (DropReason r : DropReason.values()) {
      long n = drops.count(r) - dropsAtLastReport[r.ordinal()];
      dropsAtLastReport[r.ordinal()] += n;
      if (n > 0) {
        since.append(since.length() == 0 ? "" : ", ").append(r.metricLabel()).append(' ').append(n);
        wrong |= r != DropReason.VRID && r != DropReason.OWN_ADVERT;
      }
    }
    String format = "{} on {}: {} adverts dropped since the last report ({})";
    Object[] args = {instance.config().name(), channel.ifname(), total - dropsLogged, since};
    if (wrong) {
      LOG.info(format, args);
    } else {
      LOG.debug(format, args);
    }
    dropsLogged = total;
  }

  /**
   * Sizes the receive socket's buffer ({@code vrrp_rx_bufs_policy}, {@code kernel_rx_buf_size}),
   * now and whenever the sockets are opened again. Back to the default, a socket keeps the size it
   * had until it is opened again, as keepalived's does.
   */
  public void receiveBuffer(ReceiveBuffer b) {
    this.receiveBuffer = b;
    sizeReceiveBuffer(channel);
  }

  private void sizeReceiveBuffer(AdvertChannel c) {
    ReceiveBuffer b = receiveBuffer;
    if (b.kind() == ReceiveBuffer.Kind.DEFAULT) {
      return;
    }
    try {
      int got = c.receiveBuffer(b);
      if (got > 0) {
        LOG.info("{}: receive buffer {} bytes ({})", instance.config().name(), got, b.describe());
      }
    } catch (RuntimeException e) {
      // keepalived logs it and goes on with the kernel's default
      LOG.info("{}: receive buffer not sized: {}", instance.config().name(), e.getMessage());
    }
  }

  /**
   * Makes this instance a member of a {@code vrrp_sync_group}: from now on its events go through
   * the group (which may move the other members). Call before {@link #run()}.
   */
  public void join(GroupLink link) {
    this.group = link;
  }

  /** The sync group this instance is a member of, if any. */
  public java.util.Optional<GroupLink> group() {
    return java.util.Optional.ofNullable(group);
  }

  /**
   * Actions the group's state machine produced for this member on another member's thread; {@link
   * #run()} performs them at once (its wait is woken up).
   */
  void follow(List<Action> actions) {
    followed.add(actions);
    wake();
  }

  private void dispatch(Event event, long nowNs) {
    GroupLink g = group;
    perform(g == null ? instance.handle(event, nowNs) : g.step(this, event, nowNs), nowNs, false);
  }

  /**
   * Performs the actions. A deadline from another member's thread may be older than one this thread
   * set since: the earlier of the two is kept (a timer that fires early is harmless, the state
   * machine checks its own deadlines and asks again).
   */
  private void perform(List<Action> actions, long nowNs, boolean fromGroup) {
    for (Action a : actions) {
      if (a instanceof Action.ScheduleAt s) {
        if (!fromGroup || !deadlineArmed || s.deadlineNs() - deadlineNs < 0) {
          deadlineNs = s.deadlineNs();
          deadlineFromGroup = fromGroup;
          stallWaiting = false;
        }
        deadlineArmed = true;
      } else if (a instanceof Action.SendAdvert s) {
        try {
          channel.send(s);
        } catch (RuntimeException e) {
          sendFailed("advert", e, nowNs);
        }
        advertsSent++; // this thread only writes it
        if (s.priority() == 0) {
          priorityZeroSent++;
        }
      } else if (a instanceof Action.SendGarp all) {
        Action.SendGarp g = here(all);
        if (g.addresses().isEmpty()) {
          // every address is on another device: the runtime announces them there
        } else if (instance.config().announceIntervalNs() == 0) {
          try {
            channel.announce(g);
          } catch (RuntimeException e) {
            sendFailed("announcement", e, nowNs);
          }
        } else {
          // bounded: a burst that finds more than a burst's worth still waiting (refreshes
          // faster than the interval lets them out) adds nothing, the waiting frames announce
          // the same addresses
          int burst = g.repeat() * g.addresses().size();
          if (announcing.size() < burst) {
            for (int i = 0; i < g.repeat(); i++) {
              announcing.addAll(g.addresses());
            }
          }
          if (nextAnnounceNs - nowNs <= 0) {
            announceNext(nowNs);
          }
        }
        effects.accept(a);
      } else if (a instanceof Action.RemoveVips) {
        announcing.clear(); // the addresses are no longer ours to announce
        effects.accept(a);
      } else {
        effects.accept(a);
      }
    }
  }

  /**
   * The addresses this runner's interface announces: those of {@code g} not on another device (a
   * VIP with its own {@code dev}, or on the VMAC while the adverts use the base interface), which
   * keepalived announces only on their device, with its MAC.
   */
  private Action.SendGarp here(Action.SendGarp g) {
    Set<InetAddress> elsewhere = announcedElsewhere;
    if (elsewhere.isEmpty()) {
      return g;
    }
    List<InetAddress> keep = new ArrayList<>(g.addresses().size());
    for (InetAddress a : g.addresses()) {
      if (!elsewhere.contains(a)) {
        keep.add(a);
      }
    }
    return keep.size() == g.addresses().size() ? g : new Action.SendGarp(keep, g.repeat());
  }

  /**
   * Sets the addresses this runner leaves to others to announce (see {@link #here}); any thread.
   */
  public void announceElsewhere(Set<? extends InetAddress> addresses) {
    announcedElsewhere = Set.copyOf(addresses);
  }

  /**
   * Sends the next spaced announcement (one gratuitous ARP or neighbour advertisement); the one
   * after it may go one announce interval later.
   */
  private void announceNext(long nowNs) {
    InetAddress address = announcing.poll();
    if (address == null) {
      return; // a burst of none (repeat 0)
    }
    try {
      channel.announce(new Action.SendGarp(List.of(address), 1));
    } catch (RuntimeException e) {
      sendFailed("announcement", e, nowNs);
    }
    nextAnnounceNs = nowNs + instance.config().announceIntervalNs();
  }

  /**
   * A send the kernel refuses (an address still tentative after DAD, an interface going away) must
   * not end the instance: it is counted and logged at most once per period, and the state machine
   * goes on; the next advert is the retry. (The sends call this from a catch of their own, not
   * through a lambda: a new master's first advert and announcement must not wait for a call site to
   * be linked.)
   */
  private void sendFailed(String what, RuntimeException e, long nowNs) {
    sendFailures++;
    if (sendFailureLog.due(nowNs)) {
      LOG.warn(
          "{} on {}: {} not sent ({} send failures so far): {}",
          instance.config().name(),
          channel.ifname(),
          what,
          sendFailures,
          e.getMessage());
    }
  }

  /**
   * A receive that fails (the socket, not an advert: those are dropped and counted) must not end
   * the instance, nor spin its thread when it fails again at once: it is counted and logged at most
   * once per period, and the thread rests until its next deadline, {@link #RECEIVE_REST_NS} at
   * most, or until another thread wakes it (a stop, a reload, a tracker's event); the timers still
   * run (a master still sends its adverts), and the next turn tries again.
   */
  private void receiveFailed(RuntimeException e, long waitNs, long nowNs) {
    receiveFailures++;
    if (receiveFailureLog.due(nowNs)) {
      LOG.warn(
          "{} on {}: receiving failed ({} failures so far), trying again within {} ms: {}",
          instance.config().name(),
          channel.ifname(),
          receiveFailures,
          RECEIVE_REST_NS / 1_000_000,
          e.getMessage());
    }
    rest.accept(Math.min(waitNs, RECEIVE_REST_NS));
  }

  /** How many times receiving failed (the thread rested after each). */
  public long receiveFailures() {
    return receiveFailures;
  }

  /** Adverts sent since start (the kernel may have refused some, see {@link #sendFailures}). */
  public long advertsSent() {
    return advertsSent;
  }

  /**
   * How many times a backup's timer came more than one of the master's advert intervals late and
   * waited for the master's advert before it ran (as long as it was late, at most {@link
   * #STALL_WAIT_DOWN_INTERVALS} down intervals).
   */
  public long stallWaits() {
    return stallWaits;
  }

  private boolean stalledBackup(long lateNs) {
    return instance.state() == io.vigil.vrrp.fsm.VrrpState.BACKUP && lateNs > masterIntervalNs();
  }

  /**
   * How long a backup whose timer came {@code lateNs} late waits for a stalled master's advert: as
   * long as it was late, no less than the master's advert interval and no more than {@link
   * #STALL_WAIT_DOWN_INTERVALS} Master_Down_Intervals (the longest a takeover is put off, once,
   * after this host stopped).
   */
  private long stallWaitNs(long lateNs) {
    return Math.min(
        Math.max(lateNs, masterIntervalNs()),
        STALL_WAIT_DOWN_INTERVALS * instance.masterDownIntervalNs());
  }

  /** The master's advert interval as this instance knows it (learned in VRRPv3), in ns. */
  private long masterIntervalNs() {
    return instance.masterAdverIntervalCs() * 10_000_000L;
  }

  /** Adverts received and valid since start (drops are counted in the {@link DropCounters}). */
  public long advertsReceived() {
    return advertsReceived;
  }

  /** Of {@link #advertsSent}, those with priority 0 (a master stepping down). */
  public long priorityZeroSent() {
    return priorityZeroSent;
  }

  /** Of {@link #advertsReceived}, those with priority 0 (a master stepping down). */
  public long priorityZeroReceived() {
    return priorityZeroReceived;
  }

  /** The source of the last valid advert received, or null. */
  public InetAddress lastAdvertSource() {
    return lastAdvertSource;
  }

  /** Sends the kernel refused since start. */
  public long sendFailures() {
    return sendFailures;
  }

  @Override
  public void close() {
    channel.close();
  }
}
