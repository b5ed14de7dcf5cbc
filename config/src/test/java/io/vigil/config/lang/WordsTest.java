package io.vigil.config.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WordsTest {
  @Test
  void splitsOnBlanksAndKeepsDoubleQuotedWordsWhole() {
    assertThat(Words.split("  a\tb  \"c d\"e  ", null)).containsExactly("a", "b", "c d", "e");
  }

  @Test
  void ordinarySplitHasNoEscapes() {
    assertThat(Words.split("\"a\\\"", null)).containsExactly("a\\");
  }

  @Test
  void unmatchedQuoteIsReportedAndEndsTheLine() {
    AtomicBoolean bad = new AtomicBoolean();
    assertThat(Words.split("a \"b c", () -> bad.set(true))).containsExactly("a");
    assertThat(bad).isTrue();
  }

  @Test
  void escapedSplitDecodesKeepalivedsEscapes() {
    assertThat(Words.splitEscaped("x \\a\\b\\E\\f\\n\\r\\t\\v \\x41\\x4a \\101 \\cA \\q \\\\"))
        .contains(List.of("x", "\u0007\b\u001b\f\n\r\t\u000b", "AJ", "A", "\u0001", "q", "\\"));
  }

  @Test
  void escapedSplitGroupsSingleAndDoubleQuotesGluedToText() {
    assertThat(Words.splitEscaped("/bin/echo 'a b'\"c d\"e \"x\\\"y\" 'it\\'s'"))
        .contains(List.of("/bin/echo", "a bc de", "x\"y", "it's"));
  }

  @Test
  void escapedSplitRefusesUnclosedQuoteAndTrailingBackslash() {
    assertThat(Words.splitEscaped("a 'b")).isEmpty();
    assertThat(Words.splitEscaped("a b\\")).isEmpty();
  }
}
