package io.vigil.director.cli;

import io.vigil.netlink.ipvs.IpvsClient;
import io.vigil.netlink.ipvs.IpvsTable;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.text.ListFormat;
import io.vigil.netlink.ipvs.text.Names;
import io.vigil.netlink.ipvs.text.RuleParser;
import io.vigil.netlink.ipvs.text.TableText;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil ipvs list}: the table exactly as {@code ipvsadm -L} prints it. */
@Command(
    name = "list",
    aliases = "ls",
    mixinStandardHelpOptions = true,
    description = "List the IPVS table exactly as `ipvsadm -L` does, with the same options.")
public final class IpvsListCommand implements Callable<Integer> {
  @ParentCommand IpvsCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-n", "--numeric"},
      description = "Addresses and ports as numbers.")
  boolean numeric;

  @Option(names = "--stats", description = "Counters: connections, packets, bytes.")
  boolean stats;

  @Option(names = "--rate", description = "Rates: connections, packets, bytes per second.")
  boolean rate;

  @Option(names = "--thresholds", description = "Upper and lower connection thresholds.")
  boolean thresholds;

  @Option(names = "--persistent-conn", description = "Persistent connection counts.")
  boolean persistentConn;

  @Option(names = "--tun-info", description = "Tunnel type, port and checksum options.")
  boolean tunInfo;

  @Option(
      names = {"-X", "--exact"},
      description = "Counters in full (no K, M, G, T).")
  boolean exact;

  @Option(names = "--nosort", description = "Kernel order instead of ipvsadm's sort.")
  boolean noSort;

  @Option(names = "--sort", description = "Sort (the default; for compatibility).", hidden = true)
  boolean sort;

  @ArgGroup(exclusive = true)
  Service service;

  /** One service, named as ipvsadm names it. */
  static final class Service {
    @Option(
        names = {"-t", "--tcp-service"},
        paramLabel = "ADDR:PORT",
        description = "Only this TCP service.")
    String tcp;

    @Option(
        names = {"-u", "--udp-service"},
        paramLabel = "ADDR:PORT",
        description = "Only this UDP service.")
    String udp;

    @Option(names = "--sctp-service", paramLabel = "ADDR:PORT", description = "Only this one.")
    String sctp;

    @Option(
        names = {"-f", "--fwmark-service"},
        paramLabel = "MARK",
        description = "Only this firewall-mark service.")
    String fwmark;
  }

  @Option(
      names = {"-6", "--ipv6"},
      description = "With -f: the IPv6 firewall-mark service.")
  boolean ipv6;

  @Override
  public Integer call() {
    Names names = numeric ? Names.NUMERIC : parent.names();
    ListFormat format =
        new ListFormat(
            ListFormat.of(stats, rate, thresholds, persistentConn, tunInfo),
            numeric,
            exact,
            noSort);
    // like ipvsadm, a service may be named by host and port names even with -n
    ServiceKey only =
        service == null ? null : RuleParser.serviceKey(serviceWords(), parent.names());
    String text;
    try (IpvsClient c = parent.open()) {
      TableText t = new TableText(format, names);
      if (only == null) {
        text = t.all(c.info(), c.table());
      } else {
        IpvsTable.Service s = c.table().services().get(only);
        if (s == null) {
          throw new IllegalArgumentException("No such service");
        }
        text = t.one(s);
      }
    } catch (RuntimeException e) {
      throw IpvsCommand.explain(e);
    }
    spec.commandLine().getOut().print(text);
    spec.commandLine().getOut().flush();
    return 0;
  }

  private List<String> serviceWords() {
    List<String> w = new ArrayList<>();
    if (service.tcp != null) {
      w.add("-t");
      w.add(service.tcp);
    } else if (service.udp != null) {
      w.add("-u");
      w.add(service.udp);
    } else if (service.sctp != null) {
      w.add("--sctp-service");
      w.add(service.sctp);
    } else {
      w.add("-f");
      w.add(service.fwmark);
    }
    if (ipv6) {
      w.add("-6");
    }
    return w;
  }
}
