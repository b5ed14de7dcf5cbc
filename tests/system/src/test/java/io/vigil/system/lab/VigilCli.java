package io.vigil.system.lab;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The vigil CLI of this build, as the system tests start it inside a lab namespace, and the bounded
 * wait they use for what it does to the kernel.
 */
public final class VigilCli {
  private VigilCli() {}

  /**
   * The argv for {@code vigil ARGS...}: {@link #java()} and the CLI's main class, then {@code
   * args}.
   */
  public static String[] argv(String... args) {
    List<String> a = new ArrayList<>(java());
    a.add("io.vigil.director.cli.VigilCommand");
    a.addAll(List.of(args));
    return a.toArray(String[]::new);
  }

  /**
   * The JVM part of the vigil command, with the package launcher's settings that shape how it runs
   * ({@link io.vigil.lab.LauncherJvm#flags()}: C1 alone and the serial collector, which suit TCG
   * too, on a heap of 8 MiB growing to 256, small stacks, no PerfData). When this build's director
   * jar is on the classpath with its {@code lib/} beside it, the classpath is that jar and lib, as
   * {@code bin/vigil} and the packages run it, with the build's class-data sharing archive ({@code
   * director/target/vigil.jsa}) if it is newer than every jar: under TCG a JVM that maps its
   * classes from the archive instead of loading and verifying them starts seconds sooner, and the
   * lab starts dozens. The JVM checks the archive against its runtime and classpath itself and,
   * should it not match, runs without it (its warning goes to stderr, never into the output).
   * Otherwise (the classes in a directory, say from an IDE), this JVM's own classpath.
   */
  private static List<String> java() {
    List<String> a = new ArrayList<>();
    a.add(System.getProperty("java.home") + "/bin/java");
    a.addAll(io.vigil.lab.LauncherJvm.flags());
    Path jar = directorJar();
    Path lib = jar == null ? null : jar.resolveSibling("lib");
    if (jar == null || !Files.isDirectory(lib)) {
      a.add("-cp");
      a.add(System.getProperty("java.class.path"));
      return a;
    }
    Path target = jar.getParent();
    Path jsa = target.resolve("vigil.jsa");
    a.add("-Xshare:auto");
    a.add("-Xlog:disable");
    a.add("-Xlog:all=warning:stderr");
    if (fresh(jsa, jar, lib)) {
      a.add("-XX:SharedArchiveFile=" + jsa);
      // mapped where it was made for, not moved at every start: as bin/vigil and the package
      a.add("-XX:+UnlockDiagnosticVMOptions");
      a.add("-XX:ArchiveRelocationMode=0");
    }
    a.add("-Dvigil.jna.cache=" + target.resolve("jni"));
    a.add("-cp");
    a.add(jar + ":" + lib + "/*");
    return a;
  }

  private static Path directorJar() {
    try {
      Class<?> main = Class.forName("io.vigil.director.cli.VigilCommand");
      Path p = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
    } catch (ReflectiveOperationException | URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  /** {@code jsa} exists and is newer than {@code jar} and every jar in {@code lib}. */
  private static boolean fresh(Path jsa, Path jar, Path lib) {
    try (Stream<Path> jars = Files.list(lib)) {
      FileTime made = Files.getLastModifiedTime(jsa);
      return Stream.concat(Stream.of(jar), jars.filter(p -> p.toString().endsWith(".jar")))
          .allMatch(p -> olderThan(p, made));
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean olderThan(Path p, FileTime t) {
    try {
      return Files.getLastModifiedTime(p).compareTo(t) < 0;
    } catch (IOException e) {
      return false;
    }
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
