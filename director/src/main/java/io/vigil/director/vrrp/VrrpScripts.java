package io.vigil.director.vrrp;

import io.vigil.config.model.Vrrp;
import io.vigil.kernel.process.ScriptRunner;
import io.vigil.vrrp.fsm.ScriptPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@code vrrp_script}s the instances track, off the VRRP threads: each on its own schedule
 * ({@link ScriptPolicy}), in its own process group, the whole group killed when it outlives its
 * {@code timeout} ({@link ScriptRunner}). A script is run once for every instance tracking it, as
 * keepalived does; each change of its status (after {@code rise} / {@code fall}) goes to the {@link
 * Listener}.
 */
final class VrrpScripts implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VrrpScripts.class);
  private static final int MAX_CONCURRENT = 32;

  /** Told of each status change, on a script thread, while no other change is being told. */
  interface Listener {
    void changed(String script, boolean up);
  }

  /** How one script is run: its definition and the user it runs as (empty: as Vigil). */
  record Run(Vrrp.ScriptDef def, Optional<String> user) {}

  private final class Entry {
    final Run run;
    final ScriptPolicy policy;
    ScheduledFuture<?> next;
    int lastStatus = Integer.MIN_VALUE;

    Entry(Run run, long nowNs) {
      this.run = run;
      Vrrp.ScriptDef d = run.def();
      this.policy =
          new ScriptPolicy(d.rise(), d.fall(), d.initFail(), d.intervalUs() * 1_000, nowNs);
    }
  }

  private final Listener listener;
  private final LongSupplier nanoClock;
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "vrrp-scripts");
            t.setDaemon(true);
            return t;
          });
  private final ScriptRunner runner = new ScriptRunner(MAX_CONCURRENT, timers);
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private boolean closed;

  VrrpScripts(Listener listener, LongSupplier nanoClock) {
    this.listener = listener;
    this.nanoClock = nanoClock;
  }

  /**
   * Runs exactly {@code runs}: a script whose definition (apart from where it is written) and user
   * are unchanged keeps its schedule and status; others start again (first run at once).
   */
  synchronized void apply(List<Run> runs) {
    Map<String, Run> wanted = new LinkedHashMap<>();
    runs.forEach(r -> wanted.put(r.def().name(), r));
    for (String name : new ArrayList<>(entries.keySet())) {
      Run next = wanted.get(name);
      if (next == null || !same(entries.get(name).run, next)) {
        Entry gone = entries.remove(name);
        gone.next.cancel(false);
      }
    }
    long nowNs = nanoClock.getAsLong();
    for (Run r : runs) {
      if (!entries.containsKey(r.def().name())) {
        Entry e = new Entry(r, nowNs);
        entries.put(r.def().name(), e);
        schedule(e, nowNs);
      }
    }
  }

  /** The script's status now: empty before its first exit. */
  synchronized Optional<Boolean> known(String script) {
    Entry e = entries.get(script);
    if (e == null) {
      return Optional.empty();
    }
    return switch (e.policy.status()) {
      case UP -> Optional.of(true);
      case DOWN -> Optional.of(false);
      case UNKNOWN -> Optional.empty();
    };
  }

  /** Runs while the caller holds the lock the listener is told under (see {@link Listener}). */
  synchronized <T> T whileNoChange(java.util.function.Supplier<T> what) {
    return what.get();
  }

  private static boolean same(Run a, Run b) {
    Vrrp.ScriptDef x = a.def();
    Vrrp.ScriptDef y = b.def();
    return a.user().equals(b.user())
        && x.script().equals(y.script())
        && x.intervalUs() == y.intervalUs()
        && x.timeoutUs() == y.timeoutUs()
        && x.rise() == y.rise()
        && x.fall() == y.fall()
        && x.initFail() == y.initFail();
  }

  private void schedule(Entry e, long nowNs) {
    if (closed) {
      return;
    }
    long delayNs = Math.max(0, e.policy.nextRunNs() - nowNs);
    e.next = timers.schedule(() -> tick(e), delayNs, TimeUnit.NANOSECONDS);
  }

  private synchronized void tick(Entry e) {
    if (entries.get(e.run.def().name()) != e) {
      return; // replaced or removed by a reload
    }
    long nowNs = nanoClock.getAsLong();
    Vrrp.ScriptDef d = e.run.def();
    long skipped = e.policy.skipped();
    if (e.policy.startIfDue(nowNs)) {
      runner.run(d.script().argv(), e.run.user(), d.timeoutUs() * 1_000, o -> finished(e, o));
    } else if (e.policy.skipped() != skipped) {
      log.info("Track script {} is still running, expect idle - skipping run", d.name());
    }
    schedule(e, nowNs);
  }

  private synchronized void finished(Entry e, ScriptRunner.Outcome o) {
    if (entries.get(e.run.def().name()) != e) {
      return;
    }
    String name = e.run.def().name();
    boolean success;
    String how;
    if (o instanceof ScriptRunner.Outcome.Exited x) {
      if (x.status() != e.lastStatus) {
        log.info("Script `{}` now returning {}", name, x.status());
      }
      e.lastStatus = x.status();
      success = x.status() == 0;
      how = success ? "succeeded" : "failed (exited with status " + x.status() + ")";
    } else if (o instanceof ScriptRunner.Outcome.TimedOut) {
      success = false;
      how = "timed_out";
    } else {
      success = false;
      how = "failed (not started: " + ((ScriptRunner.Outcome.NotStarted) o).reason() + ")";
    }
    Optional<ScriptPolicy.Status> change = e.policy.finished(success);
    if (change.isPresent()) {
      log.info("VRRP_Script({}) {}", name, how);
      listener.changed(name, change.get() == ScriptPolicy.Status.UP);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      entries.values().forEach(e -> e.next.cancel(false));
      entries.clear();
    }
    runner.close();
    timers.shutdownNow();
  }

  /** The default user of scripts: a function of each definition. */
  static List<Run> runs(List<Vrrp.ScriptDef> defs, Function<Vrrp.ScriptDef, Optional<String>> u) {
    return defs.stream().map(d -> new Run(d, u.apply(d))).toList();
  }
}
