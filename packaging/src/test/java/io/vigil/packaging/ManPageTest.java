package io.vigil.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.cli.CommandTree;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

class ManPageTest {
  @Command(
      name = "tool",
      mixinStandardHelpOptions = true,
      description = "Does things.",
      synopsisSubcommandLabel = "COMMAND",
      subcommands = {Sub.class, Hidden.class})
  static final class Tool {}

  @Command(
      name = "sub",
      description = {"First paragraph.%nSecond line.", "Another paragraph."})
  static final class Sub {
    @Option(
        names = {"-f", "--file"},
        paramLabel = "FILE",
        description = "Read FILE (default: ${DEFAULT-VALUE}).",
        defaultValue = "/etc/x.conf")
    String file;

    @Option(names = "--dry-run", description = "Change nothing.")
    boolean dryRun;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Names.")
    String[] names;
  }

  @Command(name = "secret", hidden = true, description = "Not for users.")
  static final class Hidden {}

  private static String render() {
    return ManPage.render(
        new CommandLine(new Tool()).getCommandSpec(), "8", "1.2.3", "2026-01-02", ".SH X\ny\n");
  }

  @Test
  void startsWithTheTitleLineAndAnEscapedNameLine() {
    assertThat(render())
        .startsWith(
            ".TH TOOL 8 \"2026-01-02\" \"tool 1.2.3\" \"System Administration\"\n"
                + ".SH NAME\ntool \\- Does things\n");
  }

  @Test
  void listsEverySubcommandWithItsOptionsAndParametersButNotHiddenOnes() {
    String page = render();
    assertThat(page)
        .contains(".SS \"tool sub\"\nFirst paragraph.\nSecond line.\n.PP\nAnother paragraph.\n")
        .contains(
            ".TP\n\\fB\\-f\\fR, \\fB\\-\\-file\\fR \\fIFILE\\fR\nRead FILE (default: /etc/x.conf).\n")
        .contains(".TP\n\\fB\\-\\-dry\\-run\\fR\nChange nothing.\n")
        .contains(".TP\n\\fINAME\\fR\nNames.\n")
        .contains(".B tool sub\n[\\fIOPTIONS\\fR]\n[\\fINAME\\fR...]\n")
        .doesNotContain("secret")
        .doesNotContain("Not for users");
  }

  @Test
  void appendsTheWrittenSectionsLast() {
    assertThat(render()).endsWith("Names.\n.SH X\ny\n");
  }

  @Test
  void escapesBackslashesHyphensAndLeadingControlCharacters() {
    assertThat(ManPage.text("a-b\\c")).isEqualTo("a\\-b\\ec");
    assertThat(ManPage.text(".hidden")).isEqualTo("\\&.hidden");
    assertThat(ManPage.text("'quoted")).isEqualTo("\\&'quoted");
  }

  @Test
  void vigilsPageCoversEveryVisibleSubcommandOfTheRealCli() {
    CommandSpec spec = CommandTree.commandLine().getCommandSpec();
    String page = ManPage.render(spec, "8", "0", "d", "");
    assertThat(spec.subcommands()).isNotEmpty();
    spec.subcommands()
        .forEach(
            (name, sub) -> {
              if (!sub.getCommandSpec().usageMessage().hidden()) {
                // an alias (check-config's -t) is a key of its own: each command once, by name
                assertThat(page).containsOnlyOnce(".SS \"vigil " + sub.getCommandName() + "\"");
                for (String alias : sub.getCommandSpec().aliases()) {
                  assertThat(page).contains("Alias: " + ManPage.text(alias));
                }
              }
            });
  }
}
