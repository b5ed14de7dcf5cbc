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
 * Trackers that hold an instance in FAULT. {@code vigil run} with a {@code vrrp_track_process} of
 * weight 0, in a namespace (where the kernel's process events cannot be had: /proc is read every
 * second): without the process the instance is in FAULT; once a process of that name runs it
 * becomes master; when it exits, FAULT again, its address released. And {@code
 * unicast_fault_no_peer} without peers: FAULT for good, as keepalived 2.2.7 has it.
 */
class VigilRunTrackProcessIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  @Test
  void theInstanceFollowsTheTrackedProcess() throws Exception {
    Netns a = DirectorLan.on(lab).a();
    Path conf =
        Files.writeString(
            dir.resolve("vigil.conf"),
            """
            vrrp_track_process chk_service {
              process vigil-tp-run
            }
            vrrp_instance VI_1 {
              interface eth0
              state BACKUP
              virtual_router_id 81
              priority 100
              advert_int 1
              virtual_ipaddress {
                192.0.2.81/24
              }
              track_process {
                chk_service
              }
            }
            """);
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", conf.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: FAULT"), Duration.ofSeconds(30));
    assertThat(v.output())
        .contains("vrrp_track_process chk_service is down (0 matching processes running)")
        .contains("reading /proc every 1000 ms");

    NsProcess service =
        a.start("bash", "-c", "echo -n vigil-tp-run > /proc/$$/comm; while :; do sleep 1; done");
    try {
      v.awaitOutput(
          Pattern.compile("vrrp_track_process chk_service is up"), Duration.ofSeconds(10));
      v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(15));
      assertThat(a.sh("ip -4 addr show dev eth0")).contains("192.0.2.81/24");
    } finally {
      service.killTree();
    }
    v.awaitOutput(
        Pattern.compile("(?s)INSTANCE VI_1: MASTER.*INSTANCE VI_1: FAULT"), Duration.ofSeconds(10));
    assertThat(a.sh("ip -4 addr show dev eth0")).doesNotContain("192.0.2.81/24");
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).isZero();
  }

  @Test
  void unicastFaultNoPeerWithoutPeersHoldsTheInstanceInFault() throws Exception {
    Netns a = DirectorLan.on(lab).a();
    Path conf =
        Files.writeString(
            dir.resolve("vigil.conf"),
            """
            vrrp_instance VI_1 {
              interface eth0
              state MASTER
              virtual_router_id 82
              priority 100
              advert_int 1
              unicast_src_ip 192.0.2.1
              unicast_fault_no_peer
              virtual_ipaddress {
                192.0.2.82/24
              }
            }
            """);
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", conf.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: FAULT"), Duration.ofSeconds(30));
    assertThat(v.output())
        .contains("(VI_1) Cannot use unicast without any peers - going to fault state");
    Thread.sleep(4_000); // past a down interval: still in FAULT, no address
    assertThat(v.output()).doesNotContain("INSTANCE VI_1: MASTER");
    assertThat(a.sh("ip -4 addr show dev eth0")).doesNotContain("192.0.2.82/24");
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).isZero();
  }
}
