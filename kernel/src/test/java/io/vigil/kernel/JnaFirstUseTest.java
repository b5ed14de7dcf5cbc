package io.vigil.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JNA is prepared (JnaStart) before its first use whichever binding comes first: otherwise it runs
 * {@code ldconfig -p} and unpacks its stub into a new temporary file at every start.
 */
class JnaFirstUseTest {
  @TempDir Path tmp;

  @Test
  void libcAsTheFirstUseFindsJnaPrepared() throws IOException, InterruptedException {
    Path cache = tmp.resolve("jni");
    Process p =
        new ProcessBuilder(
                List.of(
                    System.getProperty("java.home") + "/bin/java",
                    "-Xshare:auto",
                    "-D" + JnaStart.CACHE_PROPERTY + "=" + cache,
                    "-cp",
                    System.getProperty("java.class.path"),
                    JnaFirstUseProbe.class.getName()))
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the probe ended").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out.lines())
        .as(out)
        .contains("pid true", "platform " + JnaStart.LIBRARY_PATH)
        .anyMatch(l -> l.matches("boot jnidispatch-[0-9a-f]+"));
    try (var files = Files.list(cache)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("the stub unpacked into the cache")
          .anyMatch(n -> n.startsWith("libjnidispatch-"));
    }
  }
}
