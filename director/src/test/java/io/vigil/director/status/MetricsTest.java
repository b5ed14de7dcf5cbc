package io.vigil.director.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void countersAreWrittenInTheTextFormatWithHelpTypeAndSortedLabels() {
    Metrics m = new Metrics();
    Metrics.CounterFamily drops =
        m.counter("vigil_vrrp_adverts_dropped_total", "Adverts dropped", "instance", "reason");
    drops.labels("VI_1", "ttl").add(3);
    drops.labels("VI_1", "auth").increment();
    assertThat(m.scrape())
        .isEqualTo(
            """
            # HELP vigil_vrrp_adverts_dropped_total Adverts dropped
            # TYPE vigil_vrrp_adverts_dropped_total counter
            vigil_vrrp_adverts_dropped_total{instance="VI_1",reason="auth"} 1
            vigil_vrrp_adverts_dropped_total{instance="VI_1",reason="ttl"} 3
            """);
  }

  @Test
  void collectedGaugesAreAskedAtScrapeAndLabelValuesEscaped() {
    Metrics m = new Metrics();
    m.collected(
        "vigil_vrrp_state",
        "1 for the current state",
        Metrics.Type.GAUGE,
        List.of("instance", "state"),
        out -> out.accept(new Metrics.Sample(List.of("a\"b\\c\nd", "MASTER"), 1)));
    assertThat(m.scrape())
        .contains("# TYPE vigil_vrrp_state gauge\n")
        .contains("vigil_vrrp_state{instance=\"a\\\"b\\\\c\\nd\",state=\"MASTER\"} 1\n");
  }

  @Test
  void valuesKeepFractionsAndSpecials() {
    assertThat(Metrics.formatValue(2.5)).isEqualTo("2.5");
    assertThat(Metrics.formatValue(7)).isEqualTo("7");
    assertThat(Metrics.formatValue(Double.NaN)).isEqualTo("NaN");
    assertThat(Metrics.formatValue(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
  }

  @Test
  void badNamesAndWrongLabelCountsAreRefused() {
    Metrics m = new Metrics();
    assertThatThrownBy(() -> m.counter("1bad", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.counter("ok", "x", "__reserved"))
        .isInstanceOf(IllegalArgumentException.class);
    Metrics.CounterFamily c = m.counter("vigil_x_total", "x", "a");
    assertThatThrownBy(() -> c.labels("1", "2")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.counter("vigil_x_total", "other help", "a"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
