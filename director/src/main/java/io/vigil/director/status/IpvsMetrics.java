package io.vigil.director.status;

import io.vigil.netlink.ipvs.DestEntry;
import io.vigil.netlink.ipvs.IpvsTable;
import io.vigil.netlink.ipvs.Stats;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The kernel's own IPVS counters as Prometheus families, read from the latest table snapshot at
 * each scrape (the daemon refreshes it on every reconcile pass; a scrape never talks to the
 * kernel). Services are labelled as ipvsadm names them ({@code TCP 192.0.2.10:80}, {@code FWM 7}),
 * destinations by their {@code address:port}.
 */
public final class IpvsMetrics {
  private static final List<String> SERVICE = List.of("service");
  private static final List<String> DESTINATION = List.of("service", "destination");

  private IpvsMetrics() {}

  /** Registers every family on {@code metrics}; {@code table} gives the latest snapshot or null. */
  public static void register(Metrics metrics, Supplier<IpvsTable> table) {
    serviceCounter(metrics, table, "connections", "Connections scheduled", Stats::connections);
    serviceCounter(metrics, table, "packets_in", "Packets in", Stats::packetsIn);
    serviceCounter(metrics, table, "packets_out", "Packets out", Stats::packetsOut);
    serviceCounter(metrics, table, "bytes_in", "Bytes in", Stats::bytesIn);
    serviceCounter(metrics, table, "bytes_out", "Bytes out", Stats::bytesOut);
    destGauge(metrics, table, "weight", "Weight in the kernel", d -> d.settings().weight());
    destGauge(
        metrics, table, "active_connections", "Active connections", DestEntry::activeConnections);
    destGauge(
        metrics,
        table,
        "inactive_connections",
        "Inactive connections",
        DestEntry::inactiveConnections);
    metrics.collected(
        "vigil_ipvs_destination_connections_total",
        "Connections scheduled to the destination (kernel counter)",
        Metrics.Type.COUNTER,
        DESTINATION,
        out -> eachDest(table, (s, d) -> sample(out, s, d, d.stats().connections())));
  }

  private static void serviceCounter(
      Metrics metrics,
      Supplier<IpvsTable> table,
      String what,
      String help,
      Function<Stats, Long> value) {
    metrics.collected(
        "vigil_ipvs_service_" + what + "_total",
        help + " (kernel counter)",
        Metrics.Type.COUNTER,
        SERVICE,
        out -> {
          IpvsTable t = table.get();
          if (t != null) {
            t.services()
                .forEach(
                    (k, s) ->
                        out.accept(
                            new Metrics.Sample(
                                List.of(k.toString()), value.apply(s.entry().stats()))));
          }
        });
  }

  private static void destGauge(
      Metrics metrics,
      Supplier<IpvsTable> table,
      String what,
      String help,
      Function<DestEntry, Integer> value) {
    metrics.collected(
        "vigil_ipvs_destination_" + what,
        help,
        Metrics.Type.GAUGE,
        DESTINATION,
        out -> eachDest(table, (s, d) -> sample(out, s, d, value.apply(d))));
  }

  private interface DestVisitor {
    void visit(String service, DestEntry d);
  }

  private static void eachDest(Supplier<IpvsTable> table, DestVisitor v) {
    IpvsTable t = table.get();
    if (t == null) {
      return;
    }
    t.services()
        .forEach(
            (k, s) -> {
              for (DestEntry d : s.destinations()) {
                v.visit(k.toString(), d);
              }
            });
  }

  private static void sample(Consumer<Metrics.Sample> out, String service, DestEntry d, double v) {
    out.accept(new Metrics.Sample(List.of(service, d.key().toString()), v));
  }
}
