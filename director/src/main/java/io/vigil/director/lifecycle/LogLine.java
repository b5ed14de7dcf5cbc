package io.vigil.director.lifecycle;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.TimeZone;

/**
 * Vigil's log line, written by hand: {@code 2026-12-07T11:30:45.123Z INFO Daemon: message}, or
 * without the timestamp for the journal, which has its own. It is the line Logback's pattern {@code
 * %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0}: %msg%n} writes (and {@code %-5level
 * %logger{0}: %msg%n} without the timestamp), an exception's stack trace after it as Logback
 * appends one; {@code LogLineTest} compares the two on seeded events. Logback's pattern layout cost
 * a daemon's start 45 ms on a host (its parser, converters made by reflection, a date formatter on
 * java.time's zone rules, which read the whole time-zone database), a second and more under the lab
 * VM's emulation; this takes the offset from {@link TimeZone} (5 ms to load).
 */
public final class LogLine extends LayoutBase<ILoggingEvent> {
  private final TimeZone zone;

  /**
   * @param zone the timestamps' zone, or null for lines without a timestamp
   */
  public LogLine(TimeZone zone) {
    this.zone = zone == null ? null : (TimeZone) zone.clone();
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder b = new StringBuilder(128);
    if (zone != null) {
      timestamp(b, event.getTimeStamp(), zone);
      b.append(' ');
    }
    String level = event.getLevel().toString();
    b.append(level);
    for (int i = level.length(); i < 5; i++) {
      b.append(' ');
    }
    b.append(' ');
    String logger = event.getLoggerName();
    b.append(logger, logger.lastIndexOf('.') + 1, logger.length());
    b.append(": ").append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      b.append(ThrowableProxyUtil.asString(thrown)); // ends with a line separator
    }
    return b.toString();
  }

  /** {@code yyyy-MM-dd'T'HH:mm:ss.SSSXXX} of {@code millis} (since the epoch) in {@code zone}. */
  static void timestamp(StringBuilder b, long millis, TimeZone zone) {
    ZoneOffset offset = ZoneOffset.ofTotalSeconds(zone.getOffset(millis) / 1000);
    LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), 0, offset);
    int year = t.getYear();
    two(b, year / 100);
    two(b, year % 100).append('-');
    two(b, t.getMonthValue()).append('-');
    two(b, t.getDayOfMonth()).append('T');
    two(b, t.getHour()).append(':');
    two(b, t.getMinute()).append(':');
    two(b, t.getSecond()).append('.');
    int ms = Math.floorMod(millis, 1000);
    b.append((char) ('0' + ms / 100));
    two(b, ms % 100);
    int seconds = offset.getTotalSeconds();
    if (seconds == 0) {
      b.append('Z');
      return;
    }
    b.append(seconds < 0 ? '-' : '+');
    int minutes = Math.abs(seconds) / 60; // XXX: hours and minutes, the seconds left out
    two(b, minutes / 60).append(':');
    two(b, minutes % 60);
  }

  private static StringBuilder two(StringBuilder b, int v) {
    return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }
}
