package io.vigil.config.parse;

import io.vigil.config.Diagnostic;
import io.vigil.config.UmaskNumber;
import io.vigil.config.lang.Node;
import io.vigil.config.model.Garp;
import io.vigil.config.model.GlobalDefs;
import io.vigil.config.model.LvsSyncDaemon;
import io.vigil.config.model.LvsTimeouts;
import io.vigil.config.model.NotifyFifo;
import io.vigil.config.model.ProcessScheduling;
import io.vigil.config.model.Script;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code global_defs}. */
final class GlobalParser {
  static final InetAddress MCAST4 = Values.literal("224.0.0.18");
  static final InetAddress MCAST6 = Values.literal("ff02::12");
  private static final long HOUR_US = 3600 * Values.US_PER_S;

  /** Mutable while parsing. */
  static final class Builder {
    String routerId;
    final List<String> emails = new ArrayList<>();
    String emailFrom;
    String smtpServer;
    long smtpConnectTimeoutUs = 30 * Values.US_PER_S;
    String smtpHeloName;
    Boolean smtpAlert;
    Boolean smtpAlertVrrp;
    Boolean smtpAlertChecker;
    boolean noCheckerEmails;
    boolean noEmailFaults;
    boolean checkerLogAllFailures;
    boolean logUnknownVrids;
    boolean disableLocalIgmp;
    String vmacPrefix = "vrrp";
    String vmacAddrPrefix;
    io.vigil.config.model.Vrrp.GarpExtraIf garpExtraIf;
    String defaultInterface = "eth0"; // keepalived's DFLT_INT
    int vrrpVersion = 2;
    InetAddress mcast4 = MCAST4;
    InetAddress mcast6 = MCAST6;
    long garpDelayUs = Garp.DEFAULTS.masterDelayUs();
    int garpRepeat = Garp.DEFAULTS.masterRepeat();
    long garpRefreshUs = Garp.DEFAULTS.masterRefreshUs();
    int garpRefreshRepeat = Garp.DEFAULTS.masterRefreshRepeat();
    Long garpLowerDelayUs;
    Integer garpLowerRepeat;
    boolean vrrpStrict;
    boolean scriptSecurity;
    String scriptUser;
    LvsSyncDaemon lvsSyncDaemon;
    LvsTimeouts lvsTimeouts;
    boolean lvsFlush;
    boolean lvsFlushOnStop;
    boolean rsInitNotifies;
    boolean notifyPriorityChanges;
    boolean lowerPrioNoAdvert;
    int downTimerAdverts = 3;
    boolean skipCheckAdvAddr;
    long garpIntervalUs;
    long gnaIntervalUs;
    final TimedScriptB startup = new TimedScriptB();
    final TimedScriptB shutdown = new TimedScriptB();
    boolean higherPrioSendAdvert;
    long vrrpStartupDelayUs;
    final SchedB vrrpSched = new SchedB();
    final SchedB checkerSched = new SchedB();
    final SchedB bfdSched = new SchedB();
    int maxAutoPriority;
    long minAutoPriorityDelayUs = ProcessScheduling.MIN_AUTO_PRIORITY_DELAY_DEFAULT_US;
    final FifoB fifo = new FifoB();
    final FifoB vrrpFifo = new FifoB();
    final FifoB lvsFifo = new FifoB();
    String nftTable;
    int nftPriority = -1;
    boolean nftCounters;
    boolean nftIfindex;
    String ipvsNftTable;
    int ipvsNftPriority = -1;
    long ipvsNftStartFwmark = GlobalDefs.IpvsNftables.DEFAULT_START_FWMARK;
    boolean dynamicInterfaces;
    boolean fifoWriteStatesOnReload;
    String reloadTimeFile;
    boolean reloadRepeat;
    String reloadFile;
    String reloadCheckLog;
    String configSaveDir;
    String netNamespace; // net_namespace, set by the top level's parser
    boolean dataUseInstance;
    boolean tmpConfigDirectory;
    final java.util.Map<String, GlobalDefs.UpDownDelay> interfaceDelays =
        new java.util.LinkedHashMap<>();
    Integer umask;
    String processName;
    GlobalDefs.RxBufs.Policy rxBufsPolicy = GlobalDefs.RxBufs.Policy.NONE;
    long rxBufsSize;
    int rxBufsMultiplier = GlobalDefs.RxBufs.DEFAULT_MULTIPLIER;
    final long[] netlinkSizes = new long[GlobalDefs.NetlinkBufs.PREFIXES.size()];
    final boolean[] netlinkForce = new boolean[GlobalDefs.NetlinkBufs.PREFIXES.size()];

    GlobalDefs.NetlinkBufs netlinkBufs() {
      List<GlobalDefs.NetlinkBuf> b = new ArrayList<>();
      for (int i = 0; i < netlinkSizes.length; i++) {
        b.add(new GlobalDefs.NetlinkBuf(netlinkSizes[i], netlinkForce[i]));
      }
      return GlobalDefs.NetlinkBufs.of(b);
    }

    Garp garp() {
      return new Garp(
          garpDelayUs,
          garpRepeat,
          garpRefreshUs,
          garpRefreshRepeat,
          garpLowerDelayUs == null ? garpDelayUs : garpLowerDelayUs,
          garpLowerRepeat == null ? garpRepeat : garpLowerRepeat);
    }

