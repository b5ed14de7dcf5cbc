package io.vigil.config;

import io.vigil.config.model.Checker;
import io.vigil.config.model.GlobalDefs;
import io.vigil.config.model.Lvs;
import io.vigil.config.model.SslSettings;
import io.vigil.config.model.VigilConfig;
import io.vigil.config.model.Vrrp;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The effective configuration as text in keepalived.conf syntax, every default written out and
 * every list in a fixed order (blocks by name or address), so that two configurations, or a file
 * before and after an edit, can be compared with diff.
 */
public final class ConfigDump {
  private final StringBuilder b = new StringBuilder();
  private int depth;

  private ConfigDump() {}

  public static String dump(VigilConfig c) {
    ConfigDump d = new ConfigDump();
    d.global(c.globalDefs());
    c.vrrpScripts().stream().sorted(Comparator.comparing(Vrrp.ScriptDef::name)).forEach(d::script);
    c.trackFiles().stream()
        .sorted(Comparator.comparing(Vrrp.TrackFileDef::name))
        .forEach(d::trackFile);
    c.trackProcesses().stream()
        .sorted(Comparator.comparing(Vrrp.TrackProcessDef::name))
        .forEach(d::trackProcess);
    c.bfdInstances().stream().sorted(Comparator.comparing(Vrrp.BfdDef::name)).forEach(d::bfd);
    c.syncGroups().stream()
        .sorted(Comparator.comparing(Vrrp.SyncGroup::name))
        .forEach(d::syncGroup);
    c.trackGroups().stream()
        .sorted(Comparator.comparing(Vrrp.TrackGroup::name))
        .forEach(d::trackGroup);
    d.garpGroups(c);
    c.instances().stream()
        .sorted(Comparator.comparing(Vrrp.Instance::name))
        .forEach(i -> d.instance(i, c.globalDefs()));
    c.serverGroups().stream()
        .sorted(Comparator.comparing(Lvs.ServerGroup::name))
        .forEach(d::serverGroup);
    c.virtualServers().stream()
        .sorted(
            Comparator.comparing((Lvs.VirtualServer v) -> v.key().toString())
                .thenComparing(v -> v.protocol()))
        .forEach(d::virtualServer);
    c.ssl().ifPresent(d::ssl);
    if (!c.staticAddresses().isEmpty()) {
      d.open("static_ipaddress");
      c.staticAddresses().forEach(x -> d.line(staticAddress(x)));
      d.close();
    }
    if (!c.staticRoutes().isEmpty()) {
      d.open("static_routes");
      c.staticRoutes().forEach(x -> d.line(StaticDump.route(x)));
      d.close();
    }
    if (!c.staticRules().isEmpty()) {
      d.open("static_rules");
      c.staticRules().stream()
          .sorted(
              Comparator.comparing(io.vigil.config.model.StaticRule::ipv6)
                  .thenComparingLong(io.vigil.config.model.StaticRule::priority))
          .forEach(x -> d.line(StaticDump.rule(x)));
      d.close();
    }
    return d.b.toString();
  }

  /** The SSL block; the password is never printed (dumps end up in tickets). */
  private void ssl(SslSettings s) {
    open("SSL");
    opt("ca", s.ca());
    opt("certificate", s.certificate());
    opt("key", s.key());
    s.password().ifPresent(p -> line("# password set, not shown"));
    close();
  }

  private void open(String head) {
    line(head + " {");
    depth++;
  }

  private void close() {
    depth--;
    line("}");
  }

  private void line(String s) {
    b.append("  ".repeat(depth)).append(s).append('\n');
  }

  private void kv(String k, Object v) {
    line(k + " " + v);
  }

  private void opt(String k, Optional<?> v) {
    v.ifPresent(x -> kv(k, x));
  }

  private void flag(String k, boolean v) {
    if (v) {
      line(k);
    }
  }

  private static String s(long us) {
    if (us % 1_000_000 == 0) {
      return Long.toString(us / 1_000_000);
    }
    return (us / 1_000_000) + "." + String.format("%06d", us % 1_000_000).replaceAll("0+$", "");
  }

  private static String a(InetAddress x) {
    return io.vigil.config.model.Addresses.format(x);
  }

