package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VigilCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = CommandTree.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void versionNamesVigilJavaAndNativeSupport() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("vigil 0.1.0").contains("java 17").contains("native: ");
  }

  @Test
  void runTakesKeepalivedsVersionOptionAndItsDashCapitalVIsAnotherOne() {
    assertThat(run("run", "-v")).isZero();
    assertThat(out.toString()).startsWith("vigil 0.1.0");
    out.getBuffer().setLength(0);
    assertThat(run("run", "--help")).isZero();
    assertThat(out.toString())
        .contains("-v, --version")
        .contains("-V, --dont-release-vrrp")
        .contains("-h, --help");
  }

  @Test
  void keepalivedsSnmpOptionsAreRefusedWithTheReason() {
    java.io.PrintStream was = System.err;
    java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(got, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      assertThat(run("run", "-x", "-f", "/nonexistent.conf")).isEqualTo(2);
      assertThat(run("run", "--snmp-agent-socket=/run/agentx", "-f", "/nonexistent.conf"))
          .isEqualTo(2);
    } finally {
      System.setErr(was);
    }
    assertThat(got.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("vigil run: -x (--snmp): Vigil has no SNMP agent")
        .contains("vigil run: -A (--snmp-agent-socket): Vigil has no SNMP agent");
  }

  @Test
  void helpListsUsage() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: vigil");
  }

  @Test
  void noCommandIsAUsageError() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("missing COMMAND");
  }
}
