package io.vigil.config.parse;

import io.vigil.config.Diagnostics;
import io.vigil.config.Environment;
import io.vigil.config.lang.Node;
import io.vigil.config.model.GlobalDefs;
import io.vigil.config.model.Lvs;
import io.vigil.config.model.SslSettings;
import io.vigil.config.model.StaticAddress;
import io.vigil.config.model.StaticRoute;
import io.vigil.config.model.StaticRule;
import io.vigil.config.model.VigilConfig;
import io.vigil.config.model.Vrrp;
import java.util.ArrayList;
import java.util.List;

/** The top level: dispatches each block to its parser, then checks references between blocks. */
public final class ConfigParser {
  private final Diagnostics d;
  private final Environment env;
  private final Values v;

  /** Everything found at the top level, before cross-checks. */
  static final class Top {
    final GlobalParser.Builder global = new GlobalParser.Builder();
    final List<Node> instances = new ArrayList<>();
    final List<Vrrp.ScriptDef> scripts = new ArrayList<>();
    final List<Vrrp.TrackFileDef> files = new ArrayList<>();
    final List<Vrrp.TrackProcessDef> processes = new ArrayList<>();
    final List<Vrrp.SyncGroup> groups = new ArrayList<>();
    final List<Vrrp.TrackGroup> trackGroups = new ArrayList<>();
    final List<Lvs.ServerGroup> serverGroups = new ArrayList<>();
    final List<Node> virtualServers = new ArrayList<>();

    /** The track_file names defined before each virtual_server (keepalived looks them up then). */
    final List<java.util.Set<String>> trackFilesBefore = new ArrayList<>();

    final List<StaticRoute> staticRoutes = new ArrayList<>();
    final List<StaticRule> staticRules = new ArrayList<>();
    final List<StaticAddress> staticAddresses = new ArrayList<>();
    SslSettings ssl;

    final List<Vrrp.BfdDef> bfds = new ArrayList<>();
    String netns; // net_namespace, once
    String ipvsNetns; // net_namespace_ipvs, once ("" the default namespace)

    /** {@code garp_group}s by interface: {garp interval, gna interval} in microseconds. */
    final java.util.Map<String, long[]> garpGroups = new java.util.HashMap<>();

    /** The {@code interface_up_down_delays} blocks, read once global_defs is. */
    final List<Node> upDownDelays = new ArrayList<>();
  }

  public ConfigParser(Diagnostics d, Environment env) {
    this.d = d;
    this.env = env;
    this.v = new Values(d);
  }

  /**
   * {@code net_namespace NAME} (keepalived runs in that network namespace) and {@code
   * net_namespace_ipvs [NAME]} (its IPVS in that one; no name: the default namespace), read as
   * keepalived 2.2.7 reads them. Vigil does not switch namespaces: it runs, and programs IPVS, in
   * the one it is started in, so either is accepted only when it names that one, and refused
   * otherwise rather than run against another namespace's interfaces, addresses and IPVS table.
   */
  private void netns(Node n, Top t, boolean ipvs) {
    String name = n.arg(0);
    if (!ipvs && name == null) {
      v.error(n, "net_namespace name missing - ignoring");
      return;
    }
    String kw = n.keyword();
    if ((ipvs ? t.ipvsNetns : t.netns) != null) {
      v.error(n, "Duplicate " + kw + " definition " + name + " - ignoring");
      return;
    }
    name = name == null ? "" : name;
    if (ipvs) {
      t.ipvsNetns = name;
    } else {
      t.netns = name;
      t.global.netNamespace = name;
    }
    if (!ipvs && env.netnsOverride() != null) {
      if (!name.equals(env.netnsOverride())) {
        v.warning( // keepalived 2.2.7's words (main.c)
            n,
            "Overriding config net_namespace '"
                + name
                + "' with command line namespace '"
                + env.netnsOverride()
                + "'");
      }
      return; // the command line's namespace, which this process runs in, is the one in force
    }
    if (!env.inNetns().test(name)) {
      String which = name.isEmpty() ? "the default network namespace" : "'" + name + "'";
      v.error(
          n,
          kw
              + " "
              + (name.isEmpty() ? "(default)" : name)
              + ": vigil does not change network namespace; it runs"
              + (ipvs ? " and programs IPVS" : "")
              + " in the one it is started in, which is not "
              + which
              + (name.isEmpty()
                  ? ""
                  : " (start it in that namespace: ip netns exec " + name + " vigil run ...)"));
    }
  }

