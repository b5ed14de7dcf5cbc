package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code vigil status} against a one-answer server on loopback. */
class StatusCommandTest {
  private final InProcessCli cli = new InProcessCli();

  /** A server that takes one connection, reads its request head and answers {@code answer}. */
  private static final class OneAnswer implements AutoCloseable {
    final ServerSocket server;
    final CompletableFuture<String> request = new CompletableFuture<>();

    OneAnswer(String answer) throws IOException {
      server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      Thread t =
          new Thread(
              () -> {
                try (Socket s = server.accept()) {
                  BufferedReader r =
                      new BufferedReader(
                          new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                  StringBuilder head = new StringBuilder();
                  for (String l = r.readLine(); l != null && !l.isEmpty(); l = r.readLine()) {
                    head.append(l).append('\n');
                  }
                  request.complete(head.toString());
                  if (answer != null) {
                    s.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
                  } else {
                    Thread.sleep(3_000); // no answer
                  }
                } catch (IOException | InterruptedException e) {
                  request.completeExceptionally(e);
                }
              });
      t.setDaemon(true);
      t.start();
    }

    String endpoint() {
      return "127.0.0.1:" + server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  private static String ok(String body) {
    int n = body.getBytes(StandardCharsets.UTF_8).length;
    return "HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: "
        + n
        + "\r\nconnection: close\r\n\r\n"
        + body;
  }

  @Test
  void theTableIsPrintedAsTheDirectorWroteIt() throws Exception {
    String table = "VRRP INSTANCE  STATE\nVI_1           MASTER ✓\n";
    try (OneAnswer s = new OneAnswer(ok(table))) {
      assertThat(cli.run("status", "-s", s.endpoint())).isZero();
      assertThat(cli.out.toString()).isEqualTo(table);
      assertThat(s.request.get(5, TimeUnit.SECONDS))
          .startsWith("GET /status.txt HTTP/1.1\n")
          .contains("Host: " + s.endpoint() + "\n")
          .contains("Connection: close\n");
    }
  }

  @Test
  void jsonAsksForTheDocument() throws Exception {
    try (OneAnswer s = new OneAnswer(ok("{}\n"))) {
      assertThat(cli.run("status", "--json", "--status", s.endpoint())).isZero();
      assertThat(cli.out.toString()).isEqualTo("{}\n");
      assertThat(s.request.get(5, TimeUnit.SECONDS)).startsWith("GET /status HTTP/1.1\n");
    }
  }

  @Test
  void anotherStatusThan200IsAnError() throws Exception {
    try (OneAnswer s = new OneAnswer("HTTP/1.1 404 Not Found\r\ncontent-length: 4\r\n\r\nnope")) {
      assertThat(cli.run("status", "-s", s.endpoint())).isEqualTo(1);
      assertThat(cli.err.toString()).contains("answered HTTP 404");
      assertThat(cli.out.toString()).isEmpty();
    }
  }

  @Test
  void nothingListeningSaysSo() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    assertThat(cli.run("status", "-s", "127.0.0.1:" + port)).isEqualTo(1);
    assertThat(cli.err.toString())
        .contains("no director answers at 127.0.0.1:" + port)
        .contains("status endpoint on?");
  }

  @Test
  void aDirectorThatDoesNotAnswerTimesOutWithTheTimeGiven() throws Exception {
    try (OneAnswer s = new OneAnswer(null)) {
      // the server closes after 3 s: had the 1 s not held, the command would read an empty answer
      assertThat(cli.run("status", "--timeout", "1", "-s", s.endpoint())).isEqualTo(1);
      assertThat(cli.err.toString())
          .contains("the director at " + s.endpoint() + " did not answer within 1 s");
    }
    assertThat(cli.run("status", "--timeout", "0")).isEqualTo(1);
    assertThat(cli.err.toString()).contains("--timeout 0: must be at least 1 second");
  }

  @Test
  void answersThatAreNotAWholeHttpAnswerAreRefused() {
    URI u = URI.create("http://127.0.0.1:9180/status.txt");
    assertThatThrownBy(() -> StatusCommand.body(u, bytes("SSH-2.0-OpenSSH_9.2\r\n")))
        .hasMessageContaining("did not answer in HTTP");
    assertThatThrownBy(() -> StatusCommand.body(u, bytes("HTTP/1.1 2\r\n\r\n")))
        .hasMessageContaining("did not answer in HTTP");
    assertThatThrownBy(
            () ->
                StatusCommand.body(
                    u, bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n")))
        .hasMessageContaining("chunked transfer encoding");
    assertThatThrownBy(
            () -> StatusCommand.body(u, bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")))
        .hasMessageContaining("ended after 3 of 10 bytes");
  }

  @Test
  void theBodyIsWhatContentLengthSaysOrAllTillTheEnd() throws IOException {
    URI u = URI.create("http://127.0.0.1:9180/status.txt");
    assertThat(StatusCommand.body(u, bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nabc")))
        .isEqualTo("ab");
    assertThat(StatusCommand.body(u, bytes("HTTP/1.0 200 OK\r\nServer: x\r\n\r\nabc\n")))
        .isEqualTo("abc\n");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
