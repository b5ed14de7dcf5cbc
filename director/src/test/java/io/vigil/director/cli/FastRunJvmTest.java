package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil run} in a JVM of its own: its plain form starts without loading any picocli class
 * (picocli's Java 5 classes cannot be in the class-data archive and are verified at every start);
 * {@code run --help} still gets picocli's help.
 */
class FastRunJvmTest {
  private record Result(int rc, String out, String classes) {}

  private static Result vigil(Path dir, String... args) throws Exception {
    Path log = dir.resolve("classes.txt");
    Path out = dir.resolve("out.txt");
    List<String> argv = new ArrayList<>(List.of(VigilJvm.argv(args)));
    argv.add(1, "-Xlog:class+load:file=" + log);
    Process p =
        new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(log, StandardCharsets.UTF_8));
  }

  @Test
  void thePlainRunLoadsNoPicocliClass(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("missing.conf");
    Result r = vigil(dir, "run", "-f", conf.toString(), "--status-port", "0");
    assertThat(r.out()).contains("cannot read configuration file").contains("vigil run: ");
    assertThat(r.rc()).isEqualTo(1);
    assertThat(r.classes()).contains("io.vigil.director.cli.RunCommand").doesNotContain("picocli");
  }

  @Test
  void runsHelpIsPicocliS(@TempDir Path dir) throws Exception {
    Result r = vigil(dir, "run", "--help");
    assertThat(r.rc()).isZero();
    assertThat(r.out()).startsWith("Usage: vigil run [-").contains("-f, --use-file=FILE");
    assertThat(r.classes()).contains("picocli.CommandLine ");
  }
}
