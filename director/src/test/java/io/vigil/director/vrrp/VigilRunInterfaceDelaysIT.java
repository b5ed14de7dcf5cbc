package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
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
 * {@code interface_up_down_delays} on a running {@code vigil run}: a master tracking a link with a
 * 1.5 s down delay and a 0.5 s up delay stays master through a 0.3 s flap of it, goes to FAULT only
 * once the link has been down for its delay, and comes back once it has been up for the other.
 */
class VigilRunInterfaceDelaysIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static final Pattern FAULT = Pattern.compile("INSTANCE VI_1: FAULT");

  @Test
  void aFlapShorterThanTheDelayIsNotAFaultAndALongerDownIsOneAfterIt() throws Exception {
    Netns a = DirectorLan.on(lab).a();
    a.sh("ip link add tr0 type veth peer name tr1 && ip link set tr1 up && ip link set tr0 up");
    Path c =
        Files.writeString(
            dir.resolve("v.conf"),
            """
            interface_up_down_delays {
              tr0 1.5 0.5
            }
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 51
              priority 255
              advert_int 1
              track_interface {
                tr0
              }
              virtual_ipaddress {
                192.0.2.100/24
              }
            }
            """);
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", c.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));

    a.sh("ip link set tr0 down && sleep 0.3 && ip link set tr0 up");
    v.awaitOutput(
        Pattern.compile("tr0 is up again within its delay: nothing told"), Duration.ofSeconds(5));
    Thread.sleep(2_000); // longer than the down delay
    assertThat(v.count(FAULT)).as(v.output()).isZero();

    long downNs = System.nanoTime();
    a.sh("ip link set tr0 down");
    v.awaitOutput(FAULT, Duration.ofSeconds(10));
    long faultMs = (System.nanoTime() - downNs) / 1_000_000;
    long upNs = System.nanoTime();
    a.sh("ip link set tr0 up");
    v.awaitThat(() -> v.count("INSTANCE VI_1: MASTER") == 2, Duration.ofSeconds(10));
    long backMs = (System.nanoTime() - upNs) / 1_000_000;
    System.out.printf(
        "FAULT %d ms after the link went down, MASTER %d ms after up%n", faultMs, backMs);
    assertThat(faultMs).isGreaterThanOrEqualTo(1_400);
    assertThat(backMs).isGreaterThanOrEqualTo(450);
    assertThat(v.output()).contains("tr0 stayed down for its delay: its instances are told");
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(15))).isZero();
  }
}
