package io.vigil.netlink.ipvs.text;

import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.SyncDaemon;
import io.vigil.netlink.ipvs.Timeouts;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code vigil ipvs restore --sync} sends for the lines that are not about the table, as pure
 * code. {@code --set} and {@code --start-daemon} / {@code --stop-daemon} describe a state, so they
 * are compared with the kernel's like the table: the timeouts the lines set (the last non-zero
 * value of each; 0 leaves one alone, as in ipvsadm) are written only where the kernel's differ, and
 * each role's last daemon line wins: a daemon that runs as asked is left alone, one that runs
 * otherwise is stopped and started again, one asked to stop is stopped if it runs. A role no line
 * names is left as it is. {@code -Z} is an act, not a state: each one is sent at every run, after
 * the table is in step, unless the service it names is not in the final table (its counters went
 * with it).
 */
public final class ConfigSync {
  /** IP_VS_SYNC_GROUP: the kernel's group when none is given. */
  private static final InetAddress DEFAULT_GROUP = AddressText.pton4("224.0.0.81");

  /** IP_VS_SYNC_PORT. */
  private static final int DEFAULT_PORT = 8848;

  private ConfigSync() {}

  /** Whether the rules set timeouts: then {@link #plan} needs the kernel's. */
  public static boolean setsTimeouts(List<Rule> rules) {
    for (Rule r : rules) {
      if (r instanceof Rule.SetTimeouts) {
        return true;
      }
    }
    return false;
  }

  /** Whether the rules start or stop a daemon: then {@link #plan} needs the kernel's daemons. */
  public static boolean touchesDaemons(List<Rule> rules) {
    for (Rule r : rules) {
      if (r instanceof Rule.StartDaemon || r instanceof Rule.StopDaemon) {
        return true;
      }
    }
    return false;
  }

  /**
   * The rules to send, in this order: timeouts, daemons (master, then backup), zeroes.
   *
   * @param kernelTimeouts the kernel's timeouts (null when the rules set none)
   * @param kernelDaemons the daemons running
   * @param services the services of the table once in step
   */
  public static List<Rule> plan(
      List<Rule> rules,
      Timeouts kernelTimeouts,
      List<SyncDaemon> kernelDaemons,
      Set<ServiceKey> services) {
    List<Rule> out = new ArrayList<>();
    int tcp = 0;
    int fin = 0;
    int udp = 0;
    int timeoutsLine = 0;
    Map<SyncDaemon.Role, Rule> lastDaemonRule = new EnumMap<>(SyncDaemon.Role.class);
    List<Rule> zeroes = new ArrayList<>();
    for (Rule r : rules) {
      if (r instanceof Rule.SetTimeouts s) {
        Timeouts t = s.timeouts();
        tcp = t.tcpS() != 0 ? t.tcpS() : tcp;
        fin = t.tcpFinS() != 0 ? t.tcpFinS() : fin;
        udp = t.udpS() != 0 ? t.udpS() : udp;
        timeoutsLine = s.line();
      } else if (r instanceof Rule.StartDaemon s) {
        lastDaemonRule.put(s.daemon().role(), s);
      } else if (r instanceof Rule.StopDaemon s) {
        lastDaemonRule.put(s.role(), s);
      } else if (r instanceof Rule.Zero z
          && (z.service() == null || services.contains(z.service()))) {
        zeroes.add(z);
      }
    }
    if (timeoutsLine != 0) {
      Timeouts k = kernelTimeouts;
      Timeouts change =
          new Timeouts(
              tcp != k.tcpS() ? tcp : 0, fin != k.tcpFinS() ? fin : 0, udp != k.udpS() ? udp : 0);
      if (!change.equals(new Timeouts(0, 0, 0))) {
        out.add(new Rule.SetTimeouts(timeoutsLine, change));
      }
    }
    for (Map.Entry<SyncDaemon.Role, Rule> e : lastDaemonRule.entrySet()) {
      SyncDaemon running = null;
      for (SyncDaemon d : kernelDaemons) {
        if (d.role() == e.getKey()) {
          running = d;
        }
      }
      Rule want = e.getValue();
      if (want instanceof Rule.StopDaemon stop) {
        if (running != null) {
          out.add(stop);
        }
      } else {
        Rule.StartDaemon start = (Rule.StartDaemon) want;
        if (running == null) {
          out.add(start);
        } else if (!runsAsAsked(start.daemon(), running)) {
          out.add(new Rule.StopDaemon(start.line(), e.getKey()));
          out.add(start);
        }
      }
    }
    out.addAll(zeroes);
    return out;
  }

  /** Whether {@code running} is what {@code asked} starts (a 0 or null setting: the kernel's). */
  static boolean runsAsAsked(SyncDaemon asked, SyncDaemon running) {
    InetAddress group = asked.group() != null ? asked.group() : DEFAULT_GROUP;
    int port = asked.port() != 0 ? asked.port() : DEFAULT_PORT;
    int ttl = asked.ttl() != 0 ? asked.ttl() : 1;
    return asked.interfaceName().equals(running.interfaceName())
        && asked.syncId() == running.syncId()
        && (asked.maxLength() == 0 || asked.maxLength() == running.maxLength())
        && group.equals(running.group())
        && port == running.port()
        && ttl == running.ttl();
  }
}
