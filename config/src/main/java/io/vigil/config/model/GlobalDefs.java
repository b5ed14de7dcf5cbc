package io.vigil.config.model;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * {@code global_defs}, with keepalived's defaults.
 *
 * @param routerId {@code router_id} (default: the host name)
 * @param notificationEmails {@code notification_email}
 * @param notificationEmailFrom {@code notification_email_from}
 * @param smtpServer {@code smtp_server}
 * @param smtpConnectTimeoutUs {@code smtp_connect_timeout} (30 s)
 * @param smtpAlerts {@code smtp_helo_name}, {@code smtp_alert}, {@code smtp_alert_vrrp}, {@code
 *     smtp_alert_checker}, {@code no_checker_emails}
 * @param vrrpVersion {@code vrrp_version} (2)
 * @param vrrpMcastGroup4 {@code vrrp_mcast_group4} (224.0.0.18)
 * @param vrrpMcastGroup6 {@code vrrp_mcast_group6} (ff02::12)
 * @param garp {@code vrrp_garp_*} defaults for every instance
 * @param vrrpStrict {@code vrrp_strict}
 * @param enableScriptSecurity {@code enable_script_security}
 * @param scriptUser {@code script_user} (user and optional group)
 * @param lvsSyncDaemon {@code lvs_sync_daemon}, if configured
 * @param lvsTimeouts {@code lvs_timeouts}, if written
 * @param lvsFlush {@code lvs_flush}
 * @param lvsFlushOnStop {@code lvs_flush_onstop}
 * @param vrrpStartupDelayUs {@code vrrp_startup_delay}: VRRP starts this long after the daemon (0)
 * @param notifyFifo {@code notify_fifo} (+ {@code notify_fifo_script})
 * @param vrrpNotifyFifo {@code vrrp_notify_fifo} (+ {@code vrrp_notify_fifo_script})
 * @param lvsNotifyFifo {@code lvs_notify_fifo} (+ {@code lvs_notify_fifo_script})
 * @param rsInitNotifies {@code rs_init_notifies}: a real server that starts in the pool runs its
 *     {@code notify_up} (keepalived: only transitions do)
 * @param vrrpNotifyPriorityChanges {@code vrrp_notify_priority_changes}: the default of every
 *     instance's {@code notify_priority_changes} (after its sync group's)
 * @param vrrpLowerPrioNoAdvert {@code vrrp_lower_prio_no_advert}: the default of every instance's
 *     {@code lower_prio_no_advert}
 * @param vrrpHigherPrioSendAdvert {@code vrrp_higher_prio_send_advert}: the default of every
 *     instance's {@code higher_prio_send_advert}
 * @param vrrpDownTimerAdverts {@code vrrp_down_timer_adverts}: the default of every instance's
 *     {@code down_timer_adverts} (3)
 * @param vrrpSkipCheckAdvAddr {@code vrrp_skip_check_adv_addr}: the default of every instance's
 *     {@code skip_check_adv_addr}
 * @param vrrpGarpIntervalUs {@code vrrp_garp_interval}: the least time between two gratuitous ARPs
 *     an instance sends (0: none), unless a {@code garp_group} names its interface
 * @param vrrpGnaIntervalUs {@code vrrp_gna_interval}: the same for unsolicited neighbour
 *     advertisements
 * @param startupScript {@code startup_script} with its {@code startup_script_timeout} (10 s): run
 *     once, and waited for, before anything else starts
 * @param shutdownScript {@code shutdown_script} with its {@code shutdown_script_timeout} (10 s):
 *     run once, and waited for, after everything has stopped
 * @param vrrpScheduling {@code vrrp_priority}, {@code vrrp_rt_priority}, {@code
 *     vrrp_rlimit_rttime}: the VRRP threads'
 * @param checkerScheduling {@code checker_priority}, {@code checker_rt_priority}, {@code
 *     checker_rlimit_rttime}: the health checks' and IPVS updates' threads
 * @param bfdScheduling {@code bfd_priority}, {@code bfd_rt_priority}, {@code bfd_rlimit_rttime},
 *     {@code bfd_cpu_affinity}, {@code bfd_no_swap}: the BFD thread's
 * @param checkerLogAllFailures {@code checker_log_all_failures}: every checker logs every failed
 *     check, as if each had {@code log_all_failures}
 * @param vrrpGarpExtraIf {@code vrrp_garp_extra_if [all] SECONDS}: the instances' {@code
 *     garp_extra_if} unless they have their own
 * @param vmacPrefix {@code vmac_prefix}: the start of a VMAC's name, {@code PREFIX.VRID} ("vrrp")
 * @param disableLocalIgmp {@code disable_local_igmp}: no IGMP reports for 224.0.0.0/24 while the
 *     VRRP side runs (net.ipv4.igmp_link_local_mcast_reports 0, put back at the end)
 * @param logUnknownVrids {@code log_unknown_vrids}: an advert received for a VRID no instance has
 *     on that interface is logged (at INFO, one line each, as keepalived)
 * @param vmacAddrPrefix {@code vmac_addr_prefix}: the names of addresses' VMACs (else {@code
 *     vmac_prefix})
 * @param nftables the firewall of no_accept instances: {@code nftables [TABLE]}, {@code
 *     nftables_priority}, {@code nftables_counters}, {@code nftables_ifindex}
 * @param dynamicInterfaces {@code dynamic_interfaces [allow_if_changes]}: an instance's interface
 *     (or a tracked one) need not exist: the instance is in FAULT until it is created, and follows
 *     it when it is deleted and created again
 * @param fifoWriteVrrpStatesOnReload {@code fifo_write_vrrp_states_on_reload}: a reload writes to
 *     the notify FIFOs the state of each sync group and of each backup or fault instance it kept
 * @param reloads {@code reload_time_file}, {@code reload_repeat}, {@code reload_file}, {@code
 *     reload_check_config}
 * @param interfaceDelays the top-level {@code interface_up_down_delays} block: per interface, how
 *     long a change of its link state waits before the VRRP instances are told (none if it changes
 *     back meanwhile)
 * @param vrrpRxBufs {@code vrrp_rx_bufs_policy} and {@code vrrp_rx_bufs_multiplier}: the receive
 *     buffer of the VRRP sockets (an instance's {@code kernel_rx_buf_size} before it)
 * @param netlinkBufs the {@code *_rcv_bufs} and {@code *_rcv_bufs_force} of the netlink sockets
 * @param processName {@code process_name}: the process's name (its comm: {@code ps}, {@code top},
 *     {@code pidof}), at most 15 characters
 * @param umask {@code umask}: the file mode creation mask the daemon runs with (as the numeric or
 *     {@code IWGRP|IWOTH} form gave it); when absent, the one it was started with
 * @param netNamespace {@code net_namespace NAME} (a root keyword, outside {@code global_defs}): the
 *     network namespace the configuration is for, which must be the one Vigil runs in
 * @param dataUseInstance {@code data_use_instance [BOOL]}: SIGUSR1's data file is named after the
 *     {@code net_namespace} ({@code vigil.NAME.data}), so that directors in several namespaces of
 *     one host do not write one file
 */
