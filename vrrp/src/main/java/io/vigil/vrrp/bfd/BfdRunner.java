package io.vigil.vrrp.bfd;

import io.vigil.kernel.socket.UdpSocket;
import io.vigil.kernel.socket.Wakeup;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sockets and the thread of the BFD sessions ({@link BfdSession}), as keepalived 2.2.7's BFD
 * process has them (bfd_scheduler.c): one UDP socket on port 3784 for IPv4 and IPv6 receives every
 * session's packets, with their TTL / hop limit (a packet whose TTL fell by more than {@code
 * max_hops} below the session's {@code ttl} is dropped: RFC 5881's 255 check by default); each
 * session sends from its own socket, bound to its {@code source_ip} on a port from 49152 up, with
 * its TTL. A packet is the session's whose discriminator it names, or, naming none, the session of
 * its source address. Changes of Up go to the {@link Listener}.
 */
public final class BfdRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BfdRunner.class);

  public static final int CONTROL_PORT = 3784;
  static final int FIRST_SOURCE_PORT = 49152;
  static final int LAST_SOURCE_PORT = 65535;

  /**
   * How long the thread waits when no session's timer is sooner: {@link #apply} and {@link #close}
   * wake it, so only a safety net (it waited 100 ms, to take up an apply that soon).
   */
  static final long IDLE_WAIT_NS = 1_000_000_000L;

  /** How long the thread rests at most after its socket failed to receive (at once, maybe). */
  static final long RECEIVE_REST_NS = 500_000_000L;

  /**
   * A {@code bfd_instance}: its timers, its neighbour and source, the TTL / hop limit it sends and
   * how far below it a received one may be ({@code max_hops}; 255: not checked).
   */
  public record SessionSpec(
      BfdSession.Config timers, InetAddress neighbour, InetAddress source, int ttl, int maxHops) {
    public String name() {
      return timers.name();
    }
  }

  /**
   * A session as {@code /status} shows it: its state (RFC 5880's name), neighbour, detection time
   * and transmit interval now (µs; 0 before the neighbour's first packet).
   */
  public record SessionState(
      String name, String neighbour, String state, long detectionTimeUs, long transmitIntervalUs) {}

  /** Told when a session goes Up ({@code up}) or leaves Up, on the BFD thread. */
  public interface Listener {
    void changed(String name, boolean up);
  }

  private static final class Live {
    final SessionSpec spec;
    final BfdSession session;
    UdpSocket out;
    boolean sendFailed;

    Live(SessionSpec spec, BfdSession session) {
      this.spec = spec;
      this.session = session;
    }
  }

  private final Listener listener;
  private final Runnable onThreadStart;
  private final int port;
  private final long idleWaitNs;
  private final Random random = new Random();
  private final Map<String, Live> sessions = new LinkedHashMap<>(); // the thread's
  private final ConcurrentLinkedQueue<List<SessionSpec>> applies = new ConcurrentLinkedQueue<>();
  private final byte[] buf = new byte[2048];
  private final byte[] sendBuf = new byte[BfdControl.LENGTH];
  private final UdpSocket.Received info = new UdpSocket.Received();
  private final List<BfdSession.Effect> effects = new ArrayList<>();
  private volatile List<SessionState> view = List.of();
  private UdpSocket in;
  private Wakeup wakeup; // ends the thread's wait: an apply queued, or the close
  private Thread thread;
  private volatile boolean running;
  private boolean receiveFailing; // the thread's: since the last failure, nothing received
  private volatile long receiveFailures;
  private long dropped;

  public BfdRunner(Listener listener) {
    this(listener, () -> {});
  }

  /**
   * With {@code onThreadStart} run first on the BFD thread (its scheduling: keepalived's {@code
   * bfd_priority}, {@code bfd_rt_priority}, {@code bfd_cpu_affinity}).
   */
  public BfdRunner(Listener listener, Runnable onThreadStart) {
    this(listener, onThreadStart, CONTROL_PORT, IDLE_WAIT_NS);
  }

  /** On {@code port} (0: any), waiting at most {@code idleWaitNs} when no timer is sooner. */
  BfdRunner(Listener listener, Runnable onThreadStart, int port, long idleWaitNs) {
    this.listener = listener;
    this.onThreadStart = onThreadStart;
    this.port = port;
    this.idleWaitNs = idleWaitNs;
  }

  /**
   * Runs these sessions from now on: an unchanged one keeps its state, a changed one starts again,
   * one no longer there stops. Starts the thread (and opens port 3784) the first time.
   */
  public synchronized void apply(List<SessionSpec> specs) {
    if (thread == null) {
      // both throw before anything is queued, and leave nothing open
      UdpSocket listening = UdpSocket.listen(port);
      wakeup = Wakeup.open(listening::close);
      in = listening;
      in.wakeUpWith(wakeup);
    }
    applies.add(List.copyOf(specs));
    wakeup.wake();
    if (thread == null) {
      running = true;
      thread = new Thread(this::run, "bfd");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** The sessions now (as of the BFD thread's last change of one). */
  public List<SessionState> sessions() {
    return view;
  }

  /** Publishes the sessions when one of them changed since the last time (no garbage if not). */
  private void publishIfChanged() {
    List<SessionState> v = view;
    if (v.size() != sessions.size()) {
      publish();
      return;
    }
    int i = 0;
    for (Live l : sessions.values()) {
      SessionState was = v.get(i++);
      if (!was.name().equals(l.spec.name())
          || !was.state().equals(BfdControl.stateName(l.session.localState()))
          || was.detectionTimeUs() != l.session.detectionTimeUs()
          || was.transmitIntervalUs() != l.session.transmitIntervalUs()) {
        publish();
        return;
      }
    }
  }

  private void publish() {
    List<SessionState> out = new ArrayList<>();
    for (Live l : sessions.values()) {
      out.add(
          new SessionState(
              l.spec.name(),
              l.spec.neighbour().getHostAddress(),
              BfdControl.stateName(l.session.localState()),
              l.session.detectionTimeUs(),
              l.session.transmitIntervalUs()));
    }
    view = List.copyOf(out);
  }

  /**
   * Whether the session is Up, as of the BFD thread's last change of one ({@link #sessions}); empty
   * for an unknown session (or one not started yet).
   */
  public Optional<Boolean> known(String name) {
    for (SessionState x : view) {
      if (x.name().equals(name)) {
        return Optional.of(x.state().equals(BfdControl.stateName(BfdControl.UP)));
      }
    }
    return Optional.empty();
  }

  private void run() {
    onThreadStart.run();
    while (running) {
      for (List<SessionSpec> a = applies.poll(); a != null; a = applies.poll()) {
        reconcile(a);
      }
      long now = System.nanoTime();
      long next = now + idleWaitNs;
      for (Live l : sessions.values()) {
        long d = l.session.nextDeadlineNs();
        if (d - next < 0) {
          next = d;
        }
      }
      int n;
      try {
        n = in.receiveWithin(buf, next - now, info);
        if (receiveFailing) {
          receiveFailing = false;
          log.info("BFD: receiving again");
        }
      } catch (RuntimeException e) {
        if (!running) {
          break; // closed under the wait
        }
        receiveFailures++;
        if (!receiveFailing) {
          receiveFailing = true;
          log.warn(
              "BFD: receiving failed: {} (trying again at each timer, at least every {} ms)",
              e.getMessage(),
              RECEIVE_REST_NS / 1_000_000);
        }
        // the socket failing at once must not spin the thread, nor keep the timers from running
        LockSupport.parkNanos(Math.min(next - now, RECEIVE_REST_NS));
        n = -1;
      }
      now = System.nanoTime();
      if (n > 0) {
        receive(n, now);
      }
      for (Live l : sessions.values()) {
        if (l.session.nextDeadlineNs() - now <= 0) {
          l.session.onTimer(now, effects);
          apply(l, effects);
        }
      }
      publishIfChanged();
    }
  }

  private void reconcile(List<SessionSpec> specs) {
    Set<String> wanted = new HashSet<>();
    for (SessionSpec s : specs) {
      wanted.add(s.name());
      Live l = sessions.get(s.name());
      if (l != null && l.spec.equals(s)) {
        continue;
      }
      if (l != null) {
        stop(l);
        log.info("({}) BFD instance changed: starting it again", s.name());
      }
      Live fresh = new Live(s, new BfdSession(s.timers(), this::discriminator, this::jitter));
      sessions.put(s.name(), fresh);
      openOut(fresh);
      fresh.session.start(System.nanoTime(), effects);
      apply(fresh, effects);
    }
    for (Live l : new ArrayList<>(sessions.values())) {
      if (!wanted.contains(l.spec.name())) {
        stop(l);
        sessions.remove(l.spec.name());
      }
    }
    publish();
  }

  private void openOut(Live l) {
    try {
      l.out =
          UdpSocket.sender(
              l.spec.neighbour(),
              l.spec.source(),
              l.spec.ttl(),
              FIRST_SOURCE_PORT,
              LAST_SOURCE_PORT,
              FIRST_SOURCE_PORT + random.nextInt(LAST_SOURCE_PORT - FIRST_SOURCE_PORT + 1));
    } catch (RuntimeException e) {
      log.warn(
          "({}) BFD: cannot open the socket to {}: {}",
          l.spec.name(),
          l.spec.neighbour(),
          e.getMessage());
    }
  }

  private void stop(Live l) {
    if (l.out != null) {
      l.out.close();
    }
    if (l.session.up()) {
      listener.changed(l.spec.name(), false);
    }
  }

  private long discriminator() {
    while (true) {
      long d = random.nextInt() & 0xffffffffL;
      if (d != 0
          && sessions.values().stream().noneMatch(l -> l.session.localDiscriminator() == d)) {
        return d;
      }
    }
  }

  private long jitter(long bound) {
    return bound <= 0 ? 0 : (long) (random.nextDouble() * (bound + 1));
  }

  private void receive(int n, long now) {
    BfdControl p = BfdControl.decode(buf, 0, n);
    String problem = p == null ? "too short: " + n + " bytes" : p.problem(n);
    if (problem != null) {
      drop("bogus packet from " + info.source().getHostAddress() + ": " + problem);
      return;
    }
    Live l = null;
    for (Live c : sessions.values()) {
      if (p.yourDiscriminator() != 0
          ? c.session.localDiscriminator() == p.yourDiscriminator()
          : c.spec.neighbour().equals(info.source())
              && (c.spec.source() == null
                  || info.destination() == null
                  || c.spec.source().equals(info.destination()))) {
        l = c;
        break;
      }
    }
    if (l == null) {
      drop(
          "packet from "
              + info.source().getHostAddress()
              + " (session is not found - your discriminator field is "
              + String.format("0x%08x", p.yourDiscriminator())
              + ")");
      return;
    }
    int ttl = info.ttl();
    if (l.spec.maxHops() != 255 && ttl > 0 && l.spec.maxHops() + ttl < l.spec.ttl()) {
      drop(
          "packet from "
              + info.source().getHostAddress()
              + ": ttl "
              + ttl
              + " < "
              + (l.spec.ttl() - l.spec.maxHops()));
      return;
    }
    l.session.onPacket(p, now, effects);
    apply(l, effects);
  }

  private void drop(String why) {
    dropped++;
    if (log.isDebugEnabled() || dropped == 1) {
      log.info("BFD: discarding {}", why);
    }
  }

  private void apply(Live l, List<BfdSession.Effect> out) {
    for (BfdSession.Effect e : out) {
      if (e instanceof BfdSession.Effect.Send s) {
        send(l, s.packet());
      } else if (e instanceof BfdSession.Effect.Changed c) {
        if (c.up()) {
          log.info(c.log());
        } else {
          log.warn(c.log());
        }
        publish(); // known() says it before the listener hears it: it may read known()
        listener.changed(l.spec.name(), c.up());
      } else if (e instanceof BfdSession.Effect.Log g) {
        log.info(g.line());
      }
    }
    out.clear();
  }

  private void send(Live l, BfdControl p) {
    if (l.out == null) {
      openOut(l);
      if (l.out == null) {
        return;
      }
    }
    int n = p.encode(sendBuf, 0);
    try {
      l.out.send(sendBuf, n, l.spec.neighbour(), CONTROL_PORT);
      l.sendFailed = false;
    } catch (RuntimeException e) {
      if (!l.sendFailed) {
        log.warn("({}) Error sending packet: {}", l.spec.name(), e.getMessage());
        l.sendFailed = true;
      }
    }
  }

  /** How many times receiving failed (the thread rested after each). */
  long receiveFailures() {
    return receiveFailures;
  }

  /** The socket on port 3784, for tests that break it. */
  UdpSocket input() {
    return in;
  }

  /** Stops the thread and closes every socket (the neighbours see the sessions expire). */
  @Override
  public synchronized void close() {
    running = false;
    if (wakeup != null) {
      wakeup.wake();
    }
    if (thread != null) {
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
    for (Live l : sessions.values()) {
      if (l.out != null) {
        l.out.close();
      }
    }
    sessions.clear();
    if (in != null) {
      in.close();
      in = null;
    }
    if (wakeup != null) {
      wakeup.close();
      wakeup = null;
    }
  }
}
