package io.vigil.config.parse;

import io.vigil.config.lang.Node;
import io.vigil.config.model.Script;
import io.vigil.config.model.Vrrp;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code vrrp_script}, {@code vrrp_track_file} and {@code vrrp_sync_group}. */
final class VrrpParser {
  static final long DAY_US = 86_400 * Values.US_PER_S;

  private final Values v;

  VrrpParser(Values v) {
    this.v = v;
  }

  /** Mutable notify scripts shared by instances and sync groups. */
  static final class NotifyBuilder {
    Script any;
    Script master;
    Script backup;
    Script fault;
    Script stop;
    Script masterRxLowerPri;
    boolean deletedNotified;
    Script deleted;

    Vrrp.Notify build() {
      return new Vrrp.Notify(
          Optional.ofNullable(any),
          Optional.ofNullable(master),
          Optional.ofNullable(backup),
          Optional.ofNullable(fault),
          Optional.ofNullable(stop),
          Optional.ofNullable(masterRxLowerPri),
          deletedNotified,
          Optional.ofNullable(deleted));
    }
  }

  private static final class ScriptB {
    Script script;
    long intervalUs = Values.US_PER_S;
    Long timeoutUs;
    int weight;
    boolean reverse;
    int rise = 1;
    int fall = 1;
    String user;
    boolean initFail;
  }

  Vrrp.ScriptDef script(Node n) {
    String name = name(n);
    ScriptB b = new ScriptB();
    new Keywords<ScriptB>(
            "vrrp_script",
            (c, x) -> {
              switch (c.keyword()) {
                case "script" -> v.script(c).ifPresent(s -> x.script = s);
                case "interval" ->
                    GlobalParser.set(
                        v.timerUs(c, 0, Values.US_PER_S, DAY_US), t -> x.intervalUs = t);
                case "timeout" ->
                    GlobalParser.set(
                        v.timerUs(c, 0, Values.US_PER_S, DAY_US), t -> x.timeoutUs = t);
                case "weight" -> weight(c, x);
                case "rise" ->
                    GlobalParser.set(
                        v.integer(c, 0, 1, Integer.MAX_VALUE), t -> x.rise = t.intValue());
                case "fall" ->
                    GlobalParser.set(
                        v.integer(c, 0, 1, Integer.MAX_VALUE), t -> x.fall = t.intValue());
                case "user" -> x.user = String.join(" ", c.args());
                case "init_fail" -> x.initFail = true;
                default -> {
                  return false;
                }
              }
              return true;
            })
        .apply(blockOf(n), b, v);
    if (b.script == null) {
      v.error(n, "vrrp_script " + name + " has no script - ignored");
      return null;
    }
    return new Vrrp.ScriptDef(
        name,
        n.origin(),
        b.script,
        b.intervalUs,
        b.timeoutUs == null ? b.intervalUs : b.timeoutUs,
        b.weight,
        b.reverse,
        b.rise,
        b.fall,
        Optional.ofNullable(b.user),
        b.initFail);
  }

  private void weight(Node c, ScriptB x) {
    Long w = v.integer(c, 0, -253, 253);
    if (w != null) {
      x.weight = w.intValue();
      x.reverse = "reverse".equals(c.arg(1));
      if (c.arg(1) != null && !x.reverse) {
        v.error(c, "weight: unexpected '" + c.arg(1) + "' (only 'reverse' may follow)");
      }
    }
  }

  private static final class FileB {
    String file;
    int weight = 1;
    boolean reverse;
    boolean init;
  }

  Vrrp.TrackFileDef trackFile(Node n) {
    String name = name(n);
    FileB b = new FileB();
    new Keywords<FileB>(
            n.keyword(),
            (c, x) -> {
              switch (c.keyword()) {
                case "file" -> x.file = v.arg(c, 0);
                case "weight" -> {
                  Long w = v.integer(c, 0, -254, 254);
                  if (w != null) {
                    x.weight = w.intValue();
                    x.reverse = "reverse".equals(c.arg(1));
                  }
                }
                case "init_file" -> x.init = true;
                default -> {
                  return false;
                }
              }
              return true;
            })
        .apply(blockOf(n), b, v);
    if (b.file == null) {
      v.error(n, n.keyword() + " " + name + " has no file - ignored");
      return null;
    }
    return new Vrrp.TrackFileDef(name, n.origin(), b.file, b.weight, b.reverse, b.init);
  }

