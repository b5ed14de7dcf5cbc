package io.vigil.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The .deb on a system that systemd runs: one boot of the lab VM with the host's systemd as PID 1
 * ({@code tests/lab/vm --init systemd}), in which src/test/sh/systemd-test.sh installs the .deb and
 * runs its unit with a real configuration (the example skipped, start to READY, IPVS, VRRP MASTER,
 * reload, watchdog, stop, no sandbox denial). Needs root, like every lab test.
 */
class SystemdIT {
  @Test
  void theDebsUnitRunsUnderSystemd() throws Exception {
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
    Path sh = root.resolve("packaging/src/test/sh");
    String cmd = sh.resolve("systemd-test.sh") + " " + deb;

    Proc p =
        Proc.runIn(
            root,
            2460,
            List.of(
                vm.toString(), "--init", "systemd", "--timeout", "2400", "--", "bash", "-c", cmd));
    System.out.println("systemd test in the lab VM (exit " + p.exitCode() + "):\n" + p.output());
    assertThat(p.output()).as(p.output()).contains("systemd test: all checks passed");
    assertThat(p.exitCode()).as(p.output()).isZero();
  }
}
