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
 * {@code vrrp_rx_bufs_policy}, {@code vrrp_rx_bufs_multiplier} and {@code kernel_rx_buf_size} on a
 * running {@code vigil run}: each instance's receive socket gets the buffer they size (the kernel
 * doubles the request; the size logged is the one getsockopt reads back: {@code ss} shows no memory
 * for raw sockets without the raw_diag module); a reload that changes the multiplier resizes the
 * socket of the instance that follows the policy and leaves the other alone.
 */
class VigilRunRxBufsIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static String conf(int multiplier) {
    return DirectorLan.withGlobals(
            "vrrp_rx_bufs_policy MTU\nvrrp_rx_bufs_multiplier " + multiplier, "192.0.2.100")
        + """
        vrrp_instance VI_2 {
          interface eth0
          virtual_router_id 52
          priority 150
          advert_int 1
          kernel_rx_buf_size 50000
          virtual_ipaddress {
            192.0.2.101/24
          }
        }
        """;
  }

  @Test
  void eachInstancesSocketGetsTheBufferTheConfigurationSizes() throws Exception {
    Netns a = DirectorLan.on(lab).a();
    int mtu = Integer.parseInt(a.sh("cat /sys/class/net/eth0/mtu").strip());
    Path c = Files.writeString(dir.resolve("v.conf"), conf(4));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", c.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_2: MASTER"), Duration.ofSeconds(30));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
    assertThat(v.output())
        .contains("VI_1: receive buffer " + 2 * 4 * mtu + " bytes (4 x the MTU)")
        .contains("VI_2: receive buffer 100000 bytes (50000 bytes)");

    Files.writeString(c, conf(2));
    v.signal("HUP");
    v.awaitOutput(Pattern.compile("reloaded: "), Duration.ofSeconds(15));
    assertThat(v.output()).contains("VI_1: receive buffer " + 2 * 2 * mtu + " bytes (2 x the MTU)");
    assertThat(v.count("VI_2: receive buffer ")).isEqualTo(1);
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(15))).isZero();
  }
}
