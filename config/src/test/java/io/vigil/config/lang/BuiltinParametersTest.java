package io.vigil.config.lang;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Diagnostic;
import io.vigil.config.Diagnostics;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * keepalived.conf(5)'s pre-defined parameters: {@code ${_INSTANCE}}, {@code ${_RANDOM [MIN
 * [MAX]]}}, {@code ${_PWD}}, {@code ${_HASH}}, {@code ${_BANG}}.
 */
class BuiltinParametersTest {
  @TempDir Path dir;
  final Diagnostics diags = new Diagnostics();

  List<String> read(String text, String id) {
    return Preprocessor.readString(text, "t.conf", dir, id, diags).stream()
        .map(l -> String.join(" ", l.words()))
        .collect(Collectors.toList());
  }

  List<String> read(String text) {
    return read(text, "node1");
  }

  List<String> messages() {
    return diags.list().stream().map(Diagnostic::toString).toList();
  }

  @Test
  void instanceIsTheConfigId() {
    assertThat(read("router_id $_INSTANCE\nname ${_INSTANCE}-lb\n", "lb-a"))
        .containsExactly("router_id lb-a", "name lb-a-lb");
    assertThat(read("$N=${_INSTANCE}\nx $N\n", "lb-b")).containsExactly("x lb-b");
    // no config id: nothing to substitute, the reference stays (keepalived leaves undefined ones)
    assertThat(read("x \"${_INSTANCE}\"\n", null)).containsExactly("x ${_INSTANCE}");
    assertThat(diags.list()).isEmpty();
  }

  @Test
  void randomStaysWithinItsDefaultAndGivenRanges() {
    Set<Long> seen = new HashSet<>();
    for (String line : read("~SEQ(i, 1, 400) r ${_RANDOM} ${_RANDOM 5} ${_RANDOM 3 4}\n")) {
      String[] w = line.split(" ");
      long any = Long.parseLong(w[1]);
      long from5 = Long.parseLong(w[2]);
      long small = Long.parseLong(w[3]);
      assertThat(any).isBetween(0L, 32767L);
      assertThat(from5).isBetween(5L, 32767L);
      assertThat(small).isBetween(3L, 4L);
      seen.add(small);
    }
    assertThat(seen).containsExactlyInAnyOrder(3L, 4L);
    assertThat(read("a $_RANDOM\nb ${_RANDOM 7 7}\nc ${_RANDOM   2   2}\n"))
        .satisfies(l -> assertThat(l.get(0)).matches("a [0-9]{1,5}"))
        .satisfies(l -> assertThat(l.get(1)).isEqualTo("b 7"))
        .satisfies(l -> assertThat(l.get(2)).isEqualTo("c 2"));
    assertThat(diags.list()).isEmpty();
  }

  @Test
  void eachUseDrawsAgain() {
    List<String> l = read("~SEQ(i, 1, 50) r ${_RANDOM 0 1000000}\n");
    assertThat(new HashSet<>(l).size()).isGreaterThan(40);
  }

  @Test
  void randomSeedMakesTheConfigurationRepeatable() {
    String text = "global_defs {\n random_seed 42\n}\na ${_RANDOM}\nb ${_RANDOM 1 1000}\n";
    List<String> one = read(text);
    List<String> two = read(text);
    assertThat(one).isEqualTo(two);
    List<String> other = read(text.replace("42", "43"));
    assertThat(other).isNotEqualTo(one);
    // global_defs takes it without a "not implemented" warning, and checks it
    assertThat(
            io.vigil.config.Cfg.findings(
                io.vigil.config.Cfg.load("global_defs {\n random_seed 42\n}\n")))
        .isEmpty();
    assertThat(
            io.vigil.config.Cfg.findings(
                io.vigil.config.Cfg.load("global_defs {\n random_seed -1\n}\n")))
        .containsExactly("2 error: random_seed: number '-1' outside range [0, 4294967295]");
  }

  @Test
  void badRandomParametersAreErrorsAtTheLine() {
    assertThat(read("a ${_RANDOM 9 3}\nb ${_RANDOM 1 2 3}\nc ${_RANDOM 1 99999999999}\nd ok\n"))
        .containsExactly("d ok");
    assertThat(messages())
        .containsExactly(
            "t.conf:1: error: ${_RANDOM 9 3}: needs 0 <= MIN <= MAX <= 4294967295 (MIN 9, MAX 3)"
                + " - line ignored",
            "t.conf:2: error: too many parameters for ${_RANDOM 1 2 3}: MIN and MAX at most - line"
                + " ignored",
            "t.conf:3: error: ${_RANDOM 1 99999999999}: needs 0 <= MIN <= MAX <= 4294967295 (MIN"
                + " 1, MAX 99999999999) - line ignored");
  }

  @Test
  void parametersOnlyForBuiltinsAndNeverEndingInABlank() {
    // keepalived's find_definition(): "${X 1}" with a plain X, and "${_RANDOM 1 }", are left alone
    assertThat(
            read(
                "$X=x\na \"${X 1}\"\nb \"${_RANDOM 1 }\"\nc ${X }\nd \"${_HASH}\"\ne"
                    + " \"${_BANG}\"\n"))
        .containsExactly("a ${X 1}", "b ${_RANDOM 1 }", "c x", "d #", "e !");
    assertThat(read("p ${_PWD}\n")).containsExactly("p " + dir);
  }
}
