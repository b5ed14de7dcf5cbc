package io.vigil.healthcheck.net;

import static io.vigil.healthcheck.net.Checks.once;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.spec.CheckerKind;
import io.vigil.healthcheck.spec.ConnectSpec;
import io.vigil.healthcheck.spec.PingCheckSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Needs root (the host's ping_group_range covers no group, so the check uses a raw socket):
 * PING_CHECK against loopback, on the epoll loop. Down cases need an address that does not answer:
 * director's {@code PingCheckIT} proves them in namespaces.
 */
class PingCheckerIT {
  private static Transport transport;

  @BeforeAll
  static void group() {
    transport = Transport.create(1);
  }

  @AfterAll
  static void close() {
    transport.close();
  }

  static PingCheckSpec spec(String address, Optional<String> bindIf) throws Exception {
    return new PingCheckSpec(
        new ConnectSpec(
            new InetSocketAddress(InetAddress.getByName(address), 0),
            Optional.empty(),
            0,
            0,
            bindIf),
        Checks.timing(CheckerKind.PING_CHECK, 2000));
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "::1"})
  void loopbackAnswers(String address) throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "ICMP sockets need root here");
    assumeTrue(transport.epoll(), "PING_CHECK needs the epoll transport");
    PingChecker c = new PingChecker(spec(address, Optional.empty()), transport);
    for (int i = 0; i < 3; i++) {
      CheckResult r = once(c);
      assertThat(r.up()).as(r.reason()).isTrue();
      assertThat(r.reason()).isEqualTo("echo reply from " + address);
    }
  }

  @Test
  void anUnknownBindIfFailsTheCheckWithTheReason() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "ICMP sockets need root here");
    assumeTrue(transport.epoll(), "PING_CHECK needs the epoll transport");
    CheckResult r = once(new PingChecker(spec("127.0.0.1", Optional.of("nosuchif0")), transport));
    assertThat(r.up()).isFalse();
    assertThat(r.reason()).startsWith("ICMP socket: ").contains("nosuchif0").contains("ENODEV");
  }
}
