package io.vigil.healthcheck.net;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.CheckerRef;
import io.vigil.healthcheck.HealthEvent;
import io.vigil.healthcheck.HealthListener;
import io.vigil.healthcheck.core.HealthCore;
import io.vigil.healthcheck.spec.CheckerSpec;
import io.vigil.healthcheck.spec.DnsCheckSpec;
import io.vigil.healthcheck.spec.FileCheckSpec;
import io.vigil.healthcheck.spec.HttpCheckSpec;
import io.vigil.healthcheck.spec.MiscCheckSpec;
import io.vigil.healthcheck.spec.PingCheckSpec;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.healthcheck.spec.SmtpCheckSpec;
import io.vigil.healthcheck.spec.TcpCheckSpec;
import io.vigil.healthcheck.spec.UdpCheckSpec;
import io.vigil.kernel.process.ScriptRunner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Drives the pure {@link HealthCore} with real checkers: one event loop of the shared group is the
 * control loop (it alone touches the core and calls the listener); network checks run on the group,
 * scripts in the {@link ScriptRunner}. One timer, re-armed for the earliest due check.
 *
 * <p>A guard turns a check that never reports (a checker bug) into a failure after its own timeouts
 * plus a margin, so a real server can never be stuck in flight: one sweep a second over the checks
 * launched since, not a timer per check.
 */
public final class HealthEngine implements AutoCloseable {
  /** Engine settings: event loop threads, the script limit, the clock and the warmup randomness. */
  public record Options(
      int ioThreads,
      int maxScripts,
      LongSupplier nanoClock,
      Random warmupRandom,
      java.util.function.Consumer<java.util.concurrent.ScheduledExecutorService> threadStart,
      java.util.function.Function<String, java.util.Optional<Boolean>> bfdSessions,
      boolean bfdNotRun) {
    public Options(int ioThreads, int maxScripts, LongSupplier nanoClock, Random warmupRandom) {
      this(
          ioThreads,
          maxScripts,
          nanoClock,
          warmupRandom,
          loop -> {},
          name -> java.util.Optional.empty(),
          false);
    }

    public static Options defaults() {
      return new Options(1, 8, System::nanoTime, new Random());
    }

    /**
     * The same options, with {@code r} run first on each of the engine's event loop threads, given
     * that loop to schedule on (the daemon sets {@code checker_priority} / {@code
     * checker_rt_priority} there, and {@code max_auto_priority}'s lateness probe).
     */
    public Options withThreadStart(
        java.util.function.Consumer<java.util.concurrent.ScheduledExecutorService> r) {
      return new Options(ioThreads, maxScripts, nanoClock, warmupRandom, r, bfdSessions, bfdNotRun);
    }

    /**
     * The same options, with the BFD sessions' states ({@code BFD_CHECK}: Up, not Up, or empty for
     * a session that does not run) asked of {@code sessions}.
     */
    public Options withBfdSessions(
        java.util.function.Function<String, java.util.Optional<Boolean>> sessions) {
      return new Options(
          ioThreads, maxScripts, nanoClock, warmupRandom, threadStart, sessions, bfdNotRun);
    }

    /**
     * The same options, with no BFD run at all ({@code vigil run -B}, keepalived's {@code
     * --no_bfd}): a {@code BFD_CHECK} keeps its initial state, up or, with {@code alpha}, down
     * (keepalived's checker that no BFD event reaches).
     */
    public Options withBfdNotRun() {
      return new Options(
          ioThreads, maxScripts, nanoClock, warmupRandom, threadStart, bfdSessions, true);
    }
  }

  private static final long GUARD_MARGIN_NS = TimeUnit.SECONDS.toNanos(5);
  private static final long GUARD_SWEEP_MS = 1_000;

