package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive {@code mvn package} makes for {@code bin/vigil} holds the lambda classes
 * of the daemon's listed classes ({@link CdsTraining#DAEMON_CLASSES}), linked by the training
 * ({@link LambdaSites}): a command that runs those classes' lambdas maps them, none is generated.
 */
class CdsArchiveIT {
  @Test
  void theListedClassesLambdasComeFromTheArchive(@TempDir Path dir) throws Exception {
    Path vigil = Path.of("..", "bin", "vigil").toAbsolutePath().normalize();
    assertThat(vigil).isExecutable();
    Path conf = dir.resolve("vigil.conf");
    Files.writeString(conf, CdsTraining.SAMPLE_CONFIG); // its eth0 may be missing: errors, fine
    Path log = dir.resolve("classes.txt");
    ProcessBuilder pb =
        new ProcessBuilder(vigil.toString(), "check-config", "-f", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile());
    pb.environment().put("VIGIL_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(dir.resolve("out.txt"))).contains(conf + ": "); // its verdict

    Set<String> listed;
    try (InputStream in = CdsTraining.class.getResourceAsStream(CdsTraining.DAEMON_CLASSES);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      listed = r.lines().map(l -> l.strip().replace('/', '.')).collect(Collectors.toSet());
    }
    List<String> lines = Files.readAllLines(log);
    assertThat(lines)
        .as("the archive is in use")
        .anyMatch(l -> l.contains("io.vigil.config.ConfigLoader source: shared objects file"));
    List<String> lambdas =
        lines.stream()
            .filter(l -> l.contains("$$Lambda$"))
            .filter(l -> listed.contains(l.replaceAll(".* (\\S+)\\$\\$Lambda\\$.*", "$1")))
            .filter(l -> l.contains(" io.vigil."))
            .toList();
    assertThat(lambdas).as("lambdas of listed classes run by check-config").hasSizeGreaterThan(5);
    assertThat(lambdas).allMatch(l -> l.endsWith("source: shared objects file (top)"));
  }
}
