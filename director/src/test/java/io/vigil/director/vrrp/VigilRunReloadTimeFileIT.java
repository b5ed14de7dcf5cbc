package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * keepalived 2.2.7's reload controls on a running {@code vigil run}: {@code reload_time_file}
 * reloads it at the time the file says (a pair of directors can be given one moment to take a new
 * configuration together) and deletes the file; {@code reload_file} is there while a reload reads
 * the configuration and gone after; {@code reload_check_config LOG_FILE} gets each reload's
 * findings, and a refused reload names it.
 */
class VigilRunReloadTimeFileIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  String conf(String vip) {
    return DirectorLan.withGlobals(
        "reload_time_file %s\nreload_file %s\nreload_check_config %s"
            .formatted(dir.resolve("reload-at"), dir.resolve("reading"), dir.resolve("check.log")),
        vip);
  }

  @Test
  void aReloadComesAtTheTimeTheFileSaysAndIsCheckedFirst() throws Exception {
    Netns a = DirectorLan.on(lab).a();
    Path c = Files.writeString(dir.resolve("v.conf"), conf("192.0.2.100"));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", c.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));

    // the new configuration is in place; the reload waits for the time the file says
    Files.writeString(c, conf("192.0.2.101"));
    Files.writeString(dir.resolve("reading"), "x"); // as an updater that waits for it to go
    Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(4);
    String line =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC).format(at)
            + "Z";
    Files.writeString(dir.resolve("reload-at"), line + "\n");
    v.awaitOutput(Pattern.compile("Scheduling reload for "), Duration.ofSeconds(5));
    assertThat(v.count("reloaded: ")).isZero();
    v.awaitOutput(Pattern.compile("reloaded: "), Duration.ofSeconds(15));
    assertThat(Instant.now()).isAfterOrEqualTo(at);
    assertThat(dir.resolve("reload-at")).doesNotExist();
    assertThat(dir.resolve("reading")).doesNotExist();
    assertThat(Files.readString(dir.resolve("check.log")))
        .isEqualTo("0 errors, 0 warnings: the reload goes ahead\n");
    v.awaitThat(
        () -> a.sh("ip -o -4 addr show dev eth0").contains(" 192.0.2.101/24"),
        Duration.ofSeconds(5));

    // a configuration that cannot run: refused, the findings in the log file
    Files.writeString(c, conf("192.0.2.101").replace("priority 150", "priority 300"));
    v.signal("HUP");
    v.awaitOutput(Pattern.compile("New config failed validation, see "), Duration.ofSeconds(10));
    assertThat(Files.readString(dir.resolve("check.log")))
        .contains("error: ")
        .endsWith("1 error, 0 warnings: reload refused\n");
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(15))).isZero();
  }
}
