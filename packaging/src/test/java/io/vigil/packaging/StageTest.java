package io.vigil.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.director.cli.CommandTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageTest {
  @TempDir Path stage;

  private Stage stage() {
    return new Stage(stage, stage.resolve("src"), "1.0", "2026-01-01");
  }

  private void jars(String... names) throws IOException {
    Path dir = Files.createDirectories(stage.resolve("usr/share/vigil"));
    for (String n : names) {
      Files.writeString(dir.resolve(n), "");
    }
    Files.writeString(dir.resolve("README"), "");
  }

  @Test
  void classPathNamesEveryJarDirectorFirstThenSorted() throws IOException {
    jars("netty-common-4.jar", "vigil-director-1.0.jar", "asm-9.jar");
    assertThat(stage().classPath())
        .isEqualTo(
            "/usr/share/vigil/vigil-director-1.0.jar:/usr/share/vigil/asm-9.jar:"
                + "/usr/share/vigil/netty-common-4.jar");
  }

  @Test
  void refusesATreeWithoutTheDirectorJar() throws IOException {
    jars("asm-9.jar");
    assertThatThrownBy(() -> stage().classPath()).hasMessageContaining("no vigil-director jar");
  }

  @Test
  void bashCompletionHasNoHashbangButCompletesTheSubcommands() {
    String script = Stage.completion(CommandTree.commandLine());
    assertThat(script).doesNotStartWith("#!");
    assertThat(script).contains("complete -F").contains("status");
  }
}
