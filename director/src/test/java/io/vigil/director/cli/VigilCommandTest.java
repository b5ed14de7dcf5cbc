package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VigilCommandTest {
  private final InProcessCli cli = new InProcessCli();

  @Test
  void versionNamesVigilJavaAndNativeSupport() {
    assertThat(cli.run("--version")).isZero();
    assertThat(cli.out.toString())
        .startsWith("vigil 0.1.0")
        .contains("java 17")
        .contains("native: ");
  }

  @Test
  void runTakesKeepalivedsVersionOptionAndItsDashCapitalVIsAnotherOne() {
    assertThat(cli.run("run", "-v")).isZero();
    assertThat(cli.out.toString()).startsWith("vigil 0.1.0");
    cli.out.getBuffer().setLength(0);
    assertThat(cli.run("run", "--help")).isZero();
    assertThat(cli.out.toString())
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
      assertThat(cli.run("run", "-x", "-f", "/nonexistent.conf")).isEqualTo(2);
      assertThat(cli.run("run", "--snmp-agent-socket=/run/agentx", "-f", "/nonexistent.conf"))
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
    assertThat(cli.run("--help")).isZero();
    assertThat(cli.out.toString()).contains("Usage: vigil");
  }

  @Test
  void noCommandIsAUsageError() {
    assertThat(cli.run()).isEqualTo(2);
    assertThat(cli.err.toString()).contains("missing COMMAND");
  }
}