  private final Transport transport;
  private final boolean ownsTransport;
  private final EventLoop control;
  private final ScriptRunner scripts;
  private final HealthListener listener;
  private final LongSupplier clock;
  private final Random warmupRandom;
  private final TlsContexts tls = new TlsContexts();
  private final java.util.concurrent.ExecutorService files =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "vigil-file-check");
            t.setDaemon(true);
            return t;
          });
  private static final long HEARTBEAT_MS = 1_000;
  private HealthCore core;
  private Map<CheckerRef, Checker> checkers = new HashMap<>();
  private final AtomicLong checksDone = new AtomicLong();
  private final CompletableFuture<Void> settled = new CompletableFuture<>();
  private ScheduledFuture<?> timer;
  private long timerDueNs;
  private boolean stopped;
  private boolean started; // control loop only: the initial verdicts are out, the checks began
  // the loops' heartbeats and the guard's sweep, cancelled at close
  private final List<io.netty.util.concurrent.ScheduledFuture<?>> heartbeats = new ArrayList<>();
  private final java.util.ArrayDeque<Launch> inFlight = new java.util.ArrayDeque<>(); // sweep()
  private volatile AtomicLongArray lastTurns; // per event loop of the transport, once started
  private final java.util.function.Function<String, java.util.Optional<Boolean>> bfdSessions;
  private final boolean bfdNotRun;

  /** An engine on its own transport. */
  public HealthEngine(List<RealServerSpec> servers, HealthListener listener, Options options) {
    this(servers, listener, options, Transport.create(options.ioThreads()), true);
  }

  /** An engine on a shared transport (closed by its owner). */
  public HealthEngine(
      List<RealServerSpec> servers, HealthListener listener, Options options, Transport transport) {
    this(servers, listener, options, transport, false);
  }

  private HealthEngine(
      List<RealServerSpec> servers,
      HealthListener listener,
      Options options,
      Transport transport,
      boolean ownsTransport) {
    this.transport = transport;
    this.ownsTransport = ownsTransport;
    for (io.netty.util.concurrent.EventExecutor loop : transport.group()) {
      loop.execute(() -> options.threadStart().accept(loop));
    }
    this.control = transport.group().next();
    this.scripts = new ScriptRunner(options.maxScripts(), control);
    this.listener = listener;
    this.clock = options.nanoClock();
    this.warmupRandom = options.warmupRandom();
    this.bfdSessions = options.bfdSessions();
    this.bfdNotRun = options.bfdNotRun();
    this.core = new HealthCore(servers, clock.getAsLong(), warmupRandom);
    for (CheckerRef ref : core.checkers()) {
      checkers.put(ref, create(core.spec(ref), tls));
    }
  }

  /**
   * Applies a new configuration by identity ({@link HealthCore#reload}): unchanged checkers keep
   * their state and their schedule; the changed verdicts are delivered. Returns when applied.
   */
  public void reload(List<RealServerSpec> servers) {
    reload(servers, Set.of());
  }

  /**
   * As {@link #reload(List)}, with the checkers of exactly {@code suspended} (real server ids)
   * suspended from the same moment ({@link HealthCore#suspendOnly}): a new checker of a suspended
   * real server never runs a check in between. Each checker whose suspension changed is reported.
   */
  public void reload(List<RealServerSpec> servers, Set<String> suspended) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    control.execute(
        () -> {
          try {
            long now = clock.getAsLong();
            HealthCore.Reloaded r = HealthCore.reload(core, servers, now, warmupRandom);
            List<HealthEvent.CheckerSuspended> suspensions = r.core().suspendOnly(suspended, now);
            Map<CheckerRef, Checker> next = new HashMap<>();
            for (CheckerRef ref : r.core().checkers()) {
              Checker kept =
                  core.has(ref) && core.spec(ref).equals(r.core().spec(ref))
                      ? checkers.get(ref)
                      : null;
              next.put(ref, kept != null ? kept : create(r.core().spec(ref), tls));
            }
            core = r.core();
            checkers = next;
            if (timer != null) {
              timer.cancel(false);
              timer = null;
            }
            for (HealthEvent e : r.events()) {
              deliver(e);
            }
            suspensions.forEach(this::deliver);
            arm();
            done.complete(null);
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    done.orTimeout(10, TimeUnit.SECONDS).join();
  }

  private Checker create(CheckerSpec spec, TlsContexts tls) {
    if (spec instanceof TcpCheckSpec t) {
      return new TcpChecker(t, transport);
    }
    if (spec instanceof HttpCheckSpec h) {
      return new HttpChecker(h, transport, tls);
    }
    if (spec instanceof SmtpCheckSpec s) {
      return new SmtpChecker(s, transport);
    }
    if (spec instanceof UdpCheckSpec u) {
      return new UdpChecker(u, transport);
    }
    if (spec instanceof DnsCheckSpec d) {
      return new DnsChecker(d, transport);
    }
    if (spec instanceof FileCheckSpec f) {
      return new FileChecker(f, files);
    }
    if (spec instanceof PingCheckSpec p) {
      return new PingChecker(p, transport);
    }
    if (spec instanceof io.vigil.healthcheck.spec.BfdCheckSpec b) {
      return new BfdChecker(b, bfdNotRun ? null : bfdSessions);
    }
    return new MiscChecker((MiscCheckSpec) spec, scripts);
  }

  /**
   * Runs the checks of the checkers {@code which} selects now rather than at their turn: what they
   * follow changed (the daemon calls it when a BFD session goes up or down, so a BFD_CHECK answers
   * at once, as keepalived's is told of the change). Returns at once.
   */
  public void checkNow(java.util.function.Predicate<CheckerSpec> which) {
    control.execute(
        () -> {
          if (!started || stopped || core.dueNow(which, clock.getAsLong()) == 0) {
            return;
          }
          if (timer != null) {
            timer.cancel(false);
            timer = null;
          }
          tick();
        });
  }

  /** Reports every real server's initial verdict, then starts checking. */
  public void start() {
    start(Set.of());
  }

  /**
   * As {@link #start()}, with the checkers of {@code suspended} (real server ids) suspended before
   * any check runs (not reported: the caller knows what it asked for).
   */
  public void start(Set<String> suspended) {
    List<io.netty.util.concurrent.EventExecutor> loops = new ArrayList<>();
    transport.group().forEach(loops::add);
    AtomicLongArray turns = new AtomicLongArray(loops.size());
    long now = System.nanoTime();
    for (int i = 0; i < loops.size(); i++) {
      int at = i;
      turns.set(at, now);
      heartbeats.add(
          loops
              .get(at)
              .scheduleAtFixedRate(
                  () -> turns.set(at, System.nanoTime()),
                  HEARTBEAT_MS,
                  HEARTBEAT_MS,
                  TimeUnit.MILLISECONDS));
    }
    lastTurns = turns;
    heartbeats.add(
        control.scheduleAtFixedRate(
            this::sweep, GUARD_SWEEP_MS, GUARD_SWEEP_MS, TimeUnit.MILLISECONDS));
    control.execute(
        () -> {
          long atNs = clock.getAsLong();
          core.suspendOnly(suspended, atNs);
          for (HealthEvent e : core.initialVerdicts(atNs)) {
            deliver(e);
          }
          started = true;
          tick();
        });
  }

  /**
   * Suspends the checkers of exactly these real servers and resumes every other one (keepalived's
   * {@code ha_suspend}; {@link HealthCore#suspendOnly}); each checker that changed is reported to
   * the listener. Calls apply in the order they are made.
   */
  public void suspendOnly(Set<String> realServerIds) {
    Set<String> ids = Set.copyOf(realServerIds);
    control.execute(
        () -> {
          if (!stopped) {
            core.suspendOnly(ids, clock.getAsLong()).forEach(this::deliver);
          }
        });
  }

  /**
   * Completes once every checker ran at least once and none waits on a retry: every real server has
   * a considered verdict ({@code vigil checks --once}). Never completes for a real server set
   * without checkers; callers bound their wait.
   */
  public CompletableFuture<Void> whenSettled() {
    return settled.copy();
  }

  /**
   * How long the most delayed of the transport's event loops has gone without running its heartbeat
   * (every {@value #HEARTBEAT_MS} ms), at {@code nowNs} ({@link System#nanoTime()}); 0 before
   * {@link #start()} and after {@link #close()}. A loop blocked by a checker that should never
   * block shows here first: the daemon's watchdog keep-alive reads it.
   */
  public long quietForNs(long nowNs) {
    AtomicLongArray turns = lastTurns;
    long worst = 0;
    if (turns != null) {
      for (int i = 0; i < turns.length(); i++) {
        worst = Math.max(worst, nowNs - turns.get(i) - HEARTBEAT_MS * 1_000_000L);
      }
    }
    return Math.max(0, worst);
  }

  /** Checks finished so far (all checkers). */
  public long checksDone() {
    return checksDone.get();
  }

  /** The transport in use (epoll or NIO, and why). */
  public Transport transport() {
    return transport;
  }

  private void tick() {
    if (stopped) {
      return;
    }
    timer = null;
    long now = clock.getAsLong();
    for (CheckerRef ref : core.dueWithin(now)) {
      launch(ref, now);
    }
    arm();
  }

  private void launch(CheckerRef ref, long nowNs) {
    long guardNs = guardNs(core.spec(ref));
    Launch launch = new Launch(ref, nowNs + guardNs, guardNs);
    inFlight.add(launch);
    try {
      checkers.get(ref).check(launch);
    } catch (RuntimeException e) {
      report(launch, CheckResult.down("checker failed: " + e));
    }
  }

  /**
   * One check under way: its checker reports here, once ({@link #report} keeps the first of the
   * checker's and the guard's). Touched on the control loop only.
   */
  private final class Launch implements java.util.function.Consumer<CheckResult> {
    final CheckerRef ref;
    final long guardDueNs;
    final long guardNs;
    boolean reported;

    Launch(CheckerRef ref, long guardDueNs, long guardNs) {
      this.ref = ref;
      this.guardDueNs = guardDueNs;
      this.guardNs = guardNs;
    }

    @Override
    public void accept(CheckResult r) {
      if (control.inEventLoop()) {
        report(this, r);
      } else {
        control.execute(() -> report(this, r));
      }
    }
  }

  /**
   * The guard, for every check at once rather than a timer each: every {@value #GUARD_SWEEP_MS} ms
   * the checks launched since are looked at; one that has not answered by its guard's time is
   * reported down (at most that much after it), the others leave the list.
   */
  private void sweep() {
    if (stopped) {
      return;
    }
    long now = clock.getAsLong();
    for (java.util.Iterator<Launch> it = inFlight.iterator(); it.hasNext(); ) {
      Launch l = it.next();
      if (l.reported) {
        it.remove();
      } else if (now - l.guardDueNs >= 0) {
        it.remove();
        report(l, CheckResult.down("checker did not answer within " + Durations.text(l.guardNs)));
      }
    }
  }

  /** Test hook: the checker of {@code ref} from now on (on the control loop). */
  void replaceChecker(CheckerRef ref, Checker checker) {
    control.submit(() -> checkers.put(ref, checker)).syncUninterruptibly();
  }

  private static long guardNs(CheckerSpec spec) {
    long t = spec.timing().connectTimeoutNs();
    if (spec instanceof HttpCheckSpec h) {
      return 2 * t * h.urls().size() + GUARD_MARGIN_NS;
    }
    if (spec instanceof MiscCheckSpec m) {
      return m.timeoutNs() + ScriptRunner.KILL_GRACE_NS + GUARD_MARGIN_NS;
    }
    if (spec instanceof SmtpCheckSpec) {
      return 4 * t + GUARD_MARGIN_NS; // connect, then three answers
    }
    return t + GUARD_MARGIN_NS;
  }

  private void report(Launch launch, CheckResult r) {
    if (stopped || launch.reported) {
      return;
    }
    launch.reported = true;
    CheckerRef ref = launch.ref;
    if (!core.has(ref)) {
      return;
    }
    checksDone.incrementAndGet();
    long now = clock.getAsLong();
    try {
      listener.onCheck(ref, core.spec(ref).kind(), r, now);
    } catch (RuntimeException ex) {
      org.slf4j.LoggerFactory.getLogger(HealthEngine.class)
          .warn("health listener failed on the result of {}", ref, ex);
    }
    for (HealthEvent e : core.onResult(ref, r, now)) {
      deliver(e);
    }
    if (!settled.isDone() && core.settled()) {
      settled.complete(null);
    }
    arm();
  }

  private void arm() {
    long next = core.nextDueNs();
    if (next == Long.MAX_VALUE) {
      return;
    }
    if (timer != null) {
      if (timerDueNs - next <= 0) {
        return;
      }
      timer.cancel(false);
    }
    timerDueNs = next;
    long delay = Math.max(0, next - clock.getAsLong());
    timer = control.schedule(this::tick, delay, TimeUnit.NANOSECONDS);
  }

  private void deliver(HealthEvent e) {
    try {
      listener.onEvent(e);
    } catch (RuntimeException ex) {
      // a listener bug must not stop the checks
      org.slf4j.LoggerFactory.getLogger(HealthEngine.class)
          .warn("health listener failed on {}", e, ex);
    }
  }

  /** Stops checking; with omega, alive servers are reported down. Waits for the control loop. */
  @Override
  public void close() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    control.execute(
        () -> {
          if (!stopped) {
            stopped = true;
            if (timer != null) {
              timer.cancel(false);
            }
            for (HealthEvent e : core.shutdown(clock.getAsLong())) {
              deliver(e);
            }
          }
          done.complete(null);
        });
    done.orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null).join();
    heartbeats.forEach(h -> h.cancel(false));
    lastTurns = null;
    scripts.close();
    files.shutdownNow();
    if (ownsTransport) {
      transport.close();
    }
  }
}
