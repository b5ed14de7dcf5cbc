package io.vigil.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client's request loop ({@code loadclient.py} in the client namespace: one GET to the VIP at a
 * time, each on a new connection) and what it saw, parsed as it arrives. Times are {@link
 * System#nanoTime()} values: the script reads the same CLOCK_MONOTONIC.
 */
public final class ClientLoad implements AutoCloseable {
  /**
   * One request: when it started and ended, the HTTP code (or "ERR") and who answered (or why not).
   */
  public record Sample(long startNs, long endNs, String code, String answer) {
    /** An HTTP 200 answer. */
    public boolean ok() {
      return "200".equals(code);
    }

    /** The real server that answered (any HTTP code), or null when nobody did. */
    public String server() {
      return "ERR".equals(code) ? null : answer;
    }

    /** The client port of a failed request whose connection had one (the script says), or 0. */
    public int clientPort() {
      Matcher m = FAILED_PORT.matcher(answer);
      return "ERR".equals(code) && m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static final Pattern FAILED_PORT = Pattern.compile(" port (\\d+)$");
  }

  private final NsProcess process;
  private final List<Sample> samples = new ArrayList<>();
  private int parsedChars;

  private ClientLoad(NsProcess process) {
    this.process = process;
  }

  /**
   * Starts the loop in the topology's client: a request every {@code intervalMs} after the last
   * ended, each given {@code timeoutMs}; bounded by {@code maxCount} requests and {@code
   * maxSeconds}.
   */
  public static ClientLoad start(
      LvsTopology t, int intervalMs, int timeoutMs, int maxCount, int maxSeconds, Duration ready) {
    return start(t, intervalMs, timeoutMs, maxCount, maxSeconds, ready, false);
  }

  /**
   * As {@link #start}, but every request goes over one connection, kept alive (HTTP/1.1), opened
   * before this returns; the first request that fails ends the loop: it watches that connection.
   */
  public static ClientLoad hold(
      LvsTopology t, int intervalMs, int timeoutMs, int maxCount, int maxSeconds, Duration ready) {
    return start(t, intervalMs, timeoutMs, maxCount, maxSeconds, ready, true);
  }

  private static ClientLoad start(
      LvsTopology t,
      int intervalMs,
      int timeoutMs,
      int maxCount,
      int maxSeconds,
      Duration ready,
      boolean hold) {
    NsProcess p = t.startClientLoad(intervalMs, timeoutMs, maxCount, maxSeconds, hold);
    p.awaitOutput(Pattern.compile("^started", Pattern.MULTILINE), ready);
    return new ClientLoad(p);
  }

  /** Every request so far, in order. */
  public synchronized List<Sample> samples() {
    parse();
    return List.copyOf(samples);
  }

  /** The requests that started at or after {@code nowNs}. */
  public List<Sample> since(long nowNs) {
    List<Sample> out = new ArrayList<>();
    for (Sample s : samples()) {
      if (s.startNs() - nowNs >= 0) {
        out.add(s);
      }
    }
    return out;
  }

  /** The client port of a {@link #hold held} connection. */
  public int localPort() {
    Matcher m = HELD_PORT.matcher(process.output());
    if (!m.find()) {
      throw new LabException("not a held connection: " + process.output());
    }
    return Integer.parseInt(m.group(1));
  }

  private static final Pattern HELD_PORT = Pattern.compile("^started (\\d+)$", Pattern.MULTILINE);

  public boolean isAlive() {
    return process.isAlive();
  }

  private void parse() {
    String out = process.output();
    int end = out.lastIndexOf('\n');
    if (end < parsedChars) {
      return;
    }
    for (String line : out.substring(parsedChars, end).split("\n")) {
      String[] f = line.strip().split(" ", 4);
      if (f.length == 4 && !f[0].isEmpty() && Character.isDigit(f[0].charAt(0))) {
        samples.add(new Sample(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2], f[3]));
      }
    }
    parsedChars = end + 1;
  }

  /**
   * The longest time without a successful answer in [fromNs, toNs]: between the end of one 200 and
   * the end of the next (the window's edges count as answers), in milliseconds.
   */
  public static long longestGapMs(List<Sample> all, long fromNs, long toNs) {
    long last = fromNs;
    long gap = 0;
    for (Sample s : all) {
      if (s.ok() && s.endNs() - fromNs >= 0 && s.endNs() - toNs <= 0) {
        gap = Math.max(gap, s.endNs() - last);
        last = s.endNs();
      }
    }
    gap = Math.max(gap, toNs - last);
    return gap / 1_000_000;
  }

  /** Stops the loop. */
  @Override
  public void close() {
    process.close();
  }
}
