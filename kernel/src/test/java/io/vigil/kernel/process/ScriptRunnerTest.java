package io.vigil.kernel.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptRunnerTest {
  @Test
  void runsAsAUserOrAUserAndGroupAsScriptUserIsWritten() {
    assertThat(ScriptRunner.runAs("nobody")).containsExactly("runuser", "-u", "nobody", "--");
    assertThat(ScriptRunner.runAs(" nobody  nogroup "))
        .isEqualTo(List.of("runuser", "-u", "nobody", "-g", "nogroup", "--"));
  }
}
