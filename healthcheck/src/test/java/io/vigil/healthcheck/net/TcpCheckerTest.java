package io.vigil.healthcheck.net;

import static io.vigil.healthcheck.net.Checks.once;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.spec.CheckerKind;
import io.vigil.healthcheck.spec.ConnectSpec;
import io.vigil.healthcheck.spec.TcpCheckSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TcpCheckerTest {
  private static final InetAddress LO = InetAddress.getLoopbackAddress();
  static Transport transport;

  @BeforeAll
  static void group() {
    transport = Transport.create(1, false); // bare sockets with epoll (the default)
  }

  @AfterAll
  static void closeGroup() {
    transport.close();
  }

  private static TcpChecker checker(int port, long timeoutMs) {
    return new TcpChecker(
        new TcpCheckSpec(
            ConnectSpec.to(new InetSocketAddress(LO, port)),
            Checks.timing(CheckerKind.TCP_CHECK, timeoutMs)),
        transport);
  }

  private static ServerSocket listen(int port, int backlog) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(LO, port), backlog);
    return s;
  }

  @Test
  void anAcceptingPortIsUp() throws IOException {
    try (ServerSocket s = listen(0, 50)) {
      assertThat(once(checker(s.getLocalPort(), 3000)))
          .isEqualTo(CheckResult.up("connected to 127.0.0.1:" + s.getLocalPort()));
    }
  }

  @Test
  void checksIpv4AndIpv6TargetsFromTheirBindtoAndBindPort() throws IOException {
    // each check's socket is of its target's family: bindto and bind_port bind in that family
    for (String address : List.of("127.0.0.1", "::1")) {
      InetAddress ip = InetAddress.getByName(address);
      int bindPort;
      try (ServerSocket probe = new ServerSocket(0, 1, ip)) {
        bindPort = probe.getLocalPort();
      }
      try (ServerSocket s = new ServerSocket(0, 50, ip)) {
        InetSocketAddress target = new InetSocketAddress(ip, s.getLocalPort());
        for (ConnectSpec c :
            List.of(
                new ConnectSpec(target, Optional.of(ip), 0, 0),
                new ConnectSpec(target, Optional.empty(), bindPort, 0))) {
          TcpChecker checker =
              new TcpChecker(
                  new TcpCheckSpec(c, Checks.timing(CheckerKind.TCP_CHECK, 3000)), transport);
          assertThat(once(checker))
              .as(c.toString())
              .isEqualTo(CheckResult.up("connected to " + c.targetText()));
          try (Socket accepted = s.accept()) {
            assertThat(accepted.getInetAddress()).as(c.toString()).isEqualTo(ip);
            if (c.bindPort() != 0) {
              assertThat(accepted.getPort()).as(c.toString()).isEqualTo(bindPort);
            }
          }
        }
      }
    }
  }

  @Test
  void aClosedPortIsDownRefusedAndRecoversWhenItListensAgain() throws IOException {
    int port;
    try (ServerSocket s = listen(0, 50)) {
      port = s.getLocalPort();
    }
    assertThat(once(checker(port, 3000))).isEqualTo(CheckResult.down("connection refused"));
    try (ServerSocket s = listen(port, 50)) {
      assertThat(once(checker(s.getLocalPort(), 3000)).up()).isTrue();
    }
    assertThat(once(checker(port, 3000)).up()).isFalse();
  }

  @Test
  void aBlackHoleTimesOutAfterConnectTimeout() throws IOException {
    // a listener that never accepts, its accept queue filled: further SYNs are dropped
    try (ServerSocket s = listen(0, 1)) {
      List<Socket> fillers = new ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          Socket c = new Socket();
          fillers.add(c);
          try {
            c.connect(s.getLocalSocketAddress(), 100);
          } catch (IOException full) {
            break;
          }
        }
        long t0 = System.nanoTime();
        CheckResult r = once(checker(s.getLocalPort(), 300));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(r).isEqualTo(CheckResult.down("connect timeout after 300 ms"));
        assertThat(ms).isBetween(250L, 3000L);
      } finally {
        for (Socket c : fillers) {
          c.close();
        }
      }
    }
  }

  @Test
  void bindtoIsTheSourceAddress() throws IOException {
    try (ServerSocket s = listen(0, 50)) {
      TcpChecker c =
          new TcpChecker(
              new TcpCheckSpec(
                  new ConnectSpec(
                      new InetSocketAddress(LO, s.getLocalPort()),
                      Optional.of(InetAddress.getByName("127.0.0.2")),
                      0,
                      0),
                  Checks.timing(CheckerKind.TCP_CHECK, 3000)),
              transport);
      assertThat(once(c).up()).isTrue();
      try (Socket accepted = s.accept()) {
        assertThat(accepted.getInetAddress().getHostAddress()).isEqualTo("127.0.0.2");
      }
    }
  }

  @Test
  void theTransportIsEpollOnLinux() {
    assertThat(transport.epollUnavailable()).isEmpty();
    assertThat(transport.epoll()).isTrue();
  }
}
