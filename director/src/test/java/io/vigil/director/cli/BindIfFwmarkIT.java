package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.Bridge;
import io.vigil.lab.ExecResult;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code bind_if} and {@code fwmark} really apply to the checker's packets: the director namespace
 * reaches the real server 203.0.113.5 two ways, and its main table sends the traffic the wrong way
 * (a gateway on eth0 that does not exist). Only a socket bound to eth1 (the route there has a worse
 * metric, so only {@code SO_BINDTODEVICE} selects it) or marked 7 ({@code ip rule fwmark 7} looks
 * up a table that routes through eth1) reaches it. TCP_CHECK and PING_CHECK, each plain, with
 * {@code bind_if eth1} and with {@code fwmark 7}: the plain ones are down, the others up.
 */
class BindIfFwmarkIT {
  @RegisterExtension static final NetLab lab = new NetLab();

  static Netns director;
  static Path dir;

  @BeforeAll
  static void topology() throws IOException {
    Bridge wrong = lab.bridge("wrong");
    Bridge right = lab.bridge("right");
    director =
        lab.netns("dir")
            .attach(wrong, "eth0", "192.0.2.1/24")
            .attach(right, "eth1", "198.51.100.1/24");
    Netns rs = lab.netns("rs").attach(right, "eth0", "198.51.100.2/24", "203.0.113.5/24");
    director.sh("ip route add 203.0.113.0/24 via 192.0.2.254 dev eth0 metric 10");
    director.sh("ip route add 203.0.113.0/24 via 198.51.100.2 dev eth1 metric 100");
    director.sh("ip route add 203.0.113.0/24 via 198.51.100.2 dev eth1 table 100");
    director.sh("ip rule add fwmark 7 table 100");
    // the three TCP ports listen: a down TCP_CHECK is the route's doing, not a closed port
    rs.start(
            "python3",
            "-c",
            "import socket, select\n"
                + "ls = []\n"
                + "for p in (80, 81, 82):\n"
                + "    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                + "    s.bind(('203.0.113.5', p)); s.listen(16); ls.append(s)\n"
                + "print('listening', flush=True)\n"
                + "while True:\n"
                + "    for s in select.select(ls, [], [])[0]:\n"
                + "        s.accept()[0].close()\n")
        .awaitOutput(Pattern.compile("listening"), Duration.ofSeconds(30));
    ExecResult ping = director.exec("ping", "-c", "1", "-w", "10", "-I", "eth1", "203.0.113.5");
    assertThat(ping.exitCode()).as("the right way works\n" + ping.stdout()).isZero();
    dir = Files.createTempDirectory("vigil-bindif-it");
  }

  @AfterAll
  static void cleanDir() throws IOException {
    if (dir != null) {
      Files.deleteIfExists(dir.resolve("vigil.conf"));
      Files.deleteIfExists(dir);
    }
  }

  static String realServer(int port, String checker, String option) {
    return "  real_server 203.0.113.5 "
        + port
        + " {\n    "
        + checker
        + " {\n      connect_timeout 1\n      retry 0\n      "
        + option
        + "\n    }\n  }\n";
  }

  @Test
  void onlyTheBoundOrMarkedCheckersReachTheRealServer() throws IOException {
    Path conf =
        Files.writeString(
            dir.resolve("vigil.conf"),
            "virtual_server 192.0.2.10 80 {\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n"
                + realServer(80, "TCP_CHECK", "")
                + realServer(81, "TCP_CHECK", "bind_if eth1")
                + realServer(82, "TCP_CHECK", "fwmark 7")
                + realServer(83, "PING_CHECK", "")
                + realServer(84, "PING_CHECK", "bind_if eth1")
                + realServer(85, "PING_CHECK", "fwmark 7")
                + "}\n");
    ExecResult r = director.exec(VigilJvm.argv("checks", "-f", conf.toString(), "--once"));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    String v = "TCP 192.0.2.10:80 203.0.113.5:";
    List<String> lines = r.stdout().lines().toList();
    assertThat(lines).hasSize(6);
    assertThat(lines.get(0)).startsWith(v + "80 down TCP_CHECK ");
    assertThat(lines.get(1)).isEqualTo(v + "81 up TCP_CHECK passed");
    assertThat(lines.get(2)).isEqualTo(v + "82 up TCP_CHECK passed");
    assertThat(lines.get(3)).startsWith(v + "83 down PING_CHECK ");
    assertThat(lines.get(4)).isEqualTo(v + "84 up PING_CHECK passed");
    assertThat(lines.get(5)).isEqualTo(v + "85 up PING_CHECK passed");
  }
}
