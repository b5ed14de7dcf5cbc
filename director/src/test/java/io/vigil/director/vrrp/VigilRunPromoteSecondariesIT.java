package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.Keepalived;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promote_secondaries} as keepalived 2.2.7 handles it, each alone in its namespace: the
 * interface's {@code net.ipv4.conf.eth0.promote_secondaries} is 1 while it runs (set over
 * rtnetlink) and 0 again after it stopped. Needs root and keepalived, like the other lab tests.
 */
class VigilRunPromoteSecondariesIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static final String CONF =
      """
      vrrp_instance VI_1 {
        interface eth0
        state BACKUP
        virtual_router_id %d
        priority 100
        advert_int 1
        promote_secondaries
        virtual_ipaddress {
          192.0.2.%d/24
        }
      }
      """;

  static String flag(Netns ns) {
    return ns.sh("cat /proc/sys/net/ipv4/conf/eth0/promote_secondaries").strip();
  }

  @Test
  void setWhileRunningAndResetAfterAsKeepalivedDoes() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a(); // Vigil
    Netns b = lan.b(); // keepalived
    assertThat(flag(a)).isEqualTo("0");
    assertThat(flag(b)).isEqualTo("0");

    Path kc = Files.writeString(dir.resolve("keepalived.conf"), CONF.formatted(91, 91));
    NsProcess keepalived = Keepalived.vrrp(b, kc, dir);
    keepalived.awaitOutput(Pattern.compile("Entering BACKUP STATE"), Duration.ofSeconds(20));
    assertThat(flag(b)).as("keepalived running").isEqualTo("1");
    keepalived.signal("TERM");
    keepalived.waitFor(Duration.ofSeconds(10));
    assertThat(flag(b)).as("keepalived stopped").isEqualTo("0");

    Path vc = Files.writeString(dir.resolve("vigil.conf"), CONF.formatted(92, 92));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: BACKUP"), Duration.ofSeconds(30));
    assertThat(flag(a)).as("vigil running").isEqualTo("1");
    assertThat(v.output()).contains("promote_secondaries set on eth0");
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).isZero();
    assertThat(flag(a)).as("vigil stopped").isEqualTo("0");
  }

  @Test
  void anInterfaceThatHadItKeepsIt() throws Exception {
    Netns a = DirectorLan.on(lab).a();
    a.sh("echo 1 > /proc/sys/net/ipv4/conf/eth0/promote_secondaries");
    Path vc = Files.writeString(dir.resolve("vigil.conf"), CONF.formatted(93, 93));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: BACKUP"), Duration.ofSeconds(30));
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).isZero();
    assertThat(flag(a)).as("not Vigil's to reset").isEqualTo("1");
    assertThat(v.output()).doesNotContain("promote_secondaries reset");
  }
}
