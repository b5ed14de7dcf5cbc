package io.vigil.config.lang;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Diagnostic;
import io.vigil.config.Diagnostics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessorTest {
  @TempDir Path dir;
  final Diagnostics diags = new Diagnostics();

  List<Line> read(String text) {
    return read(text, "node1");
  }

  List<Line> read(String text, String id) {
    return Preprocessor.readString(text, "t.conf", dir, id, diags);
  }

  static List<String> texts(List<Line> lines) {
    return lines.stream().map(l -> String.join(" ", l.words())).collect(Collectors.toList());
  }

  static List<String> where(List<Line> lines) {
    return lines.stream().map(l -> l.origin().toString()).collect(Collectors.toList());
  }

  List<String> messages() {
    return diags.list().stream().map(Diagnostic::toString).toList();
  }

  @Test
  void commentsStartAtHashOrBangOutsideQuotes() {
    List<Line> l = read("a 1 # c\n! whole\nb \"x # y\" ! z\n  # only\nc \\#d \\!e\n");
    assertThat(texts(l)).containsExactly("a 1", "b x # y", "c #d !e");
    assertThat(where(l)).containsExactly("t.conf:1", "t.conf:3", "t.conf:5");
    assertThat(diags.list()).isEmpty();
  }

  @Test
  void everyBraceGetsALineOfItsOwnWithTheSameLineNumber() {
    List<Line> l = read("a {\nb { c d }\n}}\nq \"{x}\" {\n");
    assertThat(texts(l)).containsExactly("a", "{", "b", "{", "c d", "}", "}", "}", "q {x}", "{");
    assertThat(where(l))
        .containsExactly(
            "t.conf:1",
            "t.conf:1",
            "t.conf:2",
            "t.conf:2",
            "t.conf:2",
            "t.conf:2",
            "t.conf:3",
            "t.conf:3",
            "t.conf:4",
            "t.conf:4");
  }

  @Test
  void crLfLineEndsAndBlankLinesKeepLineNumbers() {
    List<Line> l = read("a\r\n\r\n\nb\r\n");
    assertThat(where(l)).containsExactly("t.conf:1", "t.conf:4");
  }

  @Test
  void unterminatedQuoteIsAnErrorAtItsLine() {
    read("x\ny \"abc\n");
    assertThat(messages()).anyMatch(m -> m.startsWith("t.conf:2: error: unterminated quote"));
  }

  @Test
  void parametersAreSubstitutedOnlyWhenFollowedByBlankCommaParenOrEnd() {
    List<Line> l =
        read("$A=eth0\n$B=  x y\nif $A $B\nlabel ${A}:1 $A:1 $Ax\n$A,$A)\n$UNDEF stays\n");
    assertThat(texts(l))
        .containsExactly("if eth0 x y", "label eth0:1 $A:1 $Ax", "eth0,eth0)", "$UNDEF stays");
  }

  @Test
  void definitionNeedsNoBlankBeforeEqualsAndCanBeRedefined() {
    List<Line> l = read("$A = 1\n$A=2\nv $A\n$A=3\nv $A\n");
    assertThat(texts(l)).containsExactly("$A = 1", "v 2", "v 3");
  }

  @Test
  void parametersMayReferToParameters() {
    assertThat(texts(read("$A=1\n$B=$A 2\nv $B\n"))).containsExactly("v 1 2");
  }

  @Test
  void selfReferenceStopsWithAnErrorInsteadOfLooping() {
    List<Line> l = read("$A=x $A\nv $A\n");
    assertThat(l).isEmpty();
    assertThat(messages()).anyMatch(m -> m.startsWith("t.conf:2: error: parameter substitution"));
  }

  @Test
  void multiLineDefinitionExpandsToSeveralLinesAtTheEndOfALine() {
    List<Line> l = read("$V=a 1 \\\n  b 2 \\\n# comment\n  c 3\nx\n$V\ny ${V}\nz $V q\n");
    assertThat(texts(l)).containsExactly("x", "a 1", "b 2", "c 3", "y a 1", "b 2", "c 3", "z $V q");
    assertThat(where(l).get(1)).isEqualTo("t.conf:6");
  }

  @Test
  void multiLineDefinitionEndsAtABlankLine() {
    assertThat(texts(read("$V=a \\\n\nb\n$V\n"))).containsExactly("b", "a");
  }

  @Test
  void hashAndBangParametersInsertCommentCharacters() {
    assertThat(texts(read("v $_HASH $_BANG\n"))).containsExactly("v");
    assertThat(texts(read("v \"${_HASH}\"\n"))).containsExactly("v #");
  }

  @Test
  void conditionalLinesFollowTheConfigId() {
    String text = "@node1 a\n@node2 b\n@^node1 c\n@^node2 d\n@node1\ne\n";
    assertThat(texts(read(text, "node1"))).containsExactly("a", "d", "e");
    assertThat(texts(read(text, "node2"))).containsExactly("b", "c", "e");
    assertThat(texts(read(text, null))).containsExactly("c", "d", "e");
  }

  @Test
  void conditionalDefinitionsAndParametersThatExpandToConditions() {
    assertThat(texts(read("@node1 $P=150\n@^node1 $P=50\nprio $P\n$C=@node2\n$C x\n", "node1")))
        .containsExactly("prio 150");
  }

  @Test
  void seqRepeatsItsLineWithTheVariableSet() {
    assertThat(texts(read("~SEQ(i, 3) a$i\n"))).containsExactly("a1", "a2", "a3");
    assertThat(texts(read("~SEQ(i, 5, 3) b $i\n"))).containsExactly("b 5", "b 4", "b 3");
    assertThat(texts(read("~SEQ(i, 10, 5, 20) ${i}x\n"))).containsExactly("10x", "15x", "20x");
    assertThat(texts(read("~SEQ(i, -2) n $i\n"))).containsExactly("n -1", "n -2");
    assertThat(texts(read("~SEQx(i, 9, 3, 0x10) h $i\n"))).containsExactly("h 9", "h c", "h f");
    assertThat(diags.list()).isEmpty();
  }

  @Test
  void seqNumbersMayBeParametersAndSeqsNest() {
    assertThat(texts(read("$N=2\n~SEQ(i, $N) ~SEQ(j, $i) p $i $j\n")))
        .containsExactly("p 1 1", "p 2 1", "p 2 2");
  }

  @Test
  void badSeqsAreErrors() {
    read(
        "~SEQ(i, 1, 0, 5) x\n~SEQ(i, 5, 1, 1) x\n~SEQ(, 3) x\n~SEQ i\n~SEQx(i, -1) x\n~SEQ(i, z) x\n");
    assertThat(diags.list()).hasSize(6).allMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
  }

  @Test
  void seqThatWouldProduceTooManyLinesIsRefused() {
    List<Line> l = read("~SEQ(i, 0, 1, 100000000000) x $i\n");
    assertThat(l).isEmpty();
    assertThat(messages()).anyMatch(m -> m.contains("more than"));
  }

  @Test
  void lstRepeatsItsLineForEachValueSet() {
    assertThat(texts(read("~LST(v, a, b) x $v\n"))).containsExactly("x a", "x b");
    assertThat(texts(read("~LST({n,a}, {1,eth0}, {2}) i $n $a\n")))
        .containsExactly("i 1 eth0", "i 2");
    read("~LST({n}, {1,2}) x\n");
    assertThat(messages()).anyMatch(m -> m.contains("too many values"));
  }

  @Test
  void includeReadsFilesRelativeToTheIncludingFileWithTheirOwnLineNumbers() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("conf.d"));
    Files.writeString(sub.resolve("b.conf"), "\nb1\ninclude ../c/*.conf\n");
    Files.createDirectories(dir.resolve("c"));
    Files.writeString(dir.resolve("c/2.conf"), "c2\n");
    Files.writeString(dir.resolve("c/1.conf"), "c1\n");
    Files.writeString(dir.resolve("main.conf"), "a\ninclude conf.d/b.conf\nz\n");
    List<Line> l = Preprocessor.read(dir.resolve("main.conf"), null, diags);
    assertThat(texts(l)).containsExactly("a", "b1", "c1", "c2", "z");
    assertThat(where(l).get(1)).isEqualTo(sub.resolve("b.conf") + ":2");
    assertThat(where(l).get(2)).isEqualTo(dir.resolve("c/1.conf") + ":1");
    assertThat(where(l).get(4)).isEqualTo(dir.resolve("main.conf") + ":3");
    assertThat(diags.list()).isEmpty();
  }

  @Test
  void includeExpandsBracesAndTheIncluderVariants() throws IOException {
    Files.writeString(dir.resolve("x.conf"), "x\n");
    Files.writeString(dir.resolve("y.conf"), "y\n");
    Files.writeString(dir.resolve("z.conf"), "z\n");
    assertThat(texts(read("include {x,z}.conf\nincluder y.conf\n"))).containsExactly("x", "z", "y");
  }

  @Test
  void missingIncludesAreWarningsAtTheIncludeLine() {
    read("a\ninclude nothere.conf\ninclude none/*.conf\n");
    assertThat(messages())
        .hasSize(2)
        .allMatch(m -> m.contains(": warning: include"))
        .anyMatch(m -> m.startsWith("t.conf:2:"))
        .anyMatch(m -> m.startsWith("t.conf:3:"));
  }

  @Test
  void includeLoopsAndDepthAreBounded() throws IOException {
    Files.writeString(dir.resolve("self.conf"), "s\ninclude self.conf\n");
    List<Line> l = Preprocessor.read(dir.resolve("self.conf"), null, diags);
    assertThat(texts(l)).containsExactly("s");
    assertThat(messages()).anyMatch(m -> m.contains("include loop"));
    Diagnostics deep = new Diagnostics();
    for (int i = 0; i < 40; i++) {
      Files.writeString(
          dir.resolve("d" + i + ".conf"), "l" + i + "\ninclude d" + (i + 1) + ".conf\n");
    }
    List<Line> chain = Preprocessor.read(dir.resolve("d0.conf"), null, deep);
    assertThat(chain).hasSize(Preprocessor.MAX_INCLUDE_DEPTH + 1);
    assertThat(deep.list()).anyMatch(d -> d.message().contains("include nesting deeper"));
  }

  @Test
  void missingMainFileIsFatal() {
    List<Line> l = Preprocessor.read(dir.resolve("none.conf"), null, diags);
    assertThat(l).isEmpty();
    assertThat(diags.has(Diagnostic.Severity.FATAL)).isTrue();
  }

  @Test
  void pwdParameterIsTheFilesDirectory() {
    assertThat(texts(read("p $_PWD\n"))).containsExactly("p " + dir);
  }

  @Test
  void fanOutIncludesAreBoundedByTheNumberOfFileReads() throws IOException {
    for (int i = 0; i < 12; i++) {
      Files.writeString(dir.resolve("fan" + i + ".conf"), "x" + i + "\ninclude fan*.conf\n");
    }
    List<Line> l = Preprocessor.read(dir.resolve("fan0.conf"), null, diags);
    assertThat(l.size()).isLessThanOrEqualTo(Preprocessor.MAX_FILE_READS);
    assertThat(messages()).anyMatch(m -> m.contains("files included - rest ignored"));
  }

  @Test
  void includedFilesAreNamedRelativeToTheMainFileAsTheOperatorNamedIt() throws IOException {
    Files.createDirectories(dir.resolve("inc"));
    Files.writeString(dir.resolve("inc/x.conf"), "x\n");
    Files.writeString(dir.resolve("main.conf"), "include inc/x.conf\n");
    Path relMain = Path.of("").toAbsolutePath().relativize(dir.resolve("main.conf"));
    List<Line> l = Preprocessor.read(relMain, null, diags);
    assertThat(where(l)).containsExactly(relMain.getParent().resolve("inc/x.conf") + ":1");
  }
}
