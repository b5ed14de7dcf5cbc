package io.vigil.healthcheck.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.spec.CheckerKind;
import io.vigil.healthcheck.spec.ConnectSpec;
import io.vigil.healthcheck.spec.HttpCheckSpec;
import io.vigil.healthcheck.spec.TestSpecs;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every {@link HttpCheckerTest} again on Netty channels: the path of NIO (no epoll), of TLS, and of
 * the default (plain HTTP checks run on bare sockets only with {@code -Dvigil.checks.direct=true}).
 */
class HttpCheckerChannelsTest extends HttpCheckerTest {
  @BeforeAll
  static void onChannels() {
    transport.close();
    transport = Transport.create(1, true);
  }

  /**
   * A verdict known from the headers (no digest, no regex) does not cut the body off with a reset:
   * the rest is read until the server closes, so a server still writing it (here 200 ms after the
   * headers, as a slow application would) finishes without "Broken pipe" or "Connection reset".
   * (The bare-socket path, {@code -Dvigil.checks.direct=true}, still closes with a reset at once.)
   */
  @Test
  void theConnectionEndsWithoutAResetWhenTheBodyIsLong() throws Exception {
    try (java.net.ServerSocket ss =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      java.util.concurrent.CompletableFuture<String> seen =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try (java.net.Socket s = ss.accept()) {
                  s.setSoTimeout(10_000);
                  java.io.InputStream in = s.getInputStream();
                  StringBuilder req = new StringBuilder();
                  while (req.indexOf("\r\n\r\n") < 0) {
                    int c = in.read();
                    if (c < 0) {
                      return "EOF before the request";
                    }
                    req.append((char) c);
                  }
                  byte[] body = new byte[512 * 1024];
                  java.util.Arrays.fill(body, (byte) 'x');
                  java.io.OutputStream out = s.getOutputStream();
                  out.write(
                      ("HTTP/1.0 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n")
                          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                  out.flush();
                  Thread.sleep(200); // the checker has its verdict by now
                  for (int at = 0; at < body.length; at += 4096) {
                    out.write(body, at, 4096);
                    out.flush();
                  }
                  return "all written";
                } catch (java.io.IOException | InterruptedException e) {
                  return e.toString();
                }
              });
      HttpCheckSpec spec =
          TestSpecs.httpGet(
              ConnectSpec.to(
                  new java.net.InetSocketAddress(
                      java.net.InetAddress.getLoopbackAddress(), ss.getLocalPort())),
              Checks.timing(CheckerKind.HTTP_GET, 3000),
              List.of(TestSpecs.url("/big")));
      assertThat(check(spec)).isEqualTo(CheckResult.up("HTTP ok on /big"));
      assertThat(seen.get(15, java.util.concurrent.TimeUnit.SECONDS))
          .as("how the server's writing of the body ended")
          .isEqualTo("all written");
    }
  }
}
