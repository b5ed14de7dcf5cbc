package io.vigil.vrrp.fsm;

import java.util.Optional;

/**
 * When a {@code vrrp_script} runs and what its exits mean, as keepalived's {@code
 * vrrp_script_thread} and {@code vrrp_script_child_thread} have it. Pure: {@code nowNs} in,
 * decisions out.
 *
 * <p>Runs are due every {@code interval} from the start, the first at once; a run still going when
 * the next is due is not doubled (that turn is skipped). keepalived keeps one counter per script,
 * {@code 0..rise+fall-1}, and the script is up while it is {@code >= rise}: a success counts up
 * (the {@code rise}-th one in a row from down reports up), a failure (a non-zero exit, a signal, a
 * timeout) counts down (the {@code fall}-th in a row from up reports down). Before its first exit a
 * script is in neither state (it moves no priority, see {@link #initialTrackerUp}); its first exit
 * is reported whichever way it goes. {@code init_fail} starts it down, counter at 0: it needs
 * {@code rise} successes to come up.
 */
public final class ScriptPolicy {
  /** What is known of the script. */
  public enum Status {
    /** No exit yet (and not {@code init_fail}). */
    UNKNOWN,
    UP,
    DOWN
  }

  private final int rise;
  private final int fall;
  private final long intervalNs;
  private int result;
  private Status status;
  private boolean running;
  private long nextRunNs;
  private long skipped;

  /**
   * @param firstRunNs when the first run is due (the start: keepalived runs it at once)
   */
  public ScriptPolicy(int rise, int fall, boolean initFail, long intervalNs, long firstRunNs) {
    if (rise < 1 || fall < 1 || intervalNs <= 0) {
      throw new IllegalArgumentException("rise and fall >= 1, interval > 0");
    }
    this.rise = rise;
    this.fall = fall;
    this.intervalNs = intervalNs;
    this.result = initFail ? 0 : rise - 1;
    this.status = initFail ? Status.DOWN : Status.UNKNOWN;
    this.nextRunNs = firstRunNs;
  }

  public Status status() {
    return status;
  }

  /** When the next run is due. */
  public long nextRunNs() {
    return nextRunNs;
  }

  /** Turns skipped because the previous run had not finished. */
  public long skipped() {
    return skipped;
  }

  /**
   * At a due time: true to start a run now (the caller then reports {@link #finished}); false when
   * it is not due yet or the last run is still going (that turn is skipped, as keepalived does).
   */
  public boolean startIfDue(long nowNs) {
    if (nowNs - nextRunNs < 0) {
      return false;
    }
    nextRunNs += intervalNs;
    if (nextRunNs - nowNs <= 0) {
      nextRunNs = nowNs + intervalNs; // fell behind (a stalled clock reader): no burst of runs
    }
    if (running) {
      skipped++;
      return false;
    }
    running = true;
    return true;
  }

  /**
   * A run ended: {@code success} is exit status 0 (a timeout or a signal is a failure). Returns the
   * new status when it changed (or on the first exit), else empty.
   */
  public Optional<Status> finished(boolean success) {
    running = false;
    boolean first = status == Status.UNKNOWN;
    if (success) {
      if (result < rise - 1) {
        result++;
        return Optional.empty();
      }
      result = rise + fall - 1;
      if (status != Status.UP) {
        status = Status.UP;
        return Optional.of(status);
      }
      return Optional.empty();
    }
    if (result > rise) {
      result--;
      return Optional.empty();
    }
    result = 0;
    if (status != Status.DOWN || first) {
      status = Status.DOWN;
      return Optional.of(status);
    }
    return Optional.empty();
  }

  /**
   * The status a {@link Tracker} starts with so that a script that has not exited yet moves
   * nothing: keepalived adds no weight for it either way, and with weight 0 the instance is not in
   * FAULT until the script fails. A known status is used as it is.
   */
  public static boolean initialTrackerUp(Status status, int weight, boolean reverse) {
    return switch (status) {
      case UP -> true;
      case DOWN -> false;
      case UNKNOWN -> weight == 0 ? !reverse : weight < 0;
    };
  }
}
