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
 * {@code config_save_dir} on a running {@code vigil run}: the directory is made at start
 * (rwx------), and each reload writes the state and the configuration in force before it ({@code
 * vigil.PID.N.pre}) and after it ({@code .post}), a refused reload too (its {@code post} shows the
 * configuration that stayed). Both are written before the reload's outcome is logged.
 */
class VigilRunConfigSaveDirIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static String conf(Path saves, int priority) {
    return DirectorLan.withGlobals("config_save_dir " + saves, "192.0.2.100")
        .replace("priority 150", "priority " + priority);
  }

  @Test
  void eachReloadLeavesItsBeforeAndAfter() throws Exception {
    Netns a = DirectorLan.on(lab).a();
    Path saves = dir.resolve("saves");
    Path c = Files.writeString(dir.resolve("v.conf"), conf(saves, 150));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", c.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(saves)))
        .isEqualTo("rwx------");
    try (var files = Files.list(saves)) {
      assertThat(files).as("nothing before the first reload").isEmpty();
    }

    Files.writeString(c, conf(saves, 160));
    v.signal("HUP");
    v.awaitOutput(Pattern.compile("reloaded: "), Duration.ofSeconds(15));
    String pid = Long.toString(v.pid());
    String pre = Files.readString(saves.resolve("vigil." + pid + ".1.pre"));
    String post = Files.readString(saves.resolve("vigil." + pid + ".1.post"));
    assertThat(pre).containsPattern("VI_1 +MASTER +150").contains("  priority 150\n");
    assertThat(post).containsPattern("VI_1 +MASTER +160").contains("  priority 160\n");

    Files.writeString(c, conf(saves, 170).replace("virtual_router_id 51", "virtual_router_id 0"));
    v.signal("HUP");
    v.awaitOutput(Pattern.compile("reload refused: the running"), Duration.ofSeconds(15));
    Path refused = saves.resolve("vigil." + pid + ".2.post");
    assertThat(Files.readString(saves.resolve("vigil." + pid + ".2.pre")))
        .contains("  priority 160\n");
    assertThat(Files.readString(refused)).contains("  priority 160\n");
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(15))).isZero();
  }
}
