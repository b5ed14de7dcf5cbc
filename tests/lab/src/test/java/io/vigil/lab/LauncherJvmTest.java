package io.vigil.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tests' daemons get the settings the launchers really give: a launcher's change shows here.
 */
class LauncherJvmTest {
  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

  @ParameterizedTest
  @ValueSource(strings = {"packaging/src/pkg/vigil.sh.in", "bin/vigil"})
  void everyFlagIsOneTheLauncherGives(String launcher) throws Exception {
    String text = Files.readString(ROOT.resolve(launcher));
    for (String flag : LauncherJvm.flags()) {
      assertThat(text)
          .as(launcher + " gives " + flag)
          .containsPattern("[\\s\"]" + java.util.regex.Pattern.quote(flag) + "[\\s\"]");
    }
  }

  @org.junit.jupiter.api.Test
  void theArgvIsJavaTheFlagsTheClassPathTheMainAndItsArguments() {
    String[] argv = LauncherJvm.argv(LauncherJvmTest.class, java.util.List.of("a", "b"));
    assertThat(argv[0]).endsWith("/bin/java");
    assertThat(java.util.List.of(argv).subList(1, 1 + LauncherJvm.flags().size()))
        .isEqualTo(LauncherJvm.flags());
    assertThat(java.util.List.of(argv).subList(argv.length - 5, argv.length))
        .containsExactly(
            "-cp",
            System.getProperty("java.class.path"),
            LauncherJvmTest.class.getName(),
            "a",
            "b");
  }
}
