package io.vigil.director.daemon;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;

/**
 * The first line of a {@code reload_time_file}, read as keepalived 2.2.7 reads it
 * (reload_monitor.c): exactly {@code HH:MM:SS}, {@code YY-MM-DD HH:MM:SS} or {@code YYYY-MM-DD
 * HH:MM:SS}, with an optional {@code Z} at the end for UTC (else local time). A time alone already
 * past today is tomorrow's; a date and time in the past is ignored, as is a local time that does
 * not exist (a daylight saving gap).
 *
 * @param at when to reload, or null when the line is refused
 * @param dateGiven whether the line had a date (a time alone can repeat daily)
 * @param problem why the line is refused, in keepalived's words; null when accepted
 */
public record ReloadTime(Instant at, boolean dateGiven, String problem) {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter SHORT_DATE =
      DateTimeFormatter.ofPattern("uu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter LONG_DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

  /** Reads {@code line} at {@code now}, local times in {@code zone}. */
  public static ReloadTime parse(String line, Instant now, ZoneId zone) {
    String s = line;
    ZoneId in = zone;
    if (s.endsWith("Z")) {
      s = s.substring(0, s.length() - 1);
      in = ZoneOffset.UTC;
    }
    if (s.length() != 8 && s.length() != 17 && s.length() != 19) {
      return refused("Reload time " + line + " format is incorrect - ignoring");
    }
    LocalDateTime wanted;
    try {
      if (s.length() == 8) {
        wanted = LocalDateTime.of(LocalDate.ofInstant(now, in), LocalTime.parse(s, TIME));
      } else {
        wanted = LocalDateTime.parse(s, s.length() == 17 ? SHORT_DATE : LONG_DATE);
      }
    } catch (DateTimeException e) {
      return refused("Reload date/time " + line + " invalid - ignoring");
    }
    ZonedDateTime t = wanted.atZone(in);
    if (!t.toLocalDateTime().equals(wanted)) {
      return refused("Reload time " + line + " is not valid - ignoring"); // in a DST gap
    }
    if (!t.toInstant().isAfter(now)) {
      if (s.length() != 8) {
        return refused("Reload time " + line + " is in the past - ignoring");
      }
      t = wanted.plusDays(1).atZone(in);
    }
    return new ReloadTime(t.toInstant(), s.length() != 8, null);
  }

  private static ReloadTime refused(String why) {
    return new ReloadTime(null, false, why);
  }

  /** As keepalived logs it: {@code YYYY-MM-DD HH:MM:SS} in local time. */
  static String local(Instant t, ZoneId zone) {
    return LONG_DATE.format(t.atZone(zone));
  }
}
