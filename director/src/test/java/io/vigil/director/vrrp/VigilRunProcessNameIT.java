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
 * {@code process_name} on a running {@code vigil run}: the process is named as configured (its
 * comm, which {@code pgrep -x} finds), and a reload that changes it renames it.
 */
class VigilRunProcessNameIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static String conf(String name) {
    return DirectorLan.withGlobals("process_name " + name, "192.0.2.100");
  }

  static String comm(NsProcess v) throws Exception {
    return Files.readString(Path.of("/proc", Long.toString(v.pid()), "comm")).strip();
  }

  @Test
  void theProcessIsNamedAsConfigured() throws Exception {
    Netns a = DirectorLan.on(lab).a();
    Path c = Files.writeString(dir.resolve("v.conf"), conf("lb-director"));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", c.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
    assertThat(comm(v)).isEqualTo("lb-director");
    assertThat(a.sh("pgrep -x lb-director").strip()).isEqualTo(Long.toString(v.pid()));

    Files.writeString(c, conf("lb-two"));
    v.signal("HUP");
    v.awaitOutput(Pattern.compile("reloaded: "), Duration.ofSeconds(15));
    assertThat(comm(v)).isEqualTo("lb-two");
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(15))).isZero();
  }
}
