package io.vigil.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Self-test of tests/lab/vm: exit codes, working directory, the writable share, the timeout. It
 * runs on the host and boots the VM itself; it lives in tests/system (in tests/lab's package, for
 * its process helpers) because bin/test runs every test that needs the VM in one build, beside the
 * one that runs the host modules' tests.
 */
class VmRunnerIT {
  private static final String VM = Path.of("../lab/vm").toAbsolutePath().toString();

  @BeforeAll
  static void needsRoot() {
    org.junit.jupiter.api.Assumptions.assumeTrue(NetLab.isRoot(), "the lab VM needs root");
  }

  @Test
  void runsTheCommandInTheSameDirectoryWithIpvsAndReturnsItsExitCode(@TempDir Path out)
      throws Exception {
    ExecResult r =
        Commands.run(
            List.of(
                VM,
                "--timeout",
                "600",
                "--out",
                out.toString(),
                "--",
                "bash",
                "-c",
                "pwd > "
                    + out
                    + "/cwd; uname -r > "
                    + out
                    + "/kernel; "
                    + "test -e /proc/net/ip_vs && touch "
                    + out
                    + "/ipvs; "
                    + "touch /work-not-shared-back; echo to-stdout; exit 7"),
            700_000);
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(7);
    assertThat(r.stdout()).contains("to-stdout");
    assertThat(Files.readString(out.resolve("cwd")).strip())
        .isEqualTo(Path.of("").toAbsolutePath().toString());
    assertThat(Files.readString(out.resolve("kernel"))).contains("amd64");
    assertThat(out.resolve("ipvs")).exists();
    assertThat(Path.of("/work-not-shared-back")).doesNotExist();
  }

  @Test
  void aCommandThatOutlivesTheTimeoutGives124() {
    ExecResult r = Commands.run(List.of(VM, "--timeout", "5", "--", "sleep", "600"), 120_000);
    assertThat(r.exitCode()).isEqualTo(124);
  }
}
