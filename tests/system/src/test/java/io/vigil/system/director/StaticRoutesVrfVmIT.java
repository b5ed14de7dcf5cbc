package io.vigil.system.director;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.lab.Bridge;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import io.vigil.system.lab.InVm;
import io.vigil.system.lab.VigilCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A static route's {@code vrf NAME} on {@code vigil run}, in the lab VM (the host's kernel has no
 * vrf driver): the route goes in the VRF device's table, read from the kernel when it is applied,
 * as keepalived 2.2.7 puts it there; one naming a device that is no VRF is refused with its line;
 * at the stop the route goes.
 */
class StaticRoutesVrfVmIT {
  @RegisterExtension static final NetLab lab = new NetLab();
  @TempDir Path dir;

  private static final Duration WAIT = DirectorLab.WAIT;

  @BeforeAll
  static void needsTheVm() {
    InVm.assumeIpvs(); // the lab VM's kernel: its vrf driver comes with it
  }

  @Test
  void aRouteGoesInItsVrfsTable() throws Exception {
    Bridge lan = lab.bridge("lanvrf");
    Netns a = lab.netns("vrf").attach(lan, "eth0", "192.0.2.1/24");
    a.sh("ip link add blue type vrf table 10 && ip link set blue up");
    a.sh("ip link set eth0 master blue");
    Path conf =
        Files.writeString(
            dir.resolve("v.conf"),
            """
            static_routes {
              198.51.100.0/24 via 192.0.2.254 dev eth0 table 5 vrf blue
              203.0.113.0/24 via 192.0.2.254 dev eth0 vrf eth0
            }
            """);
    NsProcess vigil =
        a.start(VigilCli.argv("run", "--vrrp-only", "--status-port", "0", "-f", conf.toString()));
    vigil.awaitOutput(Pattern.compile("vigil running"), WAIT);
    assertThat(a.sh("ip route show table 10"))
        .as(vigil::output)
        .contains("198.51.100.0/24 via 192.0.2.254 dev eth0 proto keepalived");
    assertThat(a.sh("ip route show table all")).doesNotContain("table 5");
    assertThat(vigil.output())
        .contains(
            conf
                + ":3: static_routes '203.0.113.0/24 via 192.0.2.254 dev eth0 table main vrf eth0"
                + " scope global protocol 18' not added: route specified VRF eth0 is not a VRF");
    vigil.signal("TERM");
    assertThat(vigil.waitFor(WAIT)).as(vigil.output()).isZero();
    assertThat(a.sh("ip route show table 10")).doesNotContain("198.51.100.0/24");
  }
}
