package io.vigil.director.cli;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Diagnostic;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import io.vigil.config.model.Lvs;
import io.vigil.director.lifecycle.Signals;
import io.vigil.director.lvs.LvsMapping;
import io.vigil.director.vrrp.VrrpRuntime;
import io.vigil.healthcheck.HealthEvent;
import io.vigil.healthcheck.net.HealthEngine;
import io.vigil.healthcheck.spec.BfdCheckSpec;
import io.vigil.healthcheck.spec.CheckerSpec;
import io.vigil.healthcheck.spec.HttpCheckSpec;
import io.vigil.healthcheck.spec.MiscCheckSpec;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.vrrp.bfd.BfdRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil checks}: runs the configured health checks without touching IPVS or VRRP and prints
 * one line per real server, {@code VIRTUAL REAL up|down [weight N] reason}. With {@code --once}
 * every checker runs once (with its retries, without warmup) and the command exits; otherwise the
 * table is printed once every checker has run, then one line per change until SIGINT or SIGTERM.
 */
@Command(
    name = "checks",
    mixinStandardHelpOptions = true,
    description = {
      "Run the configured health checks without touching IPVS or VRRP and print one line per real",
      "server: VIRTUAL REAL up|down [weight N] reason. 'weight N' appears when a dynamic checker",
      "(misc_dynamic, FILE_CHECK) moved the weight from the configured one. Exit 1 when the",
      "configuration cannot be loaded or mapped (the reasons are printed as file:line)."
    })
