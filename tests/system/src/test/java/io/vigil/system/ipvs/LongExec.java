package io.vigil.system.ipvs;

import io.vigil.lab.ExecResult;
import io.vigil.lab.Netns;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a JVM command inside a namespace with a deadline that suits the emulated VM, where a JVM
 * start alone can take tens of seconds when the host is busy ({@link Netns#exec} allows a minute).
 */
public final class LongExec {
  static final long TIMEOUT_MS = 600_000;

  private LongExec() {}

  public static ExecResult exec(Netns ns, String... argv) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns.name()));
    full.addAll(List.of(argv));
    Process p;
    try {
      p =
          new ProcessBuilder(full)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread to = pump(p.getInputStream(), out);
    Thread te = pump(p.getErrorStream(), err);
    try {
      if (!p.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new IllegalStateException(
            argv[0] + "... did not finish within " + TIMEOUT_MS + " ms");
      }
      to.join(TIMEOUT_MS);
      te.join(TIMEOUT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException("interrupted", e);
    }
    return new ExecResult(
        p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
    Thread t =
        new Thread(
            () -> {
              try (in) {
                in.transferTo(sink);
              } catch (IOException e) {
                // the process is gone; what was read is kept
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }
}