  private void global(GlobalDefs g) {
    open("global_defs");
    opt("router_id", g.routerId());
    if (!g.notificationEmails().isEmpty()) {
      open("notification_email");
      g.notificationEmails().forEach(this::line);
      close();
    }
    opt("notification_email_from", g.notificationEmailFrom());
    opt("smtp_server", g.smtpServer());
    kv("smtp_connect_timeout", s(g.smtpConnectTimeoutUs()));
    opt("smtp_helo_name", g.smtpAlerts().heloName());
    g.smtpAlerts().all().ifPresent(x -> kv("smtp_alert", x));
    g.smtpAlerts().vrrp().ifPresent(x -> kv("smtp_alert_vrrp", x));
    g.smtpAlerts().checker().ifPresent(x -> kv("smtp_alert_checker", x));
    flag("no_checker_emails", g.smtpAlerts().noCheckerEmails());
    flag("no_email_faults", g.smtpAlerts().noEmailFaults());
    flag("checker_log_all_failures", g.checkerLogAllFailures());
    flag("log_unknown_vrids", g.logUnknownVrids());
    flag("disable_local_igmp", g.disableLocalIgmp());
    g.vrrpGarpExtraIf()
        .ifPresent(x -> line("vrrp_garp_extra_if " + (x.all() ? "all " : "") + x.seconds()));
    g.vmacAddrPrefix().ifPresent(p -> kv("vmac_addr_prefix", p));
    if (!g.vmacPrefix().equals("vrrp")) {
      kv("vmac_prefix", g.vmacPrefix());
    }
    kv("vrrp_version", g.vrrpVersion());
    kv("vrrp_mcast_group4", a(g.vrrpMcastGroup4()));
    kv("vrrp_mcast_group6", a(g.vrrpMcastGroup6()));
    garp("vrrp_", g.garp());
    flag("vrrp_strict", g.vrrpStrict());
    flag("enable_script_security", g.enableScriptSecurity());
    opt("script_user", g.scriptUser());
    g.lvsSyncDaemon().ifPresent(x -> kv("lvs_sync_daemon", syncd(x)));
    g.lvsTimeouts()
        .filter(x -> x.tcpS() != 0 || x.tcpFinS() != 0 || x.udpS() != 0)
        .ifPresent(
            x ->
                kv(
                    "lvs_timeouts",
                    ((x.tcpS() != 0 ? " tcp " + x.tcpS() : "")
                            + (x.tcpFinS() != 0 ? " tcpfin " + x.tcpFinS() : "")
                            + (x.udpS() != 0 ? " udp " + x.udpS() : ""))
                        .strip()));
    if (g.vrrpStartupDelayUs() > 0) {
      kv("vrrp_startup_delay", s(g.vrrpStartupDelayUs()));
    }
    flag("lvs_flush", g.lvsFlush());
    flag("lvs_flush_onstop", g.lvsFlushOnStop());
    flag("rs_init_notifies", g.rsInitNotifies());
    flag("vrrp_notify_priority_changes", g.vrrpNotifyPriorityChanges());
    flag("vrrp_lower_prio_no_advert", g.vrrpLowerPrioNoAdvert());
    flag("vrrp_higher_prio_send_advert", g.vrrpHigherPrioSendAdvert());
    kv("vrrp_down_timer_adverts", g.vrrpDownTimerAdverts());
    g.startupScript()
        .ifPresent(
            x -> {
              kv("startup_script", quoted(x.script()));
              kv("startup_script_timeout", x.timeoutS());
            });
    g.shutdownScript()
        .ifPresent(
            x -> {
              kv("shutdown_script", quoted(x.script()));
              kv("shutdown_script_timeout", x.timeoutS());
            });
    flag("vrrp_skip_check_adv_addr", g.vrrpSkipCheckAdvAddr());
    if (g.vrrpGarpIntervalUs() > 0) { // keepalived refuses 0, the default
      kv("vrrp_garp_interval", s(g.vrrpGarpIntervalUs()));
    }
    if (g.vrrpGnaIntervalUs() > 0) {
      kv("vrrp_gna_interval", s(g.vrrpGnaIntervalUs()));
    }
    scheduling("vrrp_", g.vrrpScheduling());
    scheduling("checker_", g.checkerScheduling());
    scheduling("bfd_", g.bfdScheduling());
    io.vigil.config.model.ProcessScheduling auto = g.vrrpScheduling(); // both sides share them
    if (auto.maxAutoPriority() != 0) {
      kv("max_auto_priority", auto.maxAutoPriority());
    }
    if (auto.minAutoPriorityDelayUs()
        != io.vigil.config.model.ProcessScheduling.MIN_AUTO_PRIORITY_DELAY_DEFAULT_US) {
      kv("min_auto_priority_delay", auto.minAutoPriorityDelayUs());
    }
    fifo("", g.notifyFifo());
    fifo("vrrp_", g.vrrpNotifyFifo());
    fifo("lvs_", g.lvsNotifyFifo());
    flag("fifo_write_vrrp_states_on_reload", g.fifoWriteVrrpStatesOnReload());
    g.nftables().table().ifPresent(t -> kv("nftables", t));
    if (g.nftables().priority() != -1) {
      kv("nftables_priority", g.nftables().priority());
    }
    flag("nftables_counters", g.nftables().counters());
    flag("nftables_ifindex", g.nftables().ifindex());
    g.nftables()
        .ipvs()
        .ifPresent(
            i -> {
              kv("nftables_ipvs", i.table());
              if (i.priority() != -1) {
                kv("nftables_ipvs_priority", i.priority());
              }
              if (i.startFwmark() != GlobalDefs.IpvsNftables.DEFAULT_START_FWMARK) {
                kv("nftables_ipvs_start_fwmark", i.startFwmark());
              }
            });
    flag("dynamic_interfaces", g.dynamicInterfaces());
    GlobalDefs.Reloads r = g.reloads();
    opt("reload_time_file", r.timeFile());
    flag("reload_repeat", r.repeat());
    r.reloadFile().ifPresent(f -> line(f.isEmpty() ? "reload_file" : "reload_file " + f));
    opt("reload_check_config", r.checkLog());
    opt("config_save_dir", r.saveDir());
    flag("data_use_instance", g.dataUseInstance());
    g.umask().ifPresent(m -> kv("umask", String.format("0%03o", m)));
    opt("process_name", g.processName());
    GlobalDefs.RxBufs rx = g.vrrpRxBufs();
    switch (rx.policy()) {
      case SIZE -> kv("vrrp_rx_bufs_policy", rx.size());
      case MTU, ADVERT -> kv("vrrp_rx_bufs_policy", rx.policy().name());
      default -> {}
    }
    if (rx.multiplier() != GlobalDefs.RxBufs.DEFAULT_MULTIPLIER) {
      kv("vrrp_rx_bufs_multiplier", rx.multiplier());
    }
    List<GlobalDefs.NetlinkBuf> bufs = g.netlinkBufs().all();
    for (int i = 0; i < bufs.size(); i++) {
      String prefix = GlobalDefs.NetlinkBufs.PREFIXES.get(i);
      if (bufs.get(i).size() != 0) {
        kv(prefix + "_rcv_bufs", bufs.get(i).size());
      }
      flag(prefix + "_rcv_bufs_force", bufs.get(i).force());
    }
    close();
    if (!g.interfaceDelays().isEmpty()) {
      open("interface_up_down_delays");
      new java.util.TreeMap<>(g.interfaceDelays())
          .forEach((i, d) -> line(i + " " + s(d.downUs()) + " " + s(d.upUs())));
      close();
    }
  }

