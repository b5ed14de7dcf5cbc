package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil checks --once} against real servers on loopback: an HTTP server answering 200, one
 * answering 503, and a closed port for TCP_CHECK. No IPVS, no root, no VM.
 */
class ChecksCommandIT {
  private final List<HttpServer> servers = new ArrayList<>();

  @AfterEach
  void stopServers() {
    servers.forEach(s -> s.stop(0));
  }

  private int http(String ip, int status) throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName(ip), 0), 8);
    s.createContext(
        "/",
        x -> {
          byte[] body =
              ("status " + status + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
          x.sendResponseHeaders(status, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    s.start();
    servers.add(s);
    return s.getAddress().getPort();
  }

  /** A port that was just free on {@code ip}: nothing listens there. */
  private static int closedPort(String ip) throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(ip))) {
      return s.getLocalPort();
    }
  }

  private static String realServer(String ip, int port, String checker) {
    return "  real_server " + ip + " " + port + " {\n" + checker + "  }\n";
  }

  private static String httpGet(String path) {
    return "    HTTP_GET {\n      url {\n        path "
        + path
        + "\n      }\n      connect_timeout 2\n      retry 1\n      delay_before_retry 0.2\n    }\n";
  }

  @Test
  void onceRunsEveryCheckerAndPrintsOneLinePerRealServer(@TempDir Path dir) throws Exception {
    int ok = http("127.0.0.1", 200);
    int failing = http("127.0.0.2", 503);
    int closed = closedPort("127.0.0.3");
    Path conf = dir.resolve("vigil.conf");
    Files.writeString(
        conf,
        "virtual_server 192.0.2.10 80 {\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n"
            + "  delay_loop 60\n"
            + realServer("127.0.0.1", ok, httpGet("/health"))
            + realServer("127.0.0.2", failing, httpGet("/health"))
            + realServer(
                "127.0.0.3",
                closed,
                "    TCP_CHECK {\n      connect_timeout 2\n      retry 0\n    }\n")
            + realServer("127.0.0.4", 8080, "")
            + "}\n");
    InProcessCli cli = new InProcessCli();
    long startNs = System.nanoTime();

    int code = cli.run("checks", "-f", conf.toString(), "--once");

    long tookMs = (System.nanoTime() - startNs) / 1_000_000;
    assertThat(code).as(cli.err.toString()).isZero();
    String v = "TCP 192.0.2.10:80 ";
    assertThat(cli.out.toString().lines().toList())
        .containsExactly(
            v + "127.0.0.1:" + ok + " up HTTP_GET passed",
            v + "127.0.0.2:" + failing + " down HTTP_GET HTTP 503 on /health after 1 retry",
            v + "127.0.0.3:" + closed + " down TCP_CHECK connection refused",
            v + "127.0.0.4:8080 up no checkers");
    // warmup (60 s by delay_loop) is skipped with --once: the run takes about one retry
    assertThat(tookMs).as("took %d ms", tookMs).isLessThan(30_000);
    System.out.println("vigil checks --once took " + tookMs + " ms");
  }
}
