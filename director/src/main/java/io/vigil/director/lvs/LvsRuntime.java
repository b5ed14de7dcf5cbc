package io.vigil.director.lvs;

import io.vigil.director.reconcile.IpvsKernel;
import io.vigil.director.reconcile.IpvsReconciler;
import io.vigil.director.reconcile.TablePlan;
import io.vigil.director.status.DirectorStatus;
import io.vigil.director.status.Metrics;
import io.vigil.healthcheck.HealthEvent;
import io.vigil.healthcheck.net.HealthEngine;
import io.vigil.healthcheck.spec.CheckerSpec;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.IpvsTable;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IPVS half of the daemon: health checks feed verdicts, one thread (the "lvs" conductor) turns
 * the model and the verdicts into the desired table and reconciles the kernel to it: at once after
 * a verdict changes, with the writes it needs and no dump (the fast pass), and every {@code
 * reconcileIntervalMs} with a dump of the kernel, to repair drift. Everything that touches the
 * verdicts, the quorum memory or the kernel runs on that thread.
 *
 * <p>A reload ({@link #reload}) happens inside the same runtime: the reconciler keeps the services
 * it owns (a virtual server dropped from the configuration is deleted, not left as foreign), the
 * quorum memory is kept, and the health engine reloads by identity, so an unchanged real server
 * keeps its verdict and nothing but the difference is written to the kernel.
 */
public final class LvsRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LvsRuntime.class);

  /** Runtime settings. */
  public record Options(long reconcileIntervalMs, boolean removeForeign) {
    public static Options defaults() {
      return new Options(5_000, false);
    }
  }

  /**
   * Where the verdicts come from: the {@link HealthEngine} in the daemon, a driver of the pure core
   * in tests. Events go to the listener given to the factory.
   */
  public interface HealthSource {
    /**
     * Reports the initial verdicts, then starts checking, with the checkers of {@code suspended}
     * (real server ids, {@code ha_suspend}) suspended from the start.
     */
    void start(Set<String> suspended);

    /**
     * Applies a new set of real servers by identity, with the checkers of exactly {@code suspended}
     * suspended; returns once the changes are delivered.
     */
    void reload(List<RealServerSpec> servers, Set<String> suspended);

    /** Suspends the checkers of exactly these real servers, resumes the others' (in call order). */
    void suspendOnly(Set<String> realServerIds);

    /** Checks finished so far. */
    long checksDone();

    /** Stops checking. */
    void close();

    /** How long the source's loops have gone without turning (0: turning, or not its concern). */
    default long quietForNs(long nowNs) {
      return 0;
    }

    /** Runs the selected checkers' checks now: what they follow changed. */
    default void checkNow(java.util.function.Predicate<CheckerSpec> which) {}
  }

  /**
   * A verdict as the desired table reads it. Its equals is written out: the record's generated one
   * runs through method handles, linked at its first call, and a verdict's first change is the
   * moment that must not wait.
   */
  record Verdict(boolean alive, int weight) {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Verdict v && alive == v.alive && weight == v.weight;
    }

    @Override
    public int hashCode() {
      return 31 * Boolean.hashCode(alive) + weight;
    }
  }

  private final IpvsReconciler reconciler;
  private final Options options;
  private final ScheduledExecutorService conductor;
  private final Map<String, Verdict> verdicts = new ConcurrentHashMap<>();

  /** Bumped after every change of {@link #verdicts}: the desired table's cache key. */
  private final java.util.concurrent.atomic.AtomicLong verdictsChanged =
      new java.util.concurrent.atomic.AtomicLong();

  /** The latest desired table and what it was computed from (conductor thread). */
  private record Computed(
      LvsModel model, long verdicts, Map<String, Boolean> quorum, DesiredTable.Result result) {}

  private Computed computed;
  private final AtomicBoolean reconcilePending = new AtomicBoolean();
  private volatile LvsModel model;
  private volatile Map<String, Boolean> quorum = Map.of();
  private volatile IpvsReconciler.Outcome lastOutcome;
  // each checker's latest result, written on the health loop for every check, read by status()
  private final Map<io.vigil.healthcheck.CheckerRef, LastCheck> lastChecks =
      new ConcurrentHashMap<>();

  // how many checkers each real server has (the status reads its checkers' results by position)
  private volatile Map<String, Integer> checkerCounts = Map.of();

  /**
   * A checker's latest result, at {@link System#currentTimeMillis()} {@code atMs}; {@code order}
   * numbers the results as they came (two in one millisecond are still told apart).
   */
  private record LastCheck(
      io.vigil.healthcheck.spec.CheckerKind kind,
      boolean passed,
      String reason,
      long atMs,
      long order) {}

  private final java.util.concurrent.atomic.AtomicLong checkOrder =
      new java.util.concurrent.atomic.AtomicLong();

  private volatile Map<ServiceKey, IpvsReconciler.Wanted> programmed = Map.of();
  private volatile boolean stopping;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final Metrics.CounterFamily ipvsOps;
  private final Metrics.CounterFamily ipvsErrors;
  private final Metrics.CounterFamily checkFailures;
  private final Metrics.CounterFamily checkerTransitions;
  private final Metrics.CounterFamily serverTransitions;
  private final Metrics.CounterFamily reconcilePasses;
  private volatile HealthSource engine;
  private java.util.function.Supplier<AddressWatch> addressWatches = RtnlAddressWatch::open;
  // nftables_ipvs: where its messages go (opened at the first marks), and its firewall
  private java.util.function.Supplier<io.vigil.netlink.nft.VipFirewall.Kernel> nftKernels =
      io.vigil.netlink.nft.NftClient::open;
  private io.vigil.netlink.nft.VipFirewall.Kernel nftKernel; // conductor thread
  private io.vigil.netlink.nft.IpvsFirewall groupMarks; // conductor thread
  private volatile Suspensions suspensions;
  private final java.util.function.Consumer<LvsNotifications.Run> scripts;
  private volatile java.util.function.Consumer<io.vigil.director.alert.Alert> alerts = a -> {};
  // the last checker change of each real server: what its mail says took it in or out
  private final Map<String, HealthEvent.CheckerChanged> lastChange =
      new java.util.concurrent.ConcurrentHashMap<>();
  private ScheduledFuture<?> periodic;
  private volatile List<LvsNotifications.Run> initialRuns = List.of(); // for the next pass
  private volatile long conductorTurnNs = System.nanoTime();
  private static final long HEARTBEAT_MS = 1_000;

  public LvsRuntime(LvsModel model, IpvsKernel kernel, Options options) {
    this(model, kernel, options, new Metrics());
  }

  /** A runtime that counts what it does on {@code metrics}. */
  public LvsRuntime(LvsModel model, IpvsKernel kernel, Options options, Metrics metrics) {
    this(
        model,
        kernel,
        options,
        metrics,
        run -> {
          if (run.hasScript()) {
            log.warn("{} not run: no script runner", run);
          }
        });
  }

  /**
   * A runtime that hands the notify and quorum scripts to run, and the FIFO lines to write, to
   * {@code scripts} (called from the health and conductor threads; it must not block).
   */
  public LvsRuntime(
      LvsModel model,
      IpvsKernel kernel,
      Options options,
      Metrics metrics,
      java.util.function.Consumer<LvsNotifications.Run> scripts) {
    this.scripts = scripts;
    this.model = model;
    this.options = options;
    this.reconciler = new IpvsReconciler(kernel, options.removeForeign());
    this.reconcilePasses =
        metrics.counter(
            "vigil_ipvs_reconcile_passes_total",
            "Reconcile passes, by whether the kernel already matched",
            "result");
    this.ipvsOps =
        metrics.counter(
            "vigil_ipvs_operations_total", "IPVS operations sent to the kernel, by kind", "op");
    this.ipvsErrors =
        metrics.counter(
            "vigil_ipvs_errors_total", "IPVS operations the kernel refused, by kind", "op");
    this.checkFailures =
        metrics.counter(
            "vigil_health_check_failures_total",
            "Failed checks reported (a retry scheduled, or the failure that took the checker"
                + " down), by checker kind",
            "kind");
    this.checkerTransitions =
        metrics.counter(
            "vigil_health_checker_transitions_total",
            "Checkers going up or down, by checker kind",
            "kind",
            "to");
    this.serverTransitions =
        metrics.counter(
            "vigil_real_server_transitions_total", "Real servers going up or down", "to");
    metrics.collected(
        "vigil_health_checks_total",
        "Checks finished, all checkers",
        Metrics.Type.COUNTER,
        List.of(),
        out -> {
          HealthSource e = engine;
          if (e != null) {
            out.accept(new Metrics.Sample(List.of(), e.checksDone()));
          }
        });
    metrics.collected(
        "vigil_real_servers_checks_suspended",
        "Real servers whose checks are suspended (ha_suspend: their virtual server's address is"
            + " not on this host)",
        Metrics.Type.GAUGE,
        List.of(),
        out -> {
          Suspensions s = suspensions;
          out.accept(new Metrics.Sample(List.of(), s == null ? 0 : s.current().size()));
        });
    this.conductor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vigil-lvs");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Programs the kernel once with every real server at its starting verdict (alive, unless a
   * checker is in alpha mode), then starts the checks and the drift repair. Returns the first
   * pass's outcome.
   */
  public IpvsReconciler.Outcome start(List<RealServerSpec> checks, HealthEngine.Options health) {
    // the IPVS updates are the checker side's too
    conductor.execute(() -> health.threadStart().accept(conductor));
    return start(
        checks,
        listener -> {
          HealthEngine e = new HealthEngine(checks, listener, health);
          return new HealthSource() {
            @Override
            public void start(Set<String> suspended) {
              e.start(suspended);
            }

            @Override
            public void reload(List<RealServerSpec> servers, Set<String> suspended) {
              e.reload(servers, suspended);
            }

            @Override
            public void suspendOnly(Set<String> realServerIds) {
              e.suspendOnly(realServerIds);
            }

            @Override
            public long checksDone() {
              return e.checksDone();
            }

            @Override
            public void close() {
              e.close();
            }

            @Override
            public long quietForNs(long nowNs) {
              return e.quietForNs(nowNs);
            }

            @Override
            public void checkNow(java.util.function.Predicate<CheckerSpec> which) {
              e.checkNow(which);
            }
          };
        });
  }

  /** As {@link #start(List, HealthEngine.Options)}, with the verdicts from {@code source}. */
  public IpvsReconciler.Outcome start(
      List<RealServerSpec> checks,
      java.util.function.Function<io.vigil.healthcheck.HealthListener, HealthSource> source) {
    seedVerdicts(checks);
    initialRuns = LvsNotifications.initial(model, Set.of(), this::isAlive);
    IpvsReconciler.Outcome first =
        call(
            () -> {
              applyMarks(model.groupMarks());
              return reconcileNow();
            });
    conductor.execute(this::rehearse); // before any verdict's pass: the checks start below
    HealthSource e =
        source.apply(
            new io.vigil.healthcheck.HealthListener() {
              @Override
              public void onEvent(HealthEvent event) {
                onHealth(event);
              }

              @Override
              public void onCheck(
                  io.vigil.healthcheck.CheckerRef checker,
                  io.vigil.healthcheck.spec.CheckerKind kind,
                  io.vigil.healthcheck.CheckResult result,
                  long atNs) {
                if (!stopping) {
                  lastChecks.put(
                      checker,
                      new LastCheck(
                          kind,
                          result.up(),
                          result.reason(),
                          System.currentTimeMillis(),
                          checkOrder.incrementAndGet()));
                }
              }
            });
    engine = e;
    suspensions = new Suspensions(addressWatches);
    suspensions.start(model, checks, e::start, e::suspendOnly);
    periodic =
        conductor.scheduleWithFixedDelay(
            this::reconcileNow,
            options.reconcileIntervalMs(),
            options.reconcileIntervalMs(),
            TimeUnit.MILLISECONDS);
    conductorTurnNs = System.nanoTime();
    conductor.scheduleAtFixedRate(
        () -> conductorTurnNs = System.nanoTime(),
        HEARTBEAT_MS,
        HEARTBEAT_MS,
        TimeUnit.MILLISECONDS);
    return first;
  }

  private void seedVerdicts(List<RealServerSpec> checks) {
    checkerCounts = checkerCounts(checks);
    for (RealServerSpec s : checks) {
      boolean alpha = false;
      for (CheckerSpec c : s.checkers()) {
        alpha |= c.timing().alpha();
      }
      verdicts.putIfAbsent(s.id(), new Verdict(!alpha, s.weight()));
      verdictsChanged.incrementAndGet();
    }
  }

  /**
   * Applies a new configuration in place: the new model, the health engine reloaded by identity
   * (unchanged real servers keep their verdicts; new ones start at their initial verdict; one whose
   * checkers changed starts afresh), then one pass, which writes only the difference and deletes
   * the services the new model no longer has. Returns that pass's outcome.
   */
  public IpvsReconciler.Outcome reload(LvsModel next, List<RealServerSpec> checks) {
    Set<String> ids = new HashSet<>();
    Map<io.vigil.healthcheck.CheckerRef, io.vigil.healthcheck.spec.CheckerKind> checkers =
        new java.util.HashMap<>();
    for (RealServerSpec s : checks) {
      ids.add(s.id());
      for (int i = 0; i < s.checkers().size(); i++) {
        checkers.put(new io.vigil.healthcheck.CheckerRef(s.id(), i), s.checkers().get(i).kind());
      }
    }
    seedVerdicts(checks);
    HealthSource e = engine;
    if (e != null) {
      suspensions.reload(next, suspended -> e.reload(checks, suspended));
    }
    return call(
        () -> {
          runScripts(LvsNotifications.reloaded(model, next, this::isAlive, quorum));
          Set<String> known = LvsNotifications.servers(model);
          model = next;
          verdicts.keySet().retainAll(ids);
          verdictsChanged.incrementAndGet();
          // a checker the reload removed, or another kind in its place, has no result yet
          lastChecks.entrySet().removeIf(c -> checkers.get(c.getKey()) != c.getValue().kind());
          lastChange.keySet().retainAll(ids);
          // rs_init_notifies: a real server the reload adds to the pool, once it is there
          initialRuns = LvsNotifications.initial(next, known, this::isAlive);
          applyMarks(next.groupMarks());
          return reconcileNow();
        });
  }

  /**
   * Where nftables_ipvs's messages go (a netfilter netlink socket by default; a twin in tests).
   * Before {@link #start}.
   */
  public LvsRuntime nftKernel(
      java.util.function.Supplier<io.vigil.netlink.nft.VipFirewall.Kernel> kernels) {
    this.nftKernels = kernels;
    return this;
  }

  /**
   * nftables_ipvs (conductor thread): the groups' marks in the kernel before their fwmark services
   * (keepalived's order). Other settings (a reload changed the table's name, its priority or
   * counters) make the table again: a table of the same name is replaced in the new one's first
   * transaction, one of another name deleted after it; off, the table is deleted. A refusal is
   * logged and the rest goes on: the services are made, and their packets are not marked (as
   * keepalived goes on).
   */
  private void applyMarks(LvsModel.GroupMarks marks) {
    io.vigil.netlink.nft.IpvsFirewall old = groupMarks;
    try {
      if (marks.settings().isEmpty()) {
        if (old != null) {
          groupMarks = null;
          old.close();
          log.info("nftables_ipvs: table {} deleted", old.settings().table());
        }
        return;
      }
      io.vigil.netlink.nft.IpvsFirewall.Settings settings = marks.settings().get();
      io.vigil.netlink.nft.IpvsFirewall fw = old;
      if (fw == null || !fw.settings().equals(settings)) {
        if (nftKernel == null) {
          nftKernel = nftKernels.get();
        }
        fw = new io.vigil.netlink.nft.IpvsFirewall(settings, nftKernel);
      }
      int sent = fw.apply(marks.elements());
      groupMarks = fw;
      if (old != null && old != fw && !old.settings().table().equals(settings.table())) {
        old.close();
      }
      if (sent > 0) {
        log.info(
            "nftables_ipvs: {} group entries marked in table {} ({} changes)",
            fw.elements().size(),
            settings.table(),
            sent);
      }
    } catch (RuntimeException e) {
      log.error(
          "nftables_ipvs: the kernel refused the marks of the virtual server groups: {}",
          e.getMessage());
    }
  }

  /**
   * At the stop (conductor thread): with the IPVS entries removed, the table goes too (keepalived
   * deletes it); kept, it stays, so the kept fwmark services still get their packets.
   */
  private void stopMarks(boolean removeEntries) {
    try {
      if (removeEntries && groupMarks != null) {
        groupMarks.close();
      }
    } catch (RuntimeException e) {
      log.error(
          "nftables_ipvs: deleting table {}: {}", groupMarks.settings().table(), e.getMessage());
    } finally {
      groupMarks = null;
      io.vigil.netlink.nft.VipFirewall.Kernel.close(
          nftKernel, e -> log.debug("closing the nftables socket: {}", e.toString()));
      nftKernel = null;
    }
  }

  /**
   * Where {@code ha_suspend} reads the host's addresses (rtnetlink by default; a twin in tests).
   * Before {@link #start}.
   */
  public LvsRuntime addressWatch(java.util.function.Supplier<AddressWatch> watches) {
    this.addressWatches = watches;
    return this;
  }

  private void onHealth(HealthEvent e) {
    if (stopping) {
      return; // an engine shutting down (omega) must not change the table
    }
    if (e instanceof HealthEvent.CheckerSuspended c) {
      Suspensions s = suspensions;
      String line = s == null ? null : s.line(c);
      if (line != null) {
        log.info("{}", line);
      }
      return;
    }
    if (e instanceof HealthEvent.CheckFailed f) {
      checkFailures.labels(kind(f.kind())).increment();
    } else if (e instanceof HealthEvent.CheckerChanged c) {
      checkerTransitions.labels(kind(c.kind()), c.up() ? "up" : "down").increment();
      if (!c.up()) {
        checkFailures.labels(kind(c.kind())).increment();
      }
      lastChange.put(c.checker().realServerId(), c);
    }
    if (e instanceof HealthEvent.FirstCheckFailed f) {
      String id = f.checker().realServerId();
      runScripts(LvsNotifications.firstCheckFailed(model, id, isAlive(id)));
    }
    if (e instanceof HealthEvent.RealServerChanged c) {
      Verdict v = new Verdict(c.alive(), c.weight());
      Verdict before = verdicts.put(c.realServerId(), v);
      verdictsChanged.incrementAndGet();
      boolean turned = before != null && before.alive() != v.alive();
      if (turned) {
        // handed over before the pass is asked for: a real server's line comes before the
        // quorum lines its verdict causes, as in keepalived
        runScripts(LvsNotifications.server(model, c.realServerId(), before.alive(), v.alive()));
        HealthEvent.CheckerChanged by = lastChange.get(c.realServerId());
        boolean byIt = by != null && by.up() == v.alive();
        LvsAlerts.server(
                model,
                c.realServerId(),
                v.alive(),
                byIt ? by.kind() : null,
                byIt ? by.reason() : c.reason())
            .ifPresent(alerts);
      }
      boolean changed = !v.equals(before);
      if (changed) {
        // before the log line and the counters: the kernel's write waits for neither
        requestReconcile();
      }
      if (turned) {
        serverTransitions.labels(v.alive() ? "up" : "down").increment();
      }
      if (changed) {
        log.info(
            "real server {} is {}{}: {}",
            c.realServerId(),
            c.alive() ? "up" : "down",
            c.alive() ? " (weight " + c.weight() + ")" : "",
            c.reason());
      }
    } else if (e instanceof HealthEvent.CheckFailed f) {
      log.debug("check {} failed ({}/{}): {}", f.checker(), f.retryIt(), f.retry(), f.reason());
    }
  }

  /**
   * The BFD session {@code session} went up or down: the BFD_CHECKs that follow it look at once
   * (keepalived's are told of the change) rather than at their next turn.
   */
  public void bfdChanged(String session) {
    HealthSource e = engine;
    if (e != null && !stopping) {
      e.checkNow(io.vigil.healthcheck.spec.BfdCheckSpec.following(session));
    }
  }

  /** Where alert mail goes ({@code smtp_alert}); nowhere until set. */
  public LvsRuntime alerts(java.util.function.Consumer<io.vigil.director.alert.Alert> sink) {
    this.alerts = sink;
    return this;
  }

  /** The summed weight of a virtual server's live real servers (keepalived's weight_sum). */
  private long liveWeight(LvsModel.VirtualService vs) {
    long sum = 0;
    for (LvsModel.Backend b : vs.backends()) {
      Verdict v = verdicts.get(b.id());
      if (v == null || v.alive()) {
        sum += v == null ? b.base().weight() : v.weight();
      }
    }
    return sum;
  }

  private boolean isAlive(String realServerId) {
    Verdict v = verdicts.get(realServerId);
    return v == null || v.alive();
  }

  /**
   * Hands each transition's script (if any) and FIFO line to the runner given at construction, in
   * order. A loop, not {@code forEach(this::runScript)}: a method reference's call site is linked
   * (a class spun) the first time it runs, and a verdict's runs at their first turn over are on the
   * way to the kernel's write (about 8 ms each in the lab VM).
   */
  private void runScripts(List<LvsNotifications.Run> runs) {
    for (LvsNotifications.Run run : runs) {
      if (run.hasScript()) {
        log.info("running {}: {}", run.why(), run.argv());
      }
      scripts.accept(run);
    }
  }

  private static String kind(Object kind) {
    return kind.toString().toLowerCase(Locale.ROOT);
  }

  /**
   * Asks for a fast pass soon (the writes a verdict needs, no dump: {@link
   * IpvsReconciler#reconcileKnown}); many requests before it runs make one pass.
   */
  public void requestReconcile() {
    if (reconcilePending.compareAndSet(false, true)) {
      conductor.execute(
          () -> {
            reconcilePending.set(false);
            reconcileNow(false);
          });
    }
  }

  private IpvsReconciler.Outcome reconcileNow() {
    return reconcileNow(true);
  }

  /**
   * Walks a verdict's path once at start without writing anything: the desired table with every
   * real server's verdict turned over, planned against the kernel's table, encoded as netlink
   * requests and described as the log would, the notifications it would cause, then an empty fast
   * pass. The first real verdict then finds those classes loaded and their call sites linked
   * (DesiredTable$QuorumChange, TablePlan's operations, the pass's lambda, the delete request's
   * description): in the lab VM a fresh daemon's first two verdicts took 59 and 86 ms from their
   * log line to the kernel's write, the later ones 13-24 ms. Runs on the conductor.
   */
  private void rehearse() {
    try {
      DesiredTable.Result turned = DesiredTable.compute(model, health(true), quorum);
      int described = turned.changes().size();
      List<TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings>> ops =
          reconciler.plan(turned.table());
      reconciler.rehearse(ops);
      for (TablePlan.Op<?, ?, ?, ?> op : ops) {
        described += describe(op).length() + opName(op).length();
      }
      String any = anyRealServer();
      if (any != null) {
        boolean alive = isAlive(any);
        described += LvsNotifications.server(model, any, alive, !alive).size();
      }
      described += LvsNotifications.quorum(model, quorum, turned.quorumUp()).size();
      log.debug("rehearsed a verdict's pass ({})", described);
    } catch (RuntimeException e) {
      log.debug("rehearsing a verdict's pass failed: {}", e.toString());
    }
    requestReconcile(); // the fast pass itself: in step already, it writes nothing
  }

  /**
   * The verdicts as the desired table reads them; {@code turned}: every real server's turned over
   * (and at its configured weight), for the rehearsal.
   */
  private DesiredTable.Health health(boolean turned) {
    return new DesiredTable.Health() {
      @Override
      public boolean alive(String id) {
        return isAlive(id) != turned;
      }

      @Override
      public int weight(String id, int configured) {
        Verdict v = verdicts.get(id);
        return v == null || turned ? configured : v.weight();
      }
    };
  }

  private String anyRealServer() {
    for (LvsModel.VirtualService vs : model.virtualServers()) {
      if (!vs.backends().isEmpty()) {
        return vs.backends().get(0).id();
      }
    }
    return null;
  }

  /**
   * The desired table from the model, the verdicts and the quorum as they are now: the latest one
   * again when none of them changed since (the drift repair's pass every few seconds, which
   * computed it anew for nothing: a fifth of its time in the lab VM's profile, 1,000 real servers).
   */
  private DesiredTable.Result desired() {
    long version = verdictsChanged.get(); // before the verdicts are read: a change after it misses
    LvsModel m = model;
    Map<String, Boolean> q = quorum;
    Computed c = computed;
    if (c != null
        && c.model() == m
        && c.verdicts() == version
        && c.quorum().equals(q)
        && c.result().changes().isEmpty()) {
      return c.result();
    }
    DesiredTable.Result r = DesiredTable.compute(m, health(false), q);
    computed = new Computed(m, version, q, r);
    return r;
  }

  /** A pass: {@code full} dumps the kernel first (start, reload, drift repair). */
  private IpvsReconciler.Outcome reconcileNow(boolean full) {
    if (stopping) {
      // a pass queued behind the stop's (a verdict's, the rehearsal's) would put back what the
      // stop deleted
      return lastOutcome;
    }
    try {
      DesiredTable.Result want = desired();
      Map<String, Boolean> quorumBefore = quorum;
      quorum = want.quorumUp();
      IpvsReconciler.Outcome o;
      try {
        o = full ? reconciler.reconcile(want.table()) : reconciler.reconcileKnown(want.table());
      } finally {
        // after the kernel's write, which must not wait for them, as keepalived does
        for (DesiredTable.QuorumChange q : want.changes()) {
          log.warn(
              "virtual server {} {} its quorum", q.virtualServer(), q.up() ? "regained" : "lost");
        }
        List<LvsNotifications.Run> runs = LvsNotifications.quorum(model, quorumBefore, quorum);
        List<LvsNotifications.Run> added = initialRuns; // rs_init_notifies: RS lines before VS's
        initialRuns = List.of();
        runScripts(added);
        runScripts(runs);
        LvsAlerts.quorum(model, quorumBefore, quorum, this::liveWeight).forEach(alerts);
      }
      report(o);
      count(o);
      programmed = want.table();
      lastOutcome = o;
      return o;
    } catch (RuntimeException e) {
      log.error("IPVS reconcile failed: {}", e.getMessage());
      return null;
    }
  }

  private static void report(IpvsReconciler.Outcome o) {
    for (String line : describe(o.applied())) {
      log.info("ipvs: {}", line);
    }
    for (IpvsReconciler.Failure f : o.failures()) {
      log.warn("ipvs: {} refused: {}", describe(f.op()), f.error().getMessage());
    }
  }

  private void count(IpvsReconciler.Outcome o) {
    reconcilePasses.labels(o.wasInSync() ? "in_sync" : "changed").increment();
    for (TablePlan.Op<?, ?, ?, ?> op : o.applied()) {
      ipvsOps.labels(opName(op)).increment();
    }
    for (IpvsReconciler.Failure f : o.failures()) {
      ipvsErrors.labels(opName(f.op())).increment();
    }
  }

  /**
   * An operation's name in the metrics' labels (AddDestination: add_destination), made once per
   * class: a regular expression per operation and pass cost a fast pass more than its planning
   * (sampled under -Xint, as the lab VM's emulation runs a rarely taken path).
   */
  private static final ClassValue<String> OP_NAMES =
      new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
          return type.getSimpleName()
              .replaceAll("([a-z])([A-Z])", "$1_$2")
              .toLowerCase(Locale.ROOT);
        }
      };

  private static String opName(TablePlan.Op<?, ?, ?, ?> op) {
    return OP_NAMES.get(op.getClass());
  }

  /**
   * A pass's operations as the log tells them: one line each, except that a service added in the
   * pass is one line with the real servers added to it (a start with 1,000 real servers logs one
   * line per virtual server, not one per real server), in the order the pass applied them.
   */
  static List<String> describe(List<? extends TablePlan.Op<?, ?, ?, ?>> applied) {
    // a service's add comes before its destinations' (the kernel needs the service first)
    Map<Object, Line> newServices = new java.util.HashMap<>();
    List<Line> lines = new ArrayList<>();
    for (TablePlan.Op<?, ?, ?, ?> op : applied) {
      if (op instanceof TablePlan.AddDestination<?, ?, ?, ?> a
          && newServices.containsKey(a.service())) {
        newServices.get(a.service()).realServers().add(String.valueOf(a.destination()));
        continue;
      }
      Line line = new Line(describe(op), new ArrayList<>());
      if (op instanceof TablePlan.AddService<?, ?, ?, ?> a) {
        newServices.put(a.service(), line);
      }
      lines.add(line);
    }
    return lines.stream().map(Line::text).toList();
  }

  /** A log line of a pass, with the real servers added to it when it adds a service. */
  private record Line(String head, List<String> realServers) {
    String text() {
      return head
          + switch (realServers.size()) {
            case 0 -> "";
            case 1 -> " with 1 real server: " + realServers.get(0);
            default ->
                " with " + realServers.size() + " real servers: " + String.join(", ", realServers);
          };
    }
  }

  static String describe(TablePlan.Op<?, ?, ?, ?> op) {
    if (op instanceof TablePlan.AddService<?, ?, ?, ?> a) {
      return "added service " + a.service();
    } else if (op instanceof TablePlan.EditService<?, ?, ?, ?> e) {
      return "edited service " + e.service();
    } else if (op instanceof TablePlan.DeleteService<?, ?, ?, ?> d) {
      return "deleted service " + d.service();
    } else if (op instanceof TablePlan.AddDestination<?, ?, ?, ?> a) {
      return "added " + a.destination() + " to " + a.service();
    } else if (op instanceof TablePlan.EditDestination<?, ?, ?, ?> e) {
      return "edited " + e.destination() + " of " + e.service();
    } else if (op instanceof TablePlan.DeleteDestination<?, ?, ?, ?> d) {
      return "removed " + d.destination() + " from " + d.service();
    }
    return op.toString();
  }

  /** Runs one pass now, after any pass already asked for; returns its outcome. */
  public IpvsReconciler.Outcome reconcile() {
    return call(this::reconcileNow);
  }

  /** The outcome of the latest pass (null before the first). */
  public IpvsReconciler.Outcome lastOutcome() {
    return lastOutcome;
  }

  /** The kernel's table as the latest pass dumped it (counters for metrics), or null. */
  public IpvsTable lastDump() {
    return reconciler.lastDump();
  }

  /**
   * The virtual servers as an operator reads them: quorum, and per real server its health, the
   * weight programmed in the kernel (0 when out of the pool) and its last check's result.
   */
  public List<DirectorStatus.VirtualServer> status() {
    LvsModel m = model;
    Map<String, Boolean> q = quorum;
    Map<ServiceKey, IpvsReconciler.Wanted> table = programmed;
    Suspensions sus = suspensions;
    Set<String> suspended = sus == null ? Set.of() : sus.current();
    long nowMs = System.currentTimeMillis();
    List<DirectorStatus.VirtualServer> out = new ArrayList<>();
    for (LvsModel.VirtualService vs : m.virtualServers()) {
      IpvsReconciler.Wanted w = vs.keys().isEmpty() ? null : table.get(vs.keys().get(0));
      Map<DestKey, DestSettings> dests = w == null ? Map.of() : w.destinations();
      List<DirectorStatus.RealServer> rs = new ArrayList<>();
      long upWeight = 0;
      for (LvsModel.Backend b : vs.backends()) {
        Verdict v = verdicts.get(b.id());
        boolean up = v == null || v.alive();
        if (up) {
          upWeight += v == null ? b.base().weight() : v.weight();
        }
        DestSettings d = dests.get(b.destination());
        Checks checks = checks(b.id(), nowMs);
        DirectorStatus.Check latest = checks.latest();
        rs.add(
            new DirectorStatus.RealServer(
                b.destination().toString(),
                up,
                d == null ? 0 : d.weight(),
                latest == null ? "" : latest.text(),
                suspended.contains(b.id()),
                checks.all()));
      }
      // with sorry_server_inhibit the sorry server waits in the kernel at weight 0: not active
      boolean sorry =
          vs.sorry().map(s -> dests.get(s.destination())).map(d -> d.weight() > 0).orElse(false);
      out.add(
          new DirectorStatus.VirtualServer(
              vs.name(),
              (int) Math.min(Integer.MAX_VALUE, upWeight),
              (int) Math.min(Integer.MAX_VALUE, vs.quorum()),
              q.getOrDefault(vs.name(), true),
              sorry,
              rs));
    }
    return out;
  }

  /**
   * A real server's checkers' latest results in configuration order, and the most recent of them
   * (the one that came last; null before the first).
   */
  private record Checks(List<DirectorStatus.Check> all, DirectorStatus.Check latest) {}

  /** Each checker's latest result of this real server ({@link Checks}). */
  private Checks checks(String realServerId, long nowMs) {
    List<DirectorStatus.Check> out = new ArrayList<>();
    DirectorStatus.Check latest = null;
    long latestOrder = Long.MIN_VALUE;
    int n = checkerCounts.getOrDefault(realServerId, 0);
    for (int i = 0; i < n; i++) {
      LastCheck c = lastChecks.get(new io.vigil.healthcheck.CheckerRef(realServerId, i));
      if (c == null) {
        continue; // not run yet
      }
      DirectorStatus.Check shown =
          new DirectorStatus.Check(
              c.kind().toString(),
              c.passed(),
              c.reason(),
              java.time.Instant.ofEpochMilli(c.atMs()).toString(),
              Math.max(0, (nowMs - c.atMs()) / 1000));
      out.add(shown);
      if (c.order() > latestOrder) {
        latest = shown;
        latestOrder = c.order();
      }
    }
    return new Checks(out, latest);
  }

  private static Map<String, Integer> checkerCounts(List<RealServerSpec> checks) {
    Map<String, Integer> out = new java.util.HashMap<>();
    for (RealServerSpec s : checks) {
      out.put(s.id(), s.checkers().size());
    }
    return Map.copyOf(out);
  }

  /**
   * How long each of this runtime's loops has gone without turning, at {@code nowNs} ({@link
   * System#nanoTime()}): the IPVS conductor (a pass that never ends, or drift repair that died,
   * shows here) and the health checks' event loops. Read by the daemon's watchdog keep-alive.
   */
  public Map<String, Long> quietForNs(long nowNs) {
    if (stopping || periodic == null) {
      return Map.of();
    }
    long conductorQuiet =
        periodic.isDone()
            ? Long.MAX_VALUE // drift repair stopped: only an Error escaping a pass does that
            : Math.max(0, nowNs - conductorTurnNs - HEARTBEAT_MS * 1_000_000L);
    HealthSource e = engine;
    return Map.of(
        "the IPVS conductor",
        conductorQuiet,
        "the health checks' event loops",
        e == null ? 0 : e.quietForNs(nowNs));
  }

  /** Quorum state per virtual server. */
  public Map<String, Boolean> quorum() {
    return quorum;
  }

  /** The current verdict of a real server, or null. */
  public Boolean alive(String realServerId) {
    Verdict v = verdicts.get(realServerId);
    return v == null ? null : v.alive();
  }

  /**
   * Stops the checks and the drift repair; with {@code removeEntries}, deletes every IPVS service
   * this runtime created or adopted (keepalived's default on stop). Virtual servers with {@code
   * omega} then run their down scripts ({@link LvsNotifications#stopping}). Stops once.
   */
  public void stop(boolean removeEntries) {
    if (stopped.getAndSet(true)) {
      return;
    }
    stopping = true;
    if (periodic != null) {
      periodic.cancel(false);
    }
    Suspensions s = suspensions;
    if (s != null) {
      s.close();
    }
    if (engine != null) {
      engine.close();
    }
    if (removeEntries) {
      call(
          () -> {
            IpvsReconciler.Outcome o = reconciler.reconcile(Map.of());
            report(o);
            return o;
          });
    }
    call(
        () -> {
          stopMarks(removeEntries);
          runScripts(LvsNotifications.stopping(model, this::isAlive));
          return null;
        });
    conductor.shutdown();
    try {
      if (!conductor.awaitTermination(60, TimeUnit.SECONDS)) {
        log.warn("the IPVS conductor did not finish within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private <T> T call(java.util.concurrent.Callable<T> task) {
    try {
      return conductor.submit(task).get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the IPVS conductor did not answer within 60 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    stop(false);
  }
}
