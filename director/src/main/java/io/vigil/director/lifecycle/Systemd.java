package io.vigil.director.lifecycle;

import io.vigil.kernel.KernelException;
import io.vigil.kernel.SdNotify;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the director tells systemd (Type=notify): READY, RELOADING with the monotonic time,
 * STOPPING, a one-line STATUS, and WATCHDOG keep-alives while the director's loops are alive.
 *
 * <p>All of it is a no-op when the process was not started by systemd. A notification that cannot
 * be sent (the socket gone, say) is logged, once until one goes through again, and changes nothing
 * else: the director carries on, and stops cleanly when told to, as sd_notify(3)'s callers do.
 */
public final class Systemd {
  private static final Logger log = LoggerFactory.getLogger(Systemd.class);

  private final SdNotify notify;
  private volatile boolean failing;
  private final long watchdogUsec;
  private final LongSupplier monotonicUsec;

  Systemd(SdNotify notify, long watchdogUsec, LongSupplier monotonicUsec) {
    this.notify = notify;
    this.watchdogUsec = watchdogUsec;
    this.monotonicUsec = monotonicUsec;
  }

  /**
   * From $NOTIFY_SOCKET, $WATCHDOG_USEC and $WATCHDOG_PID, as sd_notify(3) and
   * sd_watchdog_enabled(3).
   */
  public static Systemd fromEnvironment(Map<String, String> env) {
    long wd = 0;
    String usec = env.get("WATCHDOG_USEC");
    String pid = env.get("WATCHDOG_PID");
    boolean forUs = pid == null || pid.equals(Long.toString(ProcessHandle.current().pid()));
    if (usec != null && forUs) {
      try {
        wd = Long.parseLong(usec.strip());
      } catch (NumberFormatException e) {
        wd = 0;
      }
    }
    // HotSpot's System.nanoTime() on Linux is CLOCK_MONOTONIC, the clock systemd expects.
    return new Systemd(
        SdNotify.forSocket(env.get("NOTIFY_SOCKET")),
        Math.max(0, wd),
        () -> TimeUnit.NANOSECONDS.toMicros(System.nanoTime()));
  }

  public boolean enabled() {
    return notify.enabled();
  }

  /** The keep-alive period systemd asked for (half its timeout), or 0 when it asked for none. */
  public long watchdogPeriodMs() {
    return watchdogUsec / 2000;
  }

  public void ready(String status) {
    send("READY=1\nSTATUS=" + oneLine(status));
  }

  public void reloading() {
    send("RELOADING=1\nMONOTONIC_USEC=" + monotonicUsec.getAsLong());
  }

  /** After a reload: ready again, with the new status. */
  public void reloaded(String status) {
    ready(status);
  }

  public void stopping() {
    send("STOPPING=1");
  }

  public void status(String status) {
    send("STATUS=" + oneLine(status));
  }

  /** Sends WATCHDOG=1 only when {@code alive} says the director's loops are turning. */
  public boolean keepAlive(BooleanSupplier alive) {
    if (watchdogUsec == 0 || !alive.getAsBoolean()) {
      return false;
    }
    return send("WATCHDOG=1");
  }

  /** Whether {@code state} went out; a failure is logged (once in a row) and swallowed. */
  private boolean send(String state) {
    try {
      boolean sent = notify.send(state);
      if (sent && failing) {
        failing = false;
        log.info("systemd notifications go through again");
      }
      return sent;
    } catch (KernelException e) {
      if (!failing) {
        failing = true;
        log.warn(
            "cannot notify systemd ({}): {}; carrying on without it",
            state.lines().findFirst().orElse(""),
            e.getMessage());
      }
      return false;
    }
  }

  static String oneLine(String s) {
    return s.replace('\n', ' ');
  }
}
