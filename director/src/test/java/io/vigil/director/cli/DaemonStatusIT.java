package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vigil.config.Environment;
import io.vigil.director.daemon.Daemon;
import io.vigil.director.daemon.InProcessDaemon;
import io.vigil.director.reconcile.InMemoryIpvsKernel;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.Protocol;
import io.vigil.netlink.ipvs.ServiceKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil run} in-process on the host, with the in-memory IPVS kernel: real servers are
 * loopback HTTP servers (one answering, one port closed), the health checks are real, and the
 * status endpoint, the metrics and {@code vigil status} are read over HTTP like an operator would.
 */
class DaemonStatusIT {
  private static final Environment ENV = Environment.fixed("dir1", Set.of("eth0"));

  @TempDir Path dir;
  private HttpServer web;
  private InProcessDaemon vigil;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  @AfterEach
  void tearDown() throws Exception {
    if (vigil != null) {
      vigil.stop();
    }
    if (web != null) {
      web.stop(0);
    }
  }

  private static String realServer(int port) {
    return """
          real_server 127.0.0.1 %d {
            weight 3
            HTTP_GET {
              url {
                path /health
                status_code 200
              }
              connect_timeout 5
              retry 1
              delay_before_retry 1
            }
          }
        """
        .formatted(port);
  }

  private String get(int port, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r.body();
  }

  private static void await(String what, BooleanSupplier done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void statusMetricsAndVigilStatusShowTheRunningDaemon() throws Exception {
    web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    web.createContext(
        "/health",
        ex -> {
          byte[] body = "ok\n".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    web.start();
    int up = web.getAddress().getPort();
    int closed = InProcessDaemon.freePort();
    int statusPort = InProcessDaemon.freePort();
    Path conf = dir.resolve("vigil.conf");
    Files.writeString(
        conf,
        """
        virtual_server 192.0.2.10 80 {
          delay_loop 1
          lb_algo wrr
          lb_kind NAT
          protocol TCP
        %s%s}
        """
            .formatted(realServer(up), realServer(closed)));

    vigil =
        InProcessDaemon.start(
            Daemon.Settings.of(conf, ENV)
                .checkOnly(true)
                .reconcileIntervalMs(60_000)
                .statusPort(statusPort)
                .version("it")
                .build());
    Daemon daemon = vigil.daemon();
    InMemoryIpvsKernel kernel = vigil.kernel();
    await("the status endpoint", () -> daemon.statusAddress() != null || vigil.exited());
    assertThat(vigil.exited()).as(vigil.err()).isFalse();
    assertThat(daemon.statusAddress().getPort()).isEqualTo(statusPort);

    ServiceKey vip = ServiceKey.of(Protocol.TCP, InetAddress.getByName("192.0.2.10"), 80);
    DestKey good = new DestKey(InetAddress.getLoopbackAddress(), up);
    DestKey bad = new DestKey(InetAddress.getLoopbackAddress(), closed);
    // a loaded host may miss one answer of the good server: wait for the settled table
    await(
        "only the answering server in the pool",
        () -> kernel.destinations(vip).keySet().equals(Set.of(good)));

    String status = get(statusPort, "/status");
    assertThat(status)
        .contains("\"name\":\"192.0.2.10:80\"")
        .contains("\"address\":\"127.0.0.1:" + up + "\",\"health\":\"up\",\"weight\":3")
        .contains("\"address\":\"127.0.0.1:" + closed + "\",\"health\":\"down\",\"weight\":0")
        .contains("\"quorumMet\":true");

    await(
        "a second reconcile pass' dump",
        () -> {
          try {
            return get(statusPort, "/metrics").contains("vigil_ipvs_destination_weight");
          } catch (Exception e) {
            return false;
          }
        });
    String metrics = get(statusPort, "/metrics");
    assertThat(metrics)
        .contains("vigil_ipvs_operations_total{op=\"add_service\"} 1")
        .containsPattern("vigil_ipvs_operations_total\\{op=\"delete_destination\"} [1-9]")
        .contains("vigil_health_check_failures_total{kind=\"http_get\"}")
        .containsPattern("vigil_real_server_transitions_total\\{to=\"down\"} [1-9]")
        .containsPattern("vigil_health_checks_total [1-9]");

    InProcessCli cli = new InProcessCli();
    assertThat(cli.run("status", "--status", "127.0.0.1:" + statusPort)).isZero();
    assertThat(cli.out.toString())
        .contains("vigil it")
        .contains("192.0.2.10:80  quorum 3/1 met")
        .containsPattern("127\\.0\\.0\\.1:" + up + "\\s+up\\s+weight 3")
        .containsPattern("127\\.0\\.0\\.1:" + closed + "\\s+DOWN\\s+weight 0");
  }
}
