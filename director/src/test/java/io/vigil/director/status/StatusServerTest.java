package io.vigil.director.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusServerTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static HttpResponse<String> get(StatusServer s, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + s.address().getPort() + path);
    return HTTP.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesStatusAsJsonAndMetricsAsPrometheusTextOnLoopback() throws Exception {
    Metrics m = new Metrics();
    m.counter("vigil_checks_total", "Checks run", "checker").labels("HTTP_GET").add(5);
    Map<String, Object> status = new LinkedHashMap<>();
    Map<String, Object> vi1 = new LinkedHashMap<>();
    vi1.put("name", "VI_1");
    vi1.put("state", "MASTER");
    status.put("instances", List.of(vi1));
    try (StatusServer s =
        StatusServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), () -> status, m)) {
      HttpResponse<String> st = get(s, "/status");
      assertThat(st.statusCode()).isEqualTo(200);
      assertThat(st.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(st.body())
          .isEqualTo("{\"instances\":[{\"name\":\"VI_1\",\"state\":\"MASTER\"}]}\n");

      HttpResponse<String> me = get(s, "/metrics");
      assertThat(me.statusCode()).isEqualTo(200);
      assertThat(me.body()).contains("vigil_checks_total{checker=\"HTTP_GET\"} 5\n");

      assertThat(get(s, "/nope").statusCode()).isEqualTo(404);
    }
  }
}
