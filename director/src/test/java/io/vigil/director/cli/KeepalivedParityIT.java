package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Diagnostic;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import io.vigil.lab.Bridge;
import io.vigil.lab.ExecResult;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Side by side with the real thing: for each of our own configurations (valid and broken), {@code
 * keepalived -t} runs in a namespace that has exactly eth0 and eth1, and Vigil checks the same file
 * for a host with the same interfaces. The verdicts (exit codes) must be equal, and every line
 * keepalived points at must be a line Vigil points at too (Vigil may say more: keepalived reports
 * some findings without a line).
 */
class KeepalivedParityIT {
  @RegisterExtension static final NetLab lab = new NetLab();

  static final String CONFIG_ID = "lb-a";
  static final Pattern KEEPALIVED_LINE = Pattern.compile("^\\((?:([^:()]+): )?Line (\\d+)\\)");
  static Netns host;

  @BeforeAll
  static void namespaceWithTwoInterfaces() {
    Assumptions.assumeTrue(
        Stream.of(System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin").split(":"))
            .anyMatch(d -> Files.isExecutable(Path.of(d, "keepalived"))),
        "keepalived is not installed (tests/lab/apt-packages.txt lists it)");
    host = lab.netns("kp");
    Bridge lan = lab.bridge("lan");
    host.attach(lan, "eth0", "192.0.2.1/24");
    host.attach(lan, "eth1", "198.51.100.1/24");
  }

  static Path dir() throws URISyntaxException {
    return Path.of(KeepalivedParityIT.class.getResource("/io/vigil/director/parity").toURI());
  }

  static Stream<String> configs() throws IOException, URISyntaxException {
    try (Stream<Path> s = Files.list(dir())) {
      return s
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".conf"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("configs")
  void vigilAgreesWithKeepalived(String name) throws Exception {
    Path file = dir().resolve(name);
    ExecResult k = host.exec("keepalived", "-t", "-i", CONFIG_ID, "-f", file.toString());
    Environment env =
        new Environment(
            CONFIG_ID,
            Set.of("lo", "eth0", "eth1")::contains,
            p -> Files.isRegularFile(Path.of(p)));
    LoadResult v = ConfigLoader.load(file, env);
    String report =
        "keepalived said (exit "
            + k.exitCode()
            + "):\n"
            + k.stderr()
            + "\nvigil said (exit "
            + v.exitCode()
            + "):\n"
            + String.join("\n", v.diagnostics().stream().map(Diagnostic::toString).toList());

    assertThat(v.exitCode()).as(report).isEqualTo(k.exitCode());
    assertThat(name.startsWith("ok-")).as(report).isEqualTo(k.exitCode() == 0);

    Set<String> keepalivedLines = new TreeSet<>();
    for (String line : k.stderr().lines().toList()) {
      Matcher m = KEEPALIVED_LINE.matcher(line);
      if (m.find()) {
        String f = m.group(1) == null ? name : Path.of(m.group(1)).getFileName().toString();
        keepalivedLines.add(f + ":" + m.group(2));
      }
    }
    Set<String> vigilLines = new TreeSet<>();
    for (Diagnostic d : v.diagnostics()) {
      vigilLines.add(Path.of(d.origin().file()).getFileName() + ":" + d.origin().line());
    }
    assertThat(vigilLines).as(report).containsAll(keepalivedLines);
  }
}
