package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code vigil genhash}'s options as keepalived 2.2.7's genhash checks them, with its words (the
 * fetch itself: healthcheck's GenhashTest, beside genhash); and keepalived's {@code -T} form.
 */
class GenhashCommandTest {
  private final InProcessCli cli = new InProcessCli();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "-s www.example.test -p 80 -u /|server should be an IP, not www.example.test",
        "-s 192.0.2.1 -p 0 -u /|invalid port number '0'",
        "-s 192.0.2.1 -p 65536 -u /|invalid port number '65536'",
        "-s 192.0.2.1 -p 80 -u / -P 2|invalid HTTP protocol version '2'",
        "-s 192.0.2.1 -p 80 -u / -t x|invalid timeout 'x'",
        "-s 2001:db8::1 -p 80 -u / -m -1|invalid fwmark '-1'"
      })
  void badValuesAreRefusedInGenhashsWords(String line, String message) {
    String[] args = ("genhash " + line).split(" ");
    assertThat(cli.run(args)).isEqualTo(1);
    assertThat(cli.err.toString()).isEqualTo(message + "\n");
  }

  @Test
  void serverPortAndUrlAreRequired() {
    assertThat(cli.run("genhash", "-s", "192.0.2.1", "-p", "80")).isEqualTo(2);
    assertThat(cli.err.toString()).contains("Missing required option: '--url=PATH'");
  }

  @Test
  void keepalivedsGenhashModeOnRunIsTheGenhashCommand() {
    assertThat(VigilCommand.genhashForm(new String[] {"run", "-T", "-s", "x", "-p", "1"}))
        .containsExactly("genhash", "-s", "x", "-p", "1");
    assertThat(VigilCommand.genhashForm(new String[] {"run", "--genhash", "-v"}))
        .containsExactly("genhash", "-v");
    assertThat(VigilCommand.genhashForm(new String[] {"run", "-f", "k.conf", "-T"}))
        .as("only as the first option, as keepalived says")
        .containsExactly("run", "-f", "k.conf", "-T");
  }
}
