package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.model.Vrrp;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * vrrp_track_process on the host (root, the initial network namespace): the kernel's process events
 * are followed, and a process of the test's, renamed to the tracked name and killed, turns the
 * tracked process up and down; {@code full_command} with parameters matches a command line.
 */
class VrrpTrackProcessesIT {
  private final List<String> changes = new CopyOnWriteArrayList<>();

  private static Vrrp.TrackProcessDef def(String name, String process, List<String> params) {
    return TrackedProcessesTest.def(
        name,
        process,
        params,
        params.isEmpty() ? Vrrp.ParamMatch.NONE : Vrrp.ParamMatch.EXACT,
        !params.isEmpty(),
        1,
        Long.MAX_VALUE,
        0,
        0);
  }

  private void await(String change) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!changes.contains(change) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(changes).contains(change);
  }

  @Test
  void aRenamedProcessTurnsItUpAndItsExitDown() throws Exception {
    try (VrrpTrackProcesses t =
        new VrrpTrackProcesses((name, up) -> changes.add(name + (up ? " up" : " down")))) {
      t.apply(
          List.of(
              def("renamed", "vigil-tp-ev", List.of()), def("cmdline", "sleep", List.of("31.5"))));
      assertThat(t.followsEvents()).as("the host's process events").isTrue();
      assertThat(changes).containsExactlyInAnyOrder("renamed down", "cmdline down");
      assertThat(t.known("renamed")).hasValue(false);

      Process renamed =
          new ProcessBuilder(
                  "bash", "-c", "echo -n vigil-tp-ev > /proc/$$/comm; while :; do sleep 1; done")
              .start();
      Process sleeper = new ProcessBuilder("sleep", "31.5").start();
      try {
        await("renamed up");
        await("cmdline up");
        assertThat(t.known("renamed")).hasValue(true);
      } finally {
        renamed.destroy();
        sleeper.destroy();
      }
      await("renamed down");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (changes.lastIndexOf("cmdline down") < changes.indexOf("cmdline up")
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(changes.lastIndexOf("cmdline down"))
          .as("down again after its exit: %s", changes)
          .isGreaterThan(changes.indexOf("cmdline up"));
    }
  }
}
