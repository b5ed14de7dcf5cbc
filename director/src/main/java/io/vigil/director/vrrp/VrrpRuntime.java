package io.vigil.director.vrrp;

import io.vigil.config.model.GlobalDefs;
import io.vigil.config.model.GlobalDefs.RxBufs;
import io.vigil.config.model.ProcessScheduling;
import io.vigil.config.model.Vrrp;
import io.vigil.director.lifecycle.AutoPriority;
import io.vigil.director.lifecycle.NetlinkBuffers;
import io.vigil.director.lifecycle.ThreadScheduling;
import io.vigil.director.status.DirectorStatus;
import io.vigil.kernel.socket.PacketSocket;
import io.vigil.netlink.rtnl.IfAddress;
import io.vigil.netlink.rtnl.RtnlClient;
import io.vigil.netlink.rtnl.RtnlEvent;
import io.vigil.netlink.rtnl.RtnlEvents;
import io.vigil.vrrp.fsm.Action;
import io.vigil.vrrp.fsm.Event;
import io.vigil.vrrp.fsm.InstanceConfig;
import io.vigil.vrrp.io.GroupLink;
import io.vigil.vrrp.io.ReceiveBuffer;
import io.vigil.vrrp.io.VrrpRunner;
import io.vigil.vrrp.wire.ChecksumMode;
import io.vigil.vrrp.wire.DropCounters;
import io.vigil.vrrp.wire.GratuitousArp;
import io.vigil.vrrp.wire.ReceiveRules;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the VRRP instances: one {@link VrrpRunner} thread each; virtual addresses added and removed
 * over rtnetlink; notify scripts on their own thread with a timeout; {@code track_interface} fed by
 * link events, {@code track_script} by {@link VrrpScripts}; a virtual address deleted behind our
 * back while master is put back.
 */
