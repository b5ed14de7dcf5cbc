package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Environment;
import io.vigil.healthcheck.spec.CheckTiming;
import io.vigil.healthcheck.spec.ConnectSpec;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.healthcheck.spec.TcpCheckSpec;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksCommandTest {
  @Test
  void downLineIsVirtualRealDownAndTheReason() {
    assertThat(
            ChecksCommand.line(
                "TCP 192.0.2.10:80 203.0.113.5:8080", false, 3, 3, "HTTP 503 on /health"))
        .isEqualTo("TCP 192.0.2.10:80 203.0.113.5:8080 down HTTP 503 on /health");
  }

  @Test
  void upLineShowsTheWeightOnlyWhenADynamicCheckerMovedIt() {
    assertThat(
            ChecksCommand.line(
                "TCP 192.0.2.10:80 203.0.113.5:8080", true, 3, 3, "TCP_CHECK passed"))
        .isEqualTo("TCP 192.0.2.10:80 203.0.113.5:8080 up TCP_CHECK passed");
    assertThat(ChecksCommand.line("TCP 192.0.2.10:80 203.0.113.5:8080", true, 7, 3, "x"))
        .isEqualTo("TCP 192.0.2.10:80 203.0.113.5:8080 up weight 7 x");
    assertThat(ChecksCommand.line("TCP 192.0.2.10:80 203.0.113.5:8080", false, 7, 3, "x"))
        .isEqualTo("TCP 192.0.2.10:80 203.0.113.5:8080 down x");
  }

  @Test
  void labelsPrefixTheProtocolExceptForFwmarkServices() {
    var loaded =
        ConfigLoader.loadString(
            """
            virtual_server 192.0.2.10 53 {
              lb_algo rr
              lb_kind NAT
              protocol UDP
              real_server 203.0.113.5 5353 {
              }
            }
            virtual_server fwmark 4 {
              lb_algo rr
              lb_kind DR
              real_server 203.0.113.6 0 {
              }
            }
            """,
            "t.conf",
            Path.of("/nonexistent"),
            Environment.fixed("n", Set.of()));
    assertThat(ChecksCommand.labels(loaded))
        .containsEntry("192.0.2.10:53 203.0.113.5:5353", "UDP 192.0.2.10:53 203.0.113.5:5353")
        .containsEntry("fwmark 4 203.0.113.6:0", "fwmark 4 203.0.113.6:0");
  }

  @Test
  void settleBoundCoversEveryRetryOfTheSlowestChecker() {
    CheckTiming t =
        new CheckTiming(
            TimeUnit.SECONDS.toNanos(2),
            2,
            TimeUnit.SECONDS.toNanos(3),
            TimeUnit.SECONDS.toNanos(60),
            0,
            false,
            false);
    TcpCheckSpec tcp =
        new TcpCheckSpec(ConnectSpec.to(new InetSocketAddress("203.0.113.5", 80)), t);
    long bound =
        ChecksCommand.settleBoundNs(List.of(new RealServerSpec("a", 1, false, List.of(tcp))));
    // three attempts of 4 x 2 s plus a 10 s margin, and two 3 s delays
    assertThat(bound).isEqualTo(TimeUnit.SECONDS.toNanos(3 * (8 + 10) + 2 * 3));
    assertThat(ChecksCommand.settleBoundNs(List.of(new RealServerSpec("b", 1, false, List.of()))))
        .isZero();
  }

  @Test
  void unmappableConfigExitsOneWithFileAndLineReasons(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("vigil.conf");
    Files.writeString(
        conf,
        """
        virtual_server 192.0.2.10 80 {
          lb_algo rr
          lb_kind NAT
          protocol TCP
          real_server 2001:db8::5 80 {
            TCP_CHECK {
            }
          }
        }
        """);
    InProcessCli cli = new InProcessCli();
    int code = cli.run("checks", "-f", conf.toString(), "--once");
    assertThat(code).isEqualTo(1);
    assertThat(cli.out.toString()).isEmpty();
    assertThat(cli.err.toString())
        .contains(conf + ":5: error: real server [2001:db8::5]:80 address family differs")
        .contains("cannot be checked as written (2 problems)");
  }

  @Test
  void missingFileExitsOne(@TempDir Path dir) {
    InProcessCli cli = new InProcessCli();
    assertThat(cli.run("checks", "-f", dir.resolve("absent.conf").toString(), "--once"))
        .isEqualTo(1);
    assertThat(cli.err.toString()).contains("absent.conf");
  }
}