  /** Only what differs from keepalived's defaults (no priority change, a 10 ms rttime limit). */
  private void scheduling(String side, io.vigil.config.model.ProcessScheduling x) {
    if (x.nice() != 0) {
      kv(side + "priority", x.nice());
    }
    if (x.realtimePriority() != 0) {
      kv(side + "rt_priority", x.realtimePriority());
    }
    if (x.rlimitRttimeUs() != io.vigil.config.model.ProcessScheduling.RLIMIT_RTTIME_DEFAULT_US) {
      kv(side + "rlimit_rttime", x.rlimitRttimeUs());
    }
    if (x.noSwap()) {
      line(side + "no_swap");
    }
    if (!x.cpuAffinity().isEmpty()) {
      kv(
          side + "cpu_affinity",
          x.cpuAffinity().stream()
              .map(String::valueOf)
              .collect(java.util.stream.Collectors.joining(" ")));
    }
  }

  private static String staticAddress(io.vigil.config.model.StaticAddress x) {
    StringBuilder b = new StringBuilder(x.prefix().toString()).append(" dev ").append(x.dev());
    x.broadcast().ifPresent(a -> b.append(" brd ").append(a(a)));
    b.append(" scope ").append(io.vigil.config.model.StaticAddress.scopeWord(x.scope()));
    x.label().ifPresent(l -> b.append(" label ").append(l));
    b.append(addressOptions(x.peer(), x.flags(), x.noTrack(), x.preferredLifetime()));
    x.trackGroup().ifPresent(g -> b.append(" track_group ").append(g));
    return b.toString();
  }

