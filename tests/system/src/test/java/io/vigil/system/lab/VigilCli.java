package io.vigil.system.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The vigil CLI of this build, as the system tests start it inside a lab namespace, and the bounded
 * wait they use for what it does to the kernel.
 */
public final class VigilCli {
  private VigilCli() {}

  /**
   * The argv for {@code vigil ARGS...} on this JVM's classpath (C1 and serial GC: it suits TCG).
   */
  public static String[] argv(String... args) {
    List<String> a = new ArrayList<>();
    a.add(System.getProperty("java.home") + "/bin/java");
    a.add("-XX:TieredStopAtLevel=1");
    a.add("-XX:+UseSerialGC");
    a.add("-cp");
    a.add(System.getProperty("java.class.path"));
    a.add("io.vigil.director.cli.VigilCommand");
    a.addAll(List.of(args));
    return a.toArray(String[]::new);
  }

  /** {@link #argv} as one shell line, every word single-quoted. */
  public static String shellLine(String... args) {
    StringBuilder sb = new StringBuilder();
    for (String a : argv(args)) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append('\'').append(a.replace("'", "'\\''")).append('\'');
    }
    return sb.toString();
  }

  /**
   * Polls {@code cond} every 100 ms until it holds; returns the milliseconds it took. Fails after
   * {@code timeout} with {@code what} and {@code context} (say, the daemon's output so far).
   */
  public static long await(
      BooleanSupplier cond, String what, Duration timeout, Supplier<String> context) {
    long startNs = System.nanoTime();
    long deadlineNs = startNs + timeout.toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() - deadlineNs > 0) {
        throw new AssertionError(
            "timed out after " + timeout + " waiting for " + what + ":\n" + context.get());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return (System.nanoTime() - startNs) / 1_000_000;
  }
}
