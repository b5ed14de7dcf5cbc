package io.vigil.lab;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command running in the background inside a namespace, in a process group of its own (so {@link
 * #killTree()} reaches its children too). Its stdout and stderr are collected together.
 */
public final class NsProcess implements AutoCloseable {
  private final List<String> argv;
  private final Process process;
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final Thread pump;

  NsProcess(List<String> argv, Process process) {
    this.argv = List.copyOf(argv);
    this.process = process;
    this.pump = Commands.pump(process.getInputStream(), output);
  }

  /** The process id; it is also the process group id. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Everything printed so far (stdout and stderr interleaved). */
  public String output() {
    synchronized (output) {
      return output.toString(StandardCharsets.UTF_8);
    }
  }

  /** How often {@code text} occurs in the {@link #output} so far. */
  public int count(String text) {
    return output().split(Pattern.quote(text), -1).length - 1;
  }

  /** How many matches of {@code pattern} the {@link #output} so far holds. */
  public int count(Pattern pattern) {
    Matcher m = pattern.matcher(output());
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** Sends a signal by name (TERM, HUP, KILL, ...) to the process itself. */
  public void signal(String name) {
    Commands.run(List.of("kill", "-s", name, Long.toString(pid())));
  }

  /** SIGKILL to the process alone (its children live on, as with `kill -9 PID`). */
  public void kill() {
    signal("KILL");
  }

  /** SIGKILL to the whole process group: the process and everything it started. */
  public void killTree() {
    Commands.run(List.of("kill", "-s", "KILL", "--", "-" + pid()));
  }

  /**
   * Waits for the process to exit; returns its exit code, or throws if it is still running. What it
   * printed last (ping's summary, say) is in {@link #output} by then: the output is read to its end
   * (at most 5 s more, in case a child left behind holds the pipe open).
   */
  public int waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new LabException(argv + " still running after " + timeout);
      }
      pump.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabException("interrupted", e);
    }
    return process.exitValue();
  }

  /**
   * Waits until the output matches {@code pattern}; returns the match. Fails with the output so far
   * when the deadline passes or the process exits without printing it.
   */
  public Matcher awaitOutput(Pattern pattern, Duration timeout) {
    long deadlineNs = System.nanoTime() + timeout.toNanos();
    while (true) {
      Matcher m = pattern.matcher(output());
      if (m.find()) {
        return m;
      }
      if (!process.isAlive()) {
        // one more look: the last output may have arrived with the exit
        Matcher last = pattern.matcher(output());
        if (last.find()) {
          return last;
        }
        throw new LabException(
            argv
                + " exited "
                + process.exitValue()
                + " before printing /"
                + pattern
                + "/:\n"
                + output());
      }
      if (System.nanoTime() - deadlineNs > 0) {
        throw new LabException(
            "no /" + pattern + "/ from " + argv + " within " + timeout + ":\n" + output());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LabException("interrupted", e);
      }
    }
  }

  /**
   * Waits until {@code cond} holds (polled every 50 ms), for something this process does; if it
   * does not within {@code timeout}, fails with its output.
   */
  public void awaitThat(java.util.function.BooleanSupplier cond, Duration timeout) {
    long deadlineNs = System.nanoTime() + timeout.toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() - deadlineNs > 0) {
        throw new LabException("not seen within " + timeout + " (" + argv + "):\n" + output());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LabException("interrupted", e);
      }
    }
  }

  /** Kills the process group if it is still running. */
  @Override
  public void close() {
    if (process.isAlive()) {
      killTree();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