  /** An address line's options after its label, in one order. */
  private static String addressOptions(
      java.util.Optional<InetAddress> peer,
      java.util.Set<io.vigil.config.model.AddressFlag> flags,
      boolean noTrack,
      java.util.OptionalLong preferredLifetime) {
    StringBuilder b = new StringBuilder();
    peer.ifPresent(p -> b.append(" peer ").append(a(p)));
    flags.stream().sorted().forEach(f -> b.append(' ').append(f.word()));
    if (noTrack) {
      b.append(" no_track");
    }
    preferredLifetime.ifPresent(
        t -> b.append(" preferred_lft ").append(t == 0xffff_ffffL ? "forever" : Long.toString(t)));
    return b.toString();
  }

  private static String syncd(io.vigil.config.model.LvsSyncDaemon x) {
    StringBuilder b = new StringBuilder(x.iface());
    x.instance().ifPresent(i -> b.append(" inst ").append(i));
    x.syncId().ifPresent(i -> b.append(" id ").append(i));
    if (x.maxLength() != 0) {
      b.append(" maxlen ").append(x.maxLength());
    }
    if (x.port() != 0) {
      b.append(" port ").append(x.port());
    }
    if (x.ttl() != 0) {
      b.append(" ttl ").append(x.ttl());
    }
    x.group().ifPresent(a -> b.append(" group ").append(a(a)));
    return b.toString();
  }

  private void fifo(String prefix, Optional<io.vigil.config.model.NotifyFifo> f) {
    if (f.isPresent()) {
      kv(prefix + "notify_fifo", f.get().path() + f.get().user().map(u -> " " + u).orElse(""));
      f.get()
          .script()
          .ifPresent(
              s ->
                  kv(
                      prefix + "notify_fifo_script",
                      "\"" + s.toString().replace("\"", "\\\"") + "\""));
    }
  }

  private void garp(String prefix, io.vigil.config.model.Garp g) {
    kv(prefix + "garp_master_delay", s(g.masterDelayUs()));
    kv(prefix + "garp_master_repeat", g.masterRepeat());
    kv(prefix + "garp_master_refresh", s(g.masterRefreshUs()));
    kv(prefix + "garp_master_refresh_repeat", g.masterRefreshRepeat());
    kv(prefix + "garp_lower_prio_delay", s(g.lowerPrioDelayUs()));
    kv(prefix + "garp_lower_prio_repeat", g.lowerPrioRepeat());
  }

  private void script(Vrrp.ScriptDef s) {
    open("vrrp_script " + s.name());
    kv("script", "\"" + s.script().toString().replace("\"", "\\\"") + "\"");
    kv("interval", s(s.intervalUs()));
    kv("timeout", s(s.timeoutUs()));
    kv("weight", s.weight() + (s.weightReverse() ? " reverse" : ""));
    kv("rise", s.rise());
    kv("fall", s.fall());
    opt("user", s.user());
    flag("init_fail", s.initFail());
    close();
  }

  private void trackFile(Vrrp.TrackFileDef f) {
    open("vrrp_track_file " + f.name());
    kv("file", f.file());
    kv("weight", f.weight() + (f.weightReverse() ? " reverse" : ""));
    flag("init_file", f.init());
    close();
  }

  private void bfd(Vrrp.BfdDef b) {
    open("bfd_instance " + b.name());
    kv("neighbor_ip", a(b.neighbor()));
    b.source().ifPresent(x -> kv("source_ip", a(x)));
    kv("min_rx", ms(b.minRxUs()));
    kv("min_tx", ms(b.minTxUs()));
    kv("idle_tx", ms(b.idleTxUs()));
    kv("multiplier", b.multiplier());
    flag("passive", b.passive());
    kv("ttl", b.ttl());
    kv("max_hops", b.maxHops());
    kv("weight", b.weight() + (b.weightReverse() ? " reverse" : ""));
    if (b.vrrp() != b.checker()) {
      flag("vrrp", b.vrrp());
      flag("checker", b.checker());
    }
    close();
  }

