package io.vigil.director.lvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.reconcile.TablePlan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a pass's operations read in the log. */
class LvsRuntimeLogTest {
  private static final String VS1 = "TCP 192.0.2.1:80";
  private static final String VS2 = "TCP 192.0.2.2:80";

  @Test
  void aNewServiceIsOneLineWithItsRealServersAndEverythingElseALineEach() {
    List<TablePlan.Op<String, String, String, String>> ops =
        List.of(
            new TablePlan.DeleteService<>("UDP 192.0.2.9:53"),
            new TablePlan.AddService<>(VS1, "wlc"),
            new TablePlan.AddDestination<>(VS1, "198.51.100.1:8080", "w1"),
            new TablePlan.AddDestination<>(VS2, "198.51.100.3:8080", "w1"),
            new TablePlan.AddDestination<>(VS1, "198.51.100.2:8080", "w1"),
            new TablePlan.AddService<>("TCP 192.0.2.3:80", "rr"),
            new TablePlan.AddService<>("TCP 192.0.2.4:80", "rr"),
            new TablePlan.AddDestination<>("TCP 192.0.2.4:80", "198.51.100.4:80", "w1"),
            new TablePlan.EditDestination<>(VS2, "198.51.100.5:8080", "w1", "w2"),
            new TablePlan.DeleteDestination<>(VS2, "198.51.100.6:8080"));
    assertThat(LvsRuntime.describe(ops))
        .containsExactly(
            "deleted service UDP 192.0.2.9:53",
            "added service TCP 192.0.2.1:80 with 2 real servers: 198.51.100.1:8080,"
                + " 198.51.100.2:8080",
            "added 198.51.100.3:8080 to TCP 192.0.2.2:80",
            "added service TCP 192.0.2.3:80",
            "added service TCP 192.0.2.4:80 with 1 real server: 198.51.100.4:80",
            "edited 198.51.100.5:8080 of TCP 192.0.2.2:80",
            "removed 198.51.100.6:8080 from TCP 192.0.2.2:80");
  }
}
