package io.vigil.director.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.cli.CommandTree;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StatusServerTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static final DirectorStatus STATUS =
      new DirectorStatus(
          "0.1.0",
          "/etc/vigil/vigil.conf",
          42,
          List.of(
              new DirectorStatus.Instance(
                  "VI_1",
                  "MASTER",
                  150,
                  140,
                  "192.0.2.1",
                  List.of("192.0.2.10/32"),
                  List.of(
                      new DirectorStatus.Transition(
                          "2026-11-25T00:00:00Z", "BACKUP", "MASTER", "master down timer expired")),
                  java.util.Map.of("ttl", 3L))),
          List.of(
              new DirectorStatus.VirtualServer(
                  "TCP 192.0.2.10:80",
                  1,
                  1,
                  true,
                  false,
                  List.of(
                      new DirectorStatus.RealServer("203.0.113.5:80", true, 1, "HTTP 200 on /"),
                      new DirectorStatus.RealServer(
                          "203.0.113.6:80",
                          false,
                          0,
                          "TCP_CHECK failed: connect timeout after 3 s",
                          false,
                          List.of(
                              new DirectorStatus.Check(
                                  "TCP_CHECK",
                                  false,
                                  "connect timeout after 3 s",
                                  "2026-11-25T00:00:40Z",
                                  2),
                              new DirectorStatus.Check(
                                  "MISC_CHECK", true, "exit 0", "2026-11-25T00:00:30Z", 12)))))));

  private static HttpResponse<String> get(StatusServer s, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + s.address().getPort() + path);
    return HTTP.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static StatusServer start(Metrics m) throws InterruptedException {
    return StatusServer.start(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), () -> STATUS, m);
  }

  @Test
  void servesStatusAsJsonAndMetricsAsPrometheusTextOnLoopback() throws Exception {
    Metrics m = new Metrics();
    m.counter("vigil_checks_total", "Checks run", "checker").labels("HTTP_GET").add(5);
    try (StatusServer s = start(m)) {
      HttpResponse<String> st = get(s, "/status");
      assertThat(st.statusCode()).isEqualTo(200);
      assertThat(st.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(st.body())
          .startsWith("{\"version\":\"0.1.0\",\"configFile\":\"/etc/vigil/vigil.conf\"")
          .contains(
              "{\"name\":\"VI_1\",\"state\":\"MASTER\",\"priority\":150,"
                  + "\"effectivePriority\":140,\"masterAddress\":\"192.0.2.1\","
                  + "\"vips\":[\"192.0.2.10/32\"]")
          .contains("\"advertsDropped\":{\"ttl\":3}")
          .contains(
              "{\"address\":\"203.0.113.6:80\",\"health\":\"down\",\"weight\":0,"
                  + "\"lastCheck\":\"TCP_CHECK failed: connect timeout after 3 s\","
                  + "\"checksSuspended\":false,\"checks\":["
                  + "{\"checker\":\"TCP_CHECK\",\"result\":\"failed\","
                  + "\"reason\":\"connect timeout after 3 s\",\"at\":\"2026-11-25T00:00:40Z\","
                  + "\"secondsAgo\":2},"
                  + "{\"checker\":\"MISC_CHECK\",\"result\":\"passed\",\"reason\":\"exit 0\","
                  + "\"at\":\"2026-11-25T00:00:30Z\",\"secondsAgo\":12}]}");

      HttpResponse<String> me = get(s, "/metrics");
      assertThat(me.statusCode()).isEqualTo(200);
      assertThat(me.body()).contains("vigil_checks_total{checker=\"HTTP_GET\"} 5\n");

      assertThat(get(s, "/nope").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void vigilStatusPrintsTheTableFromTheEndpoint() throws Exception {
    try (StatusServer s = start(new Metrics())) {
      StringWriter out = new StringWriter();
      CommandLine cl = CommandTree.commandLine();
      cl.setOut(new PrintWriter(out, true));
      int rc = cl.execute("status", "--status", "127.0.0.1:" + s.address().getPort());
      assertThat(rc).isZero();
      assertThat(out.toString())
          .contains("vigil 0.1.0, config /etc/vigil/vigil.conf, up 42 s")
          .containsPattern("VI_1\\s+MASTER\\s+150\\s+140\\s+192\\.0\\.2\\.1\\s+192\\.0\\.2\\.10/32")
          .contains("VI_1 adverts dropped: ttl 3")
          .contains("TCP 192.0.2.10:80  quorum 1/1 met")
          .containsPattern(
              "203\\.0\\.113\\.6:80\\s+DOWN\\s+weight 0\\s+TCP_CHECK failed 2 s ago: connect"
                  + " timeout after 3 s; MISC_CHECK passed 12 s ago: exit 0\n")
          .containsPattern("203\\.0\\.113\\.5:80\\s+up\\s+weight 1\\s+HTTP 200 on /\n");
    }
  }

  @Test
  void realServersWhoseChecksAreSuspendedSaySoInTheTableAndTheJson() {
    DirectorStatus st =
        new DirectorStatus(
            "0.1.0",
            "/etc/vigil/vigil.conf",
            1,
            List.of(),
            List.of(
                new DirectorStatus.VirtualServer(
                    "192.0.2.10:80",
                    1,
                    1,
                    true,
                    false,
                    List.of(
                        new DirectorStatus.RealServer(
                            "203.0.113.5:80", true, 1, "", true, List.of())))));
    assertThat(st.toTable())
        .contains(
            "192.0.2.10:80  quorum 1/1 met, checks suspended (ha_suspend: its address is not on"
                + " this host)")
        .containsPattern("203\\.0\\.113\\.5:80\\s+up \\(checks suspended\\)\\s+weight 1");
    assertThat(Json.write(st.toJson())).contains("\"checksSuspended\":true");
    assertThat(STATUS.toTable()).doesNotContain("suspended");
  }

  @Test
  void vigilStatusSaysClearlyWhenNoDirectorAnswers() {
    StringWriter err = new StringWriter();
    CommandLine cl = CommandTree.commandLine();
    cl.setErr(new PrintWriter(err, true));
    // port 9 on loopback: nothing listens there in the test environment
    int rc = cl.execute("status", "--status", "127.0.0.1:9");
    assertThat(rc).isEqualTo(1);
    assertThat(err.toString())
        .contains("no director answers at 127.0.0.1:9")
        .doesNotContain("Exception");
  }
}
