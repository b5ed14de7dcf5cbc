package io.vigil.director.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code reload_time_file}: follows the file, read again whenever its first line changes (it is
 * looked at every {@code pollMs}, so a file created, rewritten or deleted is seen within that), and
 * asks for a reload at the time that line says ({@link ReloadTime}), as keepalived 2.2.7 does
 * (reload_monitor.c, with the same log lines): a new time moves the reload, a deleted file or a
 * refused line cancels it. When the reload is due the file is deleted, unless {@code reload_repeat}
 * and the line is a time alone: then the same time tomorrow is scheduled.
 */
final class ReloadTimer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReloadTimer.class);

  private final Path file;
  private final boolean repeat;
  private final Runnable reload;
  private final ZoneId zone;
  private final ScheduledExecutorService timer;
  private String seen; // the first line last read; null: no file, or nothing in it
  private boolean read; // whether the file was looked at since the last due reload
  private ReloadTime scheduled;
  private ScheduledFuture<?> due;

  private ReloadTimer(Path file, boolean repeat, Runnable reload, ZoneId zone) {
    this.file = file;
    this.repeat = repeat;
    this.reload = reload;
    this.zone = zone;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "reload-time-file");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Follows {@code file}; {@code reload} is called (on the timer's thread) when a reload is due.
   */
  static ReloadTimer start(Path file, boolean repeat, Runnable reload, ZoneId zone, long pollMs) {
    ReloadTimer t = new ReloadTimer(file, repeat, reload, zone);
    t.timer.scheduleWithFixedDelay(t::look, 0, pollMs, TimeUnit.MILLISECONDS);
    return t;
  }

  Path file() {
    return file;
  }

  boolean repeat() {
    return repeat;
  }

  /** The reload scheduled now, or null. */
  synchronized Instant scheduledAt() {
    return scheduled == null ? null : scheduled.at();
  }

  private synchronized void look() {
    String line = firstLine(file);
    if (read && Objects.equals(line, seen)) {
      return;
    }
    read = true;
    seen = line;
    if (line == null) {
      cancel();
      return;
    }
    ReloadTime t = ReloadTime.parse(line, Instant.now(), zone);
    if (t.at() == null) {
      log.info(t.problem());
      cancel();
      return;
    }
    if (scheduled != null && scheduled.at().equals(t.at())) {
      scheduled = t;
      return;
    }
    if (scheduled != null) {
      log.info(
          "Reload time updated from {} to {}",
          ReloadTime.local(scheduled.at(), zone),
          ReloadTime.local(t.at(), zone));
      due.cancel(false);
    } else {
      log.info("Scheduling reload for {}", ReloadTime.local(t.at(), zone));
    }
    scheduled = t;
    long delayMs = Math.max(0, t.at().toEpochMilli() - System.currentTimeMillis());
    due = timer.schedule(this::due, delayMs, TimeUnit.MILLISECONDS);
  }

  private synchronized void cancel() {
    if (scheduled != null) {
      log.info("Cancelling reload scheduled for {}", ReloadTime.local(scheduled.at(), zone));
      due.cancel(false);
      scheduled = null;
    }
  }

  private synchronized void due() {
    ReloadTime t = scheduled;
    scheduled = null;
    read = false; // the next look reads the file again: a daily time is then tomorrow's
    if (t == null) {
      return;
    }
    if (!repeat || t.dateGiven()) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("reload_time_file {} not deleted: {}", file, e.toString());
      }
    }
    log.info("Reloading as {} scheduled", file);
    reload.run();
  }

  /** The file's first line, without its newline; null when there is none (or it is unreadable). */
  static String firstLine(Path file) {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return r.readLine();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
