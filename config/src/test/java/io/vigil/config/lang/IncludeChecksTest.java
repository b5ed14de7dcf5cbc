package io.vigil.config.lang;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Diagnostic;
import io.vigil.config.Diagnostics;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * keepalived 2.2.7's include checks (lib/parser.c): {@code includer} (what is found must be a
 * readable regular file), {@code includem} (a named file must exist), {@code includew} (a wildcard
 * must match), {@code includeb} (every brace alternative must exist), {@code includea} (all of
 * them), and {@code include_check} in {@code global_defs} for the plain {@code include}s after it.
 * What a check names is an error with keepalived's words (the configuration is not run; {@code -t}
 * exits 6, as keepalived's did on each case below); unchecked, a missing file is a warning and a
 * wildcard that matches nothing (an empty conf.d) is no finding, as keepalived says nothing.
 */
class IncludeChecksTest {
  @TempDir Path dir;
  Diagnostics diags = new Diagnostics();

  @BeforeEach
  void files() throws IOException {
    Files.createDirectories(dir.resolve("conf.d"));
    Files.createDirectories(dir.resolve("empty.d"));
    Files.writeString(dir.resolve("a.conf"), "a\n");
    Files.writeString(dir.resolve("conf.d/one.conf"), "one\n");
  }

  List<String> texts(String text) {
    List<Line> lines = Preprocessor.readString(text, "t.conf", dir, "n", diags);
    return lines.stream().map(l -> String.join(" ", l.words())).collect(Collectors.toList());
  }

  List<String> findings() {
    return diags.list().stream().map(Diagnostic::toString).toList();
  }

  @Test
  void aMissingFileIsAnErrorForIncludemAndIncludeaAWarningForInclude() {
    texts("include none.conf\nincluder none.conf\nincludem none.conf\nincludea none.conf\n");
    String missing = "Config files missing 'none.conf'.";
    assertThat(findings())
        .containsExactly(
            "t.conf:1: warning: include 'none.conf': "
                + dir.resolve("none.conf")
                + " does not exist",
            "t.conf:2: warning: include 'none.conf': "
                + dir.resolve("none.conf")
                + " does not exist",
            "t.conf:3: error: " + missing,
            "t.conf:4: error: " + missing);
    assertThat(diags.list())
        .filteredOn(d -> d.severity() == Diagnostic.Severity.INCLUDE)
        .hasSize(2);
  }

  @Test
  void aWildcardMatchingNothingIsSilentUnlessIncludewOrIncludea() {
    assertThat(texts("include empty.d/*.conf\nincludem empty.d/*.conf\nx\n")).containsExactly("x");
    assertThat(findings()).isEmpty();
    texts("includew empty.d/*.conf\nincludea empty.d/*.conf\n");
    assertThat(findings())
        .containsExactly(
            "t.conf:1: error: No config files matched 'empty.d/*.conf'.",
            "t.conf:2: error: No config files matched 'empty.d/*.conf'.");
  }

  @Test
  void aMissingBraceAlternativeDropsTheWholeLineForIncludeb() {
    assertThat(texts("include {a,b}.conf\n")).containsExactly("a");
    assertThat(findings())
        .containsExactly("t.conf:1: warning: include '{a,b}.conf': some of its files are missing");
    diags = new Diagnostics();
    assertThat(texts("includeb {a,b}.conf\nz\n")).containsExactly("z");
    assertThat(findings())
        .containsExactly("t.conf:1: error: Some config files missing: \"{a,b}.conf\".");
    diags = new Diagnostics();
    texts("includeb {b,c}.conf\n");
    assertThat(findings()).containsExactly("t.conf:1: error: Config files missing '{b,c}.conf'.");
  }