    GlobalDefs build() {
      return new GlobalDefs(
          Optional.ofNullable(routerId),
          emails,
          Optional.ofNullable(emailFrom),
          Optional.ofNullable(smtpServer),
          smtpConnectTimeoutUs,
          new GlobalDefs.SmtpAlerts(
              Optional.ofNullable(smtpHeloName),
              Optional.ofNullable(smtpAlert),
              Optional.ofNullable(smtpAlertVrrp),
              Optional.ofNullable(smtpAlertChecker),
              noCheckerEmails,
              noEmailFaults),
          vrrpVersion,
          mcast4,
          mcast6,
          garp(),
          vrrpStrict,
          scriptSecurity,
          Optional.ofNullable(scriptUser),
          Optional.ofNullable(lvsSyncDaemon),
          Optional.ofNullable(lvsTimeouts),
          lvsFlush,
          lvsFlushOnStop,
          vrrpStartupDelayUs,
          fifo.build(),
          vrrpFifo.build(),
          lvsFifo.build(),
          rsInitNotifies,
          notifyPriorityChanges,
          lowerPrioNoAdvert,
          higherPrioSendAdvert,
          downTimerAdverts,
          skipCheckAdvAddr,
          garpIntervalUs,
          gnaIntervalUs,
          startup.build(),
          shutdown.build(),
          vrrpSched.build(maxAutoPriority, minAutoPriorityDelayUs),
          checkerSched.build(maxAutoPriority, minAutoPriorityDelayUs),
          bfdSched.build(maxAutoPriority, minAutoPriorityDelayUs),
          checkerLogAllFailures,
          logUnknownVrids,
          disableLocalIgmp,
          vmacPrefix,
          Optional.ofNullable(vmacAddrPrefix),
          Optional.ofNullable(garpExtraIf),
          new GlobalDefs.Nftables(
              Optional.ofNullable(nftTable),
              nftPriority,
              nftCounters,
              nftIfindex,
              Optional.ofNullable(ipvsNftTable)
                  .map(t -> new GlobalDefs.IpvsNftables(t, ipvsNftPriority, ipvsNftStartFwmark))),
          dynamicInterfaces,
          fifoWriteStatesOnReload,
          new GlobalDefs.Reloads(
              Optional.ofNullable(reloadTimeFile),
              reloadRepeat,
              Optional.ofNullable(reloadFile),
              Optional.ofNullable(reloadCheckLog),
              Optional.ofNullable(configSaveDir)),
          interfaceDelays,
          new GlobalDefs.RxBufs(rxBufsPolicy, rxBufsSize, rxBufsMultiplier),
          netlinkBufs(),
          Optional.ofNullable(processName),
          Optional.ofNullable(umask),
          Optional.ofNullable(netNamespace),
          dataUseInstance);
    }
  }

  /** {@code startup_script} or {@code shutdown_script} with its timeout (10 s unless set). */
  static final class TimedScriptB {
    Script script;
    io.vigil.config.Origin origin;
    int timeoutS = 10;

    Optional<GlobalDefs.TimedScript> build() {
      return script == null
          ? Optional.empty()
          : Optional.of(new GlobalDefs.TimedScript(script, timeoutS, origin));
    }
  }

  /**
   * {@code vrrp_rx_bufs_policy MTU|ADVERT|SIZE}, read as keepalived 2.2.7 reads it, with its
   * messages: the words case-insensitive; a number is read from the first word whatever its place
   * (keepalived's parser reads slot 1 for each: {@code MTU 1000} is refused); a size with a policy
   * keeps the size, MTU with ADVERT keeps MTU, each with its error.
   */
  private void rxBufsPolicy(Node n, Builder b) {
    if (n.args().isEmpty()) {
      v.error(n, "vrrp_rx_bufs_policy missing");
      return;
    }
    // keepalived ORs each line's bits into what an earlier line set
    boolean mtu = b.rxBufsPolicy == GlobalDefs.RxBufs.Policy.MTU;
    boolean advert = b.rxBufsPolicy == GlobalDefs.RxBufs.Policy.ADVERT;
    Long size = b.rxBufsPolicy == GlobalDefs.RxBufs.Policy.SIZE ? b.rxBufsSize : null;
    for (String word : n.args()) {
      if (word.equalsIgnoreCase("MTU")) {
        mtu = true;
      } else if (word.equalsIgnoreCase("ADVERT")) {
        advert = true;
      } else {
        Long s = unsigned(n.arg(0));
        if (s == null) {
          v.error(n, "Invalid vrrp_rx_bufs_policy " + word);
        } else {
          size = s;
        }
      }
    }
    if (size != null && (mtu || advert)) {
      v.error(n, "Cannot set vrrp_rx_bufs_policy size and policy, ignoring policy");
      mtu = advert = false;
    } else if (mtu && advert) {
      v.error(n, "Cannot set both vrrp_rx_bufs_policy MTU and ADVERT, ignoring ADVERT");
      advert = false;
    }
    if (size != null) {
      b.rxBufsPolicy = GlobalDefs.RxBufs.Policy.SIZE;
      b.rxBufsSize = size;
    } else if (mtu) {
      b.rxBufsPolicy = GlobalDefs.RxBufs.Policy.MTU;
    } else if (advert) {
      b.rxBufsPolicy = GlobalDefs.RxBufs.Policy.ADVERT;
    }
  }

  /**
   * {@code PREFIX_rcv_bufs SIZE}, as keepalived 2.2.7 reads it (get_netlink_rcv_bufs_size): an
   * unsigned 32-bit number; 0 leaves the size as it was.
   */
  private void netlinkSize(Node n, String prefix, long[] sizes, int i) {
    if (n.args().isEmpty()) {
      v.error(n, prefix + "_rcv_bufs size missing");
      return;
    }
    Long size = unsigned(n.arg(0));
    if (size == null) {
      v.error(n, prefix + "_rcv_bufs size (" + n.arg(0) + ") invalid");
    } else if (size != 0) {
      sizes[i] = size;
    }
  }

  /** {@code PREFIX_rcv_bufs_force [BOOL]}: on without a value, keepalived's words otherwise. */
  private void netlinkForce(Node n, String prefix, boolean[] force, int i) {
    String a = n.arg(0);
    if (a == null) {
      force[i] = true;
      return;
    }
    switch (a) { // case-sensitive, as keepalived's check_true_false
      case "true", "on", "yes" -> force[i] = true;
      case "false", "off", "no" -> force[i] = false;
      default ->
          v.error(
              n, "Invalid value '" + a + "' for global " + prefix + "_rcv_bufs_force specified");
    }
  }