final class ChecksCommand implements Callable<Integer> {
  /** Bounds the wait for a checker on top of its own timeouts (the engine's guard is 5 s). */
  private static final long MARGIN_NS = TimeUnit.SECONDS.toNanos(10);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-f", "--use-file"},
      paramLabel = "FILE",
      description = "Configuration file (keepalived.conf syntax). Default: ${DEFAULT-VALUE}.")
  Path file = ConfigLoader.DEFAULT_FILE;

  @Option(
      names = {"-i", "--config-id"},
      paramLabel = "ID",
      description = "Config id for @ID lines (default: the short host name).")
  String configId;

  @Option(
      names = "--once",
      description = "Run each checker once (with its retries) until settled, print, and exit 0.")
  boolean once;

  /** Completed to end the continuous mode (SIGINT, SIGTERM, or a test). */
  final CompletableFuture<Void> stop = new CompletableFuture<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LoadResult loaded = ConfigLoader.load(file, Environment.host(configId));
    List<String> refusals = new ArrayList<>();
    for (Diagnostic d : loaded.diagnostics()) {
      if (d.severity() == Diagnostic.Severity.WARNING) {
        err.println(d);
      } else {
        refusals.add(d.toString());
      }
    }
    if (loaded.dropped() > 0) {
      refusals.add(file + ": " + loaded.dropped() + " more findings not shown");
    }
    LvsMapping.Result lvs = LvsMapping.map(loaded.config());
    for (String e : lvs.errors()) {
      refusals.add(e.contains(": error: ") ? e : e.replaceFirst(": ", ": error: "));
    }
    if (!refusals.isEmpty()) {
      refusals.forEach(err::println);
      err.println(
          "vigil checks: "
              + file
              + " cannot be checked as written ("
              + refusals.size()
              + " problem"
              + (refusals.size() == 1 ? "" : "s")
              + ")");
      err.flush();
      return 1;
    }
    Table table = new Table(labels(loaded), lvs.checks());
    if (!once) {
      Signals.on("INT", () -> stop.complete(null));
      Signals.on("TERM", () -> stop.complete(null));
    }
    HealthEngine.Options defaults = HealthEngine.Options.defaults();
    java.util.concurrent.atomic.AtomicReference<HealthEngine> running =
        new java.util.concurrent.atomic.AtomicReference<>();
    BfdRunner bfd = bfdSessions(loaded, lvs.checks(), running, err);
    HealthEngine.Options options =
        new HealthEngine.Options(
                defaults.ioThreads(),
                defaults.maxScripts(),
                defaults.nanoClock(),
                once ? new NoWarmup() : defaults.warmupRandom())
            .withBfdSessions(name -> bfd == null ? java.util.Optional.empty() : bfd.known(name));
    try (bfd;
        HealthEngine engine = new HealthEngine(lvs.checks(), table, options)) {
      running.set(engine);
      if (bfd != null && once) {
        awaitSessions(bfd);
      }
      engine.start();
      boolean settled = awaitSettled(engine, lvs.checks());
      table.printAll(out, settled);
      if (!settled) {
        err.println("vigil checks: some checkers had not finished within their timeouts");
        err.flush();
      }
      if (once) {
        return 0;
      }
      table.follow(out);
      stop.join();
      table.stopFollowing();
    }
    return 0;
  }

  /**
   * The BFD sessions the BFD_CHECKs follow, run as {@code vigil run} runs them (their changes make
   * those checkers look at once), or null when no checker follows one. When they cannot run (port
   * 3784 taken: a BFD daemon, keepalived's say, runs on this host), says so once; those checkers
   * then report their session as not running.
   */
  private static BfdRunner bfdSessions(
      LoadResult loaded,
      List<RealServerSpec> servers,
      java.util.concurrent.atomic.AtomicReference<HealthEngine> engine,
      PrintWriter err) {
    Set<String> followed = new HashSet<>();
    for (RealServerSpec s : servers) {
      for (CheckerSpec c : s.checkers()) {
        if (c instanceof BfdCheckSpec b) {
          followed.add(b.session());
        }
      }
    }
    if (followed.isEmpty()) {
      return null;
    }
    BfdRunner bfd =
        new BfdRunner(
            (name, up) -> {
              HealthEngine e = engine.get();
              if (e != null) {
                e.checkNow(BfdCheckSpec.following(name));
              }
            });
    try {
      bfd.apply(
          loaded.config().bfdInstances().stream()
              .filter(b -> followed.contains(b.name()))
              .map(VrrpRuntime::bfdSession)
              .toList());
      return bfd;
    } catch (RuntimeException e) {
      bfd.close();
      err.println(
          "vigil checks: the BFD sessions cannot run here ("
              + e.getMessage()
              + "): their BFD_CHECKs report them not running");
      err.flush();
      return null;
    }
  }

  /**
   * For {@code --once}: a BFD session starts Down and takes a few of its slow (1 s) packets to come
   * Up, so its checkers wait for that, at most {@link #BFD_SETTLE_NS}, before their first look.
   */
  private void awaitSessions(BfdRunner bfd) throws InterruptedException {
    long deadline = System.nanoTime() + BFD_SETTLE_NS;
    while (System.nanoTime() - deadline < 0 && !stop.isDone()) {
      if (!bfd.sessions().isEmpty()
          && bfd.sessions().stream().allMatch(x -> bfd.known(x.name()).orElse(false))) {
        return;
      }
      Thread.sleep(20);
    }
  }

  /** How long {@code --once} waits for the BFD sessions to come Up. */
  static final long BFD_SETTLE_NS = TimeUnit.SECONDS.toNanos(5);

  /** Waits until every checker has a considered verdict, bounded by the checkers' own timeouts. */
  private boolean awaitSettled(HealthEngine engine, List<RealServerSpec> servers)
      throws InterruptedException, ExecutionException {
    long boundNs = settleBoundNs(servers);
    if (boundNs == 0) {
      return true; // no checkers: every real server is alive as configured
    }
    try {
      CompletableFuture.anyOf(engine.whenSettled(), stop).get(boundNs, TimeUnit.NANOSECONDS);
      return engine.whenSettled().isDone();
    } catch (TimeoutException e) {
      return false;
    }
  }

  /**
   * The longest a checker can take to settle: each attempt bounded by its timeouts plus a margin,
   * {@code retry + 1} attempts, {@code delay_before_retry} between them. 0 without checkers.
   */
  static long settleBoundNs(List<RealServerSpec> servers) {
    long bound = 0;
    for (RealServerSpec s : servers) {
      for (CheckerSpec c : s.checkers()) {
        long attempt = 4 * c.timing().connectTimeoutNs();
        if (c instanceof HttpCheckSpec h) {
          attempt *= h.urls().size();
        } else if (c instanceof MiscCheckSpec m) {
          attempt = m.timeoutNs();
        }
        int retry = c.timing().retry();
        long total = (retry + 1L) * (attempt + MARGIN_NS) + retry * c.timing().delayBeforeRetryNs();
        bound = Math.max(bound, total);
      }
    }
    return bound;
  }

  /**
   * Each real server's id in the health engine → its VIRTUAL REAL label ("TCP 192.0.2.10:80 …").
   */
  static Map<String, String> labels(LoadResult loaded) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Lvs.VirtualServer vs : loaded.config().virtualServers()) {
      for (Lvs.RealServer rs : vs.realServers()) {
        String id = LvsMapping.realServerId(vs, rs);
        out.put(id, vs.key() instanceof Lvs.ByFwmark ? id : vs.protocol() + " " + id);
      }
    }
    return out;
  }

  /**
   * One output line: {@code VIRTUAL REAL up|down [weight N] reason}; the weight is shown when it is
   * not the configured one (a dynamic checker set it) and the server is up.
   */
  static String line(String label, boolean alive, int weight, int configuredWeight, String reason) {
    StringBuilder b = new StringBuilder(label).append(alive ? " up" : " down");
    if (alive && weight != configuredWeight) {
      b.append(" weight ").append(weight);
    }
    if (!reason.isEmpty()) {
      b.append(' ').append(reason);
    }
    return b.toString();
  }

  /**
   * The latest verdict of every real server, in configuration order; events arrive on one thread.
   */
  private static final class Table implements io.vigil.healthcheck.HealthListener {
    private final Map<String, String> labels;
    private final Map<String, RealServerSpec> specs = new LinkedHashMap<>();
    private final Map<String, HealthEvent.RealServerChanged> latest = new LinkedHashMap<>();
    private final Set<String> changed = new HashSet<>();
    // each real server's latest failed check: why one that starts down (alpha) stays down
    private final Map<String, String> lastFailure = new LinkedHashMap<>();
    private PrintWriter following;

    Table(Map<String, String> labels, List<RealServerSpec> servers) {
      this.labels = labels;
      for (RealServerSpec s : servers) {
        specs.put(s.id(), s);
      }
    }

    @Override
    public synchronized void onCheck(
        io.vigil.healthcheck.CheckerRef checker,
        io.vigil.healthcheck.spec.CheckerKind kind,
        io.vigil.healthcheck.CheckResult result,
        long atNs) {
      if (!result.up()) {
        lastFailure.put(checker.realServerId(), kind + " " + result.reason());
      }
    }

    @Override
    public synchronized void onEvent(HealthEvent e) {
      if (e instanceof HealthEvent.RealServerChanged c) {
        if (latest.put(c.realServerId(), c) != null) {
          changed.add(c.realServerId());
        }
        if (following != null) {
          following.println(format(c));
          following.flush();
        }
      }
    }

    /**
     * Prints every real server. Once settled, a real server still alive from its initial verdict
     * passed every checker's latest check (a failure would have taken it down or still be
     * retrying), so that is what its line says instead of the engine's "initial state".
     */
    synchronized void printAll(PrintWriter out, boolean settled) {
      for (RealServerSpec s : specs.values()) {
        HealthEvent.RealServerChanged c = latest.get(s.id());
        String label = labels.getOrDefault(s.id(), s.id());
        if (c == null) {
          out.println(label + " down no verdict from the checks");
        } else if (settled && c.alive() && !changed.contains(s.id())) {
          out.println(line(label, true, c.weight(), s.weight(), passed(s)));
        } else if (!c.alive() && !changed.contains(s.id()) && lastFailure.containsKey(s.id())) {
          // started down (alpha) and stayed down: its failed check says why
          out.println(line(label, false, c.weight(), s.weight(), lastFailure.get(s.id())));
        } else {
          out.println(format(c));
        }
      }
      out.flush();
    }

    private static String passed(RealServerSpec s) {
      if (s.checkers().isEmpty()) {
        return "no checkers";
      }
      return s.checkers().stream()
              .map(c -> c.kind().name())
              .distinct()
              .collect(Collectors.joining(", "))
          + " passed";
    }

    synchronized void follow(PrintWriter out) {
      following = out;
    }

    synchronized void stopFollowing() {
      following = null;
    }

    private String format(HealthEvent.RealServerChanged c) {
      RealServerSpec s = specs.get(c.realServerId());
      return line(
          labels.getOrDefault(c.realServerId(), c.realServerId()),
          c.alive(),
          c.weight(),
          s == null ? c.weight() : s.weight(),
          c.reason());
    }
  }

  /** For {@code --once}: every checker starts at once (warmup spreads load over a long run). */
  private static final class NoWarmup extends Random {
    private static final long serialVersionUID = 1L;

    @Override
    public double nextDouble() {
      return 0;
    }
  }
}
