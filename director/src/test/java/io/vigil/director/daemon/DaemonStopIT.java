package io.vigil.director.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Environment;
import io.vigil.netlink.ipvs.Protocol;
import io.vigil.netlink.ipvs.ServiceKey;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop whose IPVS step fails (the kernel's answers broken) still runs the steps after it, here
 * {@code shutdown_script}, and ends with exit code 1 instead of a throw that left the daemon's
 * other threads running.
 */
class DaemonStopIT {
  private static final Environment ENV = Environment.fixed("dir1", Set.of("eth0"));

  @TempDir Path dir;

  @Test
  void aStepThatFailsDoesNotStopTheStepsAfterIt() throws Exception {
    Path marker = dir.resolve("shutdown-ran");
    Path script = dir.resolve("shutdown.sh");
    Files.writeString(script, "#!/bin/sh\ntouch '" + marker + "'\n");
    script.toFile().setExecutable(true);
    int closed = InProcessDaemon.freePort();
    Path conf = dir.resolve("vigil.conf");
    Files.writeString(
        conf,
        """
        global_defs {
          script_user root
          shutdown_script %s
        }
        virtual_server 192.0.2.10 80 {
          delay_loop 60
          lb_algo wrr
          lb_kind NAT
          protocol TCP
          real_server 127.0.0.1 %d {
            TCP_CHECK {
              connect_timeout 2
            }
          }
        }
        """
            .formatted(script, closed));
    InProcessDaemon vigil =
        InProcessDaemon.start(
            Daemon.Settings.of(conf, ENV).checkOnly(true).reconcileIntervalMs(60_000).build());
    ServiceKey vs = ServiceKey.of(Protocol.TCP, InetAddress.getByName("192.0.2.10"), 80);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!vigil.kernel().serviceKeys().contains(vs)) {
      assertThat(System.nanoTime() - deadline).as(vigil.err()).isNegative();
      assertThat(vigil.exited()).as(vigil.err()).isFalse();
      Thread.sleep(20);
    }

    vigil.kernel().breakWith(new IllegalStateException("netlink socket gone"));

    assertThat(vigil.stop()).as("a stop with a failed step: " + vigil.err()).isEqualTo(1);
    assertThat(marker).as("shutdown_script, after the IPVS step").exists();
  }
}