  /** Microseconds as keepalived's BFD milliseconds (up to 3 decimals). */
  private static String ms(long us) {
    return java.math.BigDecimal.valueOf(us, 3).stripTrailingZeros().toPlainString();
  }

  private void trackProcess(Vrrp.TrackProcessDef p) {
    open("vrrp_track_process " + p.name());
    StringBuilder words = new StringBuilder("process ").append(word(p.process()));
    p.params().forEach(x -> words.append(' ').append(word(x)));
    line(words.toString());
    if (p.paramMatch() != Vrrp.ParamMatch.NONE) {
      kv("param_match", p.paramMatch().name().toLowerCase(java.util.Locale.ROOT));
    }
    flag("full_command", p.fullCommand());
    kv("weight", p.weight() + (p.weightReverse() ? " reverse" : ""));
    kv("quorum", p.quorum());
    if (p.quorumMax() <= 65535) {
      kv("quorum_max", p.quorumMax());
    }
    if (p.forkDelayUs() != 0) {
      kv("fork_delay", s(p.forkDelayUs()));
    }
    if (p.terminateDelayUs() != 0) {
      kv("terminate_delay", s(p.terminateDelayUs()));
    }
    close();
  }

  /** A word as keepalived reads it back: quoted when it has a space or a quote. */
  private static String word(String w) {
    return w.isEmpty() || w.matches(".*[\\s\"'#!].*")
        ? "\"" + w.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
        : w;
  }

  private void tracks(String block, List<Vrrp.Track> ts) {
    if (ts.isEmpty()) {
      return;
    }
    open(block);
    ts.stream()
        .sorted(Comparator.comparing(Vrrp.Track::name))
        .forEach(
            t ->
                line(
                    t.name()
                        + t.weight().map(w -> " weight " + w).orElse("")
                        + (t.reverse() ? " reverse" : "")));
    close();
  }

  private void notify(Vrrp.Notify n) {
    n.any().ifPresent(x -> kv("notify", quoted(x)));
    n.master().ifPresent(x -> kv("notify_master", quoted(x)));
    n.backup().ifPresent(x -> kv("notify_backup", quoted(x)));
    n.fault().ifPresent(x -> kv("notify_fault", quoted(x)));
    n.stop().ifPresent(x -> kv("notify_stop", quoted(x)));
    n.masterRxLowerPri().ifPresent(x -> kv("notify_master_rx_lower_pri", quoted(x)));
    if (n.deletedNotified()) {
      if (n.deleted().isPresent()) {
        kv("notify_deleted", quoted(n.deleted().get()));
      } else {
        flag("notify_deleted", true);
      }
    }
  }

  private static String quoted(io.vigil.config.model.Script s) {
    return "\""
        + s.toString().replace("\\", "\\\\").replace("\"", "\\\"")
        + "\""
        + s.user().map(u -> " " + u).orElse("");
  }

  private void trackGroup(Vrrp.TrackGroup g) {
    open("track_group " + g.name());
    open("group");
    g.instances().stream().sorted().forEach(this::line);
    close();
    close();
  }

  private void syncGroup(Vrrp.SyncGroup g) {
    open("vrrp_sync_group " + g.name());
    open("group");
    g.instances().stream().sorted().forEach(this::line);
    close();
    tracks("track_interface", g.trackInterfaces());
    tracks("track_script", g.trackScripts());
    tracks("track_file", g.trackFiles());
    tracks("track_process", g.trackProcesses());
    tracks("track_bfd", g.trackBfds());
    flag("sync_group_tracking_weight", g.trackingWeight());
    notify(g.notifyScripts());
    g.notifyPriorityChanges().ifPresent(x -> kv("notify_priority_changes", x));
    g.smtpAlert().ifPresent(x -> kv("smtp_alert", x));
    close();
  }