  private static final class ProcessB {
    String process;
    final List<String> params = new ArrayList<>();
    Vrrp.ParamMatch match = Vrrp.ParamMatch.NONE;
    boolean full;
    Integer weight;
    boolean reverse;
    int quorum = 1;
    long quorumMax = 0xffffffffL;
    long forkDelayUs;
    long terminateDelayUs;
  }

  private static final class BfdB {
    InetAddress neighbor;
    InetAddress source;
    long minRxUs = 10_000;
    long minTxUs = 10_000;
    long idleTxUs = 1_000_000;
    int multiplier = 5;
    boolean passive;
    Integer ttl;
    int maxHops;
    int weight;
    boolean reverse;
    boolean vrrp;
    boolean checker;
    String neighborWord = "neighbor";
  }

  /**
   * {@code bfd_instance NAME}, read and checked as keepalived 2.2.7 reads it (bfd_parser.c), with
   * its messages; null when keepalived ignores the instance.
   */
  Vrrp.BfdDef bfd(Node n) {
    String name = name(n);
    if (name.length() >= 32) {
      v.error(
          n,
          "Configuration error: BFD instance "
              + name
              + " name too long (maximum length is 31 characters) - ignoring");
      return null;
    }
    String tag = "Configuration error: BFD instance " + name;
    BfdB b = new BfdB();
    boolean[] bad = new boolean[1];
    new Keywords<BfdB>(
            "bfd_instance",
            (c, x) -> {
              switch (c.keyword()) {
                case "neighbor_ip", "neighbour_ip" -> {
                  x.neighborWord = c.keyword().equals("neighbour_ip") ? "neighbour" : "neighbor";
                  InetAddress a = c.arg(0) == null ? null : Values.literal(c.arg(0));
                  if (a == null) {
                    v.error(
                        c,
                        tag
                            + " has malformed "
                            + x.neighborWord
                            + " address "
                            + c.arg(0)
                            + ", ignoring instance");
                    bad[0] = true;
                  }
                  x.neighbor = a;
                }
                case "source_ip" -> {
                  InetAddress a = c.arg(0) == null ? null : Values.literal(c.arg(0));
                  if (a == null) {
                    v.error(c, tag + " has malformed source address " + c.arg(0) + ", ignoring");
                  } else {
                    x.source = a;
                  }
                }
                case "min_rx" -> bfdMs(c, tag, 1, 10_000, us -> x.minRxUs = us);
                case "min_tx" -> bfdMs(c, tag, 1, 10_000, us -> x.minTxUs = us);
                case "idle_tx" -> bfdMs(c, tag, 1000, 10_000, us -> x.idleTxUs = us);
                case "multiplier" ->
                    GlobalParser.set(
                        bfdWhole(c, tag, "multiplier", 1, 255), m -> x.multiplier = m.intValue());
                case "passive" -> x.passive = true;
                case "ttl", "hoplimit" ->
                    GlobalParser.set(
                        bfdWhole(c, tag, "ttl/hoplimit", 1, 255), t -> x.ttl = t.intValue());
                case "max_hops" ->
                    // keepalived keeps it in 8 bits: -1 is 255
                    GlobalParser.set(
                        bfdWhole(c, tag, "max_hops", -1, 255),
                        h -> x.maxHops = h.intValue() & 0xff);
                case "weight" -> {
                  GlobalParser.set(
                      bfdWhole(c, tag, "weight", -253, 253), w -> x.weight = w.intValue());
                  if (c.arg(1) != null) {
                    if (c.arg(1).equals("reverse")) {
                      x.reverse = true;
                    } else {
                      v.error(c, tag + " unknown weight option " + c.arg(1));
                    }
                  }
                }
                case "vrrp" -> x.vrrp = true;
                case "checker" -> x.checker = true;
                default -> {
                  return false;
                }
              }
              return true;
            })
        .apply(blockOf(n), b, v);
    if (bad[0]) {
      return null;
    }
    if (b.neighbor == null) {
      v.d.error(n.end(), tag + " has no " + b.neighborWord + " address set, disabling instance");
      return null;
    }
    if (b.source != null
        && (b.source instanceof Inet6Address) != (b.neighbor instanceof Inet6Address)) {
      v.d.error(
          n.end(),
          tag
              + " source address "
              + io.vigil.config.model.Addresses.format(b.source)
              + " and "
              + b.neighborWord
              + " address "
              + io.vigil.config.model.Addresses.format(b.neighbor)
              + " are not of the same family, disabling instance");
      return null;
    }
    int ttl = b.ttl != null ? b.ttl : b.neighbor instanceof Inet6Address ? 64 : 255;
    int maxHops = b.maxHops;
    if (maxHops > ttl && maxHops != 255) {
      v.d.error(
          n.end(),
          "BFD instance " + name + ": max_hops exceeds ttl/hoplimit - setting to ttl/hoplimit");
      maxHops = ttl;
    }
    boolean neither = !b.vrrp && !b.checker;
    return new Vrrp.BfdDef(
        name,
        n.origin(),
        b.neighbor,
        Optional.ofNullable(b.source),
        b.minRxUs,
        b.minTxUs,
        b.idleTxUs,
        b.multiplier,
        b.passive,
        ttl,
        maxHops,
        b.weight,
        b.reverse,
        neither || b.vrrp,
        neither || b.checker);
  }

