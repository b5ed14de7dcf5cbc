package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * keepalived's {@code -t[LOG_FILE]} and {@code --signum=SIGFUNC} on {@code vigil run}: the check's
 * report on stderr or in the file (a value of -t or -M only attached, as getopt reads them), with
 * check-config's exit status; the signal numbers keepalived 2.2.7 prints (JSON: SIGUSR1, on which
 * Vigil writes vigil.json), "Unknown sigfunc" otherwise.
 */
class RunConfigTestSignumTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream wasOut;
  private PrintStream wasErr;

  @BeforeEach
  void capture() {
    wasOut = System.out;
    wasErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(wasOut);
    System.setErr(wasErr);
  }

  private static int run(String... args) {
    return CommandTree.commandLine().execute(args);
  }

  @Test
  void signumPrintsKeepalivedsNumbers() {
    for (String f : new String[] {"STOP", "RELOAD", "DATA", "STATS", "STATS_CLEAR", "JSON"}) {
      assertThat(run("run", "--signum=" + f)).as(f).isZero();
    }
    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .containsExactly("15", "1", "10", "12", "63", "10");
    assertThat(run("run", "--signum", "stop")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Unknown sigfunc stop\n");
  }

  @Test
  void dashTChecksTheFileToStderrOrToTheLogFile() throws Exception {
    Path conf = Files.writeString(dir.resolve("k.conf"), "global_defs {\n  frobnicate\n}\n");
    assertThat(run("run", "-t", "-f", conf.toString())).isEqualTo(5);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(conf + ":2: error: unknown keyword 'frobnicate' in global_defs")
        .contains(conf + ": 1 error");
    assertThat(out.size()).isZero();
    Path log = dir.resolve("check.log");
    err.reset();
    assertThat(run("run", "--config-test=" + log, "-f", conf.toString(), "-D", "-n")).isEqualTo(5);
    assertThat(Files.readString(log)).contains(conf + ":2: error: unknown keyword 'frobnicate'");
    assertThat(err.size()).isZero();
    Path shortLog = dir.resolve("short.log");
    assertThat(run("run", "-t" + shortLog, "-f", conf.toString())).isEqualTo(5);
    assertThat(Files.readString(shortLog)).contains(conf + ":2: error: unknown keyword");
    assertThat(err.size()).isZero();
  }

  @Test
  void dashMTakesOnlyAnAttachedPattern() {
    assertThat(corePattern("run", "-M")).isEqualTo("core");
    assertThat(corePattern("run", "-Mcore.%p", "-f", "k.conf")).isEqualTo("core.%p");
    assertThat(corePattern("run", "--core-dump-pattern=/tmp/%e")).isEqualTo("/tmp/%e");
    assertThat(corePattern("run", "-M", "-f", "k.conf")).isEqualTo("core");
    assertThatThrownBy(() -> corePattern("run", "-M", "core.%p"))
        .isInstanceOf(CommandLine.UnmatchedArgumentException.class)
        .hasMessage("Unmatched argument at index 2: 'core.%p'");
  }

  private static String corePattern(String... args) {
    CommandLine cl = CommandTree.commandLine();
    cl.parseArgs(args);
    return ((RunCommand) cl.getSubcommands().get("run").getCommand()).corePattern;
  }

  @Test
  void aLogFileAfterABareDashTIsNotItsValue() throws Exception {
    // getopt's optional value is only an attached one, as in keepalived: -t FILE is -t and an
    // argument that run does not take
    Path conf = Files.writeString(dir.resolve("k.conf"), "global_defs {\n}\n");
    Path log = dir.resolve("check.log");
    assertThat(run("run", "-f", conf.toString(), "-t", log.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("Unmatched argument at index 4: '" + log + "'");
    assertThat(log).doesNotExist();
    err.reset();
    assertThat(run("run", "-f", conf.toString(), "-t")).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("configuration OK");
  }
}