  /**
   * A {@code garp_group} for each interface whose instances' announcement intervals are not the
   * global ones (the instances hold them, resolved).
   */
  private void garpGroups(VigilConfig c) {
    GlobalDefs g = c.globalDefs();
    java.util.Map<String, long[]> byIface = new java.util.TreeMap<>();
    for (Vrrp.Instance i : c.instances()) {
      if (i.garpIntervalUs() != g.vrrpGarpIntervalUs()
          || i.gnaIntervalUs() != g.vrrpGnaIntervalUs()) {
        byIface.putIfAbsent(i.iface(), new long[] {i.garpIntervalUs(), i.gnaIntervalUs()});
      }
    }
    byIface.forEach(
        (iface, x) -> {
          open("garp_group");
          kv("garp_interval", s(x[0]));
          kv("gna_interval", s(x[1]));
          kv("interface", iface);
          close();
        });
  }

  private void instance(Vrrp.Instance i, GlobalDefs g) {
    open("vrrp_instance " + i.name());
    kv("state", i.state());
    if (!i.iface().isEmpty()) {
      kv("interface", i.iface());
    }
    kv("virtual_router_id", i.virtualRouterId());
    kv("priority", i.priority());
    kv("advert_int", s(i.advertIntUs()));
    kv("version", i.version());
    kv("down_timer_adverts", i.downTimerAdverts());
    if (i.kernelRxBufSize() != 0) {
      kv("kernel_rx_buf_size", i.kernelRxBufSize());
    }
    flag("skip_check_adv_addr", i.skipCheckAdvAddr());
    flag("nopreempt", i.nopreempt());
    kv("preempt_delay", s(i.preemptDelayUs()));
    i.unicastSrcIp().ifPresent(x -> kv("unicast_src_ip", a(x)));
    i.mcastGroup()
        .filter(x -> !x.equals(i.isIpv6() ? g.vrrpMcastGroup6() : g.vrrpMcastGroup4()))
        .ifPresent(x -> kv("mcast_dst_ip", a(x)));
    if (!i.unicastPeers().isEmpty()) {
      open("unicast_peer");
      i.unicastPeers().stream()
          .map(p -> a(p.address()) + " min_ttl " + p.minTtl() + " max_ttl " + p.maxTtl())
          .sorted()
          .forEach(this::line);
      close();
      kv("unicast_ttl", i.unicastTtl());
    }
    i.authentication()
        .ifPresent(
            x -> {
              open("authentication");
              kv("auth_type", x.type());
              kv("auth_pass", x.password());
              close();
            });
    vips("virtual_ipaddress", i.virtualIpaddress());
    vips("virtual_ipaddress_excluded", i.virtualIpaddressExcluded());
    tracks("track_interface", i.trackInterfaces());
    tracks("track_script", i.trackScripts());
    tracks("track_file", i.trackFiles());
    tracks("track_process", i.trackProcesses());
    tracks("track_bfd", i.trackBfds());
    notify(i.notifyScripts());
    garp("", i.garp());
    line(i.accept() ? "accept" : "no_accept");
    flag("use_vmac_addr", i.useVmacAddr());
    flag("dont_track_primary", i.dontTrackPrimary());
    flag("track_src_ip", i.trackSrcIp());
    i.smtpAlert().ifPresent(x -> kv("smtp_alert", x));
    i.notifyPriorityChanges().ifPresent(x -> kv("notify_priority_changes", x));
    i.lowerPrioNoAdvert().ifPresent(x -> kv("lower_prio_no_advert", x));
    i.higherPrioSendAdvert().ifPresent(x -> kv("higher_prio_send_advert", x));
    i.strictMode().ifPresent(x -> kv("strict_mode", x));
    flag("unicast_fault_no_peer", i.unicastFaultNoPeer());
    flag("promote_secondaries", i.promoteSecondaries());
    i.vmac()
        .ifPresent(
            x -> {
              if (x.ipvlan().isPresent()) {
                Vrrp.Ipvlan l = x.ipvlan().get();
                line(
                    "use_ipvlan "
                        + x.name()
                        + l.address().map(a -> " " + a).orElse("")
                        + " "
                        + l.mode());
                return;
              }
              line("use_vmac " + x.name() + " " + x.mac());
              flag("vmac_xmit_base", x.xmitBase());
            });
    i.garpExtraIf().ifPresent(x -> line("garp_extra_if " + (x.all() ? "all " : "") + x.seconds()));
    switch (i.unicastChecksum()) {
      case OLD -> line("old_unicast_checksum");
      case NEVER -> line("old_unicast_checksum never");
      case DETECT -> {
        // keepalived's default: nothing written
      }
    }
    if (!i.virtualRoutes().isEmpty()) {
      open("virtual_routes");
      i.virtualRoutes().forEach(x -> line(StaticDump.route(x)));
      close();
    }
    if (!i.virtualRules().isEmpty()) {
      open("virtual_rules");
      i.virtualRules().forEach(x -> line(StaticDump.rule(x)));
      close();
    }
    close();
  }

