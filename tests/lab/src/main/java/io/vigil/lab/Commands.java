package io.vigil.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs host commands with a deadline; every lab step goes through here. */
final class Commands {
  /** No lab command (ip, sysctl, ...) may take longer than this. */
  static final long DEFAULT_TIMEOUT_MS = 60_000;

  private Commands() {}

  static ExecResult run(List<String> argv) {
    return run(argv, DEFAULT_TIMEOUT_MS);
  }

  static ExecResult run(List<String> argv, long timeoutMs) {
    Process p;
    try {
      p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(devNull())).start();
    } catch (IOException e) {
      throw new LabException("cannot start " + argv, e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread to = pump(p.getInputStream(), out);
    Thread te = pump(p.getErrorStream(), err);
    try {
      if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new LabException(argv + " did not finish within " + timeoutMs + " ms");
      }
      to.join(timeoutMs);
      te.join(timeoutMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new LabException("interrupted while running " + argv, e);
    }
    return new ExecResult(
        p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs {@code ip ARGS...} and throws unless it succeeds. */
  static String ip(String... args) {
    List<String> argv = new ArrayList<>();
    argv.add("ip");
    argv.addAll(List.of(args));
    return run(argv).orThrow(String.join(" ", argv));
  }

  static java.io.File devNull() {
    return new java.io.File("/dev/null");
  }

  static Thread pump(InputStream in, java.io.OutputStream sink) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                  synchronized (sink) {
                    sink.write(buf, 0, n);
                  }
                }
              } catch (IOException e) {
                if (!"Stream closed".equals(e.getMessage())) {
                  throw new UncheckedIOException(e);
                }
              }
            },
            "lab-pump");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
