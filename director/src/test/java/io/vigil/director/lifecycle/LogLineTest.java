package io.vigil.director.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LogLine} writes what Logback's pattern layout writes for the two patterns it replaces, on
 * seeded random events: any level, logger name, message and arguments, an exception with causes and
 * suppressed ones or none, timestamps from 1900 to 2100 in zones with half- and quarter-hour
 * offsets, daylight saving and (before 1940) offsets with seconds.
 */
class LogLineTest {
  private static final String TIME = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, ZONE} ";
  private static final String REST = "%-5level %logger{0}: %msg%n";
  private static final List<Level> LEVELS =
      List.of(Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR);
  private static final List<String> LOGGERS =
      List.of("io.vigil.director.daemon.Daemon", "Root", "a.B", "io.netty.channel.Foo$Bar", "x.");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "UTC",
        "Asia/Kolkata",
        "America/St_Johns",
        "Pacific/Chatham",
        "Europe/Amsterdam",
        "America/Sao_Paulo",
        "Asia/Kathmandu"
      })
  void theLineIsLogbacksPatternLine(String zone) {
    LoggerContext context = new LoggerContext();
    PatternLayout timed = pattern(context, TIME.replace("ZONE", zone) + REST);
    PatternLayout journal = pattern(context, REST);
    LogLine ours = new LogLine(TimeZone.getTimeZone(zone));
    LogLine ourJournal = new LogLine(null);
    Random r = new Random(zone.hashCode());
    long from = -2_208_988_800_000L; // 1900-01-01
    long to = 4_102_444_800_000L; // 2100-01-01
    for (int i = 0; i < 5_000; i++) {
      LoggingEvent e =
          new LoggingEvent(
              LogLineTest.class.getName(),
              context.getLogger(LOGGERS.get(r.nextInt(LOGGERS.size()))),
              LEVELS.get(r.nextInt(LEVELS.size())),
              r.nextBoolean() ? "vigil running: {} of {}" : "plain é line",
              r.nextInt(8) == 0 ? thrown(r) : null,
              new Object[] {r.nextInt(), "x"});
      e.setTimeStamp(from + (long) (r.nextDouble() * (to - from)));
      assertThat(ours.doLayout(e)).isEqualTo(timed.doLayout(e));
      assertThat(ourJournal.doLayout(e)).isEqualTo(journal.doLayout(e));
    }
  }

  private static PatternLayout pattern(LoggerContext context, String pattern) {
    PatternLayout p = new PatternLayout();
    p.setContext(context);
    p.setPattern(pattern);
    p.start();
    return p;
  }

  private static Throwable thrown(Random r) {
    Throwable t = new IllegalStateException("bad " + r.nextInt(100));
    if (r.nextBoolean()) {
      t = new RuntimeException("wrapped", new IOException("below", t));
    }
    if (r.nextBoolean()) {
      t.addSuppressed(new IllegalArgumentException("also"));
    }
    return t;
  }
}