  private void vips(String block, List<Vrrp.Vip> vips) {
    if (vips.isEmpty()) {
      return;
    }
    open(block);
    vips.stream()
        .map(
            v ->
                v.prefix()
                    + v.broadcast().map(x -> " brd " + a(x)).orElse("")
                    + v.dev().map(x -> " dev " + x).orElse("")
                    + v.scope().map(x -> " scope " + x).orElse("")
                    + v.label().map(x -> " label " + x).orElse("")
                    + addressOptions(v.peer(), v.flags(), v.noTrack(), v.preferredLifetime())
                    + (v.useVmac() ? " use_vmac" : ""))
        .sorted()
        .forEach(this::line);
    close();
  }

  private void serverGroup(Lvs.ServerGroup g) {
    open("virtual_server_group " + g.name());
    g.entries().stream()
        .map(
            e ->
                e.isFwmark()
                    ? "fwmark " + e.fwmark()
                    : a(e.first().get()) + rangeSuffix(e) + " " + e.port())
        .sorted()
        .forEach(this::line);
    close();
  }

  private static String rangeSuffix(Lvs.GroupEntry e) {
    InetAddress f = e.first().get();
    byte[] b = f.getAddress();
    int last =
        f instanceof java.net.Inet4Address ? b[3] & 0xff : ((b[14] & 0xff) << 8) | (b[15] & 0xff);
    if (e.rangeEnd() == last) {
      return "";
    }
    return "-"
        + (f instanceof java.net.Inet4Address
            ? Integer.toString(e.rangeEnd())
            : Integer.toHexString(e.rangeEnd()));
  }

  private void virtualServer(Lvs.VirtualServer v) {
    String key =
        v.key() instanceof Lvs.ByAddress x
            ? a(x.endpoint().address()) + " " + x.endpoint().port()
            : v.key().toString();
    open("virtual_server " + key);
    if (!(v.key() instanceof Lvs.ByFwmark)) {
      kv("protocol", v.protocol());
    }
    kv("lvs_sched", v.scheduler());
    kv("lvs_method", v.method() + v.tunnel().words());
    kv("delay_loop", s(v.delayLoopUs()));
    if (v.persistenceTimeoutS() > 0) {
      kv("persistence_timeout", v.persistenceTimeoutS());
    }
    v.persistenceGranularity().ifPresent(x -> kv("persistence_granularity", a(x)));
    kv("quorum", v.quorum());
    kv("hysteresis", v.hysteresis());
    flag("alpha", v.alpha());
    flag("omega", v.omega());
    flag("inhibit_on_failure", v.inhibitOnFailure());
    flag("ops", v.opsOnePacket());
    for (int bit = 0; bit < 3; bit++) {
      flag("flag-" + (bit + 1), (v.schedFlags() & (1 << bit)) != 0); // sh-port is flag-2, etc.
    }
    v.persistenceEngine().ifPresent(x -> kv("persistence_engine", x));
    flag("ha_suspend", v.haSuspend());
    v.quorumUp().ifPresent(x -> kv("quorum_up", quoted(x)));
    v.quorumDown().ifPresent(x -> kv("quorum_down", quoted(x)));
    v.smtpAlert().ifPresent(x -> kv("smtp_alert", x));
    v.sorryServer().ifPresent(x -> kv("sorry_server", a(x.address()) + " " + x.port()));
    flag("sorry_server_inhibit", v.sorryServerInhibit());
    v.sorryServerMethod()
        .ifPresent(m -> kv("sorry_server_lvs_method", m + v.sorryServerTunnel().words()));
    opt("virtualhost", v.virtualhost());
    opt("ip_family", v.ipFamily());
    v.realServers().stream()
        .sorted(
            Comparator.comparing((Lvs.RealServer r) -> a(r.endpoint().address()))
                .thenComparingInt(r -> r.endpoint().port()))
        .forEach(this::realServer);
    close();
  }

