package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.model.NotifyFifo;
import io.vigil.config.model.Script;
import io.vigil.kernel.process.ScriptRunner;
import java.io.BufferedReader;
import java.io.FileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notify FIFO: created, written line by line as keepalived, refused when planted, removed. */
class NotifyFifosTest {
  @TempDir Path dir;

  @Test
  void linesGoToACreatedFifoWhichIsRemovedAtClose() throws Exception {
    Path fifo = dir.resolve("k.fifo");
    NotifyFifos f =
        NotifyFifos.open(
            List.of(new NotifyFifo(fifo.toString(), Optional.empty(), Optional.empty())),
            u -> Optional.empty(),
            null);
    assertThat(f.configs()).hasSize(1);
    // the writer opened it read-write, so this open does not wait for a writer
    try (BufferedReader in = new BufferedReader(new FileReader(fifo.toFile()))) {
      f.write("INSTANCE \"VI_1\" MASTER 100");
      f.write("GROUP \"G1\" MASTER 0");
      assertThat(in.readLine()).isEqualTo("INSTANCE \"VI_1\" MASTER 100");
      assertThat(in.readLine()).isEqualTo("GROUP \"G1\" MASTER 0");
      f.close();
    }
    assertThat(fifo).doesNotExist();
  }

  @Test
  void aPlantedRegularFileIsNotUsedAndTheScriptGetsTheFifosPath() throws Exception {
    Path planted = dir.resolve("planted");
    Files.writeString(planted, "");
    Path fifo = dir.resolve("v.fifo");
    Path seen = dir.resolve("seen");
    assertThat(new ProcessBuilder("mkfifo", seen.toString()).start().waitFor()).isZero();
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    try (ScriptRunner runner = new ScriptRunner(1, timers)) {
      Script reader = new Script(List.of("/bin/sh", "-c", "head -n1 \"$0\" > " + seen));
      NotifyFifos f =
          NotifyFifos.open(
              List.of(
                  new NotifyFifo(planted.toString(), Optional.empty(), Optional.empty()),
                  new NotifyFifo(fifo.toString(), Optional.empty(), Optional.of(reader))),
              u -> Optional.empty(),
              runner);
      assertThat(f.configs()).extracting(NotifyFifo::path).containsExactly(fifo.toString());
      f.write("INSTANCE \"VI_1\" BACKUP 100");
      // the script passes the line on through another FIFO: the read waits for it, bounded
      CompletableFuture<String> line =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return Files.readString(seen);
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      assertThat(line.get(10, TimeUnit.SECONDS)).isEqualTo("INSTANCE \"VI_1\" BACKUP 100\n");
      f.close();
      assertThat(Files.readString(planted)).as("never written").isEmpty();
    } finally {
      timers.shutdownNow();
    }
  }
}
