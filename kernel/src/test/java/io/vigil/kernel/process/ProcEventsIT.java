package io.vigil.kernel.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The process events connector against the host's kernel (root, initial network namespace): a
 * process started and killed by the test is seen as its fork, exec, name and exit, decoded from the
 * kernel's own datagrams. The listen request and the offsets are those of {@code linux/cn_proc.h};
 * nothing here comes from our encoder but the request.
 */
class ProcEventsIT {
  private static List<ProcEvents.Event> until(
      ProcEvents events, java.util.function.Predicate<List<ProcEvents.Event>> done) {
    List<ProcEvents.Event> seen = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!done.test(seen) && System.nanoTime() < deadline) {
      seen.addAll(events.receive(200));
    }
    return seen;
  }

  @Test
  void aProcessIsSeenFromForkToExit() throws Exception {
    try (ProcEvents events = ProcEvents.open()) {
      // bash execs sleep in its own place: the child's pid is forked, then exec'd
      Process p = new ProcessBuilder("bash", "-c", "exec -a vigil-pe-test sleep 30").start();
      long pid = p.pid();
      List<ProcEvents.Event> seen =
          until(
              events, s -> s.stream().anyMatch(e -> e.what() == ProcEvents.EXEC && e.pid() == pid));
      assertThat(seen)
          .as("fork of the child")
          .anyMatch(e -> e.what() == ProcEvents.FORK && e.childPid() == pid && e.isProcess());
      assertThat(seen)
          .as("its exec")
          .anyMatch(e -> e.what() == ProcEvents.EXEC && e.pid() == pid && e.tgid() == pid);
      p.destroy();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      List<ProcEvents.Event> end =
          until(
              events, s -> s.stream().anyMatch(e -> e.what() == ProcEvents.EXIT && e.pid() == pid));
      assertThat(end)
          .as("its exit")
          .anyMatch(e -> e.what() == ProcEvents.EXIT && e.pid() == pid && e.isProcess());
    }
  }

  @Test
  void aNameChangeCarriesTheNewName() throws Exception {
    try (ProcEvents events = ProcEvents.open()) {
      // the shell renames itself through /proc/PID/comm (what prctl(PR_SET_NAME) does)
      Process p =
          new ProcessBuilder("bash", "-c", "echo -n vigil-renamed > /proc/$$/comm; sleep 30")
              .start();
      long pid = p.pid();
      List<ProcEvents.Event> seen =
          until(
              events, s -> s.stream().anyMatch(e -> e.what() == ProcEvents.COMM && e.pid() == pid));
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
      assertThat(seen)
          .anyMatch(
              e ->
                  e.what() == ProcEvents.COMM
                      && e.pid() == pid
                      && e.comm().equals("vigil-renamed"));
    }
  }
}
