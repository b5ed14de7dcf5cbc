package io.vigil.director.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.netlink.ipvs.DestEntry;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.Forwarding;
import io.vigil.netlink.ipvs.IpvsTable;
import io.vigil.netlink.ipvs.Protocol;
import io.vigil.netlink.ipvs.ServiceEntry;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import io.vigil.netlink.ipvs.Stats;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class IpvsMetricsTest {
  @Test
  void kernelCountersOfServicesAndDestinationsAreScrapedFromTheLatestSnapshot() throws Exception {
    AtomicReference<IpvsTable> latest = new AtomicReference<>();
    Metrics m = new Metrics();
    IpvsMetrics.register(m, latest::get);
    assertThat(m.scrape()).doesNotContain("vigil_ipvs_service_connections_total{");

    ServiceKey web = ServiceKey.of(Protocol.TCP, InetAddress.getByName("192.0.2.10"), 80);
    DestEntry rs =
        new DestEntry(
            new DestKey(InetAddress.getByName("203.0.113.5"), 8080),
            DestSettings.of(Forwarding.MASQ, 3),
            4,
            9,
            0,
            new Stats(12, 100, 90, 5000, 7000, 0, 0, 0, 0, 0));
    latest.set(
        new IpvsTable(
            Map.of(
                web,
                new IpvsTable.Service(
                    new ServiceEntry(
                        web,
                        ServiceSettings.of("wrr", ServiceKey.AF_INET),
                        new Stats(42, 1000, 900, 64000, 128000, 0, 0, 0, 0, 0)),
                    List.of(rs)))));

    assertThat(m.scrape())
        .contains("# TYPE vigil_ipvs_service_connections_total counter\n")
        .contains("vigil_ipvs_service_connections_total{service=\"TCP 192.0.2.10:80\"} 42\n")
        .contains("vigil_ipvs_service_bytes_out_total{service=\"TCP 192.0.2.10:80\"} 128000\n")
        .contains(
            "vigil_ipvs_destination_weight{service=\"TCP 192.0.2.10:80\","
                + "destination=\"203.0.113.5:8080\"} 3\n")
        .contains(
            "vigil_ipvs_destination_active_connections{service=\"TCP 192.0.2.10:80\","
                + "destination=\"203.0.113.5:8080\"} 4\n")
        .contains(
            "vigil_ipvs_destination_connections_total{service=\"TCP 192.0.2.10:80\","
                + "destination=\"203.0.113.5:8080\"} 12\n");
  }
}