  /**
   * {@code include_check [[+|-]read|match|wildcard_match|brace_match ...]}: the words keepalived
   * 2.2.7 refuses, with its messages (the checks themselves are the preprocessor's).
   */
  private void includeCheck(Node n) {
    for (int i = 0; i < n.args().size(); i++) {
      String w = n.arg(i);
      boolean signed = w.startsWith("+") || w.startsWith("-");
      if (!signed && i > 0) {
        v.error(n, "Duplicate include_check '" + w + "' specified - ignoring");
        continue;
      }
      String name = signed ? w.substring(1) : w;
      if (io.vigil.config.lang.Preprocessor.includeCheckNamed(name) == 0) {
        v.error(n, "Unknown include_check type '" + name + "' - ignoring");
      }
    }
  }

  /** The longest process name the kernel keeps (TASK_COMM_LEN - 1). */
  static final int PROCESS_NAME_MAX = 15;

  /** {@code process_name NAME}, with keepalived 2.2.7's truncation and its message. */
  private void processName(Node n, Builder b) {
    String name = v.arg(n, 0);
    if (name == null) {
      return;
    }
    if (name.length() > PROCESS_NAME_MAX) {
      v.error(
          n, "Process name " + name + " more than " + PROCESS_NAME_MAX + " characters, truncating");
      name = name.substring(0, PROCESS_NAME_MAX);
    }
    b.processName = name;
  }

  /**
   * The names of keepalived's child processes ({@code process_names}, {@code vrrp_process_name},
   * {@code checker_process_name} and its old spelling {@code lvs_process_name}, {@code
   * bfd_process_name}): Vigil has none to name.
   */
  private void childNames(Node n) {
    v.warning(
        n,
        n.keyword()
            + " names keepalived's child processes: vigil runs as one process, whose threads are"
            + " named vrrp-INSTANCE, vigil-lvs and bfd (process_name names the process) - ignored");
  }

  /** An unsigned 32-bit decimal number, as keepalived's read_unsigned_strvec takes it, or null. */
  static Long unsigned(String a) {
    if (a == null || !a.matches("[0-9]{1,10}")) {
      return null;
    }
    long x = Long.parseLong(a);
    return x > 0xffff_ffffL ? null : x;
  }

  /** The bits of the symbolic form, in keepalived's order (S_IRUSR ... S_IXOTH). */
  private static final String[] UMASK_BITS = {
    "IRUSR", "IWUSR", "IXUSR", "IRGRP", "IWGRP", "IXGRP", "IROTH", "IWOTH", "IXOTH"
  };