  /**
   * A {@code bfd_instance} unless one before it has its neighbour (and source): keepalived 2.2.7
   * ignores the second (bfd_parser.c), whose packets could not be told from the first's.
   */
  private Vrrp.BfdDef distinctBfd(Node n, Vrrp.BfdDef b, List<Vrrp.BfdDef> before) {
    if (b == null) {
      return null;
    }
    for (Vrrp.BfdDef o : before) {
      if (o.neighbor().equals(b.neighbor()) && o.source().equals(b.source())) {
        String what =
            b.source()
                .map(
                    src ->
                        " has duplicate source/neighbor address "
                            + io.vigil.config.model.Addresses.format(src)
                            + "/"
                            + io.vigil.config.model.Addresses.format(b.neighbor()))
                .orElse(
                    " has duplicate neighbor address "
                        + io.vigil.config.model.Addresses.format(b.neighbor()));
        d.error(
            n.end(),
            "Configuration error: BFD instance " + b.name() + what + ", ignoring instance");
        return null;
      }
    }
    return b;
  }

  public VigilConfig parse(List<Node> nodes) {
    Top t = new Top();
    GlobalParser global = new GlobalParser(v);
    VrrpParser vrrp = new VrrpParser(v);
    LvsParser lvs = new LvsParser(v);
    StaticParser statics = new StaticParser(v, env.interfaceExists());
    SslParser ssl = new SslParser(v, env.fileReadable());
    RouteParser routes = new RouteParser(v, env.interfaceExists(), true);
    RuleParser rules = new RuleParser(v, env.interfaceExists(), true);
    new Keywords<Top>(
            "the top level",
            (n, x) -> {
              switch (n.keyword()) {
                case "bfd_instance" -> add(x.bfds, distinctBfd(n, vrrp.bfd(n), x.bfds));
                case "net_namespace" -> netns(n, x, false);
                case "net_namespace_ipvs" -> netns(n, x, true);
                case "global_defs" -> global.parse(n, x.global);
                case "vrrp_script" -> add(x.scripts, vrrp.script(n));
                case "vrrp_track_file", "track_file" -> add(x.files, vrrp.trackFile(n));
                case "vrrp_track_process" -> add(x.processes, vrrp.trackProcess(n));
                case "vrrp_sync_group" -> add(x.groups, vrrp.syncGroup(n));
                case "track_group" -> add(x.trackGroups, vrrp.trackGroup(n));
                case "vrrp_instance" -> x.instances.add(n);
                case "virtual_server_group" -> add(x.serverGroups, lvs.group(n));
                case "virtual_server" -> {
                  x.virtualServers.add(n);
                  x.trackFilesBefore.add(
                      x.files.stream()
                          .map(Vrrp.TrackFileDef::name)
                          .collect(java.util.stream.Collectors.toSet()));
                }
                case "SSL" -> x.ssl = ssl.parse(n, x.ssl);
                case "static_ipaddress" ->
                    statics.addresses(n, x.staticAddresses, x.global.defaultInterface);
                case "static_routes" -> routes.routes(n, x.staticRoutes);
                case "static_rules" -> rules.rules(n, x.staticRules);
                case "garp_group" -> garpGroup(n, x.garpGroups);
                case "interface_up_down_delays" -> x.upDownDelays.add(n);
                default -> {
                  return false;
                }
              }
              return true;
            })
        .apply(nodes, t, v);
    for (Node n : t.upDownDelays) {
      upDownDelays(n, t.global);
    }
    if (env.netnsOverride() != null) {
      t.global.netNamespace = env.netnsOverride(); // -s NAME, with or without net_namespace
    }
    GlobalDefs g = t.global.build();
    // dynamic_interfaces: an instance's interface may be created later (the daemon waits for it)
    InstanceParser ip =
        new InstanceParser(v, vrrp, g.dynamicInterfaces() ? i -> true : env.interfaceExists());
    List<Vrrp.Instance> instances = new ArrayList<>();
    for (Node n : t.instances) {
      add(instances, ip.parse(n, g, t.garpGroups));
    }
    List<Lvs.VirtualServer> vss = new ArrayList<>();
    for (int i = 0; i < t.virtualServers.size(); i++) {
      add(vss, lvs.virtualServer(t.virtualServers.get(i), t.trackFilesBefore.get(i)));
    }
    Validator val = new Validator(d, env);
    VigilConfig c =
        new VigilConfig(
            g,
            val.unique(t.scripts, Vrrp.ScriptDef::name, Vrrp.ScriptDef::origin, "vrrp_script"),
            val.unique(t.files, Vrrp.TrackFileDef::name, Vrrp.TrackFileDef::origin, "track_file"),
            val.unique(
                t.processes,
                Vrrp.TrackProcessDef::name,
                Vrrp.TrackProcessDef::origin,
                "vrrp_track_process"),
            val.unique(t.groups, Vrrp.SyncGroup::name, Vrrp.SyncGroup::origin, "vrrp_sync_group"),
            val.unique(instances, Vrrp.Instance::name, Vrrp.Instance::origin, "vrrp_instance"),
            val.unique(
                t.serverGroups,
                Lvs.ServerGroup::name,
                Lvs.ServerGroup::origin,
                "virtual_server_group"),
            vss,
            t.staticRoutes,
            t.staticRules,
            t.staticAddresses,
            java.util.Optional.ofNullable(t.ssl),
            val.unique(
                t.trackGroups, Vrrp.TrackGroup::name, Vrrp.TrackGroup::origin, "track_group"),
            val.unique(t.bfds, Vrrp.BfdDef::name, Vrrp.BfdDef::origin, "bfd_instance"));
    return val.check(c);
  }

