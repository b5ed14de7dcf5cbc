package io.vigil.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A machine stall made on purpose: every CPU taken at once by a SCHED_FIFO 99 busy loop ({@code
 * cpustall.py}, which {@code benchmarks/stall.sh} runs too). Needs root.
 */
public final class CpuStall {
  private static final String SCRIPT = "cpustall.py";

  private CpuStall() {}

  /**
   * Stalls every CPU for {@code ms} and returns when the loops have ended.
   *
   * @throws LabException if a loop did not get its CPU and priority, or they did not end in 30 s
   */
  public static void run(int ms) {
    Path script = LvsTopology.extractScript(SCRIPT);
    try {
      Process p =
          new ProcessBuilder("python3", script.toString(), Integer.toString(ms))
              .redirectErrorStream(true)
              .start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new LabException("the busy loops did not end within 30 s");
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new LabException("the busy loops did not run at SCHED_FIFO 99 on every CPU: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabException("interrupted while the CPUs were stalled");
    } finally {
      try {
        Files.deleteIfExists(script);
      } catch (IOException ignored) {
        // a temporary file left behind
      }
    }
  }
}