  /**
   * {@code config_save_dir DIRECTORY}, checked as keepalived 2.2.7 checks it (global_parser.c, with
   * its words): a directory, or a name that does not exist yet in one (the daemon creates it,
   * rwx------, where keepalived creates it while it reads the file); anything else is an error.
   */
  private void configSaveDir(Node n, Builder b) {
    if (n.args().isEmpty()) {
      v.error(n, "config_save_dir missing directory name");
      return;
    }
    Path dir = Path.of(n.arg(0));
    if (Files.isDirectory(dir)) {
      b.configSaveDir = n.arg(0);
    } else if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      v.error(n, "config_save_dir " + n.arg(0) + " exists and is not a directory");
    } else {
      Path parent = dir.toAbsolutePath().getParent();
      if (parent != null && Files.isDirectory(parent)) {
        b.configSaveDir = n.arg(0);
      } else {
        v.error(
            n,
            "Unable to create config_save_dir "
                + n.arg(0)
                + " (error 2 - No such file or directory)");
      }
    }
  }

  /**
   * {@code data_use_instance [BOOL]}, read as keepalived 2.2.7 reads it: no word is true; its error
   * keeps keepalived's words (and its spelling of the keyword).
   */
  private void dataUseInstance(Node n, Builder b) {
    String a = n.arg(0);
    if (a == null) {
      b.dataUseInstance = true;
      return;
    }
    switch (a) {
      case "true", "on", "yes" -> b.dataUseInstance = true;
      case "false", "off", "no" -> b.dataUseInstance = false;
      default -> v.error(n, "Invalid value '" + a + "' for global date_use_instance specified");
    }
  }

  /**
   * {@code tmp_config_directory DIRECTORY}: where keepalived keeps the copy of the configuration it
   * reads on start (a file instead of memory). Vigil keeps no such copy, so the directory is not
   * used; the keyword is checked as keepalived checks it (a name, given once).
   */
  private void tmpConfigDirectory(Node n, Builder b) {
    if (b.tmpConfigDirectory) {
      v.error(n, "tmp_config_directory already specified - ignoring");
    } else if (n.args().isEmpty()) {
      v.error(n, "tmp_config_directory missing directory name");
    } else {
      b.tmpConfigDirectory = true;
    }
  }

  /**
   * {@code umask MASK}, read as keepalived 2.2.7 reads it (global_parser.c): a number (C's base 0:
   * {@code 0x..} hexadecimal, {@code 0..} octal, else decimal) of permission bits only, or bit
   * names joined by {@code |} ({@code IWGRP|IWOTH}, spaces allowed around the bars), with its
   * messages.
   */
  private Optional<Integer> umask(Node n) {
    List<String> args = n.args();
    if (args.isEmpty()) {
      v.error(n, "umask missing bit value");
      return Optional.empty();
    }
    String mask = args.get(0);
    if (Character.isDigit(mask.charAt(0))) {
      if (args.size() != 1) {
        v.error(n, "Extra parameter(s) to umask option");
        return Optional.empty();
      }
      Integer bits = UmaskNumber.parse(mask);
      if (bits == null) {
        v.error(n, "invalid umask value " + mask);
        return Optional.empty();
      }
      return Optional.of(bits);
    }
    int bits = 0;
    boolean needOr = false;
    for (String word : args) {
      int p = 0;
      while (p < word.length()) {
        if (needOr) {
          if (word.charAt(p) != '|') {
            v.error(n, "Invalid umask syntax " + word);
            return Optional.empty();
          }
          needOr = false;
          p++;
          continue;
        }
        int bit = -1;
        for (int i = 0; i < UMASK_BITS.length; i++) {
          if (word.startsWith(UMASK_BITS[i], p)) {
            bit = 0400 >> i;
          }
        }
        if (bit < 0) {
          v.error(n, "Unknown umask bit " + word.substring(p));
          return Optional.empty();
        }
        bits |= bit;
        p += 5;
        needOr = true;
      }
    }
    if (!needOr) {
      v.error(n, "umask missing bit value");
      return Optional.empty();
    }
    return Optional.of(bits);
  }

  private void timedScript(Node n, TimedScriptB b) {
    v.notifyScript(n)
        .ifPresent(
            s -> {
              b.script = s;
              b.origin = n.origin();
            });
  }

  /** {@code *_script_timeout}: keepalived's range [1, 1000] seconds. */
  private void timedScriptTimeout(Node n, TimedScriptB b) {
    set(v.integer(n, 0, 1, 1000), x -> b.timeoutS = x.intValue());
  }

  /** One side's scheduling keywords. */
  static final class SchedB {
    int nice;
    int realtimePriority;
    long rlimitRttimeUs = ProcessScheduling.RLIMIT_RTTIME_DEFAULT_US;
    java.util.SortedSet<Integer> cpus = new java.util.TreeSet<>();
    boolean noSwap;

    ProcessScheduling build(int maxAutoPriority, long minAutoPriorityDelayUs) {
      return new ProcessScheduling(
          nice,
          realtimePriority,
          rlimitRttimeUs,
          List.copyOf(cpus),
          maxAutoPriority,
          minAutoPriorityDelayUs,
          noSwap);
    }
  }

  /** A FIFO and its script, in either order in the file. */
  static final class FifoB {
    String path;
    String user;
    Script script;

    Optional<NotifyFifo> build() {
      return path == null
          ? Optional.empty()
          : Optional.of(
              new NotifyFifo(path, Optional.ofNullable(user), Optional.ofNullable(script)));
    }
  }

  private final Values v;
  private final Keywords<Builder> kw;

  GlobalParser(Values v) {
    this.v = v;
    this.kw = new Keywords<>("global_defs", this::keyword);
  }

  /** A {@code global_defs} keyword; false when it is none. */
  private boolean keyword(Node n, Builder b) {
    switch (n.keyword()) {
      case "router_id" -> b.routerId = v.arg(n, 0);
      // the preprocessor seeds ${_RANDOM} with it; here it is only checked
      case "random_seed" -> v.integer(n, 0, 0, 4_294_967_295L);
      case "notification_email" -> emails(n, b);
      case "notification_email_from" -> b.emailFrom = v.arg(n, 0);
      case "smtp_server" -> smtp(n, b);
      case "smtp_connect_timeout" ->
          set(v.timerUs(n, 0, Values.US_PER_S, HOUR_US), x -> b.smtpConnectTimeoutUs = x);
      case "smtp_helo_name" -> b.smtpHeloName = v.arg(n, 0);
      case "smtp_alert" -> b.smtpAlert = v.flag(n);
      case "smtp_alert_vrrp" -> b.smtpAlertVrrp = v.flag(n);
      case "smtp_alert_checker" -> b.smtpAlertChecker = v.flag(n);
      case "no_checker_emails" -> b.noCheckerEmails = v.flag(n);
      case "no_email_faults" -> b.noEmailFaults = v.flag(n);
      case "checker_log_all_failures" -> b.checkerLogAllFailures = v.flag(n);
      case "disable_local_igmp" -> b.disableLocalIgmp = true;
      case "log_unknown_vrids" -> {
        if (!n.args().isEmpty()) { // keepalived sets it whatever follows
          v.warning(
              n,
              "log_unknown_vrids takes no value: '"
                  + String.join(" ", n.args())
                  + "' ignored, it is on");
        }
        b.logUnknownVrids = true;
      }
      case "vrrp_garp_extra_if", "vrrp_vmac_garp_intvl" ->
          garpExtraIf(v, n, "", 1).ifPresent(x -> b.garpExtraIf = x);
      case "vmac_addr_prefix" -> {
        String p = v.arg(n, 0);
        if (p == null) {
          return true;
        }
        if (b.vmacAddrPrefix != null) {
          v.error(n, "vmac_addr prefix has already been specified - ignoring " + p);
        } else {
          b.vmacAddrPrefix = p;
        }
      }
      case "vmac_prefix" -> {
        String p = v.arg(n, 0);
        if (p != null) {
          b.vmacPrefix = p;
        }
      }
      case "default_interface" -> {
        String i = v.arg(n, 0);
        if (i != null) {
          b.defaultInterface = i;
        }
      }
      case "vrrp_version" -> set(v.integer(n, 0, 2, 3), x -> b.vrrpVersion = x.intValue());
      case "vrrp_mcast_group4" -> b.mcast4 = mcast(n, true, b.mcast4);
      case "vrrp_mcast_group6" -> b.mcast6 = mcast(n, false, b.mcast6);
      case "vrrp_garp_master_delay", "garp_master_delay" ->
          set(v.timerUs(n, 0, 0, HOUR_US), x -> b.garpDelayUs = x);
      case "vrrp_garp_master_repeat", "garp_master_repeat" ->
          set(v.integer(n, 0, 1, 65535), x -> b.garpRepeat = x.intValue());
      case "vrrp_garp_master_refresh", "garp_master_refresh" ->
          set(v.timerUs(n, 0, 0, HOUR_US), x -> b.garpRefreshUs = x);
      case "vrrp_garp_master_refresh_repeat", "garp_master_refresh_repeat" ->
          set(v.integer(n, 0, 1, 65535), x -> b.garpRefreshRepeat = x.intValue());
      case "vrrp_garp_lower_prio_delay", "garp_lower_prio_delay" ->
          set(v.timerUs(n, 0, 0, HOUR_US), x -> b.garpLowerDelayUs = x);
      case "vrrp_garp_lower_prio_repeat", "garp_lower_prio_repeat" ->
          set(v.integer(n, 0, 0, 65535), x -> b.garpLowerRepeat = x.intValue());
      case "vrrp_strict" -> b.vrrpStrict = v.flag(n);
      case "nftables" -> nftables(n, b);
      case "vrrp_iptables" -> {
        // keepalived's nftables build (Debian's) reads it as nftables, and says so
        v.error(
            n,
            "iptables not supported, using nftables instead. Please replace"
                + " 'vrrp_iptables and 'vrrp_ipsets' with 'nftables' config option");
        b.nftTable = GlobalDefs.Nftables.DEFAULT_TABLE;
        b.nftPriority = -1;
      }
      case "nftables_priority" -> {
        Long p = v.integer(n, 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (p != null) {
          b.nftPriority = p.intValue();
        }
      }
      case "nftables_ipvs" -> ipvsNftables(n, b);
      case "nftables_ipvs_priority" -> {
        Long p = v.integer(n, 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (p != null) {
          b.ipvsNftPriority = p.intValue();
        } else if (!n.args().isEmpty()) {
          v.error(n, "invalid ipvs nftables chain priority '" + n.arg(0) + "'");
        }
      }
      case "nftables_ipvs_start_fwmark" -> {
        Long f = v.integer(n, 0, 1, 0xffffffffL);
        if (f != null) {
          b.ipvsNftStartFwmark = f;
        } else if (!n.args().isEmpty()) {
          // keepalived's words, "priority" included
          v.error(n, "invalid ipvs nftables start_fwmark priority '" + n.arg(0) + "'");
        }
      }
      case "nftables_counters" -> b.nftCounters = true;
      case "nftables_ifindex" -> b.nftIfindex = true;
      case "dynamic_interfaces" -> {
        // keepalived 2.2.7: "allow_if_changes" is its only option (interfaces deleted
        // and made again as another kind: Vigil makes no such check to relax)
        if (n.args().size() > 1 || (n.args().size() == 1 && !n.arg(0).equals("allow_if_changes"))) {
          v.error(n, "Unknown dynamic_interfaces option '" + n.arg(0) + "'");
        }
        b.dynamicInterfaces = true;
      }
      case "umask" -> umask(n).ifPresent(m -> b.umask = m);
      case "process_name" -> processName(n, b);
      case "process_names",
          "vrrp_process_name",
          "checker_process_name",
          "lvs_process_name",
          "bfd_process_name" ->
          childNames(n);
      // applied while the files are read (the preprocessor's includes); its mistakes here
      case "include_check" -> includeCheck(n);
      case "vrrp_rx_bufs_policy" -> rxBufsPolicy(n, b);
      case "vrrp_rx_bufs_multiplier" -> {
        if (n.args().size() != 1) {
          v.error(n, "Invalid vrrp_rx_bufs_multiplier");
          return true;
        }
        Long m = unsigned(n.arg(0));
        if (m == null || m < 1) {
          v.error(n, "Invalid vrrp_rx_bufs_multiplier " + n.arg(0));
        } else {
          b.rxBufsMultiplier = (int) Math.min(m, Integer.MAX_VALUE);
        }
      }
      case "fifo_write_vrrp_states_on_reload" -> b.fifoWriteStatesOnReload = true;
      case "reload_time_file" -> {
        if (n.args().size() != 1) {
          v.error(n, "reload_time_file invalid"); // keepalived 2.2.7's words
        } else {
          b.reloadTimeFile = n.arg(0);
        }
      }
      case "reload_repeat" -> b.reloadRepeat = true;
      case "reload_file" -> b.reloadFile = n.args().isEmpty() ? "" : n.arg(0);
      case "reload_check_config" -> b.reloadCheckLog = n.args().isEmpty() ? "/dev/null" : n.arg(0);
      case "config_save_dir" -> configSaveDir(n, b);
      case "data_use_instance" -> dataUseInstance(n, b);
      case "tmp_config_directory" -> tmpConfigDirectory(n, b);
      case "enable_script_security" -> b.scriptSecurity = v.flag(n);
      case "script_user" -> b.scriptUser = String.join(" ", n.args());
      case "lvs_sync_daemon" -> syncd(n, b);
      case "startup_script" -> timedScript(n, b.startup);
      case "startup_script_timeout" -> timedScriptTimeout(n, b.startup);
      case "shutdown_script" -> timedScript(n, b.shutdown);
      case "shutdown_script_timeout" -> timedScriptTimeout(n, b.shutdown);
      case "lvs_timeouts" -> b.lvsTimeouts = lvsTimeouts(n, b.lvsTimeouts);
      case "vrrp_startup_delay" ->
          set(v.timerUs(n, 0, 1_000, 4_294_967_295L), x -> b.vrrpStartupDelayUs = x);
      case "notify_fifo" -> fifo(n, b.fifo);
      case "notify_fifo_script" -> v.script(n).ifPresent(x -> b.fifo.script = x);
      case "vrrp_notify_fifo" -> fifo(n, b.vrrpFifo);
      case "vrrp_notify_fifo_script" -> v.script(n).ifPresent(x -> b.vrrpFifo.script = x);
      case "lvs_notify_fifo" -> fifo(n, b.lvsFifo);
      case "lvs_notify_fifo_script" -> v.script(n).ifPresent(x -> b.lvsFifo.script = x);
      case "lvs_flush" -> b.lvsFlush = v.flag(n);
      case "rs_init_notifies" -> b.rsInitNotifies = v.flag(n);
      case "vrrp_notify_priority_changes" -> b.notifyPriorityChanges = v.flag(n);
      case "vrrp_lower_prio_no_advert" -> b.lowerPrioNoAdvert = v.flag(n);
      case "vrrp_skip_check_adv_addr" -> b.skipCheckAdvAddr = v.flag(n);
      // always so in Vigil (see check_unicast_src): read, changes nothing
      case "vrrp_check_unicast_src" -> v.flag(n);
      case "vrrp_min_garp" -> {
        // as keepalived: one announcement, no second burst, for what is still at its
        // default when this line is read
        if (v.flag(n)) {
          if (b.garpRepeat == Garp.DEFAULTS.masterRepeat()) {
            b.garpRepeat = 1;
          }
          if (b.garpDelayUs == Garp.DEFAULTS.masterDelayUs()) {
            b.garpDelayUs = 0;
          }
        }
      }
      case "vrrp_garp_interval" -> set(announceInterval(n), x -> b.garpIntervalUs = x);
      case "vrrp_gna_interval" -> set(announceInterval(n), x -> b.gnaIntervalUs = x);
      case "vrrp_down_timer_adverts" ->
          set(v.integer(n, 0, 1, 100), x -> b.downTimerAdverts = x.intValue());
      case "vrrp_higher_prio_send_advert" -> b.higherPrioSendAdvert = v.flag(n);
      case "notify_priority_changes" ->
          v.warning(
              n,
              "'notify_priority_changes' is not a global_defs keyword (keepalived:"
                  + " Unknown keyword) - ignored; vrrp_notify_priority_changes sets"
                  + " it for every instance");
      case "lvs_flush_onstop", "lvs_flush_on_stop" -> b.lvsFlushOnStop = v.flag(n);
      case "vrrp_priority" -> nice(n, "vrrp", b.vrrpSched);
      case "checker_priority" -> nice(n, "checker", b.checkerSched);
      case "vrrp_rt_priority" -> realtime(n, "vrrp", b.vrrpSched);
      case "checker_rt_priority" -> realtime(n, "checker", b.checkerSched);
      case "vrrp_rlimit_rttime", "vrrp_rlimit_rtime" -> rttime(n, "vrrp", b.vrrpSched);
      case "checker_rlimit_rttime", "checker_rlimit_rtime" -> rttime(n, "checker", b.checkerSched);
      case "vrrp_cpu_affinity" -> cpus(n, "vrrp", b.vrrpSched);
      case "checker_cpu_affinity" -> cpus(n, "checker", b.checkerSched);
      case "vrrp_no_swap" -> b.vrrpSched.noSwap = v.flag(n);
      case "checker_no_swap" -> b.checkerSched.noSwap = v.flag(n);
      case "bfd_priority" -> nice(n, "bfd", b.bfdSched);
      case "bfd_rt_priority" -> realtime(n, "bfd", b.bfdSched);
      case "bfd_rlimit_rttime", "bfd_rlimit_rtime" -> rttime(n, "bfd", b.bfdSched);
      case "bfd_cpu_affinity" -> cpus(n, "bfd", b.bfdSched);
      case "bfd_no_swap" -> b.bfdSched.noSwap = v.flag(n);
      case "max_auto_priority" -> maxAutoPriority(n, b);
      case "min_auto_priority_delay" -> minAutoPriorityDelay(n, b);
      default -> {
        return netlinkBuf(n, b);
      }
    }
    return true;
  }

  /**
   * {@code PREFIX_rcv_bufs} and {@code PREFIX_rcv_bufs_force}, a pair for each of keepalived's
   * netlink sockets; false for another keyword.
   */
  private boolean netlinkBuf(Node n, Builder b) {
    List<String> prefixes = GlobalDefs.NetlinkBufs.PREFIXES;
    for (int i = 0; i < prefixes.size(); i++) {
      String prefix = prefixes.get(i);
      if (n.keyword().equals(prefix + "_rcv_bufs")) {
        netlinkSize(n, prefix, b.netlinkSizes, i);
        return true;
      }
      if (n.keyword().equals(prefix + "_rcv_bufs_force")) {
        netlinkForce(n, prefix, b.netlinkForce, i);
        return true;
      }
    }
    return false;
  }

  /**
   * {@code *_cpu_affinity CPU...}: each an online CPU's number, as keepalived checks them when it
   * reads the file; one that is not empties the set (keepalived's "Reset cpu_set at first error").
   */
  private void cpus(Node n, String side, SchedB b) {
    b.cpus.clear();
    if (n.args().isEmpty()) {
      v.error(n, "No " + side + " cpu_id set specified");
      return;
    }
    int online = OnlineCpus.count();
    for (String a : n.args()) {
      int cpu;
      try {
        cpu = Integer.parseInt(a);
      } catch (NumberFormatException e) {
        cpu = -1;
      }
      if (cpu < 0 || cpu >= online) {
        v.error(
            n,
            "Invalid cpu_id:"
                + a
                + " specified for "
                + side
                + " process (this host has "
                + online
                + " online CPUs, 0-"
                + (online - 1)
                + ")");
        b.cpus.clear();
        return;
      }
      b.cpus.add(cpu);
    }
  }

  /** {@code max_auto_priority [PRIORITY]}: -1 to 99; without a value, 99 (SCHED_RR's maximum). */
  private void maxAutoPriority(Node n, Builder b) {
    int p = 99;
    if (!n.args().isEmpty()) {
      String a = n.arg(0);
      try {
        p = Integer.parseInt(a);
      } catch (NumberFormatException e) {
        p = Integer.MIN_VALUE;
      }
      if (p < -1 || p > 99 || n.args().size() > 1) {
        v.error(
            n, "max_auto_priority '" + a + "' must be in [0, 99] (or -1 to disable) - ignoring");
        return;
      }
    }
    b.maxAutoPriority = p;
  }

  /** {@code min_auto_priority_delay USECS}: 1 to 10,000,000. */
  private void minAutoPriorityDelay(Node n, Builder b) {
    if (n.args().isEmpty()) {
      v.error(n, "min_auto_priority_delay requires delay time");
      return;
    }
    String a = n.arg(0);
    long d;
    try {
      d = Long.parseLong(a);
    } catch (NumberFormatException e) {
      d = 0;
    }
    if (d < 1 || d > 10_000_000 || n.args().size() > 1) {
      v.error(n, "min_auto_priority_delay '" + a + "' must be in [1, 10000000] - ignoring");
      return;
    }
    b.minAutoPriorityDelayUs = d;
  }

  /** {@code *_priority}: -20..19; keepalived resets it to 0 when it is missing or invalid. */
  private void nice(Node n, String side, SchedB b) {
    String a = n.arg(0);
    if (a == null) {
      v.error(n, "No " + side + " process priority specified");
      b.nice = 0;
      return;
    }
    Long x = v.integer(n, 0, -20, 19);
    b.nice = x == null ? 0 : x.intValue();
  }

  /** {@code *_rt_priority}: outside 1..99 it is set to the nearer bound, as keepalived does. */
  private void realtime(Node n, String side, SchedB b) {
    String a = n.arg(0);
    if (a == null) {
      v.error(n, "No " + side + " process real-time priority specified");
      return;
    }
    long x;
    try {
      x = Long.parseLong(a);
    } catch (NumberFormatException e) {
      v.error(n, side + " process real-time priority '" + a + "' invalid");
      return;
    }
    if (x < 1) {
      v.error(
          n,
          side + " process real-time priority " + a + " less than minimum 1 - setting to minimum");
      x = 1;
    } else if (x > 99) {
      v.error(
          n,
          side
              + " process real-time priority "
              + a
              + " greater than maximum 99 - setting to maximum");
      x = 99;
    }
    b.realtimePriority = (int) x;
  }

  /** {@code *_rlimit_rttime}: microseconds; 1 reads as 2, as keepalived reads it. */
  private void rttime(Node n, String side, SchedB b) {
    if (n.keyword().endsWith("_rtime")) {
      v.warning(
          n,
          "Keyword '" + n.keyword() + "' is deprecated - please use '" + side + "_rlimit_rttime'");
    }
    Long x = v.integer(n, 0, 1, 4_294_967_295L);
    if (x != null) {
      b.rlimitRttimeUs = Math.max(2, x);
    }
  }

  /**
   * {@code vrrp_garp_interval} / {@code vrrp_gna_interval}: decimal seconds, to the microsecond.
   * keepalived 2.2.7 refuses 0 (its own sample configuration once had it); Vigil reads it as what
   * it says, no interval, with a warning.
   */
  private Long announceInterval(Node n) {
    if ("0".equals(n.arg(0))) {
      v.warning(
          n, n.keyword() + " 0: no interval (the default); keepalived 2.2.7 reports 0 as invalid");
      return 0L;
    }
    return v.timerUs(n, 0, 1, 4_294_967_295L);
  }

  /**
   * {@code lvs_timeouts [tcp S] [tcpfin S] [udp S]}, read as keepalived 2.2.7 reads it (a value
   * written again wins; what a later line leaves out stays as an earlier one set it).
   */
  private LvsTimeouts lvsTimeouts(Node n, LvsTimeouts before) {
    List<String> a = n.args();
    if (a.size() < 2) {
      v.error(n, "lvs_timeouts requires at least one option");
      return before;
    }
    int[] t =
        before == null ? new int[3] : new int[] {before.tcpS(), before.tcpFinS(), before.udpS()};
    for (int i = 0; i < a.size(); i++) {
      int which = List.of("tcp", "tcpfin", "udp").indexOf(a.get(i));
      if (which < 0) {
        v.error(n, "Unknown option " + a.get(i) + " specified for lvs_timeouts");
        continue;
      }
      if (i == a.size() - 1) {
        v.error(n, "No value specified for lvs_timeout " + a.get(i) + " - ignoring");
        continue;
      }
      String value = a.get(++i);
      long s = value.matches("[0-9]{1,9}") ? Long.parseLong(value) : -1;
      if (s < 0 || s > LvsTimeouts.MAX_S) {
        v.error(n, "Invalid lvs_timeout " + a.get(i - 1) + " (" + value + ") - ignoring");
      } else {
        t[which] = (int) s;
      }
    }
    return new LvsTimeouts(t[0], t[1], t[2]);
  }

  static <X> void set(X value, java.util.function.Consumer<X> to) {
    if (value != null) {
      to.accept(value);
    }
  }

  void parse(Node block, Builder b) {
    if (!block.block()) {
      v.error(block, "global_defs needs a '{' block");
    }
    kw.apply(block.children(), b, v);
  }

  private void emails(Node n, Builder b) {
    if (!n.block()) {
      v.error(n, "notification_email needs a '{' block of addresses");
      return;
    }
    for (Node c : n.children()) {
      b.emails.addAll(c.line().words());
    }
  }

  private void smtp(Node n, Builder b) {
    String a = v.arg(n, 0);
    if (a == null) {
      return;
    }
    if (Values.literal(a) == null && !a.matches("[A-Za-z0-9.-]+")) {
      v.error(n, "smtp_server: invalid server '" + a + "'");
      return;
    }
    if (n.arg(1) != null && v.integer(n, 1, 1, 65535) == null) {
      return;
    }
    b.smtpServer = n.arg(1) == null ? a : a + " " + n.arg(1);
  }

  private InetAddress mcast(Node n, boolean v4, InetAddress old) {
    String a = v.arg(n, 0);
    InetAddress x = a == null ? null : v.address(n, a);
    if (x == null) {
      return old;
    }
    if ((x instanceof java.net.Inet4Address) != v4 || !x.isMulticastAddress()) {
      v.error(
          n, n.keyword() + ": '" + a + "' is not an IPv" + (v4 ? "4" : "6") + " multicast address");
      return old;
    }
    if (!v4 && !x.isMCLinkLocal()) {
      v.warning(n, "vrrp_mcast_group6 [" + a + "] should be link-local multicast.");
    }
    return x;
  }

  private void fifo(Node n, FifoB f) {
    String path = v.arg(n, 0);
    if (path == null) {
      return;
    }
    if (f.path != null) {
      v.error(n, n.keyword() + " already specified - ignoring " + path);
      return;
    }
    f.path = path;
    if (n.args().size() > 1) {
      f.user = String.join(" ", n.args().subList(1, Math.min(3, n.args().size())));
    }
  }

  /**
   * keepalived's grammar: {@code INTERFACE [[inst] INSTANCE] [id N] [maxlen N] [port N] [ttl N]
   * [group ADDR]}; the older positional form {@code INTERFACE INSTANCE [SYNC_ID]} is still read.
   */
  /**
   * {@code nftables [TABLE]} as keepalived 2.2.7 reads it: once only, a name under 256 bytes, and
   * the priority back to -1 (a {@code nftables_priority} before it is lost).
   */
  private void nftables(Node n, Builder b) {
    if (b.nftTable != null) {
      v.error(n, "nftables already specified - ignoring");
      return;
    }
    String name = n.args().isEmpty() ? GlobalDefs.Nftables.DEFAULT_TABLE : n.args().get(0);
    if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= 256) {
      v.error(n, "nftables table name too long - ignoring");
      return;
    }
    b.nftTable = name;
    b.nftPriority = -1;
  }

  /**
   * {@code nftables_ipvs [TABLE]} as keepalived 2.2.7 reads it: once only, a name under 256 bytes,
   * and the priority and first mark back to -1 and 1000 (a {@code nftables_ipvs_priority} or {@code
   * nftables_ipvs_start_fwmark} before it is lost).
   */
  private void ipvsNftables(Node n, Builder b) {
    if (b.ipvsNftTable != null) {
      v.error(n, "ipvs nftables already specified - ignoring");
      return;
    }
    String name = n.args().isEmpty() ? GlobalDefs.IpvsNftables.DEFAULT_TABLE : n.args().get(0);
    if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= 256) {
      v.error(n, "ipvs nftables table name too long - ignoring");
      return;
    }
    b.ipvsNftTable = name;
    b.ipvsNftPriority = -1;
    b.ipvsNftStartFwmark = GlobalDefs.IpvsNftables.DEFAULT_START_FWMARK;
  }

  private void syncd(Node n, Builder b) {
    if (b.lvsSyncDaemon != null) {
      v.error(n, "lvs_sync_daemon is already specified - ignoring");
      return;
    }
    List<String> a = n.args();
    if (a.isEmpty()) {
      v.error(n, "lvs_sync_daemon needs an interface");
      return;
    }
    if (a.get(0).length() >= 16) {
      v.error(n, "lvs_sync_daemon interface name '" + a.get(0) + "' is too long");
      return;
    }
    String instance = null;
    Integer id = null;
    int maxLen = 0;
    int port = 0;
    int ttl = 0;
    InetAddress group = null;
    long before = v.d.count(Diagnostic.Severity.ERROR);
    for (int i = 1; i < a.size(); i++) {
      String w = a.get(i);
      String value = i + 1 < a.size() ? a.get(i + 1) : null;
      boolean option = true;
      switch (w) {
        case "inst" -> instance = value;
        case "id" -> id = syncdNumber(n, w, value, 0, 255, id);
        case "maxlen" -> maxLen = syncdNumber(n, w, value, 1, 65535 - 20 - 8, maxLen);
        case "port" -> port = syncdNumber(n, w, value, 1, 65535, port);
        case "ttl" -> ttl = syncdNumber(n, w, value, 1, 255, ttl);
        case "group" -> group = syncdGroup(n, value);
        default -> option = false;
      }
      if (option) {
        if (value == null) {
          v.error(n, "lvs_sync_daemon: no value after '" + w + "'");
        }
        i++;
      } else if (i == 1 && instance == null) {
        instance = w; // the older positional form
      } else if (i == 2 && id == null && w.matches("[0-9]+")) {
        v.warning(n, "lvs_sync_daemon: write 'id " + w + "' for the sync id");
        id = syncdNumber(n, "id", w, 0, 255, null);
      } else {
        v.error(n, "lvs_sync_daemon: unknown option '" + w + "'");
      }
    }
    if (v.d.count(Diagnostic.Severity.ERROR) > before) {
      return;
    }
    b.lvsSyncDaemon =
        new LvsSyncDaemon(
            n.origin(),
            a.get(0),
            Optional.ofNullable(instance),
            id == null ? OptionalInt.empty() : OptionalInt.of(id),
            maxLen,
            port,
            ttl,
            Optional.ofNullable(group));
  }

  private Integer syncdNumber(Node n, String what, String value, int min, int max, Integer old) {
    if (value == null) {
      return old;
    }
    Long x = v.integer(n, value, min, max);
    if (x == null) {
      return old;
    }
    return x.intValue();
  }

  private InetAddress syncdGroup(Node n, String value) {
    if (value == null) {
      return null;
    }
    InetAddress x = v.address(n, value);
    if (x != null && !x.isMulticastAddress()) {
      v.error(n, "lvs_sync_daemon group address " + value + " is not multicast");
      return null;
    }
    return x;
  }

  /**
   * {@code vrrp_garp_extra_if [all] SECONDS} (seconds from {@code min}) and an instance's {@code
   * garp_extra_if} (from 0, which turns it off), with their deprecated names, as keepalived 2.2.7
   * reads them (global_parser.c, vrrp_parser.c; its words after {@code tag}).
   */
  static java.util.Optional<io.vigil.config.model.Vrrp.GarpExtraIf> garpExtraIf(
      Values v, Node n, String tag, int min) {
    String cmd = n.keyword();
    if (cmd.equals("vrrp_vmac_garp_intvl") || cmd.equals("vmac_garp_intvl")) {
      String now = cmd.equals("vmac_garp_intvl") ? "garp_extra_if" : "vrrp_garp_extra_if";
      v.warning(n, "Keyword \"" + cmd + "\" is deprecated - please use \"" + now + "\"");
    }
    boolean all = false;
    Integer seconds = null;
    for (String a : n.args()) {
      if (a.equals("all")) {
        all = true;
        continue;
      }
      long x;
      try {
        x = Long.parseLong(a);
      } catch (NumberFormatException e) {
        x = -1;
      }
      if (x < min || x > 86_400) {
        v.error(n, tag + cmd + " '" + a + "' invalid - ignoring");
        return java.util.Optional.empty();
      }
      seconds = (int) x;
    }
    if (seconds == null || seconds == 0 && min > 0) {
      v.error(n, tag + cmd + " specified without time - ignoring");
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new io.vigil.config.model.Vrrp.GarpExtraIf(seconds, all));
  }
}