public final class VrrpRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VrrpRuntime.class);

  /**
   * How long the event thread waits for events when no held link change comes due: {@link #close}
   * wakes it up, so this is only a safety net (it waited 200 ms, five wake-ups a second for
   * nothing).
   */
  private static final long EVENT_WAIT_MS = 60_000;

  private static final long EVENT_JOIN_MS = 1_400;

  private final RtnlClient rtnl;
  private final Vmacs vmacs;
  private final LocalIgmp localIgmp = new LocalIgmp(LocalIgmp.SYSCTL);
  private final VrrpFirewall firewall =
      new VrrpFirewall(this::ifindex, io.vigil.netlink.nft.NftClient::open);
  private final VrrpNotifier notifier = new VrrpNotifier();
  private final Map<String, Running> running = new LinkedHashMap<>();
  private final List<BiConsumer<String, String>> stateListeners = new CopyOnWriteArrayList<>();
  private final VrrpScripts scripts = new VrrpScripts(this::scriptChanged, System::nanoTime);
  private VrrpTrackFiles files; // once a track_file is tracked
  private volatile VrrpTrackProcesses processes; // once a vrrp_track_process is tracked
  private volatile io.vigil.vrrp.bfd.BfdRunner bfd; // the daemon's, once a bfd_instance is set
  private volatile NotifyFifos fifos = NotifyFifos.open(List.of(), u -> u, null);
  private volatile java.util.function.Consumer<String> commonFifo = line -> {};

  /** The sync groups as last configured, by name: their notify scripts reload in place. */
  private volatile Map<String, VrrpMapping.GroupSpec> groupsNow = Map.of();

  private volatile java.util.function.Consumer<io.vigil.director.alert.Alert> alerts = a -> {};

  /** The running instances, for the event threads (replaced, never changed in place). */
  private volatile List<Running> snapshot = List.of();

  /**
   * Held while a tracker's change is handed to the running instances, and while a starting one is
   * published and given its trackers' statuses again: a change is either in those statuses or
   * handed to it after them.
   */
  private final Object trackerLock = new Object();

  /**
   * dynamic_interfaces: instances (with their sync group's members) waiting in FAULT for their
   * interface to be created, by instance name; started by the event thread when it is.
   */
  private record Waiting(
      List<VrrpSpec> specs, VrrpMapping.GroupSpec group, String iface, String at) {}

  private final Map<String, Waiting> waiting = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile boolean dynamicInterfaces;
  private volatile RxBufs rxBufs = RxBufs.DEFAULT;
  private GlobalDefs.NetlinkBufs netlinkBufs = GlobalDefs.NetlinkBufs.UNSET; // applied (apply)

  /** interface_up_down_delays: the link states the instances are told (event thread). */
  private final LinkDebounce debounce = new LinkDebounce();

  /** Whether {@link #apply} ran before: the next one is a reload. */
  private boolean applied;

  private volatile boolean closing;
  private volatile boolean dontRelease; // keepalived's --dont-release-vrrp
  private Thread eventThread;
  private volatile ProcessScheduling scheduling = ProcessScheduling.DEFAULTS;
  private RtnlEvents events;
  private boolean routeEvents; // whether events has joined the route and rule groups

  /** One running instance. */
  private final class Running {
    /** The configuration, replaced by a reload in place (read by the event threads). */
    volatile VrrpSpec spec;

    /** The configuration the VRRP thread's effects see, and the addresses it holds. */
    final VipBook book;

    final VrrpMapping.GroupSpec group; // null when in no sync group
    final VrrpRunner runner;
    final Thread thread;
    final DropCounters drops = new DropCounters();

    /** The address it sends from (see {@link VrrpSources}); changed by the event thread. */
    volatile InetAddress primary;

    /** Whether it has no address to send from, and is held in FAULT for it (event thread). */
    volatile boolean sourceMissing;

    /** Its interface's index. */
    final int ifindex;

    /**
     * The index of the interface whose addresses it may send from: its interface's, or its ipvlan's
     * (an IPv6 ipvlan without an address sends from the link-local address the kernel gives it, as
     * keepalived 2.2.7's does).
     */
    final int sourceIndex;

    final VrrpHistory history = new VrrpHistory();

    /** Packet sockets on the devices of VIPs outside the instance's interface (VRRP thread). */
    final Map<String, PacketSocket> otherDevices = new HashMap<>();

    final byte[] garpFrame = new byte[GratuitousArp.LENGTH];
    final byte[] naFrame = new byte[io.vigil.vrrp.wire.UnsolicitedNa.LENGTH];

    /**
     * {@code virtual_routes} and {@code virtual_rules}: made when first needed (VRRP thread), read
     * by the event thread to put back what is deleted behind our back.
     */
    volatile io.vigil.director.statics.StaticRouting routing;

    /** Whether it is master now (VRRP thread). */
    boolean master;

    /**
     * Set when a reload deletes the instance: the state its STOP is notified as (keepalived 2.2.7:
     * FAULT, or DELETED with {@code notify_deleted}; the {@code notify_deleted} script, if any,
     * instead of {@code notify_stop}).
     */
    volatile String deletedAs;

    /**
     * {@code virtual_routes} and {@code virtual_rules} follow the state, as keepalived 2.2.7 has
     * them: added on becoming master, after the addresses; brought in step by a reload in place
     * while master; deleted on leaving it. A route or rule the kernel refuses is logged; the
     * instance goes on.
     */
    void routes() {
      io.vigil.config.model.Vrrp.Instance src = book.spec().source();
      if (master) {
        if (routing == null && src.virtualRoutes().isEmpty() && src.virtualRules().isEmpty()) {
          return;
        }
        if (routing == null) {
          String what = "vrrp_instance " + spec.name() + " ";
          routing =
              new io.vigil.director.statics.StaticRouting(
                  () ->
                      new io.vigil.director.statics.RtnlRoutingKernel(
                          io.vigil.netlink.rtnl.RtnlClient.open()),
                  what + "virtual_routes",
                  what + "virtual_rules");
        }
        routing.apply(src.virtualRoutes(), src.virtualRules());
      } else if (routing != null && !(closing && dontRelease)) {
        routing.stop();
      }
    }

    Running(
        VrrpSpec spec,
        int ifindex,
        int sourceIndex,
        InetAddress primary,
        InstanceConfig config,
        VrrpMapping.GroupSpec group) {
      this.spec = spec;
      this.ifindex = ifindex;
      this.sourceIndex = sourceIndex;
      this.book = new VipBook(spec);
      this.group = group;
      this.primary = primary;
      this.runner =
          new VrrpRunner(
              config,
              rules(spec),
              spec.sendIface(),
              spec.source().mcastGroup().orElse(null),
              spec.peerAddresses(),
              spec.unicastTtl(),
              old(spec) ? ChecksumMode.OLD_UNICAST_MULTICAST_GROUP : ChecksumMode.PSEUDO_HEADER,
              spec.source().unicastChecksum() == Vrrp.UnicastChecksum.DETECT,
              spec.checksumGroup4(),
              drops,
              this::effect,
              System::nanoTime);
      this.thread =
          new Thread(
              () -> {
                ProcessScheduling sched = scheduling;
                ThreadScheduling.apply(sched, "vrrp");
                AutoPriority auto = new AutoPriority(sched, "vrrp");
                if (auto.enabled()) {
                  runner.onLate(auto.afterNs(), auto::late);
                }
                runner.run();
              },
              "vrrp-" + spec.name());
      runner.announceElsewhere(announcedElsewhere(spec));
      this.receiveBuffer = receiveBuffer(spec, rxBufs);
      runner.receiveBuffer(receiveBuffer);
    }

    /** The receive buffer its socket was given ({@link #receiveBuffer(VrrpSpec, RxBufs)}). */
    ReceiveBuffer receiveBuffer;

    void effect(Action a) {
      if (a instanceof Action.AddVips add) {
        List<VrrpSpec.VipSpec> vips = book.add(add);
        if (!add.accept()) {
          firewall.drop(book.spec(), vips); // before the addresses, as keepalived
        }
        addresses(spec.name(), vips, true);
      } else if (a instanceof Action.RemoveVips rm) {
        List<VrrpSpec.VipSpec> vips = book.remove(rm);
        addresses(spec.name(), vips, false);
        firewall.pass(book.spec(), vips);
      } else if (a instanceof Action.RunNotify stop
          && deletedAs != null
          && "INSTANCE".equals(stop.kind())
          && "STOP".equals(stop.state())) {
        Action.RunNotify n =
            new Action.RunNotify(stop.kind(), stop.name(), deletedAs, stop.priority());
        log.info("INSTANCE {}: deleted by the reload, notified as {}", n.name(), n.state());
        book.state(n.state());
        master = false;
        routes();
        stateListeners.forEach(l -> l.accept(n.name(), stop.state()));
        history.transition(n.state(), group != null, runner.lastAdvertSource());
        notifier.deleted(book.spec().notifyScripts(), n);
        if (book.spec().mail()) {
          mail(io.vigil.director.alert.AlertTexts.instance(n.name(), n.state()));
        }
      } else if (a instanceof Action.WriteFifo w && deletedAs != null && isStopLine(w.line())) {
        String line = w.line().replace("\" STOP ", "\" " + deletedAs + " ");
        fifos.write(line);
        commonFifo.accept(line);
      } else if (a instanceof Action.RunNotify n) {
        log.info("{} {}: {} (priority {})", n.kind(), n.name(), n.state(), n.priority());
        book.state(n.state());
        if ("INSTANCE".equals(n.kind())) {
          master = "MASTER".equals(n.state());
          routes(); // after the addresses, before the notify scripts, as keepalived
          stateListeners.forEach(l -> l.accept(n.name(), n.state()));
        }
        history.transition(n.state(), group != null, runner.lastAdvertSource());
        notifier.notify(book.spec().notifyScripts(), n);
        if (book.spec().mail() && "INSTANCE".equals(n.kind())) {
          mail(io.vigil.director.alert.AlertTexts.instance(n.name(), n.state()));
        }
      } else if (a instanceof Action.RunLowerPriorityNotify l) {
        book.spec()
            .notifyScripts()
            .masterRxLowerPri()
            .ifPresent(s -> notifier.run(s.argv(), s.user())); // as it is, no arguments
      } else if (a instanceof Action.WriteFifo w) {
        fifos.write(w.line());
        commonFifo.accept(w.line());
      } else if (a instanceof Action.SendGarp g) {
        announceOnOtherDevices(g);
      } else if (a instanceof Action.AnnounceElsewhere) {
        announceOnExtraDevices();
      }
    }

    /**
     * {@code garp_extra_if}: one gratuitous ARP on each other device holding an address of the
     * instance, for its first address there, as keepalived sends them.
     */
    void announceOnExtraDevices() {
      book.spec().extraDevices().forEach((dev, address) -> announce(dev, address, 1));
    }

    /** Whether {@code line} is this instance's STOP line for the notify FIFOs. */
    boolean isStopLine(String line) {
      return line.startsWith("INSTANCE \"" + spec.name() + "\" STOP ");
    }

    /**
     * The runner announces on the instance's interface; a VIP on another device ({@code dev eth1},
     * e.g. the NAT real servers' gateway) is announced on that device with its MAC, as keepalived
     * does, or the hosts there keep the old master's MAC until their neighbour entry expires.
     */
    void announceOnOtherDevices(Action.SendGarp g) {
      for (VrrpSpec.VipSpec v : book.spec().vips()) {
        if (announcedHere(book.spec(), v) && g.addresses().contains(v.address())) {
          announce(v.dev(), v.address(), g.repeat());
        }
      }
    }

    /**
     * {@code repeat} gratuitous ARPs (IPv4) or unsolicited neighbour advertisements (IPv6) for
     * {@code address} on {@code dev}, from its MAC, in the form the runner sends them.
     */
    void announce(String dev, InetAddress address, int repeat) {
      try {
        PacketSocket socket = otherDevices.computeIfAbsent(dev, PacketSocket::open);
        byte[] frame;
        int len;
        if (address instanceof Inet4Address v4) {
          frame = garpFrame;
          len = GratuitousArp.encode(socket.hardwareAddress(), v4, frame, 0);
        } else {
          frame = naFrame;
          len =
              io.vigil.vrrp.wire.UnsolicitedNa.encode(
                  socket.hardwareAddress(),
                  (java.net.Inet6Address) address,
                  io.vigil.vrrp.wire.UnsolicitedNa.FLAG_OVERRIDE,
                  frame,
                  0);
        }
        for (int i = 0; i < repeat; i++) {
          socket.send(frame, len);
        }
      } catch (RuntimeException e) {
        log.warn(
            "{}: {} for {} on {} not sent: {}",
            spec.name(),
            address instanceof Inet4Address ? "gratuitous ARP" : "neighbour advertisement",
            address.getHostAddress(),
            dev,
            e.getMessage());
      }
    }
  }

  public VrrpRuntime(RtnlClient rtnl) {
    this.rtnl = rtnl;
    this.vmacs = new Vmacs(rtnl);
  }

  /**
   * keepalived's {@code --dont-release-vrrp}, set before the first {@link #apply}: at {@link
   * #close}, masters send no priority 0 and leave their addresses, virtual routes and rules, VMACs
   * and {@code promote_secondaries} where they are (the STOP notifications still go out); at start,
   * an instance that does not own its addresses (priority below 255) removes those of them that
   * such a stop left on the host, as keepalived 2.2.7 does, so that two directors never both hold
   * them. An instance a reload deletes releases its addresses as ever.
   */
  public void dontReleaseVrrp(boolean b) {
    dontRelease = b;
  }

  /** Whether the runtime, not the runner, announces {@code v} (see {@link #announcedElsewhere}). */
  static boolean announcedHere(VrrpSpec s, VrrpSpec.VipSpec v) {
    return !v.dev().equals(s.sendIface())
        || (v.address() instanceof java.net.Inet6Address) != s.source().isIpv6();
  }

  /** An interface's index, for the firewall's link-local addresses (0 when it has none). */
  private int ifindex(String dev) {
    synchronized (rtnl) {
      try {
        return rtnl.indexOf(dev);
      } catch (RuntimeException e) {
        return 0;
      }
    }
  }

  /** The instance's VMACs, its own and its addresses', deleted after the instance stopped. */
  private void deleteVmac(VrrpSpec s) {
    for (Vrrp.AddressVmac a : s.source().addressVmacs()) {
      synchronized (rtnl) {
        vmacs.delete(Vmacs.Vmac.of(s, a));
      }
    }
    if (s.source().vmac().isPresent()) {
      int index;
      synchronized (rtnl) {
        index = vmacs.index(s.source().vmac().get().name());
        vmacs.delete(s);
      }
      firewall.vmacDeleted(s, index);
    }
  }

  /**
   * The instance's addresses that its runner does not announce: those on another device than its
   * own, announced there with that device's MAC, and those of the other family (an IPv4 instance's
   * IPv6 {@code virtual_ipaddress_excluded}), announced with ARP or NA as their family wants, as
   * keepalived announces them ({@link Running#announceOnOtherDevices}).
   */
  static Set<InetAddress> announcedElsewhere(VrrpSpec s) {
    Set<InetAddress> out = new HashSet<>();
    for (VrrpSpec.VipSpec v : s.vips()) {
      if (announcedHere(s, v)) {
        out.add(v.address());
      }
    }
    return out;
  }

  /**
   * Calls {@code listener} with (instance name, MASTER|BACKUP|FAULT|STOP) on every transition of an
   * instance, on that instance's thread: it must not block.
   */
  public void onStateChange(BiConsumer<String, String> listener) {
    stateListeners.add(listener);
  }

  /** Where alert mail goes ({@code smtp_alert}); nowhere until set. */
  public void alerts(java.util.function.Consumer<io.vigil.director.alert.Alert> sink) {
    this.alerts = sink;
  }

  private void mail(io.vigil.director.alert.Alert a) {
    if (a != null) { // a state keepalived does not mail
      alerts.accept(a);
    }
  }

  /**
   * Where the state lines also go for {@code notify_fifo}, which the IPVS side writes too (the
   * daemon owns it); this runtime opens only {@code vrrp_notify_fifo}.
   */
  public void commonFifo(java.util.function.Consumer<String> sink) {
    this.commonFifo = sink;
  }

  public static VrrpRuntime open() {
    return new VrrpRuntime(RtnlClient.open());
  }

  /** The running instances as {@code /status} and {@code vigil status} show them. */
  /** The {@code bfd_instance} sessions of {@code b} (null: none), for {@code /status}. */
  public static List<DirectorStatus.BfdSession> bfdStatus(io.vigil.vrrp.bfd.BfdRunner b) {
    if (b == null) {
      return List.of();
    }
    return b.sessions().stream()
        .map(
            x ->
                new DirectorStatus.BfdSession(
                    x.name(),
                    x.neighbour(),
                    x.state(),
                    x.detectionTimeUs() / 1000.0,
                    x.transmitIntervalUs() / 1000.0))
        .toList();
  }

  public List<DirectorStatus.Instance> status() {
    List<DirectorStatus.Instance> out = new ArrayList<>();
    for (Running r : snapshot) {
      String state = r.history.state();
      InetAddress master = state.equals("MASTER") ? r.primary : r.runner.lastAdvertSource();
      Map<String, Long> dropped = new LinkedHashMap<>();
      r.drops
          .snapshot()
          .forEach(
              (reason, n) -> {
                if (n > 0) {
                  dropped.put(reason.metricLabel(), n);
                }
              });
      out.add(
          new DirectorStatus.Instance(
              r.spec.name(),
              state,
              r.spec.template().priority(),
              r.runner.instance().effectivePriority(),
              master == null || state.equals("FAULT") ? null : master.getHostAddress(),
              r.spec.advertisedVips().stream().map(InetAddress::getHostAddress).toList(),
              r.history.last(),
              dropped));
    }
    for (Waiting w : new java.util.LinkedHashSet<>(waiting.values())) {
      for (VrrpSpec s : w.specs()) {
        out.add(
            new DirectorStatus.Instance(
                s.name(),
                "FAULT",
                s.template().priority(),
                0,
                null,
                s.advertisedVips().stream().map(InetAddress::getHostAddress).toList(),
                List.of(
                    new DirectorStatus.Transition(
                        w.at(), "INIT", "FAULT", "interface " + w.iface() + " doesn't exist")),
                Map.of()));
      }
    }
    return out;
  }

  /** The first interface of these instances that does not exist (null: all do). */
  private String missingInterface(List<VrrpSpec> specs) {
    for (VrrpSpec s : specs) {
      if (!s.iface().isEmpty() && linkNow(s.iface()).isEmpty()) {
        return s.iface();
      }
    }
    return null;
  }

  /** The link of this name now, if there is one. */
  private Optional<io.vigil.netlink.rtnl.Link> linkNow(String name) {
    synchronized (rtnl) {
      try {
        return Optional.of(rtnl.link(name));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
  }

  /**
   * dynamic_interfaces: a link was created or changed and is up. Instances waiting for it start; a
   * running instance whose interface was deleted and made again (another index) starts again on it,
   * as keepalived follows it (its sockets were bound to the one that is gone).
   */
  private void linkAppeared(io.vigil.netlink.rtnl.Link link) {
    if (!dynamicInterfaces || closing || !link.usable()) {
      return; // as keepalived, once the link is up ("Netlink reports eth5 up")
    }
    synchronized (this) {
      for (Waiting w : new java.util.LinkedHashSet<>(waiting.values())) {
        if (w.iface().equals(link.name())) {
          w.specs().forEach(s -> waiting.remove(s.name()));
          log.info("Interface {} added: starting {}", link.name(), names(w.specs()));
          startAll(w.specs(), w.group());
        }
      }
      for (Running r : snapshot) {
        if (r.spec.iface().equals(link.name())
            && r.ifindex != 0
            && r.ifindex != link.index()
            && running.get(r.spec.name()) == r) {
          List<VrrpSpec> specs =
              r.group == null
                  ? List.of(r.spec)
                  : r.group.members().stream()
                      .map(running::get)
                      .filter(Objects::nonNull)
                      .map(x -> x.spec)
                      .toList();
          log.info(
              "Interface {} was created again: restarting {} on it", link.name(), names(specs));
          specs.forEach(s -> stop(s.name()));
          startAll(specs, r.group);
        }
      }
    }
  }

  private static String names(List<VrrpSpec> specs) {
    return specs.stream().map(VrrpSpec::name).toList().toString();
  }

  /** One instance's counters, for {@link VrrpMetrics}. */
  record Counters(
      String instance,
      String state,
      long transitions,
      long advertsSent,
      long advertsReceived,
      Map<String, Long> drops,
      long timerLateMaxNs,
      List<Long> timersLateOver,
      long stallWaits,
      long sendFailures,
      long receiveFailures) {}

  List<Counters> counters() {
    List<Counters> out = new ArrayList<>();
    for (Running r : snapshot) {
      Map<String, Long> drops = new LinkedHashMap<>();
      r.drops
          .snapshot()
          .forEach((k, v) -> drops.put(k.name().toLowerCase(java.util.Locale.ROOT), v));
      out.add(
          new Counters(
              r.spec.name(),
              r.history.state(),
              r.history.transitions(),
              r.runner.advertsSent(),
              r.runner.advertsReceived(),
              drops,
              r.runner.lateMaxNs(),
              lateTurns(r.runner),
              r.runner.stallWaits(),
              r.runner.sendFailures(),
              r.runner.receiveFailures()));
    }
    // dynamic_interfaces: waiting for its interface, in FAULT, nothing sent or received yet
    List<Long> none = java.util.Collections.nCopies(VrrpRunner.lateBounds(), 0L);
    for (Waiting w : new java.util.LinkedHashSet<>(waiting.values())) {
      for (VrrpSpec s : w.specs()) {
        out.add(new Counters(s.name(), "FAULT", 0, 0, 0, Map.of(), 0, none, 0, 0, 0));
      }
    }
    return out;
  }

  /**
   * Each instance's statistics as keepalived keeps them (SIGUSR2's file), in configuration order;
   * an instance waiting for its interface has sent and received nothing yet.
   */
  public List<VrrpStats> stats() {
    List<VrrpStats> out = new ArrayList<>();
    for (Running r : snapshot) {
      out.add(
          new VrrpStats(
              r.spec.name(),
              r.runner.advertsReceived(),
              r.runner.advertsSent(),
              r.history.becameMaster(),
              r.history.releasedMaster(),
              r.drops.snapshot(),
              r.runner.priorityZeroReceived(),
              r.runner.priorityZeroSent()));
    }
    for (Waiting w : new java.util.LinkedHashSet<>(waiting.values())) {
      for (VrrpSpec s : w.specs()) {
        out.add(new VrrpStats(s.name(), 0, 0, 0, 0, Map.of(), 0, 0));
      }
    }
    return out;
  }

  private static List<Long> lateTurns(VrrpRunner runner) {
    List<Long> n = new ArrayList<>();
    for (int i = 0; i < VrrpRunner.lateBounds(); i++) {
      n.add(runner.lateTurnsOver(i));
    }
    return n;
  }

  /**
   * The netlink sockets' receive buffers, at start and at each reload that changes them, as
   * keepalived's VRRP process sets them (kernel_netlink_set_recv_bufs): its command socket and,
   * once open, its event socket; the process events' socket is {@link VrrpTrackProcesses}'s.
   */
  private void netlinkBuffers(GlobalDefs.NetlinkBufs next) {
    GlobalDefs.NetlinkBufs before = netlinkBufs;
    netlinkBufs = next;
    if (!next.vrrpCmd().equals(before.vrrpCmd())) {
      NetlinkBuffers.size("vrrp_netlink_cmd", next.vrrpCmd(), rtnl::receiveBuffer);
    }
    if (events != null && !next.vrrpMonitor().equals(before.vrrpMonitor())) {
      NetlinkBuffers.size("vrrp_netlink_monitor", next.vrrpMonitor(), events::receiveBuffer);
    }
  }

  /**
   * An instance's receive buffer as keepalived 2.2.7 sizes it: its own {@code kernel_rx_buf_size},
   * else the global {@code vrrp_rx_bufs_policy} with {@code vrrp_rx_bufs_multiplier}.
   */
  static ReceiveBuffer receiveBuffer(VrrpSpec s, RxBufs g) {
    long own = s.source().kernelRxBufSize();
    if (own != 0) { // a size is multiplied by nothing: 0 there, so a new multiplier is no change
      return new ReceiveBuffer(ReceiveBuffer.Kind.SIZE, own, 0);
    }
    return switch (g.policy()) {
      case NONE -> ReceiveBuffer.DEFAULT;
      case SIZE -> new ReceiveBuffer(ReceiveBuffer.Kind.SIZE, g.size(), 0);
      case ADVERT -> new ReceiveBuffer(ReceiveBuffer.Kind.ADVERT, 0, g.multiplier());
      case MTU -> new ReceiveBuffer(ReceiveBuffer.Kind.MTU, 0, g.multiplier());
    };
  }

  /** The names of the running instances and the configuration each runs. */
  public Map<String, VrrpSpec> specs() {
    Map<String, VrrpSpec> m = new LinkedHashMap<>();
    running.forEach((k, v) -> m.put(k, v.spec));
    return m;
  }

  /**
   * Brings the running instances to {@code specs}: instances whose configuration is unchanged keep
   * running (state kept); changed ones are reloaded in place, state kept, unless what their sockets
   * are made of changed ({@link VrrpReload}: then, and when their sync group's members changed,
   * they are stopped, priority 0 and addresses released, and started again); removed ones stop; new
   * ones start.
   */
  public synchronized void apply(VrrpMapping.Result mapped) {
    VrrpGlobals g = mapped.globals();
    boolean reload = applied;
    applied = true;
    localIgmp.apply(g.disableLocalIgmp()); // before the instances join their groups
    firewall.settings(g.nftables());
    dynamicInterfaces = g.dynamicInterfaces();
    rxBufs = g.rxBufs(); // for the instances started from now on; the kept ones below
    netlinkBuffers(g.netlinkBufs());
    debounce.delays(linkDelays(g.interfaceDelays(), mapped.specs()));
    waiting.clear(); // the instances still waiting are found again below
    scheduling = g.scheduling(); // for the instances started from now on
    ScriptUsers users = mapped.users();
    notifier.users(users);
    if (!fifos.configs().equals(g.notifyFifos())) {
      fifos.close();
      fifos = NotifyFifos.open(g.notifyFifos(), users::forScript, notifier.runner());
    }
    scripts.apply(VrrpScripts.runs(mapped.scripts(), d -> users.forScript(d.user())));
    if (files == null && !mapped.trackFiles().isEmpty()) {
      files = new VrrpTrackFiles(this::fileChanged);
    }
    if (files != null) {
      files.apply(mapped.trackFiles());
    }
    if (processes == null && !mapped.trackProcesses().isEmpty()) {
      processes = new VrrpTrackProcesses(this::processChanged);
    }
    if (processes != null) {
      processes.receiveBuffer(netlinkBufs.processMonitor());
      processes.apply(mapped.trackProcesses()); // statuses known before the instances start
    }
    List<VrrpSpec> specs = mapped.specs();
    Map<String, VrrpSpec> wanted = new LinkedHashMap<>();
    specs.forEach(s -> wanted.put(s.name(), s));
    Map<String, VrrpMapping.GroupSpec> groupOf = new HashMap<>();
    mapped.groups().forEach(gr -> gr.members().forEach(m -> groupOf.put(m, gr)));
    Map<String, VrrpMapping.GroupSpec> groups = new HashMap<>();
    for (VrrpMapping.GroupSpec gr : mapped.groups()) {
      VrrpMapping.GroupSpec was = groupsNow.get(gr.name());
      if (was != null
          && was.members().equals(gr.members())
          && !was.notifyScripts().equals(gr.notifyScripts())) {
        log.info("vrrp_sync_group {} reloaded in place: notify scripts changed", gr.name());
      }
      groups.put(gr.name(), gr);
    }
    groupsNow = Map.copyOf(groups);
    Set<String> stoppedGroups = new HashSet<>();
    for (String name : new ArrayList<>(running.keySet())) {
      Running r = running.get(name);
      VrrpSpec next = wanted.get(name);
      VrrpReload.Plan plan = next == null ? null : VrrpReload.plan(r.spec, next);
      boolean sameGroup = sameMembers(r.group, groupOf.get(name));
      if (plan instanceof VrrpReload.InPlace p && sameGroup) {
        reloadInPlace(r, next, p.changes());
      } else if (plan == null || plan instanceof VrrpReload.Restart || !sameGroup) {
        if (plan instanceof VrrpReload.Restart rs) {
          log.info(
              "vrrp_instance {} restarted by the reload: {}",
              name,
              String.join(", ", rs.reasons()));
        } else if (plan != null) {
          log.info("vrrp_instance {} restarted by the reload: its vrrp_sync_group changed", name);
        }
        if (plan == null) {
          r.deletedAs = r.spec.notifyScripts().deletedNotified() ? "DELETED" : "FAULT";
        }
        stop(name);
        if (r.group != null) {
          stoppedGroups.add(r.group.name());
        }
      }
    }
    for (String name : new ArrayList<>(running.keySet())) {
      Running r = running.get(name);
      if (r.group != null && stoppedGroups.contains(r.group.name())) {
        stop(name); // a sync group starts again as a whole
      }
    }
    Set<String> kept = new HashSet<>(running.keySet()); // in place, or unchanged
    for (String name : kept) {
      Running r = running.get(name);
      ReceiveBuffer rx = receiveBuffer(wanted.get(name), rxBufs);
      if (!rx.equals(r.receiveBuffer)) {
        r.receiveBuffer = rx;
        r.runner.receiveBuffer(rx);
      }
    }
    for (VrrpSpec s : specs) {
      if (!running.containsKey(s.name()) && !groupOf.containsKey(s.name())) {
        startAll(List.of(s), null);
      }
    }
    for (VrrpMapping.GroupSpec gr : mapped.groups()) {
      if (gr.members().stream().noneMatch(running::containsKey)) {
        startAll(gr.members().stream().map(wanted::get).filter(Objects::nonNull).toList(), gr);
      }
    }
    if (eventThread == null && (!running.isEmpty() || !waiting.isEmpty())) {
      events = RtnlEvents.open();
      NetlinkBuffers.size("vrrp_netlink_monitor", netlinkBufs.vrrpMonitor(), events::receiveBuffer);
      eventThread = daemonThread(this::watch, "vrrp-rtnl");
      eventThread.start();
    }
    recheckSources();
    // an interface made between the check and the events' subscription just above
    for (Waiting w : new java.util.LinkedHashSet<>(waiting.values())) {
      linkNow(w.iface()).ifPresent(this::linkAppeared);
    }
    unknownVrids(g.logUnknownVrids());
    if (reload && g.fifoWriteStatesOnReload()) {
      writeStatesOnReload(mapped, kept);
    }
    if (events != null && !routeEvents && specs.stream().anyMatch(VrrpRuntime::routes)) {
      try {
        events.joinRouteGroups(); // virtual routes or rules to put back if deleted behind our back
        routeEvents = true;
      } catch (RuntimeException e) {
        log.warn("route events not watched: {}", e.getMessage());
      }
    }
  }

  /**
   * {@code log_unknown_vrids}: on each interface, for each family, the first instance's receiver
   * logs the adverts it drops for a VRID that no instance there has (the others' receivers drop the
   * same adverts: one line each, not one per instance), as keepalived logs them, with the sender.
   */
  private void unknownVrids(boolean on) {
    Map<String, List<Running>> byReceiver = new HashMap<>();
    for (Running r : running.values()) {
      String family = r.primary instanceof java.net.Inet6Address ? " v6" : " v4";
      byReceiver.computeIfAbsent(r.spec.sendIface() + family, k -> new ArrayList<>()).add(r);
    }
    for (List<Running> there : byReceiver.values()) {
      Set<Integer> vrids = new HashSet<>();
      there.forEach(r -> vrids.add(r.spec.template().vrid()));
      String ifname = there.get(0).spec.sendIface();
      DropCounters.UnknownVrids logger =
          (vrid, source) -> {
            if (!vrids.contains(vrid)) {
              log.info(
                  "Unknown VRID({}) received on interface({}) from {}. ignoring...",
                  vrid,
                  ifname,
                  source.getHostAddress());
            }
          };
      for (int i = 0; i < there.size(); i++) {
        there.get(i).drops.listen(on && i == 0 ? logger : null);
      }
    }
  }

  private static boolean routes(VrrpSpec s) {
    return !s.source().virtualRoutes().isEmpty() || !s.source().virtualRules().isEmpty();
  }

  /**
   * Hands the new configuration to the instance's thread (trackers as known now, no change of them
   * missed until it is published) and logs what changed.
   */
  private void reloadInPlace(Running r, VrrpSpec next, List<String> changes) {
    VrrpSpec before = r.spec;
    promoteSecondaries(next); // set by a reload that adds it (kept till the end, as keepalived)
    try {
      scripts.whileNoChange(
          () ->
              filesWhileNoChange(
                  () -> {
                    // first: the address watcher must not put back an address the reload drops
                    r.spec = next;
                    synchronized (r) { // the event thread may be changing its address
                      r.runner.announceElsewhere(announcedElsewhere(next));
                      r.runner.reconfigure(
                          instanceConfig(next, r.primary),
                          rules(next),
                          () -> {
                            for (VipBook.Changed c : r.book.reloaded(next)) {
                              addresses(next.name(), List.of(c.before()), false);
                              addresses(next.name(), List.of(c.after()), true);
                            }
                            firewall.inStep(before, next, r.master);
                            r.routes(); // while master: the new routes and rules
                          });
                    }
                    for (String f : next.trackedFiles()) {
                      r.runner.inject(
                          new Event.TrackerValue(VrrpMapping.fileTrackerName(f), files.value(f)));
                    }
                    List<String> newLinks = new ArrayList<>(next.trackedInterfaces());
                    newLinks.removeAll(before.trackedInterfaces());
                    linkStates(r, newLinks);
                    publish();
                    return null;
                  }));
    } catch (RuntimeException e) {
      r.spec = before;
      publish();
      log.error(
          "{}: vrrp_instance {} not reloaded, it runs on as it was: {}",
          next.source().origin(),
          next.name(),
          e.getMessage());
      return;
    }
    r.history.reloaded(String.join(", ", changes));
    log.info("vrrp_instance {} reloaded in place: {}", next.name(), String.join(", ", changes));
  }

  /**
   * Tells the instance the state of these tracked links as the kernel has it now: link events only
   * report changes, so a link down when the instance starts, or when a reload starts tracking it,
   * would otherwise count as up until it next changes. A link the kernel does not have is left to
   * the events (it counts as up until one says otherwise, as before).
   */
  private void linkStates(Running r, List<String> links) {
    for (String name : links) {
      // not there (dynamic_interfaces): down until it is created
      boolean up = linkNow(name).map(io.vigil.netlink.rtnl.Link::usable).orElse(false);
      debounce.known(name, up);
      r.runner.inject(new Event.TrackerStatus(name, up));
    }
  }

  /**
   * {@code old_unicast_checksum}: keepalived's checksum of before 1.3.6, sent and accepted (the
   * same as RFC 5798's for multicast adverts).
   */
  private static boolean old(VrrpSpec spec) {
    return spec.source().unicastChecksum() == Vrrp.UnicastChecksum.OLD;
  }

  /** What the instance's socket accepts. */
  static ReceiveRules rules(VrrpSpec spec) {
    ReceiveRules rules =
        ReceiveRules.of(
            spec.template().vrid(),
            spec.template().version(),
            spec.template().advertIntervalCs(),
            spec.advertisedVips());
    if (spec.authentication().isPresent()) {
      Vrrp.Authentication a = spec.authentication().get();
      byte[] password = a.password().getBytes(StandardCharsets.US_ASCII);
      rules = a.type().equals("AH") ? rules.withAh(password) : rules.withPassword(password);
    }
    if (spec.source().skipCheckAdvAddr()) {
      rules = rules.withAddressCheck(ReceiveRules.AddressCheck.NOT_FROM_LAST_SOURCE);
    }
    if (old(spec)) {
      rules = rules.withChecksumModes(Set.of(ChecksumMode.OLD_UNICAST_MULTICAST_GROUP));
    }
    if (!spec.unicastPeers().isEmpty()) {
      Map<InetAddress, ReceiveRules.TtlRange> peers = new HashMap<>();
      for (Vrrp.UnicastPeer p : spec.unicastPeers()) {
        peers.put(p.address(), new ReceiveRules.TtlRange(p.minTtl(), p.maxTtl()));
      }
      rules = rules.withUnicastPeers(peers).withIgnoredSources(spec.siblingPeers());
    }
    return rules;
  }

  private void stop(String name) {
    Running r = running.remove(name);
    publish();
    stopOne(r);
  }

  /**
   * Starts instances: one alone, or the members of a sync group together (linked before any runs);
   * a group one of whose members cannot start does not start.
   */
  private void startAll(List<VrrpSpec> specs, VrrpMapping.GroupSpec group) {
    String missing = dynamicInterfaces ? missingInterface(specs) : null;
    if (missing != null) {
      // keepalived 2.2.7's words (vrrp_if.c), then its FAULT until the interface is created
      log.info(
          "Configuration specifies interface {} which doesn't currently exist - will use if"
              + " created",
          missing);
      String at = java.time.Instant.now().toString();
      for (VrrpSpec s : specs) {
        log.info("({}) entering FAULT state (interface {} doesn't exist)", s.name(), missing);
        waiting.put(s.name(), new Waiting(specs, group, missing, at));
      }
      return;
    }
    List<Running> started = new ArrayList<>();
    try {
      for (VrrpSpec s : specs) {
        // the trackers as they are now, and no change of them missed until it is published
        started.add(scripts.whileNoChange(() -> filesWhileNoChange(() -> start(s, group))));
      }
    } catch (RuntimeException e) {
      VrrpSpec s = specs.get(started.size());
      log.error(
          "{}: vrrp_instance {} not started{}: {}",
          s.source().origin(),
          s.name(),
          group == null ? "" : " (nor the rest of sync group " + group.name() + ")",
          e.getMessage());
      for (Running r : started) {
        running.remove(r.spec.name());
        r.runner.close();
      }
      for (VrrpSpec v : specs.subList(0, started.size() + 1)) {
        deleteVmac(v);
      }
      publish();
      return;
    }
    if (group != null) {
      new GroupLink(
          group.name(), started.stream().map(r -> r.runner).toList(), a -> groupEffect(group, a));
      log.info("vrrp_sync_group {} linked: {}", group.name(), group.members());
    }
    for (Running r : started) {
      r.thread.start();
      log.info(
          "vrrp_instance {} started on {}{}",
          r.spec.name(),
          r.spec.iface(),
          r.spec.source().vmac().map(m -> " (VMAC " + m.name() + ")").orElse(""));
    }
  }

  /**
   * {@code fifo_write_vrrp_states_on_reload} as keepalived 2.2.7 does it (vrrp_scheduler.c,
   * vrrp_init_state, checked against it): the states are written again, each sync group the reload
   * kept first, then each instance it kept that is BACKUP or FAULT (a master's state is not written
   * again), in the configuration's order, the lines its transitions write.
   */
  private void writeStatesOnReload(VrrpMapping.Result mapped, Set<String> kept) {
    List<String> lines = new ArrayList<>();
    for (VrrpMapping.GroupSpec gr : mapped.groups()) {
      if (!gr.members().isEmpty() && kept.containsAll(gr.members())) {
        lines.add("GROUP \"" + gr.name() + "\" " + groupState(gr) + " 0");
      }
    }
    for (VrrpSpec s : mapped.specs()) {
      Running r = running.get(s.name());
      String state = r == null || !kept.contains(s.name()) ? "" : r.history.state();
      if (state.equals("BACKUP") || state.equals("FAULT")) {
        int priority = r.runner.instance().effectivePriority();
        lines.add("INSTANCE \"" + s.name() + "\" " + state + " " + priority);
      }
    }
    for (String line : lines) {
      fifos.write(line);
      commonFifo.accept(line);
    }
  }

  /** A kept sync group's state, as its state machine has it ({@code GroupLink#state}). */
  private String groupState(VrrpMapping.GroupSpec gr) {
    Running r = running.get(gr.members().get(0));
    return r == null ? "FAULT" : r.runner.group().map(g -> g.state().notifyWord()).orElse("FAULT");
  }

  /** The same sync group with the same members (its notify scripts may differ: reloaded). */
  private static boolean sameMembers(VrrpMapping.GroupSpec a, VrrpMapping.GroupSpec b) {
    return a == null
        ? b == null
        : b != null && a.name().equals(b.name()) && a.members().equals(b.members());
  }

  private void groupEffect(VrrpMapping.GroupSpec started, Action a) {
    VrrpMapping.GroupSpec group = groupsNow.getOrDefault(started.name(), started);
    if (a instanceof Action.RunNotify n) {
      log.info("GROUP {}: {}", n.name(), n.state());
      notifier.notify(group.notifyScripts(), n);
      if (group.mail()) {
        mail(io.vigil.director.alert.AlertTexts.group(n.name(), n.state()));
      }
    } else if (a instanceof Action.WriteFifo w) {
      fifos.write(w.line());
      commonFifo.accept(w.line());
    }
  }

  /** Creates one instance with its trackers as they are now (scripts run, files read). */
  /** Interfaces whose promote_secondaries Vigil set (and resets at the end). */
  private final Set<String> promoted = new HashSet<>();

  /**
   * {@code promote_secondaries}: set on the instance's interface when it is not set already (over
   * rtnetlink, as keepalived 2.2.7 does: /proc/sys is read-only under the unit's
   * ProtectKernelTunables), and reset at the end by {@link #close} if Vigil set it.
   */
  private void promoteSecondaries(VrrpSpec s) {
    String iface = s.iface();
    if (!s.source().promoteSecondaries() || iface.isEmpty() || promoted.contains(iface)) {
      return;
    }
    try {
      java.nio.file.Path sysctl =
          java.nio.file.Path.of("/proc/sys/net/ipv4/conf", iface, "promote_secondaries");
      if ("1".equals(java.nio.file.Files.readString(sysctl).strip())) {
        return; // set already: not ours to reset
      }
      synchronized (rtnl) {
        rtnl.setInetDevconf(
            rtnl.indexOf(iface), io.vigil.netlink.rtnl.Rtnl.IPV4_DEVCONF_PROMOTE_SECONDARIES, 1);
      }
      promoted.add(iface);
      log.info("vrrp_instance {}: promote_secondaries set on {}", s.name(), iface);
    } catch (java.io.IOException | RuntimeException e) {
      log.warn(
          "vrrp_instance {}: promote_secondaries not set on {}: {}", s.name(), iface, e.toString());
    }
  }

  private void unpromote() {
    for (String iface : promoted) {
      try {
        synchronized (rtnl) {
          rtnl.setInetDevconf(
              rtnl.indexOf(iface), io.vigil.netlink.rtnl.Rtnl.IPV4_DEVCONF_PROMOTE_SECONDARIES, 0);
        }
        log.info("promote_secondaries reset on {}", iface);
      } catch (RuntimeException e) {
        log.warn("promote_secondaries not reset on {}: {}", iface, e.toString());
      }
    }
    promoted.clear();
  }

  private Running start(VrrpSpec s, VrrpMapping.GroupSpec group) {
    int ifindex;
    List<IfAddress> host;
    int vmac = 0;
    synchronized (rtnl) {
      ifindex = s.iface().isEmpty() ? 0 : rtnl.indexOf(s.iface());
      if (s.source().vmac().isPresent()) {
        vmacs.make(s);
        vmac = vmacs.index(s.source().vmac().get().name());
      }
      for (Vrrp.AddressVmac a : s.source().addressVmacs()) {
        vmacs.make(Vmacs.Vmac.of(s, a)); // before the instance: it tracks them
      }
      host = rtnl.addresses();
      if (dontRelease
          && s.template().priority() < InstanceConfig.PRIORITY_OWNER
          && removeLeftAddresses(s, host)) {
        host = rtnl.addresses();
      }
    }
    if (vmac != 0) {
      firewall.vmacMade(s, vmac, ifindex, 0); // the VMAC sits on the instance's interface
    }
    boolean ipvlan = s.source().vmac().flatMap(Vrrp.Vmac::ipvlan).isPresent();
    int sourceIndex = ipvlan && vmac != 0 ? vmac : ifindex;
    Optional<InetAddress> source = VrrpSources.choose(s, sourceIndex, host, null);
    InetAddress primary = source.orElseGet(() -> VrrpSources.none(s));
    promoteSecondaries(s);
    List<String> asked = new ArrayList<>(); // the trackers whose known status the config took
    Running n =
        new Running(
            s,
            ifindex,
            sourceIndex,
            primary,
            instanceConfig(
                s,
                primary,
                t -> {
                  asked.add(t);
                  return known(t);
                }),
            group);
    if (source.isEmpty()) {
      // keepalived 2.2.7: FAULT until an address comes (the events bring it up)
      log.info("({}) entering FAULT state ({})", s.name(), VrrpSources.missing(s));
      n.sourceMissing = true;
      n.runner.inject(new Event.TrackerStatus(VrrpSources.TRACKER, false));
    }
    for (String f : s.trackedFiles()) {
      n.runner.inject(new Event.TrackerValue(VrrpMapping.fileTrackerName(f), files.value(f)));
    }
    linkStates(n, s.trackedInterfaces()); // link events report changes only
    synchronized (trackerLock) {
      running.put(s.name(), n);
      publish();
      // A tracker that changed after the configuration read it and before publish() told no
      // instance of it (a BFD session that came Up just then kept VigilRunBfdIT's instance in
      // FAULT): its status now goes in after the one read, and any later change after it.
      for (String t : asked) {
        known(t).ifPresent(up -> n.runner.inject(new Event.TrackerStatus(t, up)));
      }
    }
    return n;
  }

  /**
   * With {@link #dontReleaseVrrp}: the instance's addresses (advertised and excluded) that are on
   * their devices as it starts, left by an earlier stop, removed (keepalived 2.2.7 removes them as
   * the instance enters BACKUP at start). Holds the rtnl lock. {@code now}: the host's addresses;
   * true when some were removed.
   */
  private boolean removeLeftAddresses(VrrpSpec s, List<IfAddress> now) {
    List<VrrpSpec.VipSpec> left = new ArrayList<>();
    for (VrrpSpec.VipSpec v : s.vips()) {
      int index = ifindex(v.dev());
      if (index != 0
          && now.stream().anyMatch(a -> a.index() == index && a.address().equals(v.address()))) {
        left.add(v);
      }
    }
    if (!left.isEmpty()) {
      log.info(
          "({}) removing {} address(es) that a stop with --dont-release-vrrp left",
          s.name(),
          left.size());
      addresses(s.name(), left, false);
    }
    return !left.isEmpty();
  }

  /**
   * The state machine's configuration: the trackers as known now, and the one that holds it in
   * FAULT while it has no address to send from ({@link VrrpSources}; reported by the event thread).
   */
  private InstanceConfig instanceConfig(VrrpSpec s, InetAddress primary) {
    return instanceConfig(s, primary, this::known);
  }

  private InstanceConfig instanceConfig(
      VrrpSpec s,
      InetAddress primary,
      java.util.function.Function<String, Optional<Boolean>> known) {
    return s.instanceConfig(primary, known).toBuilder()
        .track(io.vigil.vrrp.fsm.Tracker.iface(VrrpSources.TRACKER, 0))
        .build();
  }

  private <T> T filesWhileNoChange(java.util.function.Supplier<T> what) {
    return files == null ? what.get() : files.whileNoChange(what);
  }

  private void fileChanged(String trackFile, long value) {
    Event e = new Event.TrackerValue(VrrpMapping.fileTrackerName(trackFile), value);
    tracking(VrrpSpec::trackedFiles, trackFile, r -> r.runner.inject(e));
  }

  private void publish() {
    snapshot = List.copyOf(running.values());
  }

  /** A tracker's status known now (scripts that have run), by tracker name. */
  private Optional<Boolean> known(String tracker) {
    String prefix = VrrpMapping.scriptTrackerName("");
    String process = VrrpMapping.processTrackerName("");
    if (tracker.startsWith(prefix)) {
      return scripts.known(tracker.substring(prefix.length()));
    }
    if (tracker.startsWith(process) && processes != null) {
      return processes.known(tracker.substring(process.length()));
    }
    String bfdPrefix = VrrpMapping.bfdTrackerName("");
    if (tracker.startsWith(bfdPrefix) && bfd != null) {
      return bfd.known(tracker.substring(bfdPrefix.length()));
    }
    return Optional.empty();
  }

  /** A {@code bfd_instance} as the BFD runner runs it. */
  public static io.vigil.vrrp.bfd.BfdRunner.SessionSpec bfdSession(Vrrp.BfdDef b) {
    return new io.vigil.vrrp.bfd.BfdRunner.SessionSpec(
        new io.vigil.vrrp.bfd.BfdSession.Config(
            b.name(), b.minRxUs(), b.minTxUs(), b.idleTxUs(), b.multiplier(), b.passive()),
        b.neighbor(),
        b.source().orElse(null),
        b.ttl(),
        b.maxHops());
  }

  /** The BFD sessions its {@code track_bfd}s follow (the daemon's; null: none). */
  public void bfd(io.vigil.vrrp.bfd.BfdRunner sessions) {
    this.bfd = sessions;
  }

  /** A BFD session went Up or left Up: the instances tracking it are told. */
  public void bfdChanged(String name, boolean up) {
    Event e = new Event.TrackerStatus(VrrpMapping.bfdTrackerName(name), up);
    tracking(
        VrrpSpec::trackedBfds,
        name,
        r -> {
          log.info(
              "VRRP_Instance({}) Tracked BFD instance {} is {}",
              r.spec.name(),
              name,
              up ? "UP" : "DOWN");
          r.runner.inject(e);
        });
  }

  private void processChanged(String process, boolean up) {
    Event e = new Event.TrackerStatus(VrrpMapping.processTrackerName(process), up);
    tracking(VrrpSpec::trackedProcesses, process, r -> r.runner.inject(e));
  }

  private void scriptChanged(String script, boolean up) {
    Event e = new Event.TrackerStatus(VrrpMapping.scriptTrackerName(script), up);
    tracking(VrrpSpec::trackedScripts, script, r -> r.runner.inject(e));
  }

  /** Runs {@code each} for the running instances whose {@code tracked} names hold {@code name}. */
  private void tracking(
      java.util.function.Function<VrrpSpec, List<String>> tracked,
      String name,
      java.util.function.Consumer<Running> each) {
    synchronized (trackerLock) { // after an instance's start has published it (see start)
      for (Running r : snapshot) {
        if (tracked.apply(r.spec).contains(name)) {
          each.accept(r);
        }
      }
    }
  }

  /**
   * How long each running instance's loop has gone without turning, at {@code nowNs} ({@link
   * System#nanoTime()}), by "vrrp_instance NAME". Read by the daemon's watchdog keep-alive.
   */
  public Map<String, Long> quietForNs(long nowNs) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Running r : snapshot) {
      out.put("vrrp_instance " + r.spec.name(), r.runner.quietForNs(nowNs));
    }
    return out;
  }

  /** Stops every instance: a master sends priority 0 and releases its addresses; notify STOP. */
  @Override
  public synchronized void close() {
    closing = true;
    if (dontRelease && !running.isEmpty()) {
      log.info("--dont-release-vrrp: the masters keep their addresses and send no priority 0");
    }
    scripts.close();
    if (files != null) {
      files.close();
    }
    if (processes != null) {
      processes.close();
    }
    for (Running r : running.values()) {
      if (dontRelease) {
        r.runner.stopKeepingAddresses();
      } else {
        r.runner.stop();
      }
    }
    for (Running r : running.values()) {
      join(r, !dontRelease);
      if (!dontRelease) {
        deleteVmac(r.spec);
      }
    }
    running.clear();
    publish();
    notifier.close();
    fifos.close();
    if (eventThread != null) {
      events.wakeUp();
      try {
        eventThread.join(EVENT_JOIN_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      events.close();
    }
    if (!dontRelease) {
      unpromote();
    }
    localIgmp.close();
    firewall.close(); // after every master released its addresses
    rtnl.close();
  }

  private void stopOne(Running r) {
    r.runner.stop();
    join(r, true);
    deleteVmac(r.spec);
    log.info("vrrp_instance {} stopped", r.spec.name());
  }

  /** Waits for a stopped instance's thread; {@code release}: its virtual routes and rules go. */
  private static void join(Running r, boolean release) {
    try {
      r.thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    r.runner.close();
    r.otherDevices.values().forEach(PacketSocket::close);
    r.otherDevices.clear();
    if (r.routing != null) {
      if (release) {
        r.routing.stop(); // deleted at the STOP transition already; this is for a thread that hung
      }
      r.routing.close();
    }
  }

  private void addresses(String instance, List<VrrpSpec.VipSpec> vips, boolean add) {
    for (VrrpSpec.VipSpec v : vips) {
      try {
        IfAddress a;
        synchronized (rtnl) {
          a =
              new IfAddress(
                  rtnl.indexOf(v.dev()),
                  v.address(),
                  v.prefixLength(),
                  v.label().orElse(null),
                  v.scope(),
                  v.broadcast().orElse(null),
                  v.flags(),
                  v.peer().orElse(null),
                  v.preferredLifetime());
          if (add) {
            rtnl.addAddress(a);
          } else {
            rtnl.deleteAddress(a);
          }
        }
        log.info(
            "{} {} {}/{} dev {}",
            instance,
            add ? "added" : "removed",
            v.address().getHostAddress(),
            v.prefixLength(),
            v.dev());
      } catch (RuntimeException e) {
        log.warn(
            "{}: {} {}: {}",
            instance,
            add ? "adding" : "removing",
            v.address().getHostAddress(),
            e.getMessage());
      }
    }
  }

  /**
   * Link events feed track_interface; an address removed while master is put back, and so is a
   * tracked virtual route or rule (keepalived 2.2.7 goes backup instead: a failover for an entry a
   * single request restores).
   */
  private void watch() {
    while (!closing) {
      List<RtnlEvent> batch =
          events.pollOrRest(
              pollMs(),
              e -> {
                if (!closing) {
                  log.warn(
                      "rtnetlink events: {} (looking again in {} ms)",
                      e.getMessage(),
                      RtnlEvents.REST_MS);
                }
              });
      sources(batch); // first: a VIP deleted with the address it was sent from is not put back
      for (RtnlEvent e : batch) {
        if (e instanceof RtnlEvent.LinkChanged c) {
          link(c.link().name(), c.link().usable());
          linkAppeared(c.link());
        } else if (e instanceof RtnlEvent.LinkRemoved c && !staleVmac(c.link())) {
          debounce.removed(c.link().name()); // told at once, whatever its delays
          tell(c.link().name(), false);
          vmacRemoved(c.link());
        } else if (e instanceof RtnlEvent.AddressRemoved a) {
          removed(a.address().address());
        } else if (e instanceof RtnlEvent.RouteRemoved d) {
          if (d.route().protocol() == RTPROT_KEEPALIVED) { // ours are; a routing daemon's are not
            routing(s -> s.restore(d.route()));
          }
        } else if (e instanceof RtnlEvent.RuleRemoved d) {
          routing(s -> s.restore(d.rule()));
        } else if (e instanceof RtnlEvent.Resynchronised r) {
          r.links().forEach(l -> link(l.name(), l.usable()));
          r.links().forEach(this::linkAppeared);
          routing(io.vigil.director.statics.StaticRouting::repair); // deletions may have been lost
        }
      }
      for (LinkDebounce.Change c : debounce.due(System.nanoTime())) {
        log.info(
            "{} stayed {} for its delay: its instances are told (interface_up_down_delays)",
            c.ifname(),
            c.up() ? "up" : "down");
        tell(c.ifname(), c.up());
      }
    }
  }

  /** How long the event thread waits for events: less when a held link change comes due. */
  private long pollMs() {
    long next = debounce.nextDueNs();
    if (next == Long.MAX_VALUE) {
      return EVENT_WAIT_MS;
    }
    long ms = (next - System.nanoTime() + 999_999) / 1_000_000;
    return Math.max(1, Math.min(EVENT_WAIT_MS, ms));
  }

  /**
   * {@code interface_up_down_delays} in nanoseconds ({down, up}), kept below what would let a
   * backup take over before the instance goes to FAULT, as keepalived 2.2.7 keeps them: under
   * {@code (down_timer_adverts - 1)} advert intervals of each instance on the interface (less 1/256
   * of one), none with {@code down_timer_adverts 1}. A VMAC has its interface's.
   */
  static Map<String, long[]> linkDelays(
      Map<String, io.vigil.config.model.GlobalDefs.UpDownDelay> configured, List<VrrpSpec> specs) {
    Map<String, long[]> out = new HashMap<>();
    configured.forEach((k, d) -> out.put(k, new long[] {d.downUs() * 1000, d.upUs() * 1000}));
    for (VrrpSpec s : specs) {
      long[] d = out.get(s.source().iface());
      if (d == null) {
        continue;
      }
      int adverts = s.template().downTimerAdverts();
      long advertNs = s.template().advertIntervalCs() * 10_000_000L;
      if (adverts <= 1) {
        if (d[0] != 0 || d[1] != 0) {
          log.info(
              "{}: cannot use debounce timers with down_timer_adverts = 1 - resetting", s.name());
          d[0] = 0;
          d[1] = 0;
        }
        continue;
      }
      long limit = (adverts - 1) * advertNs;
      for (int i = 0; i < 2; i++) {
        if (d[i] >= limit) {
          d[i] = limit - advertNs / 256;
          log.info(
              "{}: the {} delay of {} cut to {} ms, under {} advert intervals",
              s.name(),
              i == 0 ? "down" : "up",
              s.source().iface(),
              d[i] / 1_000_000,
              adverts - 1);
        }
      }
    }
    for (VrrpSpec s : specs) {
      long[] d = out.get(s.source().iface());
      if (d != null && s.source().vmac().isPresent()) {
        out.putIfAbsent(s.source().vmac().get().name(), d.clone());
      }
    }
    return out;
  }

  /**
   * keepalived's route protocol number (rtnetlink's RTPROT_KEEPALIVED), that tracked routes use.
   */
  private static final int RTPROT_KEEPALIVED = 18;

  /** Runs {@code action} on each instance's virtual routes and rules, logging a failure. */
  private void routing(
      java.util.function.Consumer<io.vigil.director.statics.StaticRouting> action) {
    for (Running r : snapshot) {
      io.vigil.director.statics.StaticRouting s = r.routing;
      if (s != null && !closing) {
        try {
          action.accept(s);
        } catch (RuntimeException e) {
          log.warn("{}: virtual routes and rules not checked: {}", r.spec.name(), e.getMessage());
        }
      }
    }
  }

  /**
   * A VMAC deleted behind our back is made again, as keepalived 2.2.7 makes it again: its instance
   * is in FAULT meanwhile (it tracks its VMAC), opens its sockets on the new one and comes back
   * through BACKUP when its link event says it is up.
   */
  private void vmacRemoved(io.vigil.netlink.rtnl.Link link) {
    String name = link.name();
    for (Running r : snapshot) {
      VrrpSpec s = r.spec;
      if (closing || s.source().vmac().map(m -> !m.name().equals(name)).orElse(true)) {
        continue;
      }
      int vmac;
      int vmacBase;
      synchronized (rtnl) {
        if (vmacs.index(name) != link.index()) {
          continue; // deleted by the stop of its instance
        }
        log.info("({}) VMAC {} deleted behind vigil's back: made again", s.name(), name);
        try {
          vmacs.makeAgain(s);
          vmac = vmacs.index(name);
          vmacBase = rtnl.indexOf(s.source().iface());
        } catch (RuntimeException e) {
          log.error("({}) VMAC {} not made again: {}", s.name(), name, e.getMessage());
          continue;
        }
      }
      firewall.vmacMade(s, vmac, vmacBase, link.index());
      r.runner.reopen();
    }
  }

  /**
   * A deleted link named as one of our VMACs but not the one we have now: the one a restarted
   * instance deleted before making its new one (its events come after the restart).
   */
  private boolean staleVmac(io.vigil.netlink.rtnl.Link link) {
    synchronized (rtnl) {
      int now = vmacs.index(link.name());
      return now != 0 && now != link.index();
    }
  }

  /** A link event: the instances tracking the link are told, now or after its delay. */
  private void link(String name, boolean up) {
    boolean wasHolding = debounce.holding(name);
    LinkDebounce.Outcome o = debounce.changed(name, up, System.nanoTime());
    if (o == LinkDebounce.Outcome.TELL) {
      tell(name, up);
    } else if (o == LinkDebounce.Outcome.HELD) {
      long[] d = debounce.delaysOf(name);
      log.info(
          "{} is {}: its instances are told in {} ms unless it changes back"
              + " (interface_up_down_delays)",
          name,
          up ? "up" : "down",
          d == null ? 0 : (up ? d[1] : d[0]) / 1_000_000);
    } else if (wasHolding && !debounce.holding(name)) {
      log.info("{} is {} again within its delay: nothing told", name, up ? "up" : "down");
    }
  }

  private void tell(String name, boolean up) {
    for (Running r : snapshot) {
      if (r.spec.trackedInterfaces().contains(name)) {
        r.runner.inject(new Event.TrackerStatus(name, up));
      }
    }
  }

  /**
   * Follows the addresses the instances send from (see {@link VrrpSources}): for each instance an
   * address event of this batch may concern, the host's addresses are read once and the instance
   * moves to another address, leaves FAULT when one came, or enters it when its own went.
   */
  private void sources(List<RtnlEvent> batch) {
    List<IfAddress> host = null;
    for (RtnlEvent e : batch) {
      if (e instanceof RtnlEvent.Resynchronised r) {
        host = r.addresses();
      }
    }
    List<Running> concerned = new ArrayList<>();
    for (Running r : snapshot) {
      if (host != null || concernsAny(r, batch)) {
        concerned.add(r);
      }
    }
    if (concerned.isEmpty() || closing) {
      return;
    }
    if (host == null) {
      host = hostAddresses();
      if (host == null) {
        return;
      }
    }
    for (Running r : concerned) {
      source(r, host);
    }
  }

  /**
   * Whether an event of {@code batch} may change what {@code r} sends from. A loop, not a stream
   * with a lambda, whose call site would be linked (a class spun) at the first batch, which on a
   * quiet host may be the one that takes a tracked interface down.
   */
  private static boolean concernsAny(Running r, List<RtnlEvent> batch) {
    for (RtnlEvent e : batch) {
      if (concerns(r, e)) {
        return true;
      }
    }
    return false;
  }

  /** Whether address event {@code e} may change what {@code r} sends from. */
  private static boolean concerns(Running r, RtnlEvent e) {
    if (e instanceof RtnlEvent.AddressRemoved a) {
      return !r.sourceMissing && a.address().address().equals(r.primary);
    }
    if (e instanceof RtnlEvent.AddressAdded a) {
      return r.sourceMissing
          && (r.spec.unicastSrc().isPresent() || a.address().index() == r.sourceIndex);
    }
    return false;
  }

  /**
   * The instances without an address to send from look again, now that the events are watched: an
   * address added after an instance's start read the host's, and before the events were, would
   * otherwise never bring it up.
   */
  private void recheckSources() {
    if (snapshot.stream().noneMatch(r -> r.sourceMissing)) {
      return;
    }
    List<IfAddress> host = hostAddresses();
    if (host == null) {
      return;
    }
    for (Running r : snapshot) {
      if (r.sourceMissing) {
        source(r, host);
      }
    }
  }

  /** Every address of the host now, or null (logged) when the kernel cannot be asked. */
  private List<IfAddress> hostAddresses() {
    try {
      synchronized (rtnl) {
        return rtnl.addresses();
      }
    } catch (RuntimeException e) {
      log.warn("addresses not read: {}", e.getMessage());
      return null;
    }
  }

  /** Brings {@code r}'s address in step with {@code host} (the event thread, or a reload's). */
  private void source(Running r, List<IfAddress> host) {
    synchronized (r) {
      sourceOf(r, host);
    }
  }

  private void sourceOf(Running r, List<IfAddress> host) {
    VrrpSpec s = r.spec;
    InetAddress was = r.primary;
    Optional<InetAddress> now =
        VrrpSources.choose(s, r.sourceIndex, host, r.sourceMissing ? null : was);
    if (now.isEmpty()) {
      if (!r.sourceMissing && VrrpSources.removalTracked(s)) {
        log.warn(
            "({}) {} was deleted: entering FAULT state ({})",
            s.name(),
            was.getHostAddress(),
            VrrpSources.missing(s));
        r.sourceMissing = true;
        r.runner.inject(new Event.TrackerStatus(VrrpSources.TRACKER, false));
      }
      return;
    }
    InetAddress a = now.get();
    if (!a.equals(was)) {
      // under r's lock (see source), as a reload's reconfigure, which names the address
      r.primary = a;
      r.runner.changePrimaryAddress(a);
      log.info(
          "({}) sends from {} now{}",
          s.name(),
          a.getHostAddress(),
          r.sourceMissing ? "" : " (" + was.getHostAddress() + " was deleted)");
    }
    if (r.sourceMissing) {
      r.sourceMissing = false;
      log.info("({}) has an address to send from: leaving FAULT unless held there", s.name());
      r.runner.inject(new Event.TrackerStatus(VrrpSources.TRACKER, true));
    }
  }

  /**
   * A VIP deleted behind our back while master is put back (not one marked {@code no_track}: it
   * comes back when the instance next becomes master, as in keepalived), unless the address the
   * instance sends from went with it: deleting an interface's primary address deletes the
   * secondaries of its subnet, VIPs among them, and the kernel reports those first, often in an
   * earlier batch than the primary's own deletion. The host's addresses are read to tell (a
   * deletion behind our back is rare); then the instance follows its address (FAULT, or another
   * one) instead.
   */
  private void removed(InetAddress ip) {
    List<IfAddress> host = null;
    boolean read = false;
    for (Running r : snapshot) {
      List<VrrpSpec.VipSpec> gone =
          r.spec.vips().stream().filter(v -> v.address().equals(ip) && !v.noTrack()).toList();
      if (r.book.holding() && !closing && !r.sourceMissing && !gone.isEmpty()) {
        if (!read) {
          read = true;
          host = hostAddresses(); // null: put back, as before
        }
        InetAddress from = r.primary;
        if (host != null
            && VrrpSources.removalTracked(r.spec)
            && host.stream().noneMatch(a -> a.address().equals(from))) {
          source(r, host); // the VIP went with it
          continue;
        }
        log.warn("{}: {} was removed behind our back; putting it back", r.spec.name(), ip);
        addresses(r.spec.name(), gone, true);
      }
    }
  }

  private static Thread daemonThread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
