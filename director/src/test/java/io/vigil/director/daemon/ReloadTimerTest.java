package io.vigil.director.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * reload_time_file followed for real (a file in a temporary directory, looked at every 20 ms): a
 * reload at the time it says, the file deleted after it unless reload_repeat with a time alone;
 * moved when the file changes, cancelled when it goes.
 */
class ReloadTimerTest {
  @TempDir Path dir;
  final Semaphore reloads = new Semaphore(0);

  static String utc(Instant t, String pattern) {
    return DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC).format(t) + "Z";
  }

  ReloadTimer follow(Path file, boolean repeat) {
    return ReloadTimer.start(file, repeat, reloads::release, ZoneOffset.UTC, 20);
  }

  static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!c.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 5 s").isLessThan(end);
      Thread.sleep(10);
    }
  }

  @Test
  void aDatedTimeReloadsOnceThenTheFileIsGone() throws Exception {
    Path f = dir.resolve("reload-at");
    Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
    try (ReloadTimer t = follow(f, false)) {
      Thread.sleep(100);
      assertThat(t.scheduledAt()).isNull(); // no file yet
      Files.writeString(f, utc(at, "yyyy-MM-dd HH:mm:ss") + "\n");
      await(() -> at.equals(t.scheduledAt()));
      assertThat(reloads.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
      assertThat(Instant.now()).isAfterOrEqualTo(at);
      assertThat(f).doesNotExist();
      assertThat(t.scheduledAt()).isNull();
      assertThat(reloads.tryAcquire(300, TimeUnit.MILLISECONDS)).isFalse();
    }
  }

  @Test
  void withReloadRepeatATimeAloneStaysAndComesBackTomorrow() throws Exception {
    Path f = dir.resolve("daily");
    Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
    try (ReloadTimer t = follow(f, true)) {
      Files.writeString(f, utc(at, "HH:mm:ss"));
      await(() -> at.equals(t.scheduledAt()));
      assertThat(reloads.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
      assertThat(f).exists();
      await(() -> at.plus(1, ChronoUnit.DAYS).equals(t.scheduledAt()));
    }
  }

  @Test
  void aChangedFileMovesTheReloadAndADeletedOneCancelsIt() throws Exception {
    Path f = dir.resolve("moved");
    Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(3600);
    Instant second = first.plusSeconds(60);
    try (ReloadTimer t = follow(f, false)) {
      Files.writeString(f, utc(first, "yyyy-MM-dd HH:mm:ss"));
      await(() -> first.equals(t.scheduledAt()));
      Files.writeString(f, utc(second, "yyyy-MM-dd HH:mm:ss"));
      await(() -> second.equals(t.scheduledAt()));
      Files.writeString(f, "tomorrow");
      await(() -> t.scheduledAt() == null); // refused: cancelled
      Files.writeString(f, utc(second, "yyyy-MM-dd HH:mm:ss"));
      await(() -> second.equals(t.scheduledAt()));
      Files.delete(f);
      await(() -> t.scheduledAt() == null);
      assertThat(reloads.availablePermits()).isZero();
    }
  }
}
