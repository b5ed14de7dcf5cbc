package io.vigil.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages `mvn package` built, checked with Debian's own tools: lintian on the .deb, rpm on
 * the .rpm, systemd-analyze on the unit. Needs lintian and rpm (tests/lab/apt-packages.txt).
 */
class PackageIT {
  static final String VERSION = System.getProperty("vigil.version", "0.1.0");
  static final Path TARGET = Path.of("target");
  static final Path DEB = TARGET.resolve("vigil_" + VERSION + "_all.deb");
  static final Path RPM = TARGET.resolve("vigil-" + VERSION + "-1.noarch.rpm");
  static final Path STAGE = TARGET.resolve("stage");
  static final Path UNIT = Path.of("../systemd/vigil.service");

  /** What both packages must install (the unit's folder differs, see below). */
  static final List<String> FILES =
      List.of(
          "/usr/sbin/vigil",
          "/etc/vigil/vigil.conf",
          "/etc/default/vigil",
          "/usr/share/man/man8/vigil.8.gz",
          "/usr/share/man/man5/vigil.conf.5.gz",
          "/usr/share/bash-completion/completions/vigil",
          "/usr/share/doc/vigil/copyright",
          "/usr/share/doc/vigil/changelog.gz",
          "/usr/lib/sysusers.d/vigil.conf",
          "/usr/share/vigil/vigil-director-" + VERSION + ".jar");

  @Test
  void lintianFindsNoErrorAndNoWarning() throws Exception {
    Proc p =
        Proc.run(
            300,
            Proc.tool("lintian", "lintian"),
            "--fail-on",
            "error,warning",
            "-I",
            "-E",
            "--pedantic",
            DEB.toString());
    System.out.println("lintian " + DEB + ":\n" + p.output());
    List<String> bad =
        p.output()
            .lines()
            .filter(l -> l.startsWith("E: ") || l.startsWith("W: "))
            .collect(Collectors.toList());
    assertThat(bad).as("lintian errors and warnings").isEmpty();
    assertThat(p.exitCode()).as("lintian's exit code; output:\n" + p.output()).isZero();
  }

  @Test
  void rpmShowsTheFilesTheirModesAndTheJavaRequirement() throws Exception {
    String rpm = Proc.tool("rpm", "rpm");
    Proc info = Proc.run(60, rpm, "-qpil", "--requires", RPM.toString());
    assertThat(info.exitCode()).as(info.output()).isZero();
    assertThat(info.output())
        .contains("Name        : vigil", "Version     : " + VERSION, "Architecture: noarch")
        .contains("java-headless >= 17")
        .contains("/usr/lib/systemd/system/vigil.service");
    for (String f : FILES) {
      assertThat(info.output()).contains(f + "\n");
    }

    Proc dump = Proc.run(60, rpm, "-qp", "--dump", RPM.toString());
    assertThat(dump.exitCode()).as(dump.output()).isZero();
    // path size mtime digest mode owner group isconfig isdoc rdev symlink
    assertThat(modeOwnerGroup(dump.output(), "/usr/sbin/vigil")).isEqualTo("0100755 root root");
    assertThat(modeOwnerGroup(dump.output(), "/etc/vigil/vigil.conf"))
        .isEqualTo("0100640 root vigil");
    assertThat(configFlag(dump.output(), "/etc/vigil/vigil.conf")).isEqualTo("1");
    assertThat(configFlag(dump.output(), "/etc/default/vigil")).isEqualTo("1");
    assertThat(modeOwnerGroup(dump.output(), "/usr/lib/systemd/system/vigil.service"))
        .isEqualTo("0100644 root root");

    Proc scripts = Proc.run(60, rpm, "-qp", "--scripts", RPM.toString());
    assertThat(scripts.output())
        .contains("preinstall scriptlet", "useradd -r -g vigil")
        .contains("postinstall scriptlet", "systemctl enable vigil.service")
        .contains("preuninstall scriptlet", "postuninstall scriptlet");
  }

  @Test
  void bothPackagesInstallTheSameFilesButForTheUnitsFolder() throws Exception {
    Proc debList = Proc.run(60, "dpkg-deb", "-c", DEB.toString());
    Set<String> debFiles =
        debList
            .output()
            .lines()
            .filter(l -> l.startsWith("-"))
            .map(l -> l.substring(l.indexOf("./") + 1))
            .map(p -> p.replace("/lib/systemd/system/", "/usr/lib/systemd/system/"))
            .filter(p -> !p.startsWith("/usr/share/lintian/"))
            .collect(Collectors.toCollection(TreeSet::new));
    Proc rpmList = Proc.run(60, Proc.tool("rpm", "rpm"), "-qpl", RPM.toString());
    Set<String> rpmFiles = new TreeSet<>(rpmList.output().lines().collect(Collectors.toList()));
    rpmFiles.removeAll(Set.of("/etc/vigil", "/usr/share/vigil", "/usr/share/doc/vigil"));

    assertThat(debFiles).containsAll(FILES).contains("/usr/lib/systemd/system/vigil.service");
    assertThat(rpmFiles).isEqualTo(debFiles);
    assertThat(debList.output())
        .contains("-rwxr-xr-x root/root", "./usr/sbin/vigil")
        .contains("./lib/systemd/system/vigil.service");
    Proc conffiles = Proc.run(60, "dpkg-deb", "-I", DEB.toString(), "conffiles");
    assertThat(conffiles.output().lines())
        .containsExactlyInAnyOrder("/etc/vigil/vigil.conf", "/etc/default/vigil");
    Proc control = Proc.run(60, "dpkg-deb", "-f", DEB.toString(), "Depends");
    assertThat(control.output())
        .startsWith("default-jre-headless (>= 2:1.17) | java17-runtime-headless");
  }

