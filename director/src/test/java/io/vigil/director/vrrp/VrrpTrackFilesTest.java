package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Origin;
import io.vigil.config.model.Vrrp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real files under inotify: writes, moves in and deletes reach the listener as keepalived reads.
 */
class VrrpTrackFilesTest {
  @TempDir Path dir;

  static Vrrp.TrackFileDef def(String name, Path file, boolean init) {
    return new Vrrp.TrackFileDef(name, new Origin("k.conf", 1), file.toString(), 1, false, init);
  }

  /** The next change for {@code name}, skipping repeats (a write may come as several events). */
  static String next(BlockingQueue<String> q) throws InterruptedException {
    String s = q.poll(10, TimeUnit.SECONDS);
    assertThat(s).as("a change within 10 s").isNotNull();
    return s;
  }

  @Test
  void writesMovesAndDeletesAreFollowedAndInitFileCreatesTheFile() throws Exception {
    Path prio = dir.resolve("prio");
    Path made = dir.resolve("made");
    Files.writeString(prio, "  -0x10\n");
    BlockingQueue<String> q = new LinkedBlockingQueue<>();
    try (VrrpTrackFiles f = new VrrpTrackFiles((n, v) -> q.add(n + "=" + v))) {
      f.apply(List.of(def("p", prio, false), def("m", made, true)));
      assertThat(f.value("p")).as("strtol base 0").isEqualTo(-16);
      assertThat(Files.readString(made).trim()).isEqualTo("0");
      assertThat(f.value("m")).isZero();

      Files.writeString(prio, "25\n");
      assertThat(next(q)).isEqualTo("p=25");
      Files.writeString(prio, "not a number but 0");
      assertThat(next(q)).as("no number reads as 0").isEqualTo("p=0");
      Path tmp = dir.resolve("tmp");
      Files.writeString(tmp, "7");
      Files.move(tmp, prio, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      assertThat(next(q)).isEqualTo("p=7");
      Files.delete(prio);
      assertThat(next(q)).as("a deleted file is 0").isEqualTo("p=0");
      Files.writeString(made, "99999999999");
      Files.writeString(made, "3");
      assertThat(next(q)).as("an out-of-range number is ignored").isEqualTo("m=3");
      assertThat(q.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }
  }
}
