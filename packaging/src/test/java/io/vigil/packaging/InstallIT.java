package io.vigil.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Installs the .deb in the lab VM (a throwaway root: the host's / read-only under a tmpfs overlay)
 * and runs src/test/sh/install-test.sh there: launcher, user, files and modes, unit, conffile on
 * reinstall, remove and purge. Needs root, like every lab test.
 */
class InstallIT {
  @Test
  void theDebInstallsWorksAndPurgesCleanInTheLabVm() throws Exception {
    assumeTrue(
        "0"
            .equals(
                new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes())
                    .strip()),
        "the lab VM needs root");
    Path root = Path.of("..").toAbsolutePath().normalize();
    Path deb = PackageIT.DEB.toAbsolutePath();
    assertThat(deb).exists();
    Path vm = root.resolve("tests/lab/vm");
    assertThat(Files.isExecutable(vm)).as(vm + " is executable").isTrue();

    List<String> cmd = new ArrayList<>();
    cmd.add(vm.toString());
    cmd.add("--timeout");
    cmd.add("1500");
    cmd.add("--");
    cmd.add(root.resolve("packaging/src/test/sh/install-test.sh").toString());
    cmd.add(deb.toString());
    Proc p = Proc.runIn(root, 1560, cmd);
    System.out.println("install test in the lab VM (exit " + p.exitCode() + "):\n" + p.output());
    assertThat(p.output()).as(p.output()).contains("install test: all checks passed");
    assertThat(p.exitCode()).as(p.output()).isZero();
  }
}
