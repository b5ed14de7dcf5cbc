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
 * keepalived's {@code -p FILE} and {@code -u MASK} on {@code vigil run}: the pid is in the file
 * while it runs and a second daemon with the same file refuses to start; the command line's umask
 * is the process's, in place of the configuration's (with keepalived's log line), at start and
 * after a reload.
 */
class VigilRunPidUmaskIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static String umaskOf(NsProcess v) throws Exception {
    return Files.readAllLines(Path.of("/proc", Long.toString(v.pid()), "status")).stream()
        .filter(l -> l.startsWith("Umask:"))
        .findFirst()
        .orElseThrow()
        .substring("Umask:".length())
        .strip();
  }

  @Test
  void thePidFileAndTheCommandLinesUmask() throws Exception {
    Netns a = DirectorLan.on(lab).a();
    Path pid = dir.resolve("vigil.pid");
    Path c =
        Files.writeString(
            dir.resolve("v.conf"), DirectorLan.withGlobals("umask 077", "192.0.2.100"));
    NsProcess v =
        a.start(
            VigilJvm.argv(
                "run", "--vrrp-only", "-f", c.toString(), "-p", pid.toString(), "-u", "027"));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
    assertThat(Files.readString(pid)).isEqualTo(v.pid() + "\n");
    assertThat(umaskOf(v)).isEqualTo("0027");
    assertThat(v.output()).contains("umask command line option specified, ignoring config option");

    NsProcess second =
        a.start(VigilJvm.argv("run", "--vrrp-only", "-f", c.toString(), "--pid=" + pid));
    assertThat(second.waitFor(Duration.ofSeconds(30))).isEqualTo(1);
    assertThat(second.output())
        .contains("vigil run: daemon is already running (pid " + v.pid() + " in " + pid + ")");
    assertThat(Files.readString(pid)).isEqualTo(v.pid() + "\n");

    v.signal("HUP");
    v.awaitOutput(Pattern.compile("reloaded: "), Duration.ofSeconds(15));
    assertThat(umaskOf(v)).as("after a reload").isEqualTo("0027");

    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(15))).isZero();
    assertThat(pid).as("removed at the stop").doesNotExist();
  }

  @Test
  void keepalivedsSubsystemPidFilesTheDumpAndTheFacility() throws Exception {
    Netns a = DirectorLan.on(lab).a();
    Path vrrpPid = dir.resolve("vrrp.pid");
    Path checkersPid = dir.resolve("checkers.pid");
    Path c = Files.writeString(dir.resolve("v.conf"), DirectorLan.withGlobals("", "192.0.2.100"));
    NsProcess v =
        a.start(
            VigilJvm.argv(
                "run",
                "--vrrp-only",
                "-f",
                c.toString(),
                "-r",
                vrrpPid.toString(),
                "-c",
                checkersPid.toString(),
                "-d",
                "-S",
                "local3",
                "-m",
                "-a"));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
    assertThat(Files.readString(vrrpPid)).as("VRRP runs").isEqualTo(v.pid() + "\n");
    assertThat(checkersPid).as("the checks do not run (--vrrp-only)").doesNotExist();
    assertThat(Files.readAllLines(Path.of("/proc", Long.toString(v.pid()), "limits")))
        .as("-m")
        .anyMatch(l -> l.matches("Max core file size\\s+unlimited\\s+unlimited\\s+bytes\\s*"));
    String out = v.output();
    assertThat(out)
        .contains("configuration in force (-d, --dump-conf):")
        .contains("  vrrp_instance VI_1 {")
        .contains("-S local3: no effect; Vigil logs to stderr")
        .contains("core file size unlimited (-m, --core-dump; was ");
    v.awaitOutput(
        Pattern.compile("Netlink reflector reports IP 192\\.0\\.2\\.100 added to eth0"),
        Duration.ofSeconds(5)); // -a: the VIP the master added
    v.signal("HUP");
    v.awaitOutput(Pattern.compile("reloaded: "), Duration.ofSeconds(15));
    v.awaitThat(() -> v.count("configuration in force") == 2, Duration.ofSeconds(5));

    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(15))).isZero();
    assertThat(vrrpPid).as("removed at the stop").doesNotExist();
  }

  @Test
  void aMaskBeyond0777IsAUsageError() throws Exception {
    Netns a = DirectorLan.on(lab).a();
    Path c = Files.writeString(dir.resolve("v.conf"), DirectorLan.withGlobals("", "192.0.2.100"));
    NsProcess v = a.start(VigilJvm.argv("run", "-f", c.toString(), "-u", "0x200"));
    assertThat(v.waitFor(Duration.ofSeconds(30))).isEqualTo(2);
    assertThat(v.output()).contains("vigil run: invalid --umask 0x200");
  }
}
