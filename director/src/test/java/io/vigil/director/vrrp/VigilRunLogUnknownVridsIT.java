package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.Keepalived;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import io.vigil.vrrp.wire.VrrpHeader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code log_unknown_vrids} beside keepalived 2.2.7: Vigil (VRIDs 52 and 53 on eth0) and keepalived
 * (VRID 52) on one LAN; a third host sends three adverts of VRID 60. Each daemon logs each of them
 * once, in keepalived's words (Vigil with the sender, as keepalived's unicast form has it), and
 * Vigil logs nothing about the VRIDs it has, though each of its two receivers drops the other's.
 */
class VigilRunLogUnknownVridsIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static String instance(String name, int vrid, int priority, String vip) {
    return VigilRunBadAdvertsIT.instance(name, vrid, priority, vip, "");
  }

  static final String GLOBAL = "global_defs {\n  log_unknown_vrids\n}\n";

  static long count(NsProcess p, String text) {
    return p.output().lines().filter(l -> l.contains(text)).count();
  }

  @Test
  void eachAdvertOfAnUnknownVridIsLoggedOnceAsKeepalivedLogsIt() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns sender = lan.client();
    sender.sh("ip route add 224.0.0.0/4 dev eth0");
    Path vigilConf =
        Files.writeString(
            dir.resolve("vigil.conf"),
            GLOBAL
                + instance("VI_1", 52, 100, "192.0.2.110")
                + instance("VI_2", 53, 100, "192.0.2.111"));
    Path keepalivedConf =
        Files.writeString(
            dir.resolve("keepalived.conf"), GLOBAL + instance("VI_1", 52, 50, "192.0.2.110"));
    NsProcess vigil =
        lan.a().start(VigilJvm.argv("run", "--vrrp-only", "-f", vigilConf.toString()));
    NsProcess keepalived = Keepalived.vrrp(lan.b(), keepalivedConf, dir);
    Duration wait = Duration.ofSeconds(30);
    vigil.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), wait);
    vigil.awaitOutput(Pattern.compile("INSTANCE VI_2: MASTER"), wait);
    keepalived.awaitOutput(Pattern.compile("\\(VI_1\\) Entering BACKUP STATE"), wait);
    // keepalived does not know VI_2's VRID: it says so, in its words, for Vigil's adverts
    keepalived.awaitOutput(
        Pattern.compile(
            "Unknown VRID\\(53\\) received on interface\\(eth0\\)\\. ignoring\\.\\.\\."),
        wait);

    byte[] advert = VigilRunBadAdvertsIT.derived();
    advert[VigilRunBadAdvertsIT.IP + VrrpHeader.VRID_OFFSET] = 60;
    byte[] sixty = VigilRunBadAdvertsIT.checksummed(advert);
    VigilRunBadAdvertsIT.send(sender, List.of(sixty, sixty, sixty));

    String vigilLine = "Unknown VRID(60) received on interface(eth0) from 192.0.2.3. ignoring...";
    String keepalivedLine = "Unknown VRID(60) received on interface(eth0). ignoring...";
    long deadline = System.nanoTime() + wait.toNanos();
    while (count(vigil, vigilLine) < 3 || count(keepalived, keepalivedLine) < 3) {
      assertThat(System.nanoTime() - deadline)
          .as("vigil:\n%s\nkeepalived:\n%s", vigil.output(), keepalived.output())
          .isNegative();
      Thread.sleep(100);
    }
    Thread.sleep(1_000); // a line more would come now
    assertThat(count(vigil, vigilLine)).as(vigil.output()).isEqualTo(3);
    assertThat(count(keepalived, keepalivedLine)).as(keepalived.output()).isEqualTo(3);
    assertThat(count(vigil, "Unknown VRID")).as(vigil.output()).isEqualTo(3);
    assertThat(vigil.output()).doesNotContain("Unknown VRID(52)", "Unknown VRID(53)");
    assertThat(vigil.output().lines().filter(l -> l.contains(vigilLine)))
        .allMatch(l -> l.contains(" INFO "));

    vigil.signal("TERM");
    keepalived.signal("TERM");
    assertThat(vigil.waitFor(Duration.ofSeconds(20))).as(vigil.output()).isZero();
    keepalived.waitFor(Duration.ofSeconds(20));
  }
}
