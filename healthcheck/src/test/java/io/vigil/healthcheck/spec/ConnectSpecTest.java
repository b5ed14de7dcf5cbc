package io.vigil.healthcheck.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectSpecTest {
  @Test
  void bindPortAloneBindsTheWildcardOfTheTargetsFamily() throws Exception {
    // the checker's socket is of the target's family: an IPv6 socket cannot bind 0.0.0.0
    ConnectSpec v6 =
        new ConnectSpec(
            new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 80),
            Optional.empty(),
            4000,
            0);
    ConnectSpec v4 =
        new ConnectSpec(
            new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 80),
            Optional.empty(),
            4000,
            0);

    InetSocketAddress local6 = v6.localAddress().orElseThrow();
    InetSocketAddress local4 = v4.localAddress().orElseThrow();

    assertThat(local6.getAddress()).isInstanceOf(Inet6Address.class);
    assertThat(local6.getAddress().isAnyLocalAddress()).isTrue();
    assertThat(local6.getPort()).isEqualTo(4000);
    assertThat(local4.getAddress()).isInstanceOf(Inet4Address.class);
    assertThat(local4.getAddress().isAnyLocalAddress()).isTrue();
    assertThat(local4.getPort()).isEqualTo(4000);
  }

  @Test
  void theTargetIsWrittenAsKeepalivedWritesItInTheHostHeader() throws Exception {
    // keepalived 2.2.7's "Host: [%s]%s" with inet_sockaddrtos: the compressed form
    assertThat(
            ConnectSpec.to(new InetSocketAddress(InetAddress.getByName("2001:db8:0:0::1"), 8080))
                .targetText())
        .isEqualTo("[2001:db8::1]:8080");
    assertThat(
            ConnectSpec.to(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 80))
                .targetText())
        .isEqualTo("192.0.2.1:80");
  }

  @Test
  void noBindtoAndNoBindPortBindsNothing() throws Exception {
    ConnectSpec c = ConnectSpec.to(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 80));

    assertThat(c.localAddress()).isEmpty();
  }
}
