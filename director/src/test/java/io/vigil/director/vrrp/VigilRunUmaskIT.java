package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code umask} on a running {@code vigil run}: the files it creates get the configuration's mask
 * (here the notify FIFO, which Vigil makes rw-r--r-- less the mask, and the reload's check log),
 * and a reload that changes it changes it for the files created from then on. Vigil is started with
 * the test's own mask (022), which the configuration's replaces.
 */
class VigilRunUmaskIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  String conf(String umask, String fifo) {
    return DirectorLan.withGlobals(
        "umask %s\nvrrp_notify_fifo %s\nreload_check_config %s"
            .formatted(umask, dir.resolve(fifo), dir.resolve(fifo + ".log")),
        "192.0.2.100");
  }

  static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void filesVigilCreatesHaveTheConfiguredMask() throws Exception {
    Netns a = DirectorLan.on(lab).a();
    Path c = Files.writeString(dir.resolve("v.conf"), conf("0027", "fifo1"));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", c.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
    assertThat(v.output()).contains("umask 0027 (was 0022)");
    assertThat(dir.resolve("fifo1")).satisfies(p -> assertThat(Files.isRegularFile(p)).isFalse());
    assertThat(mode(dir.resolve("fifo1"))).isEqualTo("rw-r-----");

    Files.writeString(c, conf("IWGRP|IRGRP|IWOTH|IROTH", "fifo2"));
    v.signal("HUP");
    v.awaitOutput(Pattern.compile("reloaded: "), Duration.ofSeconds(15));
    assertThat(v.output()).contains("umask 0066 (was 0027)");
    assertThat(mode(dir.resolve("fifo2"))).isEqualTo("rw-------");
    // the check log is written while the reload reads the new configuration: under the old mask
    assertThat(mode(dir.resolve("fifo1.log"))).isEqualTo("rw-r-----");
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(15))).isZero();
  }
}
