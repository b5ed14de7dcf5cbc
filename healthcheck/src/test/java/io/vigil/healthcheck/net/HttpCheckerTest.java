package io.vigil.healthcheck.net;

import static io.vigil.healthcheck.net.Checks.once;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.spec.CheckerKind;
import io.vigil.healthcheck.spec.ConnectSpec;
import io.vigil.healthcheck.spec.HttpCheckSpec;
import io.vigil.healthcheck.spec.HttpCheckSpec.HttpProtocol;
import io.vigil.healthcheck.spec.HttpCheckSpec.StatusRange;
import io.vigil.healthcheck.spec.HttpCheckSpec.UrlSpec;
import io.vigil.healthcheck.spec.TestSpecs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpCheckerTest {
  static Transport transport;
  private TestHttpServer server;

  @BeforeAll
  static void group() {
    transport = Transport.create(1, false); // bare sockets with epoll (the default)
  }

  @AfterAll
  static void closeGroup() {
    transport.close();
  }

  @BeforeEach
  void startServer() {
    server = new TestHttpServer();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** A generous connect_timeout: the first check of a run loads classes on a busy machine. */
  private HttpCheckSpec spec(UrlSpec... urls) {
    return spec(3000, urls);
  }

  private HttpCheckSpec spec(long timeoutMs, UrlSpec... urls) {
    return spec(server.address(), timeoutMs, urls);
  }

  /** To a server of the test's own (a raw socket) rather than the {@link TestHttpServer}. */
  static HttpCheckSpec spec(java.net.InetSocketAddress to, long timeoutMs, UrlSpec... urls) {
    return TestSpecs.httpGet(
        ConnectSpec.to(to), Checks.timing(CheckerKind.HTTP_GET, timeoutMs), List.of(urls));
  }

  /** Where {@code ss} listens, to check it. */
  static java.net.InetSocketAddress at(java.net.ServerSocket ss) {
    return new java.net.InetSocketAddress(ss.getInetAddress(), ss.getLocalPort());
  }

  CheckResult check(HttpCheckSpec spec) {
    return once(new HttpChecker(spec, transport));
  }

  @Test
  void status200IsUp() {
    assertThat(check(spec(TestSpecs.url("/health"))))
        .isEqualTo(CheckResult.up("HTTP ok on /health"));
  }

  @Test
  void status503IsDownWithTheStatusAndPath() {
    server.status = 503;
    assertThat(check(spec(TestSpecs.url("/health"))))
        .isEqualTo(CheckResult.down("HTTP 503 on /health"));
  }

  @Test
  void statusCodeRangesDecide() {
    server.status = 404;
    UrlSpec url =
        TestSpecs.url("/x").withStatus(new StatusRange(200, 299), new StatusRange(404, 404));
    assertThat(check(spec(url)).up()).isTrue();
    server.status = 405;
    assertThat(check(spec(url)).reason()).isEqualTo("HTTP 405 on /x");
    // keepalived's default range is 200-299: 300 is down
    server.status = 300;
    assertThat(check(spec(TestSpecs.url("/x"))).up()).isFalse();
    server.status = 299;
    assertThat(check(spec(TestSpecs.url("/x"))).up()).isTrue();
  }

  @Test
  void everyUrlMustPassAndTheFirstFailureIsTheReason() {
    server.status = 200;
    HttpCheckSpec two =
        spec(TestSpecs.url("/a"), TestSpecs.url("/b").withStatus(new StatusRange(201, 201)));
    assertThat(check(two)).isEqualTo(CheckResult.down("HTTP 200 on /b"));
    assertThat(server.requests).hasSize(2);
    HttpCheckSpec ok = spec(TestSpecs.url("/a"), TestSpecs.url("/b"));
    assertThat(check(ok)).isEqualTo(CheckResult.up("HTTP ok on 2 urls"));
  }

  @Test
  void digestMatchesTheMd5OfTheBody() {
    server.body("hello\n");
    String md5 = "b1946ac92492d2347c6235b4d2611184"; // md5sum of "hello\n"
    assertThat(check(spec(TestSpecs.url("/").withDigest(md5))).up()).isTrue();
    server.body("hello!\n");
    assertThat(check(spec(TestSpecs.url("/").withDigest(md5))).reason())
        .startsWith("digest ")
        .endsWith(" on /, expected " + md5);
  }

  @Test
  void regexAndRegexNoMatch() {
    server.body("status: GREEN\n");
    assertThat(check(spec(TestSpecs.url("/").withRegex("GREEN", false))).up()).isTrue();
    assertThat(check(spec(TestSpecs.url("/").withRegex("RED", false))).reason())
        .isEqualTo("regex did not match on /");
    assertThat(check(spec(TestSpecs.url("/").withRegex("GREEN", true))).reason())
        .isEqualTo("regex matched on /");
  }

  @Test
  void aSlowServerTimesOutAfterConnectTimeout() {
    server.delayMs = 3000;
    long t0 = System.nanoTime();
    CheckResult r = check(spec(500, TestSpecs.url("/slow")));
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(r).isEqualTo(CheckResult.down("no response within 500 ms on /slow"));
    assertThat(tookMs).isBetween(450L, 2500L);
  }

  @Test
  void aBodyThatStopsHalfwayTimesOutWhenTheDigestNeedsIt() {
    server.mode = TestHttpServer.Mode.STALL_BODY;
    CheckResult r =
        check(spec(500, TestSpecs.url("/d").withDigest("00000000000000000000000000000000")));
    assertThat(r).isEqualTo(CheckResult.down("response not complete within 500 ms on /d"));
    // without a digest the status is enough, no need to wait for the body
    assertThat(check(spec(TestSpecs.url("/d")))).isEqualTo(CheckResult.up("HTTP ok on /d"));
  }

  @Test
  void garbageSilenceAndHangUpAreDownWithTheirReasons() {
    server.mode = TestHttpServer.Mode.GARBAGE;
    assertThat(check(spec(TestSpecs.url("/g"))).reason())
        .isEqualTo("garbage: not an HTTP status line on /g");
    server.mode = TestHttpServer.Mode.HANG_UP;
    assertThat(check(spec(TestSpecs.url("/h"))).reason()).isEqualTo("empty response on /h");
    server.mode = TestHttpServer.Mode.SILENT;
    assertThat(check(spec(500, TestSpecs.url("/s"))).reason())
        .isEqualTo("no response within 500 ms on /s");
  }

  @Test
  void refusedConnectionIsDown() {
    int port = server.port();
    server.close();
    HttpCheckSpec s =
        TestSpecs.httpGet(
            ConnectSpec.to(new java.net.InetSocketAddress("127.0.0.1", port)),
            Checks.timing(CheckerKind.HTTP_GET, 3000),
            List.of(TestSpecs.url("/")));
    assertThat(check(s)).isEqualTo(CheckResult.down("connection refused on /"));
    server = new TestHttpServer(); // for @AfterEach
  }

  @Test
  void recoversOnceTheServerIsFixed() {
    server.status = 500;
    assertThat(check(spec(TestSpecs.url("/"))).up()).isFalse();
    server.status = 200;
    assertThat(check(spec(TestSpecs.url("/"))).up()).isTrue();
  }

  @Test
  void requestIsKeepalivedsForEachProtocolAndVirtualhost() {
    String hostPort = "127.0.0.1:" + server.port();
    check(spec(TestSpecs.url("/p")));
    check(spec(TestSpecs.url("/p")).withProtocol(HttpProtocol.HTTP_1_0C));
    check(
        spec(TestSpecs.url("/p"))
            .withProtocol(HttpProtocol.HTTP_1_1)
            .withVirtualhost("www.example.test"));
    check(
        spec(TestSpecs.url("/p").withVirtualhost("url.example.test"))
            .withVirtualhost("rs.example.test"));
    assertThat(server.requests)
        .containsExactly(
            "GET /p HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: " + hostPort + "\r\n\r\n",
            "GET /p HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: "
                + hostPort
                + "\r\n\r\n",
            "GET /p HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: www.example.test\r\n\r\n",
            "GET /p HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: url.example.test\r\n\r\n");
  }

  /** genhash (Debian's keepalived package) fetches the same body from our test server. */
  @Test
  void digestAgreesWithKeepalivedsGenhash(@TempDir Path dir) throws Exception {
    Path genhash = Path.of("/usr/bin/genhash");
    assertThat(genhash).as("genhash from the keepalived package").isExecutable();
    Random r = new Random(42);
    for (int size : new int[] {0, 1, 100, 5000, 70_000}) {
      byte[] body = new byte[size];
      r.nextBytes(body);
      server.body = body;
      String theirs =
          run(genhash, "-s", "127.0.0.1", "-p", String.valueOf(server.port()), "-u", "/b" + size);
      assertThat(theirs).matches("[0-9a-f]{32}");
      assertThat(check(spec(TestSpecs.url("/b" + size).withDigest(theirs))))
          .as("body of %d bytes", size)
          .isEqualTo(CheckResult.up("HTTP ok on /b" + size));
    }
  }

  static String run(Path exe, String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of(exe.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    boolean ended = p.waitFor(20, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
      throw new AssertionError(cmd + " did not finish");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.exitValue()).as("%s: %s", cmd, out).isZero();
    return out;
  }

  @Test
  void parsesKeepalivedsSpellingsOfTheProtocol() {
    assertThat(HttpProtocol.parse("1.0c")).isEqualTo(HttpProtocol.HTTP_1_0C);
    assertThat(HttpProtocol.parse("1.1")).isEqualTo(HttpProtocol.HTTP_1_1);
  }

  static void write(Path p, String s) throws IOException {
    Files.writeString(p, s);
  }

  /**
   * A verdict known from the headers (no digest, no regex) does not cut the body off with a reset:
   * the rest is read until the server closes, so a server still writing it (here 200 ms after the
   * headers, as a slow application would) finishes without "Broken pipe" or "Connection reset".
   */
  @Test
  void theConnectionEndsWithoutAResetWhenTheBodyIsLong() throws Exception {
    try (java.net.ServerSocket ss =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      java.util.concurrent.CompletableFuture<String> seen =
          answerOnce(
              ss,
              s -> {
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
              });
      HttpCheckSpec spec = spec(at(ss), 3000, TestSpecs.url("/big"));
      assertThat(check(spec)).isEqualTo(CheckResult.up("HTTP ok on /big"));
      assertThat(seen.get(15, java.util.concurrent.TimeUnit.SECONDS))
          .as("how the server's writing of the body ended")
          .isEqualTo("all written");
    }
  }

  /**
   * A server that keeps the connection open after its headers (no body, no close) does not hold the
   * verdict back, and the checker still closes the connection itself once the drain's time ({@link
   * HttpChecker#DRAIN_NS}) is up: nothing is left open per check.
   */
  @Test
  void aServerThatNeverClosesGetsItsVerdictAtOnceAndIsClosedAfterTheDrain() throws Exception {
    try (java.net.ServerSocket ss =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      long[] closedAtNs = new long[1];
      java.util.concurrent.CompletableFuture<Long> closedAfterNs =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try (java.net.Socket s = ss.accept()) {
                  s.setSoTimeout(10_000);
                  java.io.InputStream in = s.getInputStream();
                  if (!readRequest(in)) {
                    return -1L;
                  }
                  s.getOutputStream()
                      .write(
                          "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"
                              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                  long sent = System.nanoTime();
                  try {
                    while (in.read() >= 0) {
                      // the checker sends nothing more; wait for its close
                    }
                  } catch (java.net.SocketException reset) {
                    // closed with a reset: closed all the same
                  }
                  closedAtNs[0] = System.nanoTime();
                  return closedAtNs[0] - sent;
                } catch (java.io.IOException e) {
                  return -2L;
                }
              });
      HttpCheckSpec spec = spec(at(ss), 5000, TestSpecs.url("/open"));
      assertThat(check(spec)).isEqualTo(CheckResult.up("HTTP ok on /open"));
      long verdictAtNs = System.nanoTime();
      long closedAfter = closedAfterNs.get(15, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(closedAfter)
          .as("ns from the headers to the checker's close")
          .isBetween(HttpChecker.DRAIN_NS / 2, 8 * HttpChecker.DRAIN_NS);
      assertThat(verdictAtNs).as("the verdict came before the close").isLessThan(closedAtNs[0]);
    }
  }

  /**
   * A response longer than one read (64 KiB, several times the read buffer), written at once with
   * the close right after it: the verdict comes from the headers and the rest is read and dropped,
   * whichever way the reads and the close's event fall.
   */
  @Test
  void aLongResponseWrittenAtOnceWithItsClosePasses() throws Exception {
    for (boolean withLength : new boolean[] {true, false}) {
      try (java.net.ServerSocket ss =
          new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        java.util.concurrent.CompletableFuture<String> seen =
            answerOnce(
                ss,
                s -> {
                  byte[] body = new byte[64 * 1024];
                  java.util.Arrays.fill(body, (byte) 'y');
                  String head =
                      "HTTP/1.0 200 OK\r\n"
                          + (withLength ? "Content-Length: " + body.length + "\r\n" : "")
                          + "\r\n";
                  byte[] h = head.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                  byte[] all = java.util.Arrays.copyOf(h, h.length + body.length);
                  System.arraycopy(body, 0, all, h.length, body.length);
                  s.getOutputStream().write(all);
                });
        HttpCheckSpec spec = spec(at(ss), 3000, TestSpecs.url("/long"));
        assertThat(check(spec))
            .as("Content-Length given: %s", withLength)
            .isEqualTo(CheckResult.up("HTTP ok on /long"));
        assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("all written");
      }
    }
  }

  /**
   * A server that answers as soon as it accepts, and closes its side, before it reads the request
   * (a canned "503 busy", an answer from a proxy in front): the answer is what counts, as in
   * keepalived, which sends its request and then reads it. Repeated, because the answer, the close
   * and the checker's own write race each other.
   */
  @org.junit.jupiter.api.RepeatedTest(20)
  void anAnswerSentBeforeTheRequestWasReadCounts() throws Exception {
    try (java.net.ServerSocket ss =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      java.util.concurrent.CompletableFuture<Void> served =
          answerAtOnce(ss, "HTTP/1.0 503 Busy\r\nContent-Length: 4\r\n\r\nbusy", false);
      HttpCheckSpec spec = spec(at(ss), 5000, TestSpecs.url("/early"));
      assertThat(check(spec)).isEqualTo(CheckResult.down("HTTP 503 on /early"));
      served.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /**
   * Accepts one connection on {@code ss} and writes {@code answer} at once, before reading
   * anything; then, with {@code thenReadRequest}, closes its side (the FIN right behind the answer)
   * and reads the request, so no reset answers it; else closes unread, so the request, when it
   * comes, is answered with a reset.
   */
  static java.util.concurrent.CompletableFuture<Void> answerAtOnce(
      java.net.ServerSocket ss, String answer, boolean thenReadRequest) {
    return java.util.concurrent.CompletableFuture.runAsync(
        () -> {
          try (java.net.Socket s = ss.accept()) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(answer.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (thenReadRequest) {
              s.shutdownOutput();
              readRequest(s.getInputStream());
            }
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  /** What a one-connection test server writes once it has read the request. */
  interface Answer {
    void write(java.net.Socket s) throws IOException, InterruptedException;
  }

  /**
   * Accepts one connection on {@code ss}, reads the request and answers it: "all written" when the
   * answer went out whole, else what went wrong.
   */
  static java.util.concurrent.CompletableFuture<String> answerOnce(
      java.net.ServerSocket ss, Answer answer) {
    return java.util.concurrent.CompletableFuture.supplyAsync(
        () -> {
          try (java.net.Socket s = ss.accept()) {
            s.setSoTimeout(10_000);
            if (!readRequest(s.getInputStream())) {
              return "EOF before the request";
            }
            answer.write(s);
            return "all written";
          } catch (IOException | InterruptedException e) {
            return e.toString();
          }
        });
  }

  /** Reads a request's head up to its blank line; false when the peer closed before it. */
  static boolean readRequest(java.io.InputStream in) throws java.io.IOException {
    StringBuilder req = new StringBuilder();
    while (req.indexOf("\r\n\r\n") < 0) {
      int c = in.read();
      if (c < 0) {
        return false;
      }
      req.append((char) c);
    }
    return true;
  }
}
