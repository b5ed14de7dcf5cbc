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
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fifo_write_vrrp_states_on_reload}, side by side with keepalived 2.2.7 in one namespace: an
 * address owner (MASTER), an instance whose tracked interface is down (FAULT) and a sync group's
 * member that became master; a SIGHUP with the same configuration writes to the notify FIFO what
 * keepalived writes, and only that: the group's state, then the fault instance's (a master's state
 * is not written again). Without the option a reload writes nothing.
 */
class VigilRunFifoStatesOnReloadIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static String conf(Path fifo, boolean option) {
    return """
        global_defs {
          notify_fifo %s
          %s
        }
        vrrp_sync_group G1 {
          group {
            VI_3
          }
        }
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          priority 255
          virtual_ipaddress {
            192.0.2.100/24
          }
        }
        vrrp_instance VI_2 {
          interface eth0
          virtual_router_id 52
          priority 100
          track_interface {
            dd0
          }
          virtual_ipaddress {
            192.0.2.101/24
          }
        }
        vrrp_instance VI_3 {
          interface eth0
          virtual_router_id 53
          priority 100
          virtual_ipaddress {
            192.0.2.102/24
          }
        }
        """
        .formatted(fifo, option ? "fifo_write_vrrp_states_on_reload" : "");
  }

  /** What {@code impl} writes to the FIFO because of a SIGHUP that changes nothing. */
  List<String> reloadLines(Netns ns, String impl, boolean option) throws Exception {
    Path d = Files.createDirectories(dir.resolve(impl + option));
    Path fifoPath = d.resolve("fifo");
    ns.sh("mkfifo " + fifoPath);
    // keepalived closes its FIFO on a reload and opens it again: read it again after each end
    NsProcess fifo = ns.start("sh", "-c", "while :; do cat " + fifoPath + "; done");
    Path conf = Files.writeString(d.resolve("k.conf"), conf(fifoPath, option));
    NsProcess p =
        impl.equals("keepalived")
            ? Keepalived.vrrp(ns, conf, d)
            : ns.start(VigilJvm.argv("run", "--vrrp-only", "-f", conf.toString()));
    fifo.awaitOutput(Pattern.compile("GROUP \"G1\" MASTER 0"), Duration.ofSeconds(30));
    fifo.awaitOutput(Pattern.compile("INSTANCE \"VI_1\" MASTER 255"), Duration.ofSeconds(5));
    fifo.awaitOutput(Pattern.compile("INSTANCE \"VI_2\" FAULT 100"), Duration.ofSeconds(5));
    Thread.sleep(1_000);
    int before = (int) fifo.output().lines().count();
    p.signal("HUP");
    p.awaitOutput(
        Pattern.compile(impl.equals("keepalived") ? "Reload complete" : "reloaded: "),
        Duration.ofSeconds(20));
    Thread.sleep(1_500);
    List<String> lines = fifo.output().lines().skip(before).toList();
    p.signal("TERM");
    assertThat(p.waitFor(Duration.ofSeconds(20))).as(p.output()).isZero();
    fifo.killTree();
    System.out.println(impl + (option ? " with" : " without") + " the option: " + lines);
    return lines;
  }

  @Test
  void aReloadWritesTheStatesKeepalivedWrites() throws Exception {
    Netns ns = DirectorLan.on(lab).a();
    ns.sh("ip link add dd0 type veth peer name dd1"); // down: VI_2 in FAULT
    List<String> keepalived = reloadLines(ns, "keepalived", true);
    List<String> vigil = reloadLines(ns, "vigil", true);
    assertThat(vigil)
        .isEqualTo(keepalived)
        .containsExactly("GROUP \"G1\" MASTER 0", "INSTANCE \"VI_2\" FAULT 100");
    assertThat(reloadLines(ns, "vigil", false)).isEmpty();
  }
}