  /**
   * {@code interface_up_down_delays { IFNAME DOWN [UP] ... }}, with keepalived 2.2.7's checks
   * (vrrp_parser.c): an interface that does not exist is an error (unless {@code
   * dynamic_interfaces}); no delay, a delay that is not 0..255 s, or extra words are logged there
   * and here warned, the line ignored (extra words only warned).
   */
  private void upDownDelays(Node n, GlobalParser.Builder g) {
    for (Node c : n.children()) {
      String ifname = c.keyword();
      if (!g.dynamicInterfaces && !env.interfaceExists().test(ifname)) {
        v.error(c, "unknown interface " + ifname + " specified for up/down delay");
        continue;
      }
      List<String> a = c.args();
      if (a.isEmpty()) {
        v.warning(c, "No timeouts specified for " + ifname + " up/down delays");
        continue;
      }
      if (a.size() > 2) {
        v.warning(c, "Too many parameters for " + ifname + " up/down delays");
      }
      Long down = Values.parseSeconds(a.get(0));
      if (down == null || down < 0 || down > 255_000_000L) {
        v.warning(c, "Invalid down delay " + a.get(0) + " for " + ifname);
        continue;
      }
      Long up = a.size() < 2 ? Long.valueOf(0) : Values.parseSeconds(a.get(1));
      if (up == null || up < 0 || up > 255_000_000L) {
        v.warning(c, "Invalid up delay " + a.get(1) + " for " + ifname);
        continue;
      }
      g.interfaceDelays.put(ifname, new GlobalDefs.UpDownDelay(down, up));
    }
  }

  /**
   * {@code garp_group { garp_interval S; gna_interval S; interface IF | interfaces { IF... } }}:
   * the intervals of the instances on those interfaces, in place of the global ones (an interval
   * the group leaves out is none). keepalived makes the interfaces of one group share the interval;
   * Vigil spaces each instance's own announcements.
   */
  private void garpGroup(Node n, java.util.Map<String, long[]> groups) {
    long[] intervals = {-1, -1};
    List<Node> ifaces = new ArrayList<>(); // each with the interface's name as its last word
    for (Node c : n.children()) {
      switch (c.keyword()) {
        case "garp_interval", "gna_interval" -> {
          Long us = v.timerUs(c, 0, 0, 2_147_483_647L);
          if (us != null) {
            intervals[c.keyword().startsWith("garp") ? 0 : 1] = us;
          }
        }
        case "interface" -> {
          if (v.arg(c, 0) != null) {
            ifaces.add(c);
          }
        }
        case "interfaces" -> ifaces.addAll(c.children());
        default -> v.error(c, "unknown keyword '" + c.keyword() + "' in garp_group");
      }
    }
    if (intervals[0] < 0 && intervals[1] < 0) {
      d.error(n.end(), "garp group does not have any delay set - removing");
      return;
    }
    long[] set = {Math.max(intervals[0], 0), Math.max(intervals[1], 0)};
    for (Node c : ifaces) {
      String i = c.line().words().get(c.line().words().size() - 1);
      if (!env.interfaceExists().test(i)) {
        v.error(c, "WARNING - interface " + i + " specified for garp_group doesn't exist");
      } else if (groups.putIfAbsent(i, set) != null) {
        v.error(c, "garp_group already specified for " + i + " - ignoring");
      }
    }
  }

  private static <X> void add(List<X> list, X x) {
    if (x != null) {
      list.add(x);
    }
  }
}