  private void realServer(Lvs.RealServer r) {
    open("real_server " + a(r.endpoint().address()) + " " + r.endpoint().port());
    kv("weight", r.weight());
    kv("lvs_method", r.method() + r.tunnel().words());
    flag("inhibit_on_failure", r.inhibitOnFailure());
    r.notifyUp().ifPresent(x -> kv("notify_up", quoted(x)));
    r.notifyDown().ifPresent(x -> kv("notify_down", quoted(x)));
    r.smtpAlert().ifPresent(x -> kv("smtp_alert", x));
    if (r.uthreshold() > 0) {
      kv("uthreshold", r.uthreshold());
    }
    if (r.lthreshold() > 0) {
      kv("lthreshold", r.lthreshold());
    }
    opt("virtualhost", r.virtualhost());
    r.checkers().forEach(this::checker);
    close();
  }

  private void checker(Checker c) {
    open(c.kind().name());
    Checker.Common k = c.common();
    if (c instanceof Checker.Bfd b) {
      kv("name", b.session()); // BFD_CHECK has no other option than alpha
      flag("alpha", k.alpha());
      close();
      return;
    }
    boolean connection = c.kind() != Checker.Kind.MISC_CHECK;
    if (connection) {
      k.connectIp().ifPresent(x -> kv("connect_ip", a(x)));
      if (k.connectPort() > 0) {
        kv("connect_port", k.connectPort());
      }
      k.bindto().ifPresent(x -> kv("bindto", a(x)));
      if (k.bindPort() > 0) {
        kv("bind_port", k.bindPort());
      }
      kv("connect_timeout", s(k.connectTimeoutUs()));
    }
    kv("retry", k.retry());
    kv("delay_before_retry", s(k.delayBeforeRetryUs()));
    kv("delay_loop", s(k.delayLoopUs()));
    kv("warmup", s(k.warmupUs()));
    flag("alpha", k.alpha());
    flag("log_all_failures", k.logAllFailures());
    if (k.fwmark() != 0) {
      kv("fwmark", k.fwmark());
    }
    k.bindIf().ifPresent(x -> kv("bind_if", x));
    checkerDetails(c);
    close();
  }

  private void checkerDetails(Checker c) {
    if (c instanceof Checker.Http h) {
      opt("virtualhost", h.virtualhost());
      kv("http_protocol", h.httpProtocol());
      flag("enable_sni", h.enableSni());
      for (Checker.Url u : h.urls()) {
        open("url");
        kv("path", u.path());
        opt("digest", u.digest());
        StringBuilder codes = new StringBuilder();
        for (int[] r : u.statusRanges()) {
          codes
              .append(codes.length() == 0 ? "" : " ")
              .append(r[0] == r[1] ? "" + r[0] : r[0] + "-" + r[1]);
        }
        kv("status_code", codes);
        opt("virtualhost", u.virtualhost());
        u.regex()
            .ifPresent(
                x -> kv("regex", "\"" + x.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        flag("regex_no_match", u.regexNoMatch());
        if (!u.regexOptions().isEmpty()) {
          kv("regex_options", String.join(" ", u.regexOptions()));
        }
        if (u.regexMinOffset() > 0) {
          kv("regex_min_offset", Long.toString(u.regexMinOffset()));
        }
        if (u.regexMaxOffset() >= 0) {
          kv("regex_max_offset", Long.toString(u.regexMaxOffset()));
        }
        close();
      }
    } else if (c instanceof Checker.Misc m) {
      kv("misc_path", quoted(m.path()));
      kv("misc_timeout", s(m.timeoutUs()));
      flag("misc_dynamic", m.dynamic());
      opt("user", m.user());
    } else if (c instanceof Checker.Smtp m) {
      kv("helo_name", m.heloName());
    } else if (c instanceof Checker.Dns m) {
      kv("type", m.type());
      kv("name", m.name().isEmpty() ? "\"\"" : m.name());
    } else if (c instanceof Checker.Udp m) {
      opt("payload", m.payloadHex());
      flag("require_reply", m.requireReply());
      kv("min_reply_length", m.minReplyLength());
      kv("max_reply_length", m.maxReplyLength());
    } else if (c instanceof Checker.File m) {
      kv("track_file", m.trackFile());
      // without its own weight, the track_file's applies
      m.weight().ifPresent(w -> kv("weight", w + (m.reverse() ? " reverse" : "")));
    }
  }
}
