package io.vigil.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command with a deadline and keeps its exit code and merged output. */
record Proc(int exitCode, String output) {
  static Proc run(long timeoutS, String... command) throws IOException, InterruptedException {
    return run(timeoutS, List.of(command));
  }

  static Proc run(long timeoutS, List<String> command) throws IOException, InterruptedException {
    return runIn(Path.of("."), timeoutS, command);
  }

  static Proc runIn(Path dir, long timeoutS, List<String> command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("vigil-proc", ".out");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor();
        throw new IOException(
            command + " ran out of its " + timeoutS + " s:\n" + Files.readString(out));
      }
      return new Proc(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** The tool's path, or an error saying which Debian package brings it. */
  static String tool(String name, String debianPackage) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new AssertionError(
        name + " is missing: install Debian's " + debianPackage + " (tests/lab/apt-packages.txt)");
  }
}
