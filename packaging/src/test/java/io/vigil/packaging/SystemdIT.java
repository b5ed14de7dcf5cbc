package io.vigil.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packages on a system that systemd runs: one boot of the lab VM with the host's systemd as PID
 * 1 ({@code tests/lab/vm --init systemd}), in which src/test/sh/systemd-test.sh installs the .deb
 * and runs its unit with a real configuration (the example skipped, start to READY, IPVS, VRRP
 * MASTER, reload, watchdog, stop, no sandbox denial), then src/test/sh/rpm-install-test.sh installs
 * the .rpm with rpm (scriptlets, rpm -V, enablement, the example skipped, rpm -e). Needs root, like
 * every lab test.
 */
class SystemdIT {
  @Test
  void theDebsUnitRunsUnderSystemdAndTheRpmInstallsAndErases() throws Exception {
    assumeTrue(
        "0"
            .equals(
                new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes())
                    .strip()),
        "the lab VM needs root");
    Path root = Path.of("..").toAbsolutePath().normalize();
    Path deb = PackageIT.DEB.toAbsolutePath();
    Path rpm = PackageIT.RPM.toAbsolutePath();
    assertThat(deb).exists();
    assertThat(rpm).exists();
    Path vm = root.resolve("tests/lab/vm");
    assertThat(Files.isExecutable(vm)).as(vm + " is executable").isTrue();
    Path sh = root.resolve("packaging/src/test/sh");
    String cmd =
        sh.resolve("systemd-test.sh")
            + " "
            + deb
            + " && "
            + sh.resolve("rpm-install-test.sh")
            + " "
            + rpm;

    Proc p =
        Proc.runIn(
            root,
            2460,
            List.of(
                vm.toString(), "--init", "systemd", "--timeout", "2400", "--", "bash", "-c", cmd));
    System.out.println(
        "systemd and rpm tests in the lab VM (exit " + p.exitCode() + "):\n" + p.output());
    assertThat(p.output())
        .as(p.output())
        .contains("systemd test: all checks passed", "rpm install test: all checks passed");
    assertThat(p.exitCode()).as(p.output()).isZero();
  }
}
