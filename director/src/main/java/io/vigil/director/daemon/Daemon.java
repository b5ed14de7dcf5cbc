package io.vigil.director.daemon;

import io.vigil.config.ConfigDump;
import io.vigil.config.ConfigLoader;
import io.vigil.config.Diagnostic;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import io.vigil.config.model.GlobalDefs;
import io.vigil.director.alert.SmtpAlerter;
import io.vigil.director.lifecycle.CorePattern;
import io.vigil.director.lifecycle.LateProbe;
import io.vigil.director.lifecycle.Liveness;
import io.vigil.director.lifecycle.NetlinkBuffers;
import io.vigil.director.lifecycle.PidFile;
import io.vigil.director.lifecycle.Privileges;
import io.vigil.director.lifecycle.ProcessSettings;
import io.vigil.director.lifecycle.Signals;
import io.vigil.director.lifecycle.Systemd;
import io.vigil.director.lifecycle.ThreadScheduling;
import io.vigil.director.lvs.AddressWatch;
import io.vigil.director.lvs.IpvsTimeouts;
import io.vigil.director.lvs.LvsMapping;
import io.vigil.director.lvs.LvsRuntime;
import io.vigil.director.lvs.RtnlAddressWatch;
import io.vigil.director.reconcile.IpvsKernel;
import io.vigil.director.statics.RtnlAddressKernel;
import io.vigil.director.statics.RtnlRoutingKernel;
import io.vigil.director.statics.StaticAddresses;
import io.vigil.director.statics.StaticRouting;
import io.vigil.director.status.DirectorStatus;
import io.vigil.director.status.IpvsMetrics;
import io.vigil.director.status.Json;
import io.vigil.director.status.Metrics;
import io.vigil.director.status.StatusServer;
import io.vigil.director.syncd.LvsSyncDaemons;
import io.vigil.director.syncd.NetlinkSyncDaemonKernel;
import io.vigil.director.syncd.SyncDaemonKernel;
import io.vigil.director.syncd.SyncDaemonSpec;
import io.vigil.director.vrrp.NotifyFifos;
import io.vigil.director.vrrp.VrrpMapping;
import io.vigil.director.vrrp.VrrpMetrics;
import io.vigil.director.vrrp.VrrpNotifier;
import io.vigil.director.vrrp.VrrpRuntime;
import io.vigil.director.vrrp.VrrpStats;
import io.vigil.healthcheck.net.HealthEngine;
import io.vigil.kernel.process.FileMask;
import io.vigil.kernel.process.ScriptRunner;
import io.vigil.kernel.process.SignalIgnore;
import io.vigil.netlink.ipvs.IpvsClient;
import io.vigil.netlink.rtnl.RtnlClient;
import io.vigil.netlink.rtnl.RtnlEvent;
import io.vigil.vrrp.bfd.BfdRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code vigil run}: loads the configuration, refuses it with every reason when it cannot be run as
 * written, then runs until SIGTERM / SIGINT. SIGHUP reloads: a configuration that does not load
 * cleanly is logged and ignored, the running one stays untouched.
 *
 * <p>Runs the IPVS and health-check half (keepalived's {@code --check} process) and the VRRP
 * instances ({@code --vrrp-only}: VRRP alone, keepalived's {@code -P}; {@code --check-only}: no
 * VRRP). What the VRRP mapping cannot run yet is refused with its place in the file.
 */
public final class Daemon {
  private static final Logger log = LoggerFactory.getLogger(Daemon.class);
  private volatile BfdRunner bfd; // once a configuration has a bfd_instance
  private ReloadTimer reloadTimer; // while reload_time_file is configured

  /** {@code reload_file} without a path: in the unit's runtime directory. */
  static final Path DEFAULT_RELOAD_FILE = Path.of("/run/vigil/vigil.reload");

  private volatile VrrpRuntime vrrpForBfd; // told of the sessions' changes while it runs
  private volatile LvsRuntime lvsForBfd; // its BFD_CHECKs told of them too

  /**
   * What the operator asked for on the command line; {@code pidFile} ({@code -p}) is written while
   * the daemon runs, null for none; {@code umask} ({@code -u}) replaces the configuration's, -1 for
   * none. Built with {@link #of}.
   */
  public record Settings(
      Path configFile,
      Environment environment,
      boolean checkOnly,
      boolean keepIpvs,
      long reconcileIntervalMs,
      int statusPort,
      String version,
      boolean vrrpOnly,
      Path pidFile,
      int umask,
      boolean dontReleaseVrrp,
      boolean dumpConfig,
      Path vrrpPidFile,
      Path checkersPidFile,
      Path bfdPidFile,
      boolean coreDump,
      String corePattern,
      boolean allConfig,
      boolean addressMonitoring,
      boolean noBfd) {

    /**
     * The settings for {@code configFile} read in {@code environment}: VRRP, checks and IPVS, the
     * IPVS table compared every 5 s, no status endpoint, no pid file, the configuration's umask;
     * the builder's methods change one each.
     */
    public static Builder of(Path configFile, Environment environment) {
      return new Builder(configFile, environment);
    }

    /** {@link Settings} one at a time; {@link #build} makes them. */
    public static final class Builder {
      private final Path configFile;
      private final Environment environment;
      private boolean checkOnly;
      private boolean keepIpvs;
      private long reconcileIntervalMs = 5_000;
      private int statusPort;
      private String version = "unknown";
      private boolean vrrpOnly;
      private Path pidFile;
      private int umask = -1;
      private boolean dontReleaseVrrp;
      private boolean dumpConfig;
      private Path vrrpPidFile;
      private Path checkersPidFile;
      private Path bfdPidFile;
      private boolean coreDump;
      private String corePattern;
      private boolean allConfig;
      private boolean addressMonitoring;
      private boolean noBfd;

      private Builder(Path configFile, Environment environment) {
        this.configFile = configFile;
        this.environment = environment;
      }

      /** Health checks and IPVS only, no VRRP ({@code --check-only}). */
      public Builder checkOnly(boolean b) {
        checkOnly = b;
        return this;
      }

      /** The IPVS table left as it is on stop ({@code --keep-ipvs}). */
      public Builder keepIpvs(boolean b) {
        keepIpvs = b;
        return this;
      }

      /** How often the IPVS table is compared with the wanted one. */
      public Builder reconcileIntervalMs(long ms) {
        reconcileIntervalMs = ms;
        return this;
      }

      /** The status endpoint's port on 127.0.0.1; 0 for none. */
      public Builder statusPort(int port) {
        statusPort = port;
        return this;
      }

      /** The version the status endpoint reports. */
      public Builder version(String v) {
        version = v;
        return this;
      }

      /** VRRP only, no checks or IPVS ({@code --vrrp-only}). */
      public Builder vrrpOnly(boolean b) {
        vrrpOnly = b;
        return this;
      }

      /** The pid file ({@code -p}); null for none. */
      public Builder pidFile(Path file) {
        pidFile = file;
        return this;
      }

      /** The umask ({@code -u}) in place of the configuration's; -1 for none. */
      public Builder umask(int mask) {
        umask = mask;
        return this;
      }

      /**
       * At stop, VRRP masters keep their addresses and send no priority 0 (keepalived's {@code -V},
       * {@code --dont-release-vrrp}; see {@link VrrpRuntime#dontReleaseVrrp}).
       */
      public Builder dontReleaseVrrp(boolean b) {
        dontReleaseVrrp = b;
        return this;
      }

      /** The configuration in force logged at start and after each reload (keepalived's -d). */
      public Builder dumpConfig(boolean b) {
        dumpConfig = b;
        return this;
      }

      /**
       * keepalived's pid files of its VRRP, checker and BFD processes ({@code -r}, {@code -c},
       * {@code -b}); null for none. Vigil's one process does their work: its pid goes into each
       * whose part runs (VRRP unless check-only, checks unless VRRP-only, BFD when a {@code
       * bfd_instance} is configured at start and not {@code -B}), so the scripts that read them
       * still find it.
       */
      public Builder subsystemPidFiles(Path vrrp, Path checkers, Path bfd) {
        vrrpPidFile = vrrp;
        checkersPidFile = checkers;
        bfdPidFile = bfd;
        return this;
      }

      /**
       * keepalived's {@code -m}: the core file size limit lifted, so that a crash leaves a core
       * file; and {@code -M}: the kernel's {@code core_pattern} set to {@code pattern} while the
       * daemon runs (null: left alone).
       */
      public Builder coreDump(boolean b, String pattern) {
        coreDump = b || pattern != null;
        corePattern = pattern;
        return this;
      }

      /** A missing included file is an error, at start and on reloads (keepalived's {@code -e}). */
      public Builder allConfig(boolean b) {
        allConfig = b;
        return this;
      }

      /** Every address added or removed in the namespace logged (keepalived's {@code -a}). */
      public Builder addressMonitoring(boolean b) {
        addressMonitoring = b;
        return this;
      }

      /**
       * No BFD session runs (keepalived's {@code -B}, {@code --no_bfd}): a {@code track_bfd} stays
       * down, as keepalived's tracked BFD that no BFD process tells of, and a {@code BFD_CHECK}
       * keeps its initial state (up, or down with {@code alpha}), as keepalived's checker that no
       * event reaches.
       */
      public Builder noBfd(boolean b) {
        noBfd = b;
        return this;
      }

      public Settings build() {
        return new Settings(
            configFile,
            environment,
            checkOnly,
            keepIpvs,
            reconcileIntervalMs,
            statusPort,
            version,
            vrrpOnly,
            pidFile,
            umask,
            dontReleaseVrrp,
            dumpConfig,
            vrrpPidFile,
            checkersPidFile,
            bfdPidFile,
            coreDump,
            corePattern,
            allConfig,
            addressMonitoring,
            noBfd);
      }
    }
  }

  private enum Event {
    RELOAD,
    STOP,
    /** SIGUSR1: keepalived's data dump. */
    DATA,
    /** SIGUSR2: keepalived's statistics. */
    STATS
  }

  private final Settings settings;
  private final Supplier<IpvsKernel> kernels;
  private final Systemd systemd;
  private final PrintStream err;
  private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final long startedNs = System.nanoTime();
  private volatile StatusServer statusServer;
  private final Supplier<SyncDaemonKernel> syncKernels;
  private volatile LvsSyncDaemons syncDaemons;
  private final Map<String, String> vrrpStates = new ConcurrentHashMap<>();
  private StaticAddresses statics;
  private RtnlAddressWatch staticWatch;
  private AddressMonitor addressMonitor; // -a
  private boolean staticRouteEvents; // whether staticWatch has joined the route and rule groups
  private StaticRouting routing;
  private VrrpStartGate<VrrpMapping.Result> vrrpGate;
  private volatile SmtpAlerter mailer; // alert mail, once a plan configures it
  private volatile VrrpNotifier lvsScripts; // notify_up|down, quorum_up|down, FIFO scripts
  private volatile NotifyFifos commonFifo; // notify_fifo: VRRP's and LVS's lines
  private volatile NotifyFifos lvsFifo; // lvs_notify_fifo
  private Supplier<Privileges> privileges = Privileges::current;
  private Supplier<AddressWatch> addressWatches = this::lvsAddressWatch;
  // the netlink receive buffers of the configuration in force (vrrp_netlink_cmd_rcv_bufs ...)
  private volatile GlobalDefs.NetlinkBufs netlinkBufs = GlobalDefs.NetlinkBufs.UNSET;
  private long reloadNumber; // reloads since start, on the loop's thread: config_save_dir's names
  private IpvsTimeouts timeouts; // lvs_timeouts, with the IPVS half

  public Daemon(Settings settings, Supplier<IpvsKernel> kernels, Systemd systemd, PrintStream err) {
    this(settings, kernels, () -> new NetlinkSyncDaemonKernel(IpvsClient.open()), systemd, err);
  }

  /** With the kernel's IPVS sync daemons reached through {@code syncKernels}. */
  public Daemon(
      Settings settings,
      Supplier<IpvsKernel> kernels,
      Supplier<SyncDaemonKernel> syncKernels,
      Systemd systemd,
      PrintStream err) {
    this.settings = settings;
    this.kernels = kernels;
    this.syncKernels = syncKernels;
    this.systemd = systemd;
    this.err = err;
  }

  /** A configuration the daemon can run, or every reason it cannot. */
  record Plan(
      LvsMapping.Result lvs, List<String> refusals, LoadResult loaded, VrrpMapping.Result vrrp) {}

  /**
   * What the daemon cannot run in a configuration that loaded: {@code FILE:LINE: error: reason}
   * lines from the VRRP side (when it runs) and the IPVS side (when it runs). {@code vigil
   * check-config} reports them too, so that a file it passes is one {@code vigil run} starts.
   */
  public static List<String> mappingErrors(
      VrrpMapping.Result vrrp, LvsMapping.Result lvs, boolean withVrrp, boolean withLvs) {
    List<String> out = new ArrayList<>();
    if (withVrrp) {
      out.addAll(vrrp.errors());
    }
    if (withLvs) {
      for (String e : lvs.errors()) {
        out.add(e.contains(": error: ") ? e : e.replaceFirst(": ", ": error: "));
      }
    }
    return out;
  }

  Plan plan() {
    return plan(io.vigil.director.lvs.LvsModel.GroupMarks.NONE);
  }

  /** The plan of the configuration file; groups keep the nftables_ipvs marks of {@code marks}. */
  Plan plan(io.vigil.director.lvs.LvsModel.GroupMarks marks) {
    LoadResult r =
        ConfigLoader.load(settings.configFile(), settings.environment(), settings.allConfig());
    List<String> refusals = new ArrayList<>();
    for (Diagnostic d : r.diagnostics()) {
      if (d.severity() == Diagnostic.Severity.WARNING) {
        log.warn("{}", d);
      } else {
        refusals.add(d.toString());
      }
    }
    if (r.dropped() > 0) {
      refusals.add(settings.configFile() + ": " + r.dropped() + " more findings not shown");
    }
    VrrpMapping.Result vrrp = VrrpMapping.map(r.config());
    LvsMapping.Result lvs = LvsMapping.map(r.config(), marks);
    refusals.addAll(mappingErrors(vrrp, lvs, !settings.checkOnly(), !settings.vrrpOnly()));
    return new Plan(lvs, refusals, r, vrrp);
  }

  /** Runs until stopped; returns the process exit code. */
  public int run() throws InterruptedException {
    Plan plan = plan();
    if (!plan.refusals().isEmpty()) {
      for (String s : plan.refusals()) {
        err.println(s);
      }
      err.println(
          "vigil run: "
              + settings.configFile()
              + " cannot be run as written ("
              + plan.refusals().size()
              + " problem"
              + (plan.refusals().size() == 1 ? "" : "s")
              + ")");
      return 1;
    }
    String lacking = lackingPrivileges(plan);
    if (lacking != null) {
      err.println(lacking);
      return 1;
    }
    if (settings.umask() >= 0) {
      ProcessSettings.umask(settings.umask()); // before anything creates a file
    }
    umask(plan);
    if (settings.coreDump()) {
      coreDump();
    }
    String patternBefore =
        settings.corePattern() == null
            ? null
            : CorePattern.set(CorePattern.PROC, settings.corePattern());
    List<Path> claimed = new ArrayList<>();
    try {
      for (Path f : pidFiles(plan)) {
        String running = PidFile.claim(f);
        if (running != null) {
          err.println("vigil run: " + running);
          return 1;
        }
        claimed.add(f);
      }
      return runClaimed(plan);
    } finally {
      claimed.forEach(PidFile::release);
      CorePattern.restore(CorePattern.PROC, patternBefore);
    }
  }

  /**
   * keepalived's {@code -m}: no limit on the size of a core file (keepalived's words if it fails).
   */
  private static void coreDump() {
    try {
      long[] before = io.vigil.kernel.process.CoreDumps.unlimit();
      log.info(
          "core file size unlimited (-m, --core-dump; was {})",
          before[0] < 0 ? "unlimited" : before[0] + " bytes");
    } catch (RuntimeException e) {
      log.info("Failed to set core file size: {}", e.getMessage());
    }
  }

  /**
   * The pid files to write: {@code -p}'s, then keepalived's VRRP, checker and BFD ones for the
   * parts that run (see {@link Settings.Builder#subsystemPidFiles}).
   */
  private List<Path> pidFiles(Plan plan) {
    List<Path> out = new ArrayList<>();
    java.util.function.BiConsumer<Path, Boolean> add =
        (f, runs) -> {
          if (f != null && runs && !out.contains(f)) {
            out.add(f);
          }
        };
    add.accept(settings.pidFile(), true);
    add.accept(settings.vrrpPidFile(), !settings.checkOnly());
    add.accept(settings.checkersPidFile(), !settings.vrrpOnly());
    add.accept(
        settings.bfdPidFile(),
        !settings.noBfd() && !plan.loaded().config().bfdInstances().isEmpty());
    return out;
  }

  /**
   * keepalived's {@code -d}: the configuration in force, as {@code vigil dump-config} prints it, in
   * the log (at start and after each reload, as keepalived dumps it each time it reads it).
   */
  private void dumpConfig(Plan plan) {
    if (!settings.dumpConfig()) {
      return;
    }
    log.info("configuration in force (-d, --dump-conf):");
    for (String line : io.vigil.config.ConfigDump.dump(plan.loaded().config()).split("\n")) {
      log.info("  {}", line);
    }
  }

  private int runClaimed(Plan plan) throws InterruptedException {
    dumpConfig(plan);
    if (settings.addressMonitoring()) {
      addressMonitor = AddressMonitor.start(RtnlAddressWatch.open("vigil-address-monitor"));
    }
    configSaveDir(plan);
    processName(plan);
    netlinkBufs = plan.loaded().config().globalDefs().netlinkBufs();
    Signals.on("HUP", this::reload);
    Signals.on("TERM", this::stop);
    Signals.on("INT", this::stop);
    dumpSignals();
    reloadTimeFile(plan);

    Metrics metrics = new Metrics();
    // keepalived runs them as script_user (or keepalived_script), as it runs VRRP's notify scripts
    lvsScripts = new VrrpNotifier();
    lvsScripts.users(plan.vrrp().users());
    fifos(plan);
    realtimeLimit(plan);
    var globals = plan.loaded().config().globalDefs();
    startStopScript("startup_script", globals.startupScript()); // before anything else starts
    mailer(plan, metrics);
    bfdSessions(plan.loaded().config()); // before what tracks them
    // IPVS first: a director that comes back and preempts takes the VIPs with its table in place
    LvsRuntime runtime = settings.vrrpOnly() ? null : start(plan, metrics);
    lvsForBfd = runtime;
    if (!settings.vrrpOnly()) {
      timeouts = new IpvsTimeouts(IpvsTimeouts.NETLINK);
      timeouts(plan);
    }
    if (!settings.checkOnly()) { // keepalived's VRRP process owns them too
      statics = new StaticAddresses(() -> new RtnlAddressKernel(vrrpCommands()));
      routing = new StaticRouting(() -> new RtnlRoutingKernel(vrrpCommands()));
      applyStatics(plan.loaded().config());
    }
    VrrpRuntime vrrp = settings.checkOnly() ? null : VrrpRuntime.open();
    syncDaemons(plan);
    if (vrrp != null) {
      vrrp.dontReleaseVrrp(settings.dontReleaseVrrp());
      vrrp.bfd(bfd);
      vrrpForBfd = vrrp;
      vrrp.alerts(this::mail);
      vrrp.onStateChange(this::vrrpState);
      vrrp.commonFifo(line -> commonFifo.write(line));
      vrrpGate = new VrrpStartGate<>(vrrp::apply);
      vrrpGate.apply(plan.vrrp());
      long delayUs = plan.loaded().config().globalDefs().vrrpStartupDelayUs();
      if (delayUs > 0) {
        log.info("vrrp_startup_delay: VRRP starts in {} ms", delayUs / 1000);
        CompletableFuture.delayedExecutor(delayUs, TimeUnit.MICROSECONDS).execute(vrrpGate::open);
      } else {
        vrrpGate.open();
      }
    }
    try {
      return loop(plan, runtime, vrrp, metrics);
    } finally {
      StatusServer s = statusServer;
      if (s != null) {
        s.close();
      }
    }
  }

  /**
   * The {@code bfd_instance} sessions, run for VRRP's {@code track_bfd} and the checkers' {@code
   * BFD_CHECK} alike (keepalived's BFD process tells both): started with the first configuration
   * that has one, then reconciled at each reload (an unchanged session keeps its state; a removed
   * one stops).
   */
  private void bfdSessions(io.vigil.config.model.VigilConfig c) {
    if (bfd == null && c.bfdInstances().isEmpty()) {
      return;
    }
    if (settings.noBfd()) {
      log.info(
          "BFD is not run (-B, --no_bfd): the {} bfd_instance(s) have no session, a track_bfd stays"
              + " down and a BFD_CHECK keeps its initial state",
          c.bfdInstances().size());
      return;
    }
    if (bfd == null) {
      // bfd_priority and the rest, as the configuration that starts BFD says (keepalived's BFD
      // process gets them when it starts)
      io.vigil.config.model.ProcessScheduling sched = c.globalDefs().bfdScheduling();
      bfd =
          new BfdRunner(
              (name, up) -> {
                VrrpRuntime v = vrrpForBfd;
                if (v != null) {
                  v.bfdChanged(name, up);
                }
                LvsRuntime l = lvsForBfd;
                if (l != null) {
                  l.bfdChanged(name);
                }
              },
              () -> ThreadScheduling.apply(sched, "bfd"));
    }
    try {
      bfd.apply(c.bfdInstances().stream().map(VrrpRuntime::bfdSession).toList());
    } catch (RuntimeException e) { // the port taken (another BFD daemon), no IPv6 socket...
      log.error("BFD: cannot run the sessions ({}): what tracks them stays down", e.getMessage());
    }
  }

  /** {@code options}, and with {@code -B} no BFD for the checkers. */
  private HealthEngine.Options bfdNotRun(HealthEngine.Options options) {
    return settings.noBfd() ? options.withBfdNotRun() : options;
  }

  /** A BFD session's state for BFD_CHECK: empty when no such session runs. */
  private java.util.Optional<Boolean> bfdUp(String name) {
    BfdRunner b = bfd;
    return b == null ? java.util.Optional.empty() : b.known(name);
  }

  /** Replaces where ha_suspend reads the host's addresses (tests). */
  Daemon addressWatch(Supplier<AddressWatch> watches) {
    this.addressWatches = watches;
    return this;
  }

  /** Replaces the capability probe (tests). */
  Daemon privileges(Supplier<Privileges> probe) {
    this.privileges = probe;
    return this;
  }

  /**
   * The capabilities this run needs: VRRP raw sockets CAP_NET_RAW, and CAP_NET_ADMIN for VRRP's
   * addresses, static addresses, routes and rules, IPVS and its sync daemons. One line naming what
   * is missing, or null when everything is held.
   */
  String lackingPrivileges(Plan plan) {
    boolean vrrp = !settings.checkOnly() && !plan.vrrp().specs().isEmpty();
    io.vigil.config.model.VigilConfig c = plan.loaded().config();
    boolean statics =
        !settings.checkOnly()
            && !(c.staticAddresses().isEmpty()
                && c.staticRoutes().isEmpty()
                && c.staticRules().isEmpty());
    boolean netAdmin = vrrp || statics || !settings.vrrpOnly();
    List<String> missing = privileges.get().missing(netAdmin, vrrp);
    if (missing.isEmpty()) {
      return null;
    }
    return "vigil run: cannot start: "
        + String.join("; ", missing)
        + " (run as root, or with both capabilities as the vigil.service unit grants them)";
  }

  /** Asks the running daemon to reload its configuration (what SIGHUP does). */
  public void reload() {
    events.add(Event.RELOAD);
  }

  /**
   * keepalived's dump signals: SIGUSR1 (data) and SIGUSR2 (statistics) are handled; its JSON and
   * STATS_CLEAR signals (SIGRTMIN+2 and SIGRTMAX-1, which the JVM's handler API cannot name) are
   * ignored, so that a keepalived habit cannot end the director (their default action would).
   */
  private void dumpSignals() {
    Signals.on("USR1", () -> events.add(Event.DATA));
    Signals.on("USR2", () -> events.add(Event.STATS));
    for (int signum : List.of(SignalIgnore.realtimeMin() + 2, SignalIgnore.realtimeMax() - 1)) {
      try {
        SignalIgnore.ignore(signum);
      } catch (RuntimeException e) {
        log.warn("signal {} not ignored: {}", signum, e.getMessage());
      }
    }
  }

  /** What the status endpoint and the data dump show, now. */
  private DirectorStatus status(LvsRuntime runtime, VrrpRuntime vrrp) {
    return new DirectorStatus(
        settings.version(),
        settings.configFile().toString(),
        (System.nanoTime() - startedNs) / 1_000_000_000L,
        vrrp == null ? List.of() : vrrp.status(),
        runtime == null ? List.of() : runtime.status(),
        VrrpRuntime.bfdStatus(bfd));
  }

  /** Writes what SIGUSR1 or SIGUSR2 asked for; a failure is logged, the daemon runs on. */
  private void dump(Event e, Plan plan, LvsRuntime runtime, VrrpRuntime vrrp) {
    GlobalDefs globals = plan.loaded().config().globalDefs();
    Path dir = DumpFiles.directory(System.getenv());
    try {
      if (e == Event.DATA) {
        DirectorStatus now = status(runtime, vrrp);
        String data = DumpFiles.dataName(globals);
        DumpFiles.write(dir, data, now.toTable());
        DumpFiles.write(dir, DumpFiles.JSON, Json.write(now.toJson()) + "\n");
        log.info("SIGUSR1: wrote {} and {}", dir.resolve(data), DumpFiles.JSON);
      } else {
        List<VrrpStats> stats = vrrp == null ? List.of() : vrrp.stats();
        DumpFiles.write(dir, DumpFiles.STATS, VrrpStats.render(stats));
        log.info("SIGUSR2: wrote {}", dir.resolve(DumpFiles.STATS));
      }
    } catch (IOException | RuntimeException failure) {
      log.warn("{}: cannot write to {}: {}", e == Event.DATA ? "SIGUSR1" : "SIGUSR2", dir, failure);
    }
  }

  /** Asks the running daemon to stop (what SIGTERM does). */
  public void stop() {
    events.add(Event.STOP);
  }

  /** The status endpoint's address once serving, else null. */
  public InetSocketAddress statusAddress() {
    StatusServer s = statusServer;
    return s == null ? null : s.address();
  }

  private int loop(Plan first, LvsRuntime runtime, VrrpRuntime vrrp, Metrics metrics)
      throws InterruptedException {
    Plan plan = first;
    if (runtime != null) {
      IpvsMetrics.register(metrics, runtime::lastDump);
    }
    if (vrrp != null) {
      VrrpMetrics.register(metrics, vrrp);
    }
    VrrpMetrics.registerBfd(metrics, () -> bfd);
    Metrics.CounterFamily reloads =
        metrics.counter("vigil_reloads_total", "Configuration reloads, by result", "result");
    if (settings.statusPort() != 0) {
      InetSocketAddress at =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.statusPort());
      try {
        statusServer = StatusServer.start(at, () -> status(runtime, vrrp), metrics);
        log.info("status on http://{}/status and /metrics", hostPort(statusServer.address()));
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) { // netty rethrows a BindException unchecked
        log.error("status endpoint on {} not started: {}", hostPort(at), e.toString());
      }
    }
    systemd.ready(summary(plan));
    log.info("vigil running: {}", summary(plan));
    long watchdogMs = systemd.watchdogPeriodMs();
    List<String> lastStuck = List.of();
    while (true) {
      Event e = watchdogMs > 0 ? events.poll(watchdogMs / 2, TimeUnit.MILLISECONDS) : events.take();
      if (e == null) {
        List<String> stuck = stuckLoops(runtime, vrrp, watchdogMs * 2_000_000L);
        if (!stuck.equals(lastStuck)) {
          if (stuck.isEmpty()) {
            log.warn("every loop turns again: watchdog keep-alive resumed");
          } else {
            log.error(
                "not alive: {}: withholding the watchdog keep-alive, systemd will restart vigil",
                String.join(", ", stuck));
          }
          lastStuck = stuck;
        }
        systemd.keepAlive(stuck::isEmpty);
        continue;
      }
      if (e == Event.STOP) {
        return stop(plan, runtime, vrrp);
      }
      if (e == Event.DATA || e == Event.STATS) {
        dump(e, plan, runtime, vrrp);
        continue;
      }
      try {
        plan = reload(plan, runtime, vrrp, metrics, reloads);
      } catch (RuntimeException failure) {
        // a bug, not a bad file (those are refused above): what was applied stays, the daemon
        // carries on, and a stop still releases everything
        log.error("reload failed while applying the new configuration: {}", failure, failure);
        reloads.labels("failed").increment();
        systemd.reloaded("reload failed; " + summary(plan));
      }
    }
  }

  /**
   * SIGTERM: priority 0 and the addresses released, then the sync daemons, static routes and IPVS
   * entries, then shutdown_script. Each step runs even when one before it failed (logged): a bug in
   * one part must not leave the VIPs up.
   */
  private int stop(Plan plan, LvsRuntime runtime, VrrpRuntime vrrp) throws InterruptedException {
    systemd.stopping();
    if (reloadTimer != null) {
      reloadTimer.close(); // no reload scheduled by the file during or after the stop
    }
    log.info("stopping: {} IPVS entries", settings.keepIpvs() ? "keeping" : "removing our");
    int failed = 0;
    if (vrrp != null) {
      failed += step("VRRP", vrrpGate::close); // a VRRP start still delayed never happens
      failed += step("VRRP", vrrp::close); // priority 0, addresses released before IPVS entries go
    }
    if (syncDaemons != null) {
      failed += step("lvs_sync_daemon", syncDaemons::close);
    }
    if (staticWatch != null) {
      failed += step("static addresses", staticWatch::close);
    }
    if (addressMonitor != null) {
      failed += step("address monitoring", addressMonitor::close);
    }
    if (statics != null) {
      failed += step("static addresses", statics::close); // they stay (keepalived deletes them)
    }
    if (routing != null) {
      failed += step("static routes", routing::stop); // keepalived deletes its rules and routes
      failed += step("static routes", routing::close);
    }
    if (runtime != null) {
      failed += step("IPVS", () -> runtime.stop(!settings.keepIpvs()));
    }
    BfdRunner sessions = bfd;
    if (sessions != null) {
      vrrpForBfd = null; // what tracked them has stopped
      lvsForBfd = null;
      failed += step("BFD", sessions::close);
    }
    // after everything has stopped, with the configuration in force now
    startStopScript("shutdown_script", plan.loaded().config().globalDefs().shutdownScript());
    failed += step("notify_fifo", commonFifo::close);
    failed += step("lvs_notify_fifo", lvsFifo::close);
    failed += step("scripts", lvsScripts::close);
    if (mailer != null) {
      failed += step("alert mail", mailer::close); // the stop's mail, for a few seconds at most
    }
    return failed == 0 ? 0 : 1;
  }

  /** Runs one step of the stop; 1 (and the failure logged) when it throws. */
  private static int step(String what, Runnable r) {
    try {
      r.run();
      return 0;
    } catch (RuntimeException failure) {
      log.error("stopping {} failed: {}", what, failure, failure);
      return 1;
    }
  }

  /** SIGHUP: the new configuration applied, or refused; the plan in force after it. */
  private Plan reload(
      Plan plan,
      LvsRuntime runtime,
      VrrpRuntime vrrp,
      Metrics metrics,
      Metrics.CounterFamily reloads)
      throws InterruptedException {
    systemd.reloading();
    reloadNumber++;
    saveConfig(plan, "pre", runtime, vrrp);
    var running = plan.loaded().config().globalDefs().reloads(); // the running configuration's
    Path reloadFile =
        running.reloadFile().map(f -> f.isEmpty() ? DEFAULT_RELOAD_FILE : Path.of(f)).orElse(null);
    Plan next;
    try {
      reloadFileWhileReading(reloadFile, true);
      next = plan(plan.lvs().model().groupMarks());
    } finally {
      reloadFileWhileReading(reloadFile, false);
    }
    running.checkLog().ifPresent(f -> checkLog(Path.of(f), next));
    if (!next.refusals().isEmpty()) {
      running
          .checkLog()
          .ifPresent(f -> log.error("New config failed validation, see {} for details", f));
      for (String s : next.refusals()) {
        log.error("reload refused: {}", s);
      }
      saveConfig(plan, "post", runtime, vrrp); // written before the outcome is announced
      reloads.labels("refused").increment();
      systemd.reloaded("reload refused; " + summary(plan));
      log.error("reload refused: the running configuration stays in force");
      return plan;
    }
    umask(next);
    configSaveDir(next);
    processName(next);
    netlinkBuffers(next);
    syncDaemons(next);
    mailer(next, metrics);
    realtimeLimit(next);
    lvsScripts.users(next.vrrp().users());
    fifos(next);
    if (statics != null) {
      applyStatics(next.loaded().config());
    }
    bfdSessions(next.loaded().config()); // an unchanged session keeps its state
    if (vrrp != null) {
      vrrp.bfd(bfd);
      vrrpGate.apply(next.vrrp()); // unchanged instances keep running, state and all
    }
    if (runtime != null) {
      runtime.reload(next.lvs().model(), next.lvs().checks());
    }
    if (timeouts != null) {
      timeouts(next);
    }
    reloadTimeFile(next);
    saveConfig(next, "post", runtime, vrrp); // written before the outcome is announced
    reloads.labels("applied").increment();
    systemd.reloaded(summary(next));
    log.info("reloaded: {}", summary(next));
    dumpConfig(next);
    return next;
  }

  /** {@code config_save_dir}: made (rwx------) when it does not exist, at start and on reload. */
  private static void configSaveDir(Plan plan) {
    plan.loaded().config().globalDefs().reloads().saveDir().ifPresent(DumpFiles::makeDirectory);
  }

  /**
   * {@code config_save_dir}: the state (the status table) and the configuration in force (as {@code
   * dump-config} prints it) before a reload ({@code pre}) and after it ({@code post}), named as
   * keepalived names its own ({@code keepalived_vrrp.PID.N.pre}): {@code vigil.PID.N.pre}, N the
   * reload's number since start. A refused reload's {@code post} shows the configuration that
   * stayed. A file that cannot be written is logged; the reload goes on.
   */
  private void saveConfig(Plan plan, String when, LvsRuntime runtime, VrrpRuntime vrrp) {
    Optional<String> d = plan.loaded().config().globalDefs().reloads().saveDir();
    if (d.isEmpty()) {
      return;
    }
    String name = DumpFiles.savedName(ProcessHandle.current().pid(), reloadNumber, when);
    try {
      DumpFiles.write(
          Path.of(d.get()),
          name,
          status(runtime, vrrp).toTable()
              + "\nconfiguration in force:\n\n"
              + ConfigDump.dump(plan.loaded().config()));
    } catch (IOException | RuntimeException e) {
      log.warn("config_save_dir: {} not written: {}", Path.of(d.get(), name), e.toString());
    }
  }

  /**
   * {@code reload_time_file}: followed from the start, and from each reload on as that
   * configuration says (the same file and {@code reload_repeat}: still followed as it was).
   */
  private void reloadTimeFile(Plan plan) {
    var r = plan.loaded().config().globalDefs().reloads();
    Path want = r.timeFile().map(Path::of).orElse(null);
    if (reloadTimer != null
        && (want == null
            || !want.equals(reloadTimer.file())
            || r.repeat() != reloadTimer.repeat())) {
      reloadTimer.close();
      reloadTimer = null;
    }
    if (want != null && reloadTimer == null) {
      reloadTimer =
          ReloadTimer.start(want, r.repeat(), this::reload, java.time.ZoneId.systemDefault(), 1000);
    }
  }

  /**
   * {@code umask}: the process's file mode creation mask from then on (the FIFOs, the track files,
   * the reload files); a configuration without it leaves the mask as it is (the one vigil was
   * started with, or the last one a configuration set: keepalived does the same).
   */
  private void umask(Plan plan) {
    var mask = plan.loaded().config().globalDefs().umask();
    if (mask.isPresent() && settings.umask() >= 0) {
      log.info("umask command line option specified, ignoring config option"); // keepalived's
    } else {
      mask.ifPresent(ProcessSettings::umask);
    }
  }

  /**
   * The netlink receive buffers of a reload: the sockets opened from now on get them; the static
   * addresses' event socket is resized when they changed (the VRRP side resizes its own).
   */
  private void netlinkBuffers(Plan next) {
    GlobalDefs.NetlinkBufs before = netlinkBufs;
    netlinkBufs = next.loaded().config().globalDefs().netlinkBufs();
    RtnlAddressWatch w = staticWatch;
    if (w != null && !netlinkBufs.vrrpMonitor().equals(before.vrrpMonitor())) {
      NetlinkBuffers.size("vrrp_netlink_monitor", netlinkBufs.vrrpMonitor(), w::receiveBuffer);
    }
  }

  /** A command socket of the VRRP side (static addresses, routes, rules), sized as configured. */
  private RtnlClient vrrpCommands() {
    RtnlClient c = RtnlClient.open();
    NetlinkBuffers.size("vrrp_netlink_cmd", netlinkBufs.vrrpCmd(), c::receiveBuffer);
    return c;
  }

  /** The address events of {@code ha_suspend}: the checker side's, sized as configured. */
  private AddressWatch lvsAddressWatch() {
    RtnlAddressWatch w = RtnlAddressWatch.open();
    NetlinkBuffers.size("lvs_netlink_monitor", netlinkBufs.lvsMonitor(), w::receiveBuffer);
    return w;
  }

  private static void processName(Plan plan) {
    plan.loaded().config().globalDefs().processName().ifPresent(ProcessSettings::name);
  }

  private static java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions(int mode) {
    var all = java.nio.file.attribute.PosixFilePermission.values(); // OWNER_READ first, 0400
    var out = java.util.EnumSet.noneOf(java.nio.file.attribute.PosixFilePermission.class);
    for (int i = 0; i < all.length; i++) {
      if ((mode & (0400 >> i)) != 0) {
        out.add(all[i]);
      }
    }
    return out;
  }

  /**
   * {@code reload_file}: created (or truncated) before a reload reads the configuration files,
   * deleted once they are read, as keepalived 2.2.7 does, so what updates them can wait for it.
   */
  private static void reloadFileWhileReading(Path file, boolean reading) {
    if (file == null) {
      return;
    }
    try {
      if (reading) {
        Files.write(file, new byte[0]);
        // rw-r--r-- whatever the umask takes from group and others, as keepalived creates it
        int mode = 0644 & ~(FileMask.current() & 0600);
        Files.setPosixFilePermissions(file, permissions(mode));
      } else {
        Files.deleteIfExists(file);
      }
    } catch (IOException | RuntimeException e) {
      log.info("reload_file {} not {}: {}", file, reading ? "created" : "deleted", e.toString());
    }
  }

  /**
   * {@code reload_check_config LOG_FILE}: the new configuration's findings, as {@code vigil
   * check-config} prints them, written to the file at each reload (every reload's configuration is
   * checked before anything of it is applied).
   */
  private static void checkLog(Path file, Plan next) {
    StringBuilder b = new StringBuilder();
    int warnings = 0;
    for (Diagnostic d : next.loaded().diagnostics()) {
      if (d.severity() == Diagnostic.Severity.WARNING) {
        b.append(d).append('\n');
        warnings++;
      }
    }
    next.refusals().forEach(x -> b.append(x).append('\n'));
    b.append(next.refusals().size())
        .append(next.refusals().size() == 1 ? " error, " : " errors, ")
        .append(warnings)
        .append(warnings == 1 ? " warning" : " warnings")
        .append(next.refusals().isEmpty() ? ": the reload goes ahead\n" : ": reload refused\n");
    try {
      Files.writeString(file, b);
    } catch (IOException | RuntimeException e) {
      log.info("reload_check_config {} not written: {}", file, e.toString());
    }
  }

  /** The loops quiet for longer than {@code limitNs} (the watchdog's timeout). */
  private static List<String> stuckLoops(LvsRuntime runtime, VrrpRuntime vrrp, long limitNs) {
    long now = System.nanoTime();
    Map<String, Long> quiet = new LinkedHashMap<>();
    if (vrrp != null) {
      quiet.putAll(vrrp.quietForNs(now));
    }
    if (runtime != null) {
      quiet.putAll(runtime.quietForNs(now));
    }
    return Liveness.stuck(quiet, limitNs);
  }

  /**
   * lvs_sync_daemon: one that follows an instance runs with VRRP (as keepalived's VRRP process runs
   * it), one that follows none with the IPVS half (as keepalived's checker process does).
   */
  /**
   * Static addresses, routes and rules brought to {@code c} (at start and on a reload), and their
   * deletions followed as {@code c} needs.
   */
  private void applyStatics(io.vigil.config.model.VigilConfig c) {
    statics.apply(c.staticAddresses());
    routing.apply(c.staticRoutes(), c.staticRules());
    routing.watch(StaticRouting.routesWatched(c), StaticRouting.rulesWatched(c));
    watchStatics();
  }

  /**
   * Follows address events while a static address is to be put back when deleted, and route and
   * rule deletions too while a static route or rule with a {@code track_group} is (started once, at
   * start or by the first reload that configures one; the route groups joined when first needed).
   */
  private void watchStatics() {
    if (staticWatch == null && (statics.tracking() || routing.restoring())) {
      StaticAddresses s = statics;
      StaticRouting r = routing;
      RtnlAddressWatch w = null;
      try {
        w = RtnlAddressWatch.open("static-addresses");
        NetlinkBuffers.size("vrrp_netlink_monitor", netlinkBufs.vrrpMonitor(), w::receiveBuffer);
        w.start(
            e -> {
              if (e instanceof RtnlEvent.AddressRemoved a) {
                s.removed(a.address());
              } else if (e instanceof RtnlEvent.RouteRemoved d) {
                r.restore(d.route());
              } else if (e instanceof RtnlEvent.RuleRemoved d) {
                r.restore(d.rule());
              } else if (e instanceof RtnlEvent.Resynchronised) {
                s.repair(); // after lost events
                r.repair();
              } else if (e instanceof RtnlEvent.LinkChanged l) {
                s.linkChanged(l.link().name()); // an interface made again
                if (l.link().usable()) {
                  r.linkUp(l.link().name()); // the kernel dropped its routes when it went down
                }
              }
            });
        staticWatch = w;
      } catch (RuntimeException e) {
        if (w != null) {
          w.close();
        }
        log.warn("static addresses: not following address events: {}", e.getMessage());
      }
    }
    if (staticWatch != null && !staticRouteEvents && routing.restoring()) {
      try {
        staticWatch.joinRouteGroups();
        staticRouteEvents = true;
        routing.repair(); // what was deleted before the groups were joined
      } catch (RuntimeException e) {
        log.warn("static routes: not following route events: {}", e.getMessage());
      }
    }
  }

  private void syncDaemons(Plan plan) {
    Optional<SyncDaemonSpec> spec = SyncDaemonSpec.of(plan.loaded().config());
    if (spec.isPresent()) {
      boolean follows = spec.get().instance().isPresent();
      if (follows ? settings.checkOnly() : settings.vrrpOnly()) {
        log.info(
            "lvs_sync_daemon {}: not run by {}",
            spec.get(),
            follows ? "--check-only" : "--vrrp-only");
        spec = Optional.empty();
      }
    }
    if (syncDaemons != null) {
      syncDaemons.update(spec);
    } else if (spec.isPresent()) {
      syncDaemons = new LvsSyncDaemons(spec.get(), syncKernels);
    } else {
      return;
    }
    // a daemon added (or pointed at another instance) by a reload starts from its current state
    Optional<String> followed = spec.flatMap(SyncDaemonSpec::instance);
    if (followed.isPresent() && vrrpStates.containsKey(followed.get())) {
      syncDaemons.follow(followed.get(), vrrpStates.get(followed.get()));
    }
    syncDaemons.start(settings.reconcileIntervalMs()); // once
  }

  /**
   * startup_script / shutdown_script: run once and waited for, at most its timeout (then its
   * process group is killed); how it ended is logged, and Vigil goes on either way, as keepalived
   * does.
   */
  private void startStopScript(String what, Optional<GlobalDefs.TimedScript> s)
      throws InterruptedException {
    if (s.isEmpty()) {
      return;
    }
    List<String> argv = s.get().script().argv();
    log.info("running {} {} (timeout {} s)", what, argv, s.get().timeoutS());
    ScriptRunner.Outcome o =
        lvsScripts.runAndWait(
            argv, s.get().script().user(), TimeUnit.SECONDS.toNanos(s.get().timeoutS()));
    if (o instanceof ScriptRunner.Outcome.Exited e && e.status() == 0) {
      log.info("{} {} succeeded", what, argv);
    } else if (o instanceof ScriptRunner.Outcome.Exited e) {
      log.warn("{} {} failed, status {}", what, argv, e.status());
    } else if (o instanceof ScriptRunner.Outcome.TimedOut) {
      log.warn("{} {} timed out after {} s: killed", what, argv, s.get().timeoutS());
    } else if (o instanceof ScriptRunner.Outcome.NotStarted n) {
      log.warn("{} {} not run: {}", what, argv, n.reason());
    }
  }

  /**
   * Alert mail ({@code smtp_server}, {@code notification_email}): the sender is made the first time
   * a plan has both, and takes each later plan's settings (a plan without them mails nothing: no
   * instance or server of it asks).
   */
  private void mailer(Plan plan, Metrics metrics) {
    Optional<SmtpAlerter.Settings> s =
        SmtpAlerter.Settings.of(
            plan.loaded().config().globalDefs(),
            SmtpAlerter.localName(),
            System.getProperty("user.name", "root"));
    if (s.isEmpty()) {
      return;
    }
    if (mailer == null) {
      mailer = new SmtpAlerter(s.get(), metrics);
    } else {
      mailer.settings(s.get());
    }
    log.info(
        "alert mail to {} through {}:{} (router id {})",
        String.join(", ", s.get().to()),
        s.get().host(),
        s.get().port(),
        s.get().routerId());
  }

  private void mail(io.vigil.director.alert.Alert a) {
    SmtpAlerter m = mailer;
    if (m != null) {
      m.send(a);
    }
  }

  /** lvs_timeouts: set at start and by a reload that changes them; a refusal is logged. */
  private void timeouts(Plan plan) {
    try {
      timeouts
          .apply(plan.loaded().config().globalDefs().lvsTimeouts())
          .ifPresent(
              t ->
                  log.info(
                      "lvs_timeouts: IPVS timeouts now tcp {} tcpfin {} udp {} s (before vigil"
                          + " set them: {} {} {})",
                      t.tcpS(),
                      t.tcpFinS(),
                      t.udpS(),
                      timeouts.before().tcpS(),
                      timeouts.before().tcpFinS(),
                      timeouts.before().udpS()));
    } catch (RuntimeException e) {
      log.warn("lvs_timeouts: IPVS timeouts not set: {}", e.getMessage());
    }
  }

  private void vrrpState(String instance, String state) {
    vrrpStates.put(instance, state);
    LvsSyncDaemons s = syncDaemons;
    if (s != null) {
      s.follow(instance, state);
    }
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  /**
   * Opens {@code notify_fifo} (VRRP's lines and LVS's) and {@code lvs_notify_fifo} as the plan
   * says, or keeps those already open when unchanged (a reload).
   */
  private void fifos(Plan plan) {
    io.vigil.config.model.GlobalDefs g = plan.loaded().config().globalDefs();
    commonFifo = reopen(commonFifo, g.notifyFifo().stream().toList(), plan);
    lvsFifo =
        reopen(
            lvsFifo, settings.vrrpOnly() ? List.of() : g.lvsNotifyFifo().stream().toList(), plan);
  }

  private NotifyFifos reopen(
      NotifyFifos now, List<io.vigil.config.model.NotifyFifo> want, Plan plan) {
    if (now != null && now.configs().equals(want)) {
      return now;
    }
    if (now != null) {
      now.close();
    }
    return NotifyFifos.open(want, plan.vrrp().users()::forScript, lvsScripts.runner());
  }

  private LvsRuntime start(Plan plan, Metrics metrics) {
    VrrpNotifier scripts = lvsScripts;
    LvsRuntime runtime =
        new LvsRuntime(
            plan.lvs().model(),
            kernels.get(),
            new LvsRuntime.Options(settings.reconcileIntervalMs(), false),
            metrics,
            run -> {
              if (run.hasScript()) {
                scripts.run(run.argv(), run.user());
              }
              commonFifo.write(run.fifoLine());
              lvsFifo.write(run.fifoLine());
            });
    runtime.addressWatch(addressWatches);
    runtime.alerts(this::mail); // before its first pass: the quorum at start is mailed
    io.vigil.config.model.ProcessScheduling checker =
        plan.loaded().config().globalDefs().checkerScheduling();
    runtime.start(
        plan.lvs().checks(),
        bfdNotRun(HealthEngine.Options.defaults().withBfdSessions(this::bfdUp))
            .withThreadStart(
                loop -> {
                  ThreadScheduling.apply(checker, "checker");
                  LateProbe.start(loop, checker, "checker");
                }));
    return runtime;
  }

  /**
   * RLIMIT_RTTIME and the memory lock ({@code *_no_swap}) for the sides this daemon runs, before
   * their threads start.
   */
  private void realtimeLimit(Plan plan) {
    io.vigil.config.model.GlobalDefs g = plan.loaded().config().globalDefs();
    List<io.vigil.config.model.ProcessScheduling> sides = new ArrayList<>();
    if (!settings.checkOnly()) {
      sides.add(g.vrrpScheduling());
    }
    if (!settings.vrrpOnly()) {
      sides.add(g.checkerScheduling());
    }
    if (!plan.loaded().config().bfdInstances().isEmpty()) {
      sides.add(g.bfdScheduling());
    }
    ThreadScheduling.processLimit(sides);
    ThreadScheduling.memoryLock(sides);
  }

  private static String summary(Plan plan) {
    return plan.vrrp().specs().size()
        + " VRRP instances, "
        + plan.lvs().model().serviceKeys().size()
        + " IPVS services, "
        + plan.lvs().checks().size()
        + " real servers";
  }
}
