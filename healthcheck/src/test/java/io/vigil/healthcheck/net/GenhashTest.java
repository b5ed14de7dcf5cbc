package io.vigil.healthcheck.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.spec.HttpCheckSpec.HttpProtocol;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Genhash} beside keepalived 2.2.7's genhash (Debian's keepalived package), against the same
 * test server on loopback: the same digests, the same verbose dump line for line (but the response
 * time), the same requests, the same words when it fails.
 */
class GenhashTest {
  static final Path GENHASH = Path.of("/usr/bin/genhash");

  TestHttpServer server;

  @BeforeEach
  void start() {
    assertThat(GENHASH).as("genhash from the keepalived package").isExecutable();
    server = new TestHttpServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  record Result(int rc, String out, String err) {}

  Result vigil(String... args) throws Exception {
    // genhash's own option letters, read here as GenhashCommand reads them
    int port = 0;
    String path = null;
    Optional<String> vhost = Optional.empty();
    HttpProtocol protocol = HttpProtocol.HTTP_1_0;
    boolean verbose = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "-s" -> i++;
        case "-p" -> port = Integer.parseInt(args[++i]);
        case "-u" -> path = args[++i];
        case "-V" -> vhost = Optional.of(args[++i]);
        case "-P" ->
            protocol = args[++i].equals("1.1") ? HttpProtocol.HTTP_1_1 : HttpProtocol.HTTP_1_0C;
        case "-v" -> verbose = true;
        default -> throw new IllegalArgumentException(args[i]);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        Genhash.run(
            new Genhash.Request(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                path,
                protocol,
                vhost,
                false,
                false,
                0,
                TimeUnit.SECONDS.toNanos(5),
                verbose),
            new PrintStream(out, true, StandardCharsets.ISO_8859_1),
            new PrintStream(err, true, StandardCharsets.ISO_8859_1));
    return new Result(
        rc, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.ISO_8859_1));
  }

  static Result genhash(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(GENHASH.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).as(cmd + " finished").isTrue();
    return new Result(
        p.exitValue(),
        new String(out, StandardCharsets.ISO_8859_1),
        new String(err, StandardCharsets.ISO_8859_1));
  }

  String[] args(String path, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of("-s", "127.0.0.1", "-p", String.valueOf(server.port()), "-u", path));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  static String timeless(String verbose) {
    return verbose.replaceAll("= [0-9]+ usecs", "= N usecs");
  }

  @Test
  void theVerboseDumpIsGenhashsLineForLine() throws Exception {
    Random r = new Random(7);
    for (int size : new int[] {0, 1, 15, 16, 17, 100, 1000}) {
      byte[] body = new byte[size];
      r.nextBytes(body);
      server.body = body;
      Result theirs = genhash(args("/v" + size, "-v"));
      Result ours = vigil(args("/v" + size, "-v"));
      assertThat(theirs.out()).as("genhash -v, %d bytes", size).contains("HTML hash final");
      assertThat(timeless(ours.out())).as("%d bytes", size).isEqualTo(timeless(theirs.out()));
      assertThat(ours.rc()).isZero();
    }
  }

  @Test
  void theDigestsAgreeAndStopAtTheAnnouncedLength() throws Exception {
    Random r = new Random(8);
    for (int size : new int[] {5000, 70_000}) {
      byte[] body = new byte[size];
      r.nextBytes(body);
      server.body = body;
      Result theirs = genhash(args("/d" + size));
      assertThat(theirs.out()).matches("[0-9a-f]{32}\n");
      assertThat(vigil(args("/d" + size))).isEqualTo(new Result(0, theirs.out(), ""));
    }
    server.body =
        "0123456789 and what the headers did not announce".getBytes(StandardCharsets.US_ASCII);
    server.announcedLength = 10;
    Result theirs = genhash(args("/short"));
    assertThat(vigil(args("/short")).out()).isEqualTo(theirs.out());
  }

  @Test
  void theRequestsAreGenhashs() throws Exception {
    genhash(args("/r", "-V", "www.example.test", "-P", "1.1"));
    vigil(args("/r", "-V", "www.example.test", "-P", "1.1"));
    genhash(args("/r", "-P", "1.0c"));
    vigil(args("/r", "-P", "1.0c"));
    assertThat(server.requests).hasSize(4);
    assertThat(server.requests.get(1)).isEqualTo(server.requests.get(0));
    assertThat(server.requests.get(3)).isEqualTo(server.requests.get(2));
  }

  @Test
  void failuresAreSaidInGenhashsWordsAndExitOne() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    String[] refused = {"-s", "127.0.0.1", "-p", String.valueOf(closed), "-u", "/"};
    Result theirs = genhash(refused);
    assertThat(theirs.out()).isEqualTo("Connection failed\n");
    assertThat(vigil(refused)).isEqualTo(new Result(1, theirs.out(), ""));

    server.mode = TestHttpServer.Mode.HANG_UP;
    theirs = genhash(args("/gone"));
    assertThat(theirs.err()).isEqualTo("no data received from remote webserver\n");
    assertThat(vigil(args("/gone"))).isEqualTo(new Result(1, theirs.out(), theirs.err()));
  }
}
