package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vrrp_netlink_monitor_rcv_bufs} and {@code vrrp_netlink_cmd_rcv_bufs} (with {@code _force})
 * on a running {@code vigil run}: the VRRP side's rtnetlink event and command sockets get the
 * receive buffers they ask for (the kernel doubles them; forced beyond net.core.rmem_max), seen
 * from outside with {@code ss}; a reload that changes one resizes that socket in place.
 */
class VigilRunNetlinkBufsIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static String conf(int monitor) {
    return DirectorLan.withGlobals(
        "vrrp_netlink_monitor_rcv_bufs %d\nvrrp_netlink_cmd_rcv_bufs 300000\n".formatted(monitor)
            + "vrrp_netlink_cmd_rcv_bufs_force",
        "192.0.2.100");
  }

  /**
   * The receive buffers (ss's skmem rb) of the rtnetlink sockets in {@code ns} other than the
   * kernel's: Vigil's, the one process there (ss names its first {@code rtnl:java/PID}, the others
   * by their port alone).
   */
  static List<Integer> rtnetlinkBuffers(Netns ns) {
    List<Integer> out = new ArrayList<>();
    for (String line : ns.sh("ss -H -f netlink -a -m -p").split("\n")) {
      Matcher m = Pattern.compile("\\brb(\\d+)").matcher(line);
      if (line.contains("rtnl:") && !line.contains("rtnl:kernel") && m.find()) {
        out.add(Integer.parseInt(m.group(1)));
      }
    }
    return out;
  }

  @Test
  void theVrrpSidesSocketsGetTheBuffersAskedFor() throws Exception {
    Netns a = DirectorLan.on(lab).a();
    Path c = Files.writeString(dir.resolve("v.conf"), conf(100_000));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", c.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
    assertThat(v.output())
        .contains("vrrp_netlink_cmd receive buffer 600000 bytes (vrrp_netlink_cmd_rcv_bufs 300000,")
        .contains("vrrp_netlink_monitor receive buffer 200000 bytes");
    assertThat(rtnetlinkBuffers(a)).contains(600_000, 200_000);

    Files.writeString(c, conf(150_000));
    v.signal("HUP");
    v.awaitOutput(Pattern.compile("reloaded: "), Duration.ofSeconds(15));
    assertThat(v.output()).contains("vrrp_netlink_monitor receive buffer 300000 bytes");
    assertThat(v.count("vrrp_netlink_cmd receive buffer ")).isEqualTo(1);
    assertThat(rtnetlinkBuffers(a)).contains(600_000, 300_000).doesNotContain(200_000);
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(15))).isZero();
  }
}