  /** A whole number in {@code min..max}, or null. */
  /**
   * A bfd_instance's whole number from {@code min} to {@code max}, or null with keepalived's error
   * ({@code tag}: the instance's, {@code what}: the option's name in it).
   */
  private Long bfdWhole(Node c, String tag, String what, long min, long max) {
    try {
      long x = Long.parseLong(String.valueOf(c.arg(0)));
      if (x >= min && x <= max) {
        return x;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    v.error(
        c,
        tag
            + " "
            + what
            + " value "
            + c.arg(0)
            + " not valid (must be in range ["
            + min
            + "-"
            + max
            + "]), ignoring");
    return null;
  }

  /**
   * keepalived's BFD intervals: milliseconds with up to 3 decimals (µs), from {@code minMs} up to
   * 4294967 ms; above {@code sensibleMs} a warning.
   */
  private void bfdMs(
      Node c, String tag, long minMs, long sensibleMs, java.util.function.LongConsumer us) {
    String a = c.arg(0);
    Long value = null;
    if (a != null && a.matches("[0-9]+(\\.[0-9]{1,3})?")) {
      long x = new java.math.BigDecimal(a).movePointRight(3).longValueExact();
      if (x >= minMs * 1000 && x <= 4_294_967L * 1000) {
        value = x;
      }
    }
    if (value == null) {
      v.error(
          c,
          tag
              + " "
              + c.keyword()
              + " value "
              + a
              + " is not valid (must be in range ["
              + minMs
              + "-4294967]), ignoring");
      return;
    }
    if (value > sensibleMs * 1000) {
      v.warning(
          c,
          tag.replace("error", "warning")
              + " "
              + c.keyword()
              + " value "
              + a
              + " is larger than max sensible ("
              + sensibleMs
              + ")");
    }
    us.accept(value);
  }

  /**
   * {@code vrrp_track_process NAME}, checked as keepalived 2.2.7 checks it (vrrp_parser.c) with its
   * messages.
   */
  Vrrp.TrackProcessDef trackProcess(Node n) {
    String name = name(n);
    ProcessB b = new ProcessB();
    new Keywords<ProcessB>(
            n.keyword(),
            (c, x) -> {
              switch (c.keyword()) {
                case "process" -> process(c, x, name);
                case "param_match" -> paramMatch(c, x);
                case "weight" -> processWeight(c, x, name);
                case "quorum" -> quorum(c, x, name);
                case "quorum_max" -> quorumMax(c, x, name);
                case "fork_delay" -> delay(c, x, name, true, false);
                case "terminate_delay" -> delay(c, x, name, false, true);
                case "delay" -> delay(c, x, name, true, true);
                case "full_command" -> x.full = true;
                default -> {
                  return false;
                }
              }
              return true;
            })
        .apply(blockOf(n), b, v);
    if (b.process == null) {
      v.d.error(n.end(), "track process '" + name + "' process name not specified");
      return null;
    }
    return new Vrrp.TrackProcessDef(
        name,
        n.origin(),
        b.process,
        b.params,
        b.match,
        b.full,
        b.weight == null ? 0 : b.weight,
        b.reverse,
        b.quorum,
        b.quorumMax,
        b.forkDelayUs,
        b.terminateDelayUs);
  }

  private void process(Node c, ProcessB x, String name) {
    List<String> w = io.vigil.config.lang.Words.splitEscaped(c.line().text()).orElse(List.of());
    if (w.size() < 2) {
      v.error(c, "track process " + name + ": process needs a name");
      return;
    }
    if (x.process != null) {
      v.error(c, "Process already set for track process " + name + " - ignoring " + w.get(1));
      return;
    }
    x.process = w.get(1);
    if (w.size() > 2) {
      x.params.addAll(w.subList(2, w.size()));
      if (x.match == Vrrp.ParamMatch.NONE) {
        x.match = Vrrp.ParamMatch.EXACT;
      }
      x.full = true;
    }
  }

  private void paramMatch(Node c, ProcessB x) {
    String a = c.arg(0);
    if (a == null) {
      x.match = Vrrp.ParamMatch.EXACT;
    } else if (a.equals("initial")) {
      x.match = Vrrp.ParamMatch.INITIAL;
    } else if (a.equals("partial")) {
      x.match = Vrrp.ParamMatch.PARTIAL;
    } else {
      v.error(c, "Invalid param_match type " + a + " - ignoring");
      return;
    }
    x.full = true;
  }

  private void processWeight(Node c, ProcessB x, String name) {
    if (c.arg(0) == null) {
      v.error(c, "No weight specified for track process " + name + " - ignoring");
      return;
    }
    Long w = v.integer(c, 0, -254, 254);
    if (w == null) {
      return;
    }
    if (c.arg(1) != null && !"reverse".equals(c.arg(1))) {
      v.error(c, "vrrp_track_process " + name + " unknown weight option " + c.arg(1));
    }
    x.weight = w.intValue();
    x.reverse = "reverse".equals(c.arg(1));
  }

  private void quorum(Node c, ProcessB x, String name) {
    Long q = v.integer(c, 0, 1, 65535);
    if (q == null) {
      return;
    }
    if (q > x.quorumMax) {
      v.error(c, "Quorum is greater than quorum_max - ignoring");
      return;
    }
    x.quorum = q.intValue();
  }

  private void quorumMax(Node c, ProcessB x, String name) {
    Long q = v.integer(c, 0, 0, 65535);
    if (q == null) {
      return;
    }
    if ((q != 0 || x.quorum > 1) && q < x.quorum) {
      v.error(c, "quorum_max is less than quorum - ignoring");
      return;
    }
    x.quorumMax = q;
    if (q == 0) {
      x.quorum = 0;
    } else if (x.quorum == 0) {
      x.quorum = 1;
    }
  }

  private void delay(Node c, ProcessB x, String name, boolean fork, boolean terminate) {
    Long us = v.timerUs(c, 0, 1, 3600 * Values.US_PER_S);
    if (us == null) {
      return;
    }
    if (fork) {
      x.forkDelayUs = us;
    }
    if (terminate) {
      x.terminateDelayUs = us;
    }
  }

  private static final class GroupB {
    final List<String> instances = new ArrayList<>();
    final List<Vrrp.Track> scripts = new ArrayList<>();
    final List<Vrrp.Track> files = new ArrayList<>();
    final List<Vrrp.Track> ifaces = new ArrayList<>();
    final List<Vrrp.Track> processes = new ArrayList<>();
    final List<Vrrp.Track> bfds = new ArrayList<>();
    final NotifyBuilder notify = new NotifyBuilder();
    Boolean notifyPriorityChanges;
    Boolean smtpAlert;
    boolean trackingWeight;
  }

  /**
   * {@code track_group NAME { group { INSTANCE... } }} (keepalived 2.2.7: an empty one is fine).
   */
  Vrrp.TrackGroup trackGroup(Node n) {
    String name = name(n);
    List<String> instances = new ArrayList<>();
    new Keywords<List<String>>(
            "track_group",
            (c, x) -> {
              if (!c.keyword().equals("group")) {
                return false;
              }
              names(c, x);
              return true;
            })
        .apply(blockOf(n), instances, v);
    return new Vrrp.TrackGroup(name, n.origin(), instances);
  }

  Vrrp.SyncGroup syncGroup(Node n) {
    String name = name(n);
    GroupB b = new GroupB();
    Keywords<GroupB> kw =
        new Keywords<GroupB>(
            "vrrp_sync_group",
            (c, x) -> {
              switch (c.keyword()) {
                case "track_bfd" -> tracks(c, x.bfds, 253);
                case "group" -> names(c, x.instances);
                case "track_script" -> tracks(c, x.scripts, 253);
                case "track_file" -> tracks(c, x.files, 254);
                case "track_process" -> tracks(c, x.processes, 254);
                case "track_interface" -> tracks(c, x.ifaces, 253);
                case "notify_priority_changes" -> x.notifyPriorityChanges = v.flag(c);
                case "smtp_alert" -> x.smtpAlert = v.flag(c);
                case "sync_group_tracking_weight" -> x.trackingWeight = v.flag(c);
                case "global_tracking" -> {
                  // keepalived 2.2.7 reads it as sync_group_tracking_weight, and says so; a
                  // warning here (vigil runs it), which check-config counts as keepalived -t does
                  v.warning(
                      c,
                      "("
                          + name
                          + ") global_tracking is deprecated. Use track_interface/script/file on"
                          + " the sync group");
                  x.trackingWeight = true;
                }
                default -> {
                  return false;
                }
              }
              return true;
            });
    kw.and((c, x) -> notifyKeyword(c, x.notify)).apply(blockOf(n), b, v);
    if (b.instances.isEmpty()) {
      v.error(n, "sync group " + name + " has no virtual router(s) - ignored");
      return null;
    }
    return new Vrrp.SyncGroup(
        name,
        n.origin(),
        b.instances,
        b.scripts,
        b.files,
        b.ifaces,
        b.processes,
        b.notify.build(),
        Optional.ofNullable(b.notifyPriorityChanges),
        Optional.ofNullable(b.smtpAlert),
        b.trackingWeight,
        b.bfds);
  }

  /**
   * The notify scripts' keywords of a block whose builder has a NotifyBuilder, written into {@code
   * nb}; false for another keyword.
   */
  boolean notifyKeyword(Node c, NotifyBuilder nb) {
    switch (c.keyword()) {
      case "notify" -> v.notifyScript(c).ifPresent(s -> nb.any = s);
      case "notify_master" -> v.notifyScript(c).ifPresent(s -> nb.master = s);
      case "notify_backup" -> v.notifyScript(c).ifPresent(s -> nb.backup = s);
      case "notify_fault" -> v.notifyScript(c).ifPresent(s -> nb.fault = s);
      case "notify_stop" -> v.notifyScript(c).ifPresent(s -> nb.stop = s);
      default -> {
        return false;
      }
    }
    return true;
  }

  /** A block of names, one or more a line. */
  void names(Node c, List<String> into) {
    if (!c.block()) {
      v.error(c, "'" + c.keyword() + "' needs a '{' block");
      return;
    }
    for (Node x : c.children()) {
      into.addAll(x.line().words());
    }
  }

  /** A block of {@code NAME [weight N [reverse]]} lines. */
  void tracks(Node c, List<Vrrp.Track> into, int maxWeight) {
    if (!c.block()) {
      v.error(c, "'" + c.keyword() + "' needs a '{' block");
      return;
    }
    for (Node x : c.children()) {
      Optional<Integer> weight = Optional.empty();
      boolean reverse = false;
      int i = 0;
      while (i < x.args().size()) {
        String a = x.arg(i);
        if (a.equals("weight")) {
          String w = x.arg(i + 1);
          Long val = w == null ? null : v.integer(x, w, -maxWeight, maxWeight);
          if (w == null) {
            v.error(x, c.keyword() + " " + x.keyword() + ": weight needs a value");
          }
          if (val != null) {
            weight = Optional.of(val.intValue());
          }
          i += 2;
        } else if (a.equals("reverse")) {
          reverse = true;
          i++;
        } else {
          v.error(x, c.keyword() + " " + x.keyword() + ": unexpected '" + a + "'");
          i++;
        }
      }
      into.add(new Vrrp.Track(x.keyword(), x.origin(), weight, reverse));
    }
  }

  String name(Node n) {
    String name = n.arg(0);
    if (name == null) {
      v.error(n, n.keyword() + " needs a name");
      return "";
    }
    return name;
  }

  List<Node> blockOf(Node n) {
    if (!n.block()) {
      v.error(n, n.keyword() + " needs a '{' block");
    }
    return n.children();
  }
}
