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
 * keepalived's dump signals sent to a running {@code vigil run} (master of VI_1): SIGUSR1 writes
 * the data (the status table, and its JSON beside it), SIGUSR2 the statistics in keepalived's
 * layout, to {@code $TMPDIR} as keepalived does when no runtime directory is given (under systemd,
 * to {@code $RUNTIME_DIRECTORY}); keepalived's JSON and STATS_CLEAR signals, whose default action
 * ends a process, leave it running. Before, SIGUSR1 or SIGUSR2 ended Vigil.
 */
class VigilRunDumpSignalsIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  /**
   * {@code vigil run --vrrp-only} of {@code conf} in {@code ns} with {@code variable} set to {@code
   * value}, once VI_1 is master.
   */
  NsProcess master(Netns ns, String conf, String variable, Path value) throws Exception {
    Path c = Files.writeString(dir.resolve("v.conf"), conf);
    List<String> argv = new ArrayList<>(List.of("env", variable + "=" + value));
    argv.addAll(List.of(VigilJvm.argv("run", "--vrrp-only", "-f", c.toString())));
    NsProcess v = ns.start(argv.toArray(String[]::new));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
    return v;
  }

  static void stop(NsProcess v) {
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(15))).isZero();
  }

  static long number(String text, String label) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + " (\\d+)$").matcher(text);
    assertThat(m.find()).as(label + " in:\n" + text).isTrue();
    return Long.parseLong(m.group(1));
  }

  static String awaitFile(Path file, NsProcess v) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!Files.exists(file)) {
      assertThat(System.nanoTime() - deadline).as(file + " never written").isNegative();
      assertThat(v.isAlive()).as("vigil still running").isTrue();
      Thread.sleep(50);
    }
    return Files.readString(file);
  }

  @Test
  void usr1AndUsr2WriteTheDumpsAndNoKeepalivedSignalEndsVigil() throws Exception {
    Netns a = DirectorLan.on(lab).a();
    Path tmp = Files.createDirectory(dir.resolve("tmp"));
    NsProcess v = master(a, DirectorLan.withGlobals("", "192.0.2.100"), "TMPDIR", tmp);

    v.signal("USR2");
    String stats = awaitFile(tmp.resolve("vigil.stats"), v);
    assertThat(stats).startsWith("VRRP Instance: VI_1\n  Advertisements:\n");
    assertThat(number(stats, "  Became master:")).isEqualTo(1);
    assertThat(number(stats, "  Released master:")).isZero();
    assertThat(number(stats, "    Sent:")).as("adverts sent").isPositive();
    assertThat(stats).endsWith("  Priority Zero:\n    Received: 0\n    Sent: 0\n");

    v.signal("USR1");
    String data = awaitFile(tmp.resolve("vigil.data"), v);
    assertThat(data).contains("VRRP instances").containsPattern("VI_1 +MASTER +150");
    String json = awaitFile(tmp.resolve("vigil.json"), v);
    assertThat(json).contains("\"name\":\"VI_1\"").contains("\"state\":\"MASTER\"");

    // a second USR2 replaces the file with the counts of now
    long sentBefore = number(stats, "    Sent:");
    Thread.sleep(1500); // one advert more at least (advert_int 1)
    v.signal("USR2");
    v.awaitOutput(Pattern.compile("SIGUSR2: wrote"), Duration.ofSeconds(15));
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (number(Files.readString(tmp.resolve("vigil.stats")), "    Sent:") <= sentBefore) {
      assertThat(System.nanoTime() - deadline).as("a newer vigil.stats").isNegative();
      Thread.sleep(50);
    }

    v.signal("RTMIN+2"); // keepalived's JSON signal
    v.signal("RTMAX-1"); // keepalived's STATS_CLEAR
    Thread.sleep(500);
    assertThat(v.isAlive()).as("vigil after keepalived's real-time signals").isTrue();
    stop(v);
  }

  @Test
  void withDataUseInstanceTheDataFileIsNamedAfterTheNamespace() throws Exception {
    Netns a = DirectorLan.on(lab).a();
    Path tmp = Files.createDirectory(dir.resolve("tmp"));
    String conf =
        "net_namespace "
            + a.name()
            + "\n"
            + DirectorLan.withGlobals("data_use_instance", "192.0.2.100");
    NsProcess v = master(a, conf, "TMPDIR", tmp);
    v.signal("USR1");
    assertThat(awaitFile(tmp.resolve("vigil." + a.name() + ".data"), v)).contains("VI_1");
    awaitFile(tmp.resolve("vigil.json"), v); // keepalived's JSON keeps its name too
    assertThat(tmp.resolve("vigil.data")).doesNotExist();
    stop(v);
  }

  @Test
  void underSystemdTheDumpsGoToItsRuntimeDirectory() throws Exception {
    Netns a = DirectorLan.on(lab).a();
    Path run = Files.createDirectory(dir.resolve("run"));
    NsProcess v = master(a, DirectorLan.withGlobals("", "192.0.2.100"), "RUNTIME_DIRECTORY", run);
    v.signal("USR2");
    assertThat(awaitFile(run.resolve("vigil.stats"), v)).startsWith("VRRP Instance: VI_1\n");
    stop(v);
  }
}
