package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code vigil checks} without {@code --once}, in its own JVM in a namespace: it prints the table
 * once every checker has run, then one line per change: a TCP server stopped gives a down line, the
 * server started again an up line, and a real server that never changes is never printed again.
 * SIGTERM ends it with exit 0 and nothing more printed.
 */
class ChecksFollowIT {
  @RegisterExtension final NetLab lab = new NetLab();

  static final Duration WAIT = Duration.ofSeconds(60);

  Netns ns;
  Path dir;

  @BeforeEach
  void namespace() throws IOException {
    ns = lab.netns("follow");
    dir = Files.createTempDirectory("vigil-follow-it");
  }

  @AfterEach
  void cleanDir() throws IOException {
    Files.deleteIfExists(dir.resolve("vigil.conf"));
    Files.deleteIfExists(dir);
  }

  NsProcess listener(int port) {
    NsProcess p =
        ns.start(
            "python3",
            "-c",
            "import socket\n"
                + "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                + "s.bind(('127.0.0.1', "
                + port
                + ")); s.listen(16)\n"
                + "print('listening', flush=True)\n"
                + "while True:\n"
                + "    s.accept()[0].close()\n");
    p.awaitOutput(Pattern.compile("listening"), WAIT);
    return p;
  }

  static String realServer(int port) {
    return "  real_server 127.0.0.1 "
        + port
        + " {\n    TCP_CHECK {\n      connect_timeout 1\n      retry 0\n"
        + "      delay_loop 0.5\n      warmup 0\n    }\n  }\n";
  }

  static int count(String output, String line) {
    return (int) output.lines().filter(line::equals).count();
  }

  @Test
  void printsTheTableThenOneLinePerChangeUntilSigterm() throws Exception {
    NsProcess flipping = listener(8081);
    NsProcess steady = listener(8082);
    Path conf =
        Files.writeString(
            dir.resolve("vigil.conf"),
            "virtual_server 192.0.2.10 80 {\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n"
                + realServer(8081)
                + realServer(8082)
                + "}\n");
    NsProcess checks = ns.start(VigilJvm.argv("checks", "-f", conf.toString()));
    String v = "TCP 192.0.2.10:80 127.0.0.1:";
    String up1 = v + "8081 up TCP_CHECK passed";
    String up2 = v + "8082 up TCP_CHECK passed";
    checks.awaitOutput(Pattern.compile("(?m)^" + Pattern.quote(up2) + "$"), WAIT);
    assertThat(checks.output().lines().toList()).containsExactly(up1, up2);

    flipping.killTree();
    flipping.waitFor(WAIT);
    String down1 = v + "8081 down TCP_CHECK connection refused";
    checks.awaitOutput(Pattern.compile("(?m)^" + Pattern.quote(down1) + "$"), WAIT);

    NsProcess again = listener(8081);
    checks.awaitOutput(
        Pattern.compile(Pattern.quote(down1) + "\n" + Pattern.quote(v) + "8081 up .*\n"), WAIT);

    checks.signal("TERM");
    assertThat(checks.waitFor(WAIT)).as(checks.output()).isZero();
    List<String> lines = checks.output().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.subList(0, 3)).containsExactly(up1, up2, down1);
    assertThat(lines.get(3)).startsWith(v + "8081 up ");
    assertThat(count(checks.output(), up2)).as("the steady server is printed once").isEqualTo(1);
    again.close();
    steady.close();
  }
}
