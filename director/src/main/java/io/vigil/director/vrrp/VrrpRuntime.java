package io.vigil.director.vrrp;

import io.vigil.config.model.Script;
import io.vigil.config.model.Vrrp;
import io.vigil.kernel.socket.PacketSocket;
import io.vigil.kernel.socket.RawIpv6Socket;
import io.vigil.netlink.rtnl.IfAddress;
import io.vigil.netlink.rtnl.RtnlClient;
import io.vigil.netlink.rtnl.RtnlEvent;
import io.vigil.netlink.rtnl.RtnlEvents;
import io.vigil.vrrp.fsm.Action;
import io.vigil.vrrp.fsm.Event;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the VRRP instances: one {@link VrrpRunner} thread each; virtual addresses added and removed
 * over rtnetlink; notify scripts on their own thread with a timeout; {@code track_interface} fed by
 * link events; a virtual address deleted behind our back while master is put back.
 */
public final class VrrpRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VrrpRuntime.class);
  private static final long NOTIFY_TIMEOUT_MS = 10_000;
  private static final long EVENT_POLL_MS = 200;

  private final RtnlClient rtnl;
  private final ExecutorService notifier =
      Executors.newSingleThreadExecutor(r -> daemonThread(r, "vrrp-notify"));
  private final Map<String, Running> running = new LinkedHashMap<>();
  private volatile boolean closing;
  private Thread eventThread;
  private RtnlEvents events;

  /** One running instance. */
  private final class Running {
    final VrrpSpec spec;
    final VrrpRunner runner;
    final Thread thread;
    volatile boolean holding;

    /** Packet sockets on the devices of VIPs outside the instance's interface (VRRP thread). */
    final Map<String, PacketSocket> otherDevices = new HashMap<>();

    final byte[] garpFrame = new byte[GratuitousArp.LENGTH];

    Running(VrrpSpec spec, InetAddress primary) {
      this.spec = spec;
      int cs = spec.template().advertIntervalCs();
      ReceiveRules rules =
          ReceiveRules.of(
              spec.template().vrid(), spec.template().version(), cs, spec.advertisedVips());
      if (spec.password().isPresent()) {
        rules = rules.withPassword(spec.password().get().getBytes(StandardCharsets.US_ASCII));
      }
      if (!spec.unicastPeers().isEmpty()) {
        rules = rules.withUnicastPeers(Set.copyOf(spec.unicastPeers()), 255, 255);
      }
      this.runner =
          new VrrpRunner(
              spec.instanceConfig(primary),
              rules,
              spec.iface(),
              spec.unicastPeers(),
              ChecksumMode.PSEUDO_HEADER,
              new DropCounters(),
              this::effect,
              System::nanoTime);
      this.thread = new Thread(runner::run, "vrrp-" + spec.name());
    }

    void effect(Action a) {
      if (a instanceof Action.AddVips) {
        holding = true;
        addresses(spec, true);
      } else if (a instanceof Action.RemoveVips) {
        holding = false;
        addresses(spec, false);
      } else if (a instanceof Action.RunNotify n) {
        log.info("{} {}: {} (priority {})", n.kind(), n.name(), n.state(), n.priority());
        runNotify(spec.notifyScripts(), n);
      } else if (a instanceof Action.SendGarp g) {
        announceOnOtherDevices(g);
      }
    }

    /**
     * The runner announces on the instance's interface; a VIP on another device ({@code dev eth1},
     * e.g. the NAT real servers' gateway) is announced on that device with its MAC, as keepalived
     * does, or the hosts there keep the old master's MAC until their neighbour entry expires.
     */
    void announceOnOtherDevices(Action.SendGarp g) {
      for (VrrpSpec.VipSpec v : spec.vips()) {
        if (v.dev().equals(spec.iface())
            || !(v.address() instanceof Inet4Address v4)
            || !g.addresses().contains(v4)) {
          continue;
        }
        try {
          PacketSocket socket = otherDevices.computeIfAbsent(v.dev(), PacketSocket::open);
          int len = GratuitousArp.encode(socket.hardwareAddress(), v4, garpFrame, 0);
          for (int i = 0; i < g.repeat(); i++) {
            socket.send(garpFrame, len);
          }
        } catch (RuntimeException e) {
          log.warn(
              "{}: gratuitous ARP for {} on {} not sent: {}",
              spec.name(),
              v4.getHostAddress(),
              v.dev(),
              e.getMessage());
        }
      }
    }
  }

  public VrrpRuntime(RtnlClient rtnl) {
    this.rtnl = rtnl;
  }

  public static VrrpRuntime open() {
    return new VrrpRuntime(RtnlClient.open());
  }

  /** The names of the running instances and the configuration each runs. */
  public Map<String, VrrpSpec> specs() {
    Map<String, VrrpSpec> m = new LinkedHashMap<>();
    running.forEach((k, v) -> m.put(k, v.spec));
    return m;
  }

  /**
   * Brings the running instances to {@code specs}: instances whose configuration is unchanged keep
   * running (state kept); changed ones are stopped (priority 0, addresses released) and started
   * again; removed ones stop; new ones start.
   */
  public synchronized void apply(List<VrrpSpec> specs) {
    Map<String, VrrpSpec> wanted = new LinkedHashMap<>();
    specs.forEach(s -> wanted.put(s.name(), s));
    for (String name : new ArrayList<>(running.keySet())) {
      VrrpSpec now = running.get(name).spec;
      VrrpSpec next = wanted.get(name);
      if (next == null || !sameRun(now, next)) {
        stopOne(running.remove(name));
      }
    }
    for (VrrpSpec s : specs) {
      if (!running.containsKey(s.name())) {
        try {
          Running r = new Running(s, primary(s));
          running.put(s.name(), r);
          r.thread.start();
          log.info("vrrp_instance {} started on {}", s.name(), s.iface());
        } catch (RuntimeException e) {
          log.error(
              "{}: vrrp_instance {} not started: {}",
              s.source().origin(),
              s.name(),
              e.getMessage());
        }
      }
    }
    if (eventThread == null && !running.isEmpty()) {
      events = RtnlEvents.open();
      eventThread = daemonThread(this::watch, "vrrp-rtnl");
      eventThread.start();
    }
  }

  /** Same configuration apart from where in the file it is written. */
  private static boolean sameRun(VrrpSpec a, VrrpSpec b) {
    return a.iface().equals(b.iface())
        && a.unicastSrc().equals(b.unicastSrc())
        && a.unicastPeers().equals(b.unicastPeers())
        && a.password().equals(b.password())
        && a.vips().equals(b.vips())
        && a.trackedInterfaces().equals(b.trackedInterfaces())
        && a.notifyScripts().equals(b.notifyScripts())
        && a.template().equals(b.template());
  }

  /** Stops every instance: a master sends priority 0 and releases its addresses; notify STOP. */
  @Override
  public synchronized void close() {
    closing = true;
    for (Running r : running.values()) {
      r.runner.stop();
    }
    for (Running r : running.values()) {
      join(r);
    }
    running.clear();
    notifier.shutdown();
    try {
      if (!notifier.awaitTermination(NOTIFY_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        notifier.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (eventThread != null) {
      try {
        eventThread.join(2 * EVENT_POLL_MS + 1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      events.close();
    }
    rtnl.close();
  }

  private void stopOne(Running r) {
    r.runner.stop();
    join(r);
    log.info("vrrp_instance {} stopped", r.spec.name());
  }

  private static void join(Running r) {
    try {
      r.thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    r.runner.close();
    r.otherDevices.values().forEach(PacketSocket::close);
    r.otherDevices.clear();
  }

  private InetAddress primary(VrrpSpec s) {
    if (s.unicastSrc().isPresent()) {
      return s.unicastSrc().get();
    }
    if (s.source().isIpv6()) {
      return RawIpv6Socket.linkLocalAddress(s.iface());
    }
    int index;
    List<IfAddress> addrs;
    synchronized (rtnl) {
      index = rtnl.indexOf(s.iface());
      addrs = rtnl.addresses(index);
    }
    Set<InetAddress> vips = Set.copyOf(s.advertisedVips());
    for (IfAddress a : addrs) {
      if (a.address() instanceof Inet4Address && !vips.contains(a.address())) {
        return a.address();
      }
    }
    throw new IllegalStateException(
        "vrrp_instance " + s.name() + ": " + s.iface() + " has no IPv4 address to send from");
  }

  private void addresses(VrrpSpec s, boolean add) {
    for (VrrpSpec.VipSpec v : s.vips()) {
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
                  0);
          if (add) {
            rtnl.addAddress(a);
          } else {
            rtnl.deleteAddress(a);
          }
        }
        log.info(
            "{} {} {}/{} dev {}",
            s.name(),
            add ? "added" : "removed",
            v.address().getHostAddress(),
            v.prefixLength(),
            v.dev());
      } catch (RuntimeException e) {
        log.warn(
            "{}: {} {}: {}",
            s.name(),
            add ? "adding" : "removing",
            v.address().getHostAddress(),
            e.getMessage());
      }
    }
  }

  /** Link events feed track_interface; an address removed while master is put back. */
  private void watch() {
    while (!closing) {
      List<RtnlEvent> batch;
      try {
        batch = events.poll(EVENT_POLL_MS);
      } catch (RuntimeException e) {
        log.warn("rtnetlink events: {}", e.getMessage());
        continue;
      }
      for (RtnlEvent e : batch) {
        if (e instanceof RtnlEvent.LinkChanged c) {
          link(c.link().name(), c.link().usable());
        } else if (e instanceof RtnlEvent.LinkRemoved c) {
          link(c.link().name(), false);
        } else if (e instanceof RtnlEvent.AddressRemoved a) {
          removed(a.address().address());
        } else if (e instanceof RtnlEvent.Resynchronised r) {
          r.links().forEach(l -> link(l.name(), l.usable()));
        }
      }
    }
  }

  private void link(String name, boolean up) {
    for (Running r : List.copyOf(running.values())) {
      if (r.spec.trackedInterfaces().contains(name)) {
        r.runner.inject(new Event.TrackerStatus(name, up));
      }
    }
  }

  private void removed(InetAddress ip) {
    for (Running r : List.copyOf(running.values())) {
      if (r.holding && !closing && r.spec.advertisedVips().contains(ip)) {
        log.warn("{}: {} was removed behind our back; putting it back", r.spec.name(), ip);
        addresses(r.spec, true);
      }
    }
  }

  private void runNotify(Vrrp.Notify n, Action.RunNotify a) {
    Optional<Script> specific =
        switch (a.state()) {
          case "MASTER" -> n.master();
          case "BACKUP" -> n.backup();
          case "FAULT" -> n.fault();
          case "STOP" -> n.stop();
          default -> Optional.empty();
        };
    List<String> args = List.of(a.kind(), a.name(), a.state(), Integer.toString(a.priority()));
    specific.ifPresent(s -> submit(s.argv()));
    n.any()
        .ifPresent(
            s -> {
              List<String> argv = new ArrayList<>(s.argv());
              argv.addAll(args);
              submit(argv);
            });
  }

  private void submit(List<String> argv) {
    try {
      notifier.execute(() -> exec(argv));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.warn("notify {} not run: shutting down", argv);
    }
  }

  private static void exec(List<String> argv) {
    try {
      Process p =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      p.getOutputStream().close();
      if (!p.waitFor(NOTIFY_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        log.warn("notify {} timed out after {} ms", argv, NOTIFY_TIMEOUT_MS);
      } else if (p.exitValue() != 0) {
        log.warn("notify {} exited {}", argv, p.exitValue());
      }
    } catch (java.io.IOException e) {
      log.warn("notify {}: {}", argv, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemonThread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
