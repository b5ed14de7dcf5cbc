package io.vigil.director.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Environment;
import io.vigil.director.alert.TestSmtpServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil run} in-process (in-memory IPVS, real TCP checks on loopback) mails an SMTP server
 * on loopback: the virtual server's quorum at start ({@code smtp_alert}), then the real server
 * whose port is closed as its check takes it out of the pool, with keepalived's subject and the
 * check's reason.
 */
class AlertMailIT {
  private static final Environment ENV = Environment.fixed("dir1", Set.of("eth0"));

  @TempDir Path dir;

  @Test
  void theQuorumAtStartAndAFailingRealServerAreMailed() throws Exception {
    try (TestSmtpServer smtp = new TestSmtpServer();
        ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int up = listening.getLocalPort();
      int closed = InProcessDaemon.freePort();
      Path conf = dir.resolve("vigil.conf");
      Files.writeString(
          conf,
          """
          global_defs {
            router_id LVS_A
            notification_email {
              ops@example.org
            }
            notification_email_from lvs@example.org
            smtp_server 127.0.0.1 %d
            smtp_connect_timeout 5
          }
          virtual_server 192.0.2.10 80 {
            delay_loop 1
            lb_algo wrr
            lb_kind NAT
            protocol TCP
            smtp_alert
            real_server 127.0.0.1 %d {
              TCP_CHECK {
                connect_timeout 2
                retry 0
              }
            }
            real_server 127.0.0.1 %d {
              TCP_CHECK {
                connect_timeout 2
                retry 0
              }
            }
          }
          """
              .formatted(smtp.port(), up, closed));
      InProcessDaemon daemon =
          InProcessDaemon.start(
              Daemon.Settings.of(conf, ENV).checkOnly(true).reconcileIntervalMs(60_000).build());
      try {
        List<String> first = smtp.next(20_000);
        assertThat(first).as(daemon.err()).isNotNull();
        assertThat(first)
            .contains(
                "Subject: [LVS_A] Virtualserver [192.0.2.10]:tcp:80 - UP",
                "=> Starting with quorum up 1+0=1 <= 2 <=");
        List<String> second = smtp.next(20_000);
        assertThat(second).as(daemon.err()).isNotNull();
        assertThat(second)
            .contains(
                "Subject: [LVS_A] Realserver [127.0.0.1]:tcp:"
                    + closed
                    + " of virtual server [192.0.2.10]:tcp:80 - DOWN",
                "=> TCP CHECK failed on service <=",
                "QUIT");
        assertThat(second.get(second.indexOf("=> TCP CHECK failed on service <=") + 2))
            .as("the check's own reason after keepalived's line")
            .isNotBlank();
        assertThat(daemon.exited()).isFalse();
      } finally {
        assertThat(daemon.stop()).isZero();
      }
      assertThat(smtp.next(500)).as("nothing more: a quorum kept, one real server down").isNull();
    }
  }
}
