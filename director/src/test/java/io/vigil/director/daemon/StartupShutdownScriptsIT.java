package io.vigil.director.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.Bridge;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code startup_script} and {@code shutdown_script} in a real {@code vigil run}: the startup
 * script runs before the VRRP instance starts and is killed, with what it started, at its timeout
 * (Vigil goes on); the shutdown script runs after the instance has released its address.
 */
class StartupShutdownScriptsIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void theStartupScriptRunsFirstAndIsKilledAtItsTimeoutTheShutdownScriptLast() throws Exception {
    Bridge lan = lab.bridge("lan");
    Netns ns = lab.netns("d").attach(lan, "eth0", "192.0.2.1/24");
    Path log = dir.resolve("scripts.log");
    Path up = Files.writeString(dir.resolve("up.sh"), "#!/bin/sh\necho up >> " + log + "\n");
    // records whether the VIP is there yet, then outlives its 1 s timeout
    Path slow =
        Files.writeString(
            dir.resolve("slow.sh"),
            "#!/bin/sh\n"
                + "ip -o addr show dev eth0 | grep -c 192.0.2.100 >> "
                + log
                + "\nsleep 30\necho not-killed >> "
                + log
                + "\n");
    Path down =
        Files.writeString(
            dir.resolve("down.sh"),
            "#!/bin/sh\necho down $(ip -o addr show dev eth0 | grep -c 192.0.2.100) >> "
                + log
                + "\n");
    for (Path p : List.of(up, slow, down)) {
      p.toFile().setExecutable(true);
    }
    Path conf = Files.createTempFile(dir, "vigil-scripts", ".conf");
    Files.writeString(
        conf,
        """
        global_defs {
          enable_script_security
          script_user root
          startup_script %s
          startup_script_timeout 1
          shutdown_script %s
        }
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          advert_int 1
          notify_master %s
          virtual_ipaddress {
            192.0.2.100/24
          }
        }
        """
            .formatted(slow, down, up));
    NsProcess vigil =
        ns.start(VigilJvm.argv("run", "--vrrp-only", "--status-port", "0", "-f", conf.toString()));
    vigil.awaitOutput(Pattern.compile("startup_script \\S+ timed out after 1 s: killed"), WAIT);
    vigil.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), WAIT);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!(Files.exists(log) && Files.readString(log).contains("up"))
        && System.nanoTime() - deadline < 0) {
      Thread.sleep(50);
    }
    vigil.signal("TERM");
    assertThat(vigil.waitFor(WAIT)).as(vigil.output()).isZero();
    assertThat(vigil.output()).contains("shutdown_script [" + down + "] succeeded");
    // no VIP while the startup script ran; the notify_master; the VIP gone before the shutdown one
    assertThat(Files.readAllLines(log)).as(vigil.output()).containsExactly("0", "up", "down 0");
  }
}
