package io.vigil.config.lang;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Diagnostics;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeBuilderTest {
  final Diagnostics d = new Diagnostics();

  List<Node> build(String text) {
    return TreeBuilder.build(Preprocessor.readString(text, "t", Path.of("/"), null, d), d);
  }

  @Test
  void buildsNestedBlocksWhetherTheBraceIsOnTheSameLineOrTheNext() {
    List<Node> n = build("a x {\n b 1\n c\n {\n  d\n }\n}\ne");
    assertThat(n).hasSize(2);
    assertThat(n.get(0).keyword()).isEqualTo("a");
    assertThat(n.get(0).args()).containsExactly("x");
    assertThat(n.get(0).children()).extracting(Node::keyword).containsExactly("b", "c");
    assertThat(n.get(0).children().get(1).block()).isTrue();
    assertThat(n.get(0).children().get(1).children().get(0).origin().line()).isEqualTo(5);
    assertThat(n.get(1).block()).isFalse();
    assertThat(d.list()).isEmpty();
  }

  @Test
  void strayBracesAndUnclosedBlocksAreErrorsAtTheirLines() {
    build("a {\n}\n}\n{\n x\n}\nb {\n c\n");
    assertThat(d.list())
        .extracting(x -> x.origin().line() + " " + x.message())
        .containsExactly(
            "3 extra '}' found",
            "4 unexpected '{' - block ignored",
            "7 block 'b' is never closed (missing '}')");
  }

  @Test
  void deepNestingIsRefusedNotAStackOverflow() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      s.append("k {\n");
    }
    build(s.toString());
    assertThat(d.list()).anyMatch(x -> x.message().contains("nest deeper"));
  }
}
