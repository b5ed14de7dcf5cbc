package io.vigil.director.vrrp;

import io.vigil.director.status.Metrics;
import io.vigil.vrrp.io.VrrpRunner;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;

/**
 * VRRP's families on {@code /metrics}, read from the running instances at each scrape: the state
 * (one sample per state, 1 for the current one), transitions, adverts sent and received, adverts
 * dropped by reason, the longest a timer ran late, and how many ran late by more than 1 ms, 10 ms,
 * 100 ms and 1 s, the backups' stall waits, and the sends and receives the kernel refused.
 */
public final class VrrpMetrics {
  static final List<String> STATES = List.of("INIT", "BACKUP", "MASTER", "FAULT", "STOP");

  private VrrpMetrics() {}

  /** The BFD sessions' gauge, read from {@code sessions} (null while none runs) at each scrape. */
  public static void registerBfd(
      Metrics metrics, java.util.function.Supplier<io.vigil.vrrp.bfd.BfdRunner> sessions) {
    metrics.collected(
        "vigil_bfd_session_up",
        "BFD session (bfd_instance) state: 1 while Up",
        Metrics.Type.GAUGE,
        List.of("session"),
        out -> {
          for (var b : VrrpRuntime.bfdStatus(sessions.get())) {
            out.accept(new Metrics.Sample(List.of(b.name()), b.state().equals("Up") ? 1 : 0));
          }
        });
  }

  public static void register(Metrics metrics, VrrpRuntime runtime) {
    metrics.collected(
        "vigil_vrrp_state",
        "VRRP instance state: 1 for the state it is in",
        Metrics.Type.GAUGE,
        List.of("instance", "state"),
        out -> {
          for (VrrpRuntime.Counters c : runtime.counters()) {
            for (String s : STATES) {
              out.accept(new Metrics.Sample(List.of(c.instance(), s), s.equals(c.state()) ? 1 : 0));
            }
          }
        });
    counter(
        metrics, runtime, "transitions", "State transitions", VrrpRuntime.Counters::transitions);
    counter(metrics, runtime, "adverts_sent", "Adverts sent", VrrpRuntime.Counters::advertsSent);
    counter(
        metrics,
        runtime,
        "adverts_received",
        "Valid adverts received",
        VrrpRuntime.Counters::advertsReceived);
    metrics.collected(
        "vigil_vrrp_timer_late_max_seconds",
        "The longest a VRRP timer ran after it was due since start (its thread off the CPU)",
        Metrics.Type.GAUGE,
        List.of("instance"),
        out -> {
          for (VrrpRuntime.Counters c : runtime.counters()) {
            out.accept(new Metrics.Sample(List.of(c.instance()), c.timerLateMaxNs() / 1e9));
          }
        });
    metrics.collected(
        "vigil_vrrp_timers_late_total",
        "VRRP timers that ran later than `over` seconds after they were due (each counted under"
            + " every bound it passed)",
        Metrics.Type.COUNTER,
        List.of("instance", "over"),
        out -> {
          for (VrrpRuntime.Counters c : runtime.counters()) {
            for (int i = 0; i < VrrpRunner.lateBounds(); i++) {
              // in seconds, as Prometheus writes bounds: 0.001, 0.01, 0.1, 1
              String over =
                  BigDecimal.valueOf(VrrpRunner.lateBoundNs(i), 9)
                      .stripTrailingZeros()
                      .toPlainString();
              out.accept(
                  new Metrics.Sample(List.of(c.instance(), over), c.timersLateOver().get(i)));
            }
          }
        });
    counter(
        metrics,
        runtime,
        "stall_waits",
        "Times a backup's timer ran more than one of the master's advert intervals late (this host"
            + " had stopped) and waited for the master's advert (as long as it was late, at most two"
            + " down intervals)",
        VrrpRuntime.Counters::stallWaits);
    counter(
        metrics,
        runtime,
        "send_failures",
        "Adverts and announcements the kernel refused to send (the instance goes on; logged at most"
            + " once a minute)",
        VrrpRuntime.Counters::sendFailures);
    counter(
        metrics,
        runtime,
        "receive_failures",
        "Receives that failed on the instance's socket (its thread rests up to 0.5 s and tries"
            + " again; logged at most once a minute)",
        VrrpRuntime.Counters::receiveFailures);
    metrics.collected(
        "vigil_vrrp_adverts_dropped_total",
        "Adverts received and dropped, by reason",
        Metrics.Type.COUNTER,
        List.of("instance", "reason"),
        out -> {
          for (VrrpRuntime.Counters c : runtime.counters()) {
            c.drops()
                .forEach((r, n) -> out.accept(new Metrics.Sample(List.of(c.instance(), r), n)));
          }
        });
  }

  private static void counter(
      Metrics metrics,
      VrrpRuntime runtime,
      String what,
      String help,
      Function<VrrpRuntime.Counters, Long> value) {
    metrics.collected(
        "vigil_vrrp_" + what + "_total",
        help,
        Metrics.Type.COUNTER,
        List.of("instance"),
        out -> {
          for (VrrpRuntime.Counters c : runtime.counters()) {
            out.accept(new Metrics.Sample(List.of(c.instance()), value.apply(c)));
          }
        });
  }
}