  @Test
  void includerRefusesADirectoryAndAnExecutable() throws IOException {
    Path x = Files.writeString(dir.resolve("x.conf"), "x\n");
    Files.setPosixFilePermissions(x, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(texts("includer conf.d\nincluder x.conf\ninclude x.conf\n")).isEmpty();
    assertThat(findings())
        .containsExactly(
            "t.conf:1: error: Configuration file '"
                + dir.resolve("conf.d")
                + "/' is a directory - skipping",
            "t.conf:2: error: Configuration file '"
                + x
                + "' is not a regular non-executable file - skipping",
            "t.conf:3: warning: include "
                + x
                + " is executable, not a configuration file - skipping");
  }

  @Test
  void allConfigChecksEveryIncludeFromTheStartAsABareIncludeCheck() throws IOException {
    Path top =
        Files.writeString(
            dir.resolve("top.conf"), "include gone.conf\ninclude empty.d/*.conf\ninclude a.conf\n");
    List<Line> lines = Preprocessor.read(top, "n", diags, true);
    assertThat(lines.stream().map(l -> String.join(" ", l.words()))).containsExactly("a");
    assertThat(findings())
        .containsExactly(
            top + ":1: error: Config files missing 'gone.conf'.",
            top + ":2: error: No config files matched 'empty.d/*.conf'.");
    diags = new Diagnostics();
    Preprocessor.read(top, "n", diags, false);
    assertThat(findings())
        .as("without it, as keepalived without -e")
        .containsExactly(
            top
                + ":1: warning: include 'gone.conf': "
                + dir.resolve("gone.conf")
                + " does not exist");
  }

  @Test
  void includeCheckMakesThePlainIncludesAfterItCheckedUntilItsFileEnds() throws IOException {
    Files.writeString(
        dir.resolve("conf.d/two.conf"),
        "global_defs {\ninclude_check -match\n}\ninclude gone.conf\n");
    texts(
        """
        include gone.conf
        global_defs {
          include_check
        }
        include gone.conf
        include conf.d/two.conf
        include gone.conf
        include_check +wildcard_match -match
        include gone.conf
        include empty.d/*.conf
        """);
    assertThat(findings())
        .containsExactly(
            "t.conf:1: warning: include 'gone.conf': "
                + dir.resolve("gone.conf")
                + " does not exist",
            "t.conf:5: error: Config files missing 'gone.conf'.",
            // two.conf removes match for itself only
            dir.resolve("conf.d/two.conf")
                + ":4: warning: include 'gone.conf': "
                + dir.resolve("conf.d/gone.conf")
                + " does not exist",
            "t.conf:7: error: Config files missing 'gone.conf'.",
            "t.conf:9: warning: include 'gone.conf': "
                + dir.resolve("gone.conf")
                + " does not exist",
            "t.conf:10: error: No config files matched 'empty.d/*.conf'.");
  }

  @Test
  void includeCheckBits() {
    assertThat(Preprocessor.includeCheck("include_check", 0)).isEqualTo(Includes.ALL);
    assertThat(Preprocessor.includeCheck("include_check match", Includes.ALL))
        .isEqualTo(Includes.READ | Includes.MATCH);
    assertThat(Preprocessor.includeCheck("include_check +brace_match -read", Includes.MATCH))
        .isEqualTo(Includes.MATCH | Includes.BRACE_MATCH);
    assertThat(Preprocessor.includeCheck("include_check read match", 0)).isEqualTo(Includes.READ);
  }

  @Test
  void bracesExpandInTheOrderGlobGivesThem() {
    assertThat(Includes.braces("/e/{b,a{x,y}}.c{1,2}"))
        .containsExactly("/e/b.c1", "/e/b.c2", "/e/ax.c1", "/e/ax.c2", "/e/ay.c1", "/e/ay.c2");
    assertThat(Includes.braces("/e/{a.conf")).containsExactly("/e/{a.conf");
  }

  @Test
  void aMissingCheckedIncludeIsExit6AndItsWordsAreChecked() throws IOException {
    Path main =
        Files.writeString(
            dir.resolve("main.conf"),
            "includem none.conf\nglobal_defs {\n  include_check +bogus match\n}\n");
    LoadResult r = ConfigLoader.load(main, Environment.fixed("n", java.util.Set.of()));
    assertThat(r.diagnostics().stream().map(Diagnostic::toString))
        .contains(
            main + ":1: error: Config files missing 'none.conf'.",
            main + ":3: error: Unknown include_check type 'bogus' - ignoring",
            main + ":3: error: Duplicate include_check 'match' specified - ignoring");
    assertThat(r.exitCode()).isEqualTo(6);
  }
}
