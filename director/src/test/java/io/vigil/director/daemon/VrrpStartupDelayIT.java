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
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code vrrp_startup_delay} in a real {@code vigil run}: the instance starts no earlier than the
 * delay after the daemon announced it, and no VIP appears before.
 */
class VrrpStartupDelayIT {
  @RegisterExtension final NetLab lab = new NetLab();

  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void vrrpStartsOnlyAfterTheDelay() throws Exception {
    Bridge lan = lab.bridge("lan");
    Netns ns = lab.netns("d").attach(lan, "eth0", "192.0.2.1/24");
    Path conf = Files.createTempFile("vigil-delay", ".conf");
    Files.writeString(
        conf,
        """
        global_defs {
          vrrp_startup_delay 3
        }
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          advert_int 1
          virtual_ipaddress {
            192.0.2.100/24
          }
        }
        """);
    NsProcess vigil =
        ns.start(VigilJvm.argv("run", "--vrrp-only", "--status-port", "0", "-f", conf.toString()));
    Instant announced =
        at(vigil.awaitOutput(line("vrrp_startup_delay: VRRP starts in 3000 ms"), WAIT));
    vigil.awaitOutput(Pattern.compile("vigil running"), WAIT);
    assertThat(ns.sh("ip -o addr show dev eth0")).doesNotContain("192.0.2.100");
    Instant started = at(vigil.awaitOutput(line("vrrp_instance VI_1 started on eth0"), WAIT));
    assertThat(Duration.between(announced, started)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    vigil.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), WAIT);
    vigil.signal("TERM");
    assertThat(vigil.waitFor(WAIT)).as(vigil.output()).isZero();
  }

  /** A log line with its timestamp in group 1. */
  private static Pattern line(String text) {
    return Pattern.compile("(?m)^(\\S+Z) .*" + Pattern.quote(text));
  }

  private static Instant at(Matcher m) {
    return Instant.parse(m.group(1));
  }
}