public record GlobalDefs(
    Optional<String> routerId,
    List<String> notificationEmails,
    Optional<String> notificationEmailFrom,
    Optional<String> smtpServer,
    long smtpConnectTimeoutUs,
    SmtpAlerts smtpAlerts,
    int vrrpVersion,
    InetAddress vrrpMcastGroup4,
    InetAddress vrrpMcastGroup6,
    Garp garp,
    boolean vrrpStrict,
    boolean enableScriptSecurity,
    Optional<String> scriptUser,
    Optional<LvsSyncDaemon> lvsSyncDaemon,
    Optional<LvsTimeouts> lvsTimeouts,
    boolean lvsFlush,
    boolean lvsFlushOnStop,
    long vrrpStartupDelayUs,
    Optional<NotifyFifo> notifyFifo,
    Optional<NotifyFifo> vrrpNotifyFifo,
    Optional<NotifyFifo> lvsNotifyFifo,
    boolean rsInitNotifies,
    boolean vrrpNotifyPriorityChanges,
    boolean vrrpLowerPrioNoAdvert,
    boolean vrrpHigherPrioSendAdvert,
    int vrrpDownTimerAdverts,
    boolean vrrpSkipCheckAdvAddr,
    long vrrpGarpIntervalUs,
    long vrrpGnaIntervalUs,
    Optional<TimedScript> startupScript,
    Optional<TimedScript> shutdownScript,
    ProcessScheduling vrrpScheduling,
    ProcessScheduling checkerScheduling,
    ProcessScheduling bfdScheduling,
    boolean checkerLogAllFailures,
    boolean logUnknownVrids,
    boolean disableLocalIgmp,
    String vmacPrefix,
    Optional<String> vmacAddrPrefix,
    Optional<Vrrp.GarpExtraIf> vrrpGarpExtraIf,
    Nftables nftables,
    boolean dynamicInterfaces,
    boolean fifoWriteVrrpStatesOnReload,
    Reloads reloads,
    java.util.Map<String, UpDownDelay> interfaceDelays,
    RxBufs vrrpRxBufs,
    NetlinkBufs netlinkBufs,
    Optional<String> processName,
    Optional<Integer> umask,
    Optional<String> netNamespace,
    boolean dataUseInstance) {
  public GlobalDefs {
    notificationEmails = List.copyOf(notificationEmails);
    interfaceDelays = java.util.Map.copyOf(interfaceDelays);
  }

  /**
   * One line of {@code interface_up_down_delays}: {@code IFNAME DOWN_DELAY [UP_DELAY]} in seconds
   * (to the microsecond, at most 255 s). Without an up delay a link coming up is not delayed:
   * keepalived 2.2.7's parser sets it to 0 (its manual says it is the down delay).
   */
  public record UpDownDelay(long downUs, long upUs) {}

  /**
   * A netlink socket's receive buffer as {@code PREFIX_rcv_bufs SIZE} and {@code
   * PREFIX_rcv_bufs_force [BOOL]} set it: {@code size} bytes (0: unset, Vigil's own default) asked
   * for with SO_RCVBUFFORCE when {@code force}, else SO_RCVBUF (capped at net.core.rmem_max).
   */
  public record NetlinkBuf(long size, boolean force) {
    public static final NetlinkBuf UNSET = new NetlinkBuf(0, false);
  }

  /**
   * keepalived's netlink receive buffers, by socket: {@code vrrp_netlink_monitor} (link, address
   * and route events of the VRRP side), {@code vrrp_netlink_cmd} (its address and route commands),
   * {@code lvs_netlink_monitor} (the health-check side's address events, {@code ha_suspend}),
   * {@code lvs_netlink_cmd} (keepalived's checker process's rtnetlink commands) and {@code
   * process_monitor} ({@code track_process}'s process events).
   */
  public record NetlinkBufs(
      NetlinkBuf vrrpMonitor,
      NetlinkBuf vrrpCmd,
      NetlinkBuf lvsMonitor,
      NetlinkBuf lvsCmd,
      NetlinkBuf processMonitor) {
    public static final NetlinkBufs UNSET =
        new NetlinkBufs(
            NetlinkBuf.UNSET,
            NetlinkBuf.UNSET,
            NetlinkBuf.UNSET,
            NetlinkBuf.UNSET,
            NetlinkBuf.UNSET);

    /** The keywords' prefixes, in the order of the components. */
    public static final java.util.List<String> PREFIXES =
        java.util.List.of(
            "vrrp_netlink_monitor",
            "vrrp_netlink_cmd",
            "lvs_netlink_monitor",
            "lvs_netlink_cmd",
            "process_monitor");

    /** The components in the order of {@link #PREFIXES}. */
    public java.util.List<NetlinkBuf> all() {
      return java.util.List.of(vrrpMonitor, vrrpCmd, lvsMonitor, lvsCmd, processMonitor);
    }

    /** From five components in the order of {@link #PREFIXES}. */
    public static NetlinkBufs of(java.util.List<NetlinkBuf> b) {
      return new NetlinkBufs(b.get(0), b.get(1), b.get(2), b.get(3), b.get(4));
    }
  }

  /**
   * The receive buffer (SO_RCVBUF) of an instance's VRRP socket when it has no {@code
   * kernel_rx_buf_size}, as keepalived 2.2.7 sizes it: the kernel's default ({@code NONE}), {@code
   * SIZE} bytes, or {@code multiplier} times the instance's advert length ({@code ADVERT}, the IPv4
   * header included) or its interface's MTU ({@code MTU}).
   */
  public record RxBufs(Policy policy, long size, int multiplier) {
    public enum Policy {
      NONE,
      SIZE,
      ADVERT,
      MTU
    }

    /** keepalived's multiplier unless {@code vrrp_rx_bufs_multiplier} says otherwise. */
    public static final int DEFAULT_MULTIPLIER = 3;

    public static final RxBufs DEFAULT = new RxBufs(Policy.NONE, 0, DEFAULT_MULTIPLIER);
  }

  /**
   * How reloads are scheduled and announced, as keepalived 2.2.7 has them.
   *
   * @param timeFile {@code reload_time_file PATH}: a file whose first line ({@code HH:MM:SS},
   *     {@code YY-MM-DD HH:MM:SS} or {@code YYYY-MM-DD HH:MM:SS}, {@code Z} at the end for UTC)
   *     schedules a reload; followed while it is created, changed and deleted
   * @param repeat {@code reload_repeat}: the file is kept after the reload it scheduled (a time
   *     without a date then reloads every day at that time)
   * @param reloadFile {@code reload_file [PATH]}: created (truncated) before a reload reads the
   *     configuration files and deleted once they are read; "" for the default file
   * @param checkLog {@code reload_check_config [LOG_FILE]}: every reload's configuration is checked
   *     before it is applied (Vigil always does); the check's findings are written to this file
   * @param saveDir {@code config_save_dir DIRECTORY}: the state and the configuration in force are
   *     written there before each reload and after it, for debugging reloads (created, rwx------,
   *     when it does not exist; its parent must)
   */
  public record Reloads(
      Optional<String> timeFile,
      boolean repeat,
      Optional<String> reloadFile,
      Optional<String> checkLog,
      Optional<String> saveDir) {
    public static final Reloads NONE =
        new Reloads(Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty());

    /** Without {@code config_save_dir}. */
    public Reloads(
        Optional<String> timeFile,
        boolean repeat,
        Optional<String> reloadFile,
        Optional<String> checkLog) {
      this(timeFile, repeat, reloadFile, checkLog, Optional.empty());
    }
  }

  /**
   * keepalived's nftables settings for VRRP. The table is made only when a master does not accept
   * (no_accept, or strict mode, unless it owns the addresses), with or without {@code nftables}.
   *
   * @param table {@code nftables TABLE} (default {@code keepalived}; also set by {@code
   *     vrrp_iptables}, which keepalived's nftables build reads as {@code nftables})
   * @param priority {@code nftables_priority}: the chains' hook priority (-1)
   * @param counters {@code nftables_counters}: a counter in each rule
   * @param ifindex {@code nftables_ifindex}: link-local addresses keyed by interface index even for
   *     an instance with {@code dont_track_primary}
   * @param ipvs {@code nftables_ipvs}: virtual server groups served by fwmark services
   */
  public record Nftables(
      Optional<String> table,
      int priority,
      boolean counters,
      boolean ifindex,
      Optional<IpvsNftables> ipvs) {
    public static final String DEFAULT_TABLE = "keepalived";
    public static final Nftables DEFAULT =
        new Nftables(Optional.empty(), -1, false, false, Optional.empty());

    /** The VRRP settings alone (no {@code nftables_ipvs}). */
    public Nftables(Optional<String> table, int priority, boolean counters, boolean ifindex) {
      this(table, priority, counters, ifindex, Optional.empty());
    }

    /** The table's name, given or default. */
    public String tableName() {
      return table.orElse(DEFAULT_TABLE);
    }
  }

  /**
   * keepalived's {@code nftables_ipvs [TABLE]}: the services of a virtual server group without
   * fwmark entries become one fwmark service per group and protocol (and family), and nftables
   * marks the packets to the group's addresses and ports, in maps {@code tcp_map}, {@code udp_map},
   * {@code sctp_map} of table {@code ip|ip6 TABLE}, chain {@code in} (hook input).
   *
   * @param table the table's name (default {@code keepalived_ipvs})
   * @param priority {@code nftables_ipvs_priority}: the chain's hook priority (-1)
   * @param startFwmark {@code nftables_ipvs_start_fwmark}: the first mark given out (1000)
   */
  public record IpvsNftables(String table, int priority, long startFwmark) {
    public static final String DEFAULT_TABLE = "keepalived_ipvs";
    public static final long DEFAULT_START_FWMARK = 1000;
  }

  /** Whether alert mail can be sent at all: a server and at least one address to send to. */
  public boolean mails() {
    return smtpServer.isPresent() && !notificationEmails.isEmpty();
  }

  /**
   * The global switches of alert mail, resolved as keepalived 2.2.7 does (vrrp.c, check_data.c): an
   * instance's or sync group's own {@code smtp_alert}, else {@code smtp_alert_vrrp}, else {@code
   * smtp_alert}, else no mail; a virtual server's own, else {@code smtp_alert_checker}, else {@code
   * smtp_alert}, else no mail; a real server's the same, but mail when nothing is set (keepalived
   * keeps that default for backward compatibility).
   *
   * @param heloName {@code smtp_helo_name} (default: the host's name)
   * @param all {@code smtp_alert}
   * @param vrrp {@code smtp_alert_vrrp}
   * @param checker {@code smtp_alert_checker}
   * @param noCheckerEmails {@code no_checker_emails}: a real server's mail only when it goes in or
   *     out of its pool, not for each checker's change
   * @param noEmailFaults {@code no_email_faults}: no mail when an instance or sync group enters
   *     FAULT
   */
  public record SmtpAlerts(
      Optional<String> heloName,
      Optional<Boolean> all,
      Optional<Boolean> vrrp,
      Optional<Boolean> checker,
      boolean noCheckerEmails,
      boolean noEmailFaults) {
    public static final SmtpAlerts NONE =
        new SmtpAlerts(
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, false);

    /** An instance's or sync group's mail switch, from its own {@code smtp_alert}. */
    public boolean forVrrp(Optional<Boolean> own) {
      return own.or(() -> vrrp).or(() -> all).orElse(false);
    }

    /** A virtual server's mail switch (its quorum changes). */
    public boolean forVirtualServer(Optional<Boolean> own) {
      return own.or(() -> checker).or(() -> all).orElse(false);
    }

    /** A real server's mail switch (its checks' changes). */
    public boolean forRealServer(Optional<Boolean> own) {
      return own.or(() -> checker).or(() -> all).orElse(true);
    }
  }

  /** A script with the time it may take (then it is killed with its process group). */
  public record TimedScript(Script script, int timeoutS, io.vigil.config.Origin origin) {}
}
