package io.vigil.director.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** reload_time_file's line, read as keepalived 2.2.7's reload_monitor.c reads it. */
class ReloadTimeTest {
  static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin"); // UTC+1 in December

  @Test
  void aTimeAloneIsTodaysOrTomorrowsInLocalTimeOrUtc() {
    ReloadTime later = ReloadTime.parse("14:30:00", NOW, BERLIN);
    assertThat(later.at()).isEqualTo(Instant.parse("2026-12-05T13:30:00Z"));
    assertThat(later.dateGiven()).isFalse();
    assertThat(ReloadTime.parse("12:30:00Z", NOW, BERLIN).at())
        .isEqualTo(Instant.parse("2026-12-05T12:30:00Z"));
    // already past today: tomorrow
    assertThat(ReloadTime.parse("11:00:00Z", NOW, BERLIN).at())
        .isEqualTo(Instant.parse("2026-12-06T11:00:00Z"));
    assertThat(ReloadTime.parse("12:00:00Z", NOW, BERLIN).at())
        .isEqualTo(Instant.parse("2026-12-06T12:00:00Z"));
  }

  @Test
  void aDateAndTimeInEitherYearFormIsThatMomentUnlessPast() {
    ReloadTime t = ReloadTime.parse("2026-12-24 18:00:00", NOW, BERLIN);
    assertThat(t.at()).isEqualTo(Instant.parse("2026-12-24T17:00:00Z"));
    assertThat(t.dateGiven()).isTrue();
    assertThat(ReloadTime.parse("26-12-24 18:00:00Z", NOW, BERLIN).at())
        .isEqualTo(Instant.parse("2026-12-24T18:00:00Z"));
    ReloadTime past = ReloadTime.parse("2026-12-05 11:59:59Z", NOW, ZoneOffset.UTC);
    assertThat(past.at()).isNull();
    assertThat(past.problem())
        .isEqualTo("Reload time 2026-12-05 11:59:59Z is in the past - ignoring");
  }

  @Test
  void anythingElseIsRefusedWithKeepalivedsWords() {
    assertThat(ReloadTime.parse("14:30", NOW, BERLIN).problem())
        .isEqualTo("Reload time 14:30 format is incorrect - ignoring");
    assertThat(ReloadTime.parse(" 14:30:00", NOW, BERLIN).problem())
        .isEqualTo("Reload time  14:30:00 format is incorrect - ignoring");
    assertThat(ReloadTime.parse("25:00:00", NOW, BERLIN).problem())
        .isEqualTo("Reload date/time 25:00:00 invalid - ignoring");
    assertThat(ReloadTime.parse("2026-02-30 10:00:00", NOW, BERLIN).problem())
        .isEqualTo("Reload date/time 2026-02-30 10:00:00 invalid - ignoring");
    assertThat(ReloadTime.parse("2026-12-24T18:00:00", NOW, BERLIN).problem())
        .isEqualTo("Reload date/time 2026-12-24T18:00:00 invalid - ignoring");
    // 02:30 does not exist in Berlin on the night clocks go forward
    assertThat(ReloadTime.parse("2027-03-28 02:30:00", NOW, BERLIN).problem())
        .isEqualTo("Reload time 2027-03-28 02:30:00 is not valid - ignoring");
    assertThat(ReloadTime.parse("2027-03-28 02:30:00Z", NOW, BERLIN).at())
        .isEqualTo(Instant.parse("2027-03-28T02:30:00Z"));
  }
}
