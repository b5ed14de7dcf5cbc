package io.vigil.director.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the director shows an operator: its VRRP instances and its virtual servers, as one immutable
 * snapshot taken on the director's loop. Rendered as JSON for {@code /status} and as a table for
 * {@code vigil status}.
 */
public record DirectorStatus(
    String version,
    String configFile,
    long uptimeSeconds,
    List<Instance> instances,
    List<VirtualServer> virtualServers,
    List<BfdSession> bfdSessions) {

  /** Without BFD sessions. */
  public DirectorStatus(
      String version,
      String configFile,
      long uptimeSeconds,
      List<Instance> instances,
      List<VirtualServer> virtualServers) {
    this(version, configFile, uptimeSeconds, instances, virtualServers, List.of());
  }

  /**
   * A {@code bfd_instance}'s session: its state (RFC 5880's Up, Init, Down, AdminDown), neighbour,
   * detection time and transmit interval in ms (0 before the neighbour's first packet).
   */
  public record BfdSession(
      String name,
      String neighbour,
      String state,
      double detectionTimeMs,
      double transmitIntervalMs) {}

  /** A state change and why it happened. */
  public record Transition(String at, String from, String to, String reason) {}

  /**
   * A VRRP instance; {@code advertsDropped} holds the reasons adverts were dropped for since start,
   * with their counts (those counted at least once, in the order the checks run).
   */
  public record Instance(
      String name,
      String state,
      int priority,
      int effectivePriority,
      String masterAddress,
      List<String> vips,
      List<Transition> lastTransitions,
      Map<String, Long> advertsDropped) {
    public Instance {
      advertsDropped = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(advertsDropped));
    }
  }

  /**
   * A real server: its health, the weight in the kernel, the latest result of any of its checkers
   * ({@code lastCheck}, "" before the first), whether its checks are suspended ({@code ha_suspend}:
   * its virtual server's address is not on this host), and each checker's latest result, in
   * configuration order (a checker that has not run yet is absent).
   */
  public record RealServer(
      String address,
      boolean up,
      int weight,
      String lastCheck,
      boolean checksSuspended,
      List<Check> checks) {
    public RealServer {
      checks = List.copyOf(checks);
    }

    /** Checks not suspended, no checker's result. */
    public RealServer(String address, boolean up, int weight, String lastCheck) {
      this(address, up, weight, lastCheck, false, List.of());
    }
  }

  /**
   * One checker's latest check: its kind ({@code HTTP_GET}), whether it passed, the reason or
   * detail ("HTTP 503 on /health", "connected to 192.0.2.5:80"), when it finished (ISO-8601) and
   * how many seconds before this snapshot. A failed check may be a retry: the checker (and so the
   * real server) goes down only when its retries are used up.
   */
  public record Check(String checker, boolean passed, String reason, String at, long secondsAgo) {
    /** As one line: {@code HTTP_GET failed: HTTP 503 on /health}. */
    public String text() {
      return checker + (passed ? " passed: " : " failed: ") + reason;
    }
  }

  /** A virtual server with its quorum state. */
  public record VirtualServer(
      String name,
      int upWeight,
      int quorum,
      boolean quorumMet,
      boolean sorryServerActive,
      List<RealServer> realServers) {}

  /** The JSON form (a tree of maps and lists, keys in a stable order). */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", version);
    m.put("configFile", configFile);
    m.put("uptimeSeconds", uptimeSeconds);
    List<Object> is = new ArrayList<>();
    for (Instance i : instances) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("name", i.name());
      o.put("state", i.state());
      o.put("priority", i.priority());
      o.put("effectivePriority", i.effectivePriority());
      o.put("masterAddress", i.masterAddress());
      o.put("vips", i.vips());
      List<Object> ts = new ArrayList<>();
      for (Transition t : i.lastTransitions()) {
        Map<String, Object> to = new LinkedHashMap<>();
        to.put("at", t.at());
        to.put("from", t.from());
        to.put("to", t.to());
        to.put("reason", t.reason());
        ts.add(to);
      }
      o.put("lastTransitions", ts);
      o.put("advertsDropped", i.advertsDropped());
      is.add(o);
    }
    m.put("instances", is);
    List<Object> vs = new ArrayList<>();
    for (VirtualServer v : virtualServers) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("name", v.name());
      o.put("upWeight", v.upWeight());
      o.put("quorum", v.quorum());
      o.put("quorumMet", v.quorumMet());
      o.put("sorryServerActive", v.sorryServerActive());
      List<Object> rs = new ArrayList<>();
      for (RealServer r : v.realServers()) {
        Map<String, Object> ro = new LinkedHashMap<>();
        ro.put("address", r.address());
        ro.put("health", r.up() ? "up" : "down");
        ro.put("weight", r.weight());
        ro.put("lastCheck", r.lastCheck());
        ro.put("checksSuspended", r.checksSuspended());
        List<Object> cs = new ArrayList<>();
        for (Check c : r.checks()) {
          Map<String, Object> co = new LinkedHashMap<>();
          co.put("checker", c.checker());
          co.put("result", c.passed() ? "passed" : "failed");
          co.put("reason", c.reason());
          co.put("at", c.at());
          co.put("secondsAgo", c.secondsAgo());
          cs.add(co);
        }
        ro.put("checks", cs);
        rs.add(ro);
      }
      o.put("realServers", rs);
      vs.add(o);
    }
    m.put("virtualServers", vs);
    if (!bfdSessions.isEmpty()) {
      List<Object> bs = new ArrayList<>();
      for (BfdSession b : bfdSessions) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", b.name());
        o.put("neighbour", b.neighbour());
        o.put("state", b.state());
        o.put("detectionTimeMs", b.detectionTimeMs());
        o.put("transmitIntervalMs", b.transmitIntervalMs());
        bs.add(o);
      }
      m.put("bfdSessions", bs);
    }
    return m;
  }

  /** The table `vigil status` prints. */
  public String toTable() {
    StringBuilder out = new StringBuilder();
    out.append("vigil ").append(version).append(", config ").append(configFile);
    out.append(", up ").append(uptimeSeconds).append(" s\n");
    out.append("\nVRRP instances\n");
    if (instances.isEmpty()) {
      out.append("  (none)\n");
    } else {
      List<String[]> rows = new ArrayList<>();
      rows.add(
          new String[] {"INSTANCE", "STATE", "PRIO", "EFFECTIVE", "MASTER", "VIPS", "LAST CHANGE"});
      for (Instance i : instances) {
        String last =
            i.lastTransitions().isEmpty()
                ? "-"
                : lastOf(i.lastTransitions()).to()
                    + " ("
                    + lastOf(i.lastTransitions()).reason()
                    + ")";
        rows.add(
            new String[] {
              i.name(),
              i.state(),
              Integer.toString(i.priority()),
              Integer.toString(i.effectivePriority()),
              i.masterAddress() == null ? "-" : i.masterAddress(),
              i.vips().isEmpty() ? "-" : String.join(",", i.vips()),
              last
            });
      }
      table(out, rows);
      for (Instance i : instances) {
        if (!i.advertsDropped().isEmpty()) {
          List<String> d = new ArrayList<>();
          i.advertsDropped().forEach((r, n) -> d.add(r + " " + n));
          out.append("  ").append(i.name()).append(" adverts dropped: ");
          out.append(String.join(", ", d)).append('\n');
        }
      }
    }
    if (!bfdSessions.isEmpty()) {
      out.append("\nBFD sessions\n");
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"SESSION", "NEIGHBOUR", "STATE", "DETECTION", "TX INTERVAL"});
      for (BfdSession b : bfdSessions) {
        rows.add(
            new String[] {
              b.name(),
              b.neighbour(),
              b.state(),
              ms(b.detectionTimeMs()) + " ms",
              ms(b.transmitIntervalMs()) + " ms"
            });
      }
      table(out, rows);
    }
    out.append("\nVirtual servers\n");
    if (virtualServers.isEmpty()) {
      out.append("  (none)\n");
    }
    for (VirtualServer v : virtualServers) {
      out.append("  ").append(v.name());
      out.append("  quorum ").append(v.upWeight()).append('/').append(v.quorum());
      out.append(v.quorumMet() ? " met" : " LOST");
      if (v.sorryServerActive()) {
        out.append(", sorry server active");
      }
      if (v.realServers().stream().anyMatch(RealServer::checksSuspended)) {
        out.append(", checks suspended (ha_suspend: its address is not on this host)");
      }
      out.append('\n');
      List<String[]> rows = new ArrayList<>();
      for (RealServer r : v.realServers()) {
        rows.add(
            new String[] {
              "  " + r.address(),
              (r.up() ? "up" : "DOWN") + (r.checksSuspended() ? " (checks suspended)" : ""),
              "weight " + r.weight(),
              lastCheckText(r)
            });
      }
      table(out, rows);
    }
    return out.toString();
  }

  /**
   * The table's last column: the latest check and its age; with several checkers, each one's
   * ({@code HTTP_GET passed 2 s ago: HTTP ok on /; MISC_CHECK failed 5 s ago: exit 1}).
   */
  private static String lastCheckText(RealServer r) {
    if (r.checks().isEmpty()) {
      return r.lastCheck() == null ? "" : r.lastCheck();
    }
    StringBuilder b = new StringBuilder();
    for (Check c : r.checks()) {
      if (b.length() > 0) {
        b.append("; ");
      }
      b.append(c.checker())
          .append(c.passed() ? " passed " : " failed ")
          .append(c.secondsAgo())
          .append(" s ago: ")
          .append(c.reason());
    }
    return b.toString();
  }

  private static String ms(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  private static Transition lastOf(List<Transition> ts) {
    return ts.get(ts.size() - 1);
  }

  private static void table(StringBuilder out, List<String[]> rows) {
    if (rows.isEmpty()) {
      return;
    }
    int cols = rows.get(0).length;
    int[] width = new int[cols];
    for (String[] r : rows) {
      for (int c = 0; c < cols; c++) {
        width[c] = Math.max(width[c], r[c].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder("  ");
      for (int c = 0; c < cols; c++) {
        line.append(r[c]);
        if (c < cols - 1) {
          line.append(" ".repeat(width[c] - r[c].length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }
}