  @Test
  void bothPackagesNameTheProjectsOwnMaintainerAddress() throws Exception {
    String maintainer =
        Proc.run(60, "dpkg-deb", "-f", DEB.toString(), "Maintainer").output().strip();
    assertThat(maintainer)
        .matches("Vigil developers <[^@<>\\s]+@[^@<>\\s]+\\.[a-z]+>")
        .doesNotContainIgnoringCase("example.org")
        .doesNotContainIgnoringCase("example.com")
        .doesNotContain(".invalid>", "@localhost");
    String packager =
        Proc.run(60, Proc.tool("rpm", "rpm"), "-qp", "--qf", "%{PACKAGER}", RPM.toString())
            .output()
            .strip();
    assertThat(packager).isEqualTo(maintainer);
    assertThat(Files.readString(Path.of("src/pkg/copyright")))
        .contains("Upstream-Contact: " + maintainer + "\n");
    assertThat(Files.readString(Path.of("src/pkg/changelog"))).contains(" -- " + maintainer + "  ");
  }

  @Test
  void theUnitVerifiesClean(@TempDir Path dir) throws Exception {
    // systemd-analyze checks that ExecStart= exists: point it at the staged launcher. (The
    // install test in the lab VM verifies the installed unit as it is, man pages included.)
    Path launcher = STAGE.resolve("usr/sbin/vigil").toAbsolutePath();
    String unit = Files.readString(UNIT).replace("/usr/sbin/vigil", launcher.toString());
    Path copy = Files.writeString(dir.resolve("vigil.service"), unit);
    Proc p = Proc.run(120, "systemd-analyze", "verify", "--man=no", copy.toString());
    assertThat(p.output()).as("systemd-analyze verify output").isEmpty();
    assertThat(p.exitCode()).isZero();
  }

  @Test
  void theUnitsExposureIsAtMostTwo() throws Exception {
    Proc p =
        Proc.run(
            120,
            "systemd-analyze",
            "security",
            "--offline=true",
            "--no-pager",
            UNIT.toAbsolutePath().toString());
    Matcher m =
        Pattern.compile("Overall exposure level for vigil.service: (\\d+\\.\\d+)")
            .matcher(p.output());
    assertThat(m.find()).as(p.output()).isTrue();
    double exposure = Double.parseDouble(m.group(1));
    System.out.println("systemd-analyze security vigil.service: exposure " + exposure);
    assertThat(exposure).as(p.output()).isLessThanOrEqualTo(2.0);
  }

  @Test
  void theUnitIsSkippedWhileTheConfigurationIsOnlyComments(@TempDir Path dir) throws Exception {
    String condition =
        Files.readString(UNIT)
            .lines()
            .filter(l -> l.startsWith("ExecCondition="))
            .findFirst()
            .orElseThrow()
            .substring("ExecCondition=".length());
    Path example = STAGE.resolve("etc/vigil/vigil.conf");
    assertThat(runCondition(condition, example)).isEqualTo(1);
    assertThat(runCondition(condition, write(dir, "blank", "\n  \n\t# x\n  ! y\n"))).isEqualTo(1);
    assertThat(runCondition(condition, dir.resolve("missing"))).isNotZero();
    assertThat(runCondition(condition, write(dir, "live", "# a\nglobal_defs {\n}\n"))).isZero();
    assertThat(runCondition(condition, write(dir, "indented", "  vrrp_instance VI {\n"))).isZero();
  }

  @Test
  void theLauncherAndTheScriptsAreValidShell() throws Exception {
    List<Path> scripts =
        Arrays.asList(
            STAGE.resolve("usr/sbin/vigil"),
            Path.of("src/pkg/deb/postinst"),
            Path.of("src/pkg/deb/prerm"),
            Path.of("src/pkg/deb/postrm"),
            Path.of("src/pkg/rpm/pre"),
            Path.of("src/pkg/rpm/post"),
            Path.of("src/pkg/rpm/preun"),
            Path.of("src/pkg/rpm/postun"));
    for (Path s : scripts) {
      Proc p = Proc.run(30, "sh", "-n", s.toString());
      assertThat(p.exitCode()).as(s + ": " + p.output()).isZero();
    }
    assertThat(Files.readString(STAGE.resolve("usr/sbin/vigil")))
        .startsWith("#!/bin/sh\n")
        .doesNotContain("@CLASSPATH@", "@VERSION@")
        .contains("exec \"$java\"");
  }

  private static Path write(Path dir, String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static int runCondition(String condition, Path conf) throws Exception {
    String cmd = condition.replace("/etc/vigil/vigil.conf", conf.toAbsolutePath().toString());
    return Proc.run(30, "/bin/sh", "-c", cmd).exitCode();
  }

  private static String[] dumpLine(String dump, String path) {
    return dump.lines()
        .filter(l -> l.startsWith(path + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError(path + " not in the rpm:\n" + dump))
        .split(" ");
  }

  private static String modeOwnerGroup(String dump, String path) {
    String[] f = dumpLine(dump, path);
    return f[4] + " " + f[5] + " " + f[6];
  }

  private static String configFlag(String dump, String path) {
    return dumpLine(dump, path)[7];
  }
}
