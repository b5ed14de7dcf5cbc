package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Origin;
import io.vigil.config.model.Vrrp;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** keepalived's track_process decisions: matching, quorum, delays. Pure, on a hand-moved clock. */
class TrackedProcessesTest {
  private static final long MS = 1_000_000;

  static Vrrp.TrackProcessDef def(
      String name,
      String process,
      List<String> params,
      Vrrp.ParamMatch match,
      boolean full,
      int quorum,
      long quorumMax,
      long forkUs,
      long terminateUs) {
    return new Vrrp.TrackProcessDef(
        name,
        new Origin("t.conf", 1),
        process,
        params,
        match,
        full,
        0,
        false,
        quorum,
        quorumMax,
        forkUs,
        terminateUs);
  }

  static Vrrp.TrackProcessDef byName(String name, int quorum, long max) {
    return def(name, name, List.of(), Vrrp.ParamMatch.NONE, false, quorum, max, 0, 0);
  }

  static TrackedProcesses.Info proc(String comm, String... argv) {
    return new TrackedProcesses.Info(comm, List.of(argv));
  }

  @Test
  void theNameIsMatchedExactlyAsPgrepAnchoredWouldAndNotTheCommandLine() {
    Vrrp.TrackProcessDef d = byName("ssh", 1, Long.MAX_VALUE);
    assertThat(TrackedProcesses.matches(d, proc("ssh", "/usr/bin/ssh"))).isTrue();
    assertThat(TrackedProcesses.matches(d, proc("sshd", "ssh"))).isFalse();
  }

  @Test
  void theFullCommandAndItsParametersAsParamMatchSays() {
    List<String> params = List.of("-f", "/etc/haproxy.cfg");
    TrackedProcesses.Info exact = proc("haproxy", "/usr/sbin/haproxy", "-f", "/etc/haproxy.cfg");
    TrackedProcesses.Info more =
        proc("haproxy", "/usr/sbin/haproxy", "-f", "/etc/haproxy.cfg", "-D");
    TrackedProcesses.Info longer = proc("haproxy", "/usr/sbin/haproxy", "-f", "/etc/haproxy.cfg2");
    Vrrp.TrackProcessDef e =
        def("h", "/usr/sbin/haproxy", params, Vrrp.ParamMatch.EXACT, true, 1, 9, 0, 0);
    Vrrp.TrackProcessDef p =
        def("h", "/usr/sbin/haproxy", params, Vrrp.ParamMatch.PARTIAL, true, 1, 9, 0, 0);
    Vrrp.TrackProcessDef i =
        def("h", "/usr/sbin/haproxy", params, Vrrp.ParamMatch.INITIAL, true, 1, 9, 0, 0);
    Vrrp.TrackProcessDef none =
        def("h", "/usr/sbin/haproxy", List.of(), Vrrp.ParamMatch.NONE, true, 1, 9, 0, 0);
    Vrrp.TrackProcessDef noParams =
        def("h", "/usr/sbin/haproxy", List.of(), Vrrp.ParamMatch.EXACT, true, 1, 9, 0, 0);
    assertThat(List.of(exact, more, longer))
        .extracting(x -> TrackedProcesses.matches(e, x))
        .containsExactly(true, false, false);
    assertThat(List.of(exact, more, longer))
        .extracting(x -> TrackedProcesses.matches(p, x))
        .containsExactly(true, true, false);
    assertThat(List.of(exact, more, longer))
        .extracting(x -> TrackedProcesses.matches(i, x))
        .containsExactly(true, true, true);
    assertThat(List.of(exact, more, longer))
        .extracting(x -> TrackedProcesses.matches(none, x))
        .containsExactly(true, true, true);
    assertThat(TrackedProcesses.matches(noParams, proc("haproxy", "/usr/sbin/haproxy"))).isTrue();
    assertThat(TrackedProcesses.matches(noParams, exact)).as("no parameters wanted").isFalse();
    assertThat(TrackedProcesses.matches(e, proc("haproxy", "haproxy", "-f", "/etc/haproxy.cfg")))
        .as("the command as written, not its base name")
        .isFalse();
  }

  @Test
  void upWhileTheQuorumRunsAndNotAboveQuorumMax() {
    TrackedProcesses t = new TrackedProcesses(List.of(byName("web", 2, 3)));
    assertThat(t.resync(Map.of(1, proc("web")), 0))
        .containsExactly(new TrackedProcesses.Change("web", false));
    assertThat(t.seen(2, proc("web"), 1)).containsExactly(new TrackedProcesses.Change("web", true));
    assertThat(t.seen(3, proc("web"), 2)).isEmpty();
    assertThat(t.seen(4, proc("web"), 3))
        .as("four: above quorum_max")
        .containsExactly(new TrackedProcesses.Change("web", false));
    assertThat(t.gone(4, 4)).containsExactly(new TrackedProcesses.Change("web", true));
    assertThat(t.seen(3, proc("bash"), 5)).as("renamed: no longer counted").isEmpty();
    assertThat(t.count("web")).isEqualTo(2);
    assertThat(t.gone(2, 6)).containsExactly(new TrackedProcesses.Change("web", false));
    assertThat(t.gone(99, 7)).as("never counted").isEmpty();
  }

  @Test
  void quorumMaxZeroIsUpWhileNoneRuns() {
    TrackedProcesses t = new TrackedProcesses(List.of(byName("telnetd", 0, 0)));
    assertThat(t.resync(Map.of(), 0)).containsExactly(new TrackedProcesses.Change("telnetd", true));
    assertThat(t.seen(7, proc("telnetd"), 1))
        .containsExactly(new TrackedProcesses.Change("telnetd", false));
  }

  @Test
  void delaysHoldAChangeAndATurnBackWithinThemDropsIt() {
    Vrrp.TrackProcessDef d =
        def("web", "web", List.of(), Vrrp.ParamMatch.NONE, false, 1, 1L << 32, 500_000, 200_000);
    TrackedProcesses t = new TrackedProcesses(List.of(d));
    assertThat(t.resync(Map.of(1, proc("web")), 0))
        .as("the start is published at once")
        .containsExactly(new TrackedProcesses.Change("web", true));
    assertThat(t.gone(1, 10 * MS)).isEmpty();
    assertThat(t.nextDeadlineNs()).hasValue(210 * MS);
    assertThat(t.seen(2, proc("web"), 100 * MS)).as("back within terminate_delay").isEmpty();
    assertThat(t.nextDeadlineNs()).isEmpty();
    assertThat(t.due(300 * MS)).isEmpty();
    assertThat(t.status("web")).hasValue(true);

    assertThat(t.gone(2, 400 * MS)).isEmpty();
    assertThat(t.due(599 * MS)).isEmpty();
    assertThat(t.due(600 * MS)).containsExactly(new TrackedProcesses.Change("web", false));
    assertThat(t.seen(3, proc("web"), 700 * MS)).as("fork_delay").isEmpty();
    assertThat(t.due(1_199 * MS)).isEmpty();
    assertThat(t.due(1_200 * MS)).containsExactly(new TrackedProcesses.Change("web", true));
  }

  @Test
  void aResyncCountsWhatRunsAndForgetsWhatIsGone() {
    TrackedProcesses t = new TrackedProcesses(List.of(byName("web", 1, 10)));
    t.resync(Map.of(1, proc("web"), 2, proc("web"), 3, proc("bash")), 0);
    assertThat(t.count("web")).isEqualTo(2);
    assertThat(t.resync(Map.of(3, proc("web")), 1)).isEmpty();
    assertThat(t.count("web")).isEqualTo(1);
    assertThat(t.resync(Map.of(), 2)).containsExactly(new TrackedProcesses.Change("web", false));
  }

  /** Property: whatever order processes come and go in, the count is what runs at the end. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 2026})
  void theCountFollowsAnySequenceOfEvents(long seed) {
    Random r = new Random(seed);
    TrackedProcesses t = new TrackedProcesses(List.of(byName("web", 3, 6)));
    t.resync(Map.of(), 0);
    java.util.Map<Integer, String> running = new java.util.HashMap<>();
    boolean up = false;
    for (int i = 0; i < 2_000; i++) {
      int pid = 1 + r.nextInt(20);
      List<TrackedProcesses.Change> c;
      if (r.nextInt(3) == 0) {
        running.remove(pid);
        c = t.gone(pid, i);
      } else {
        String comm = r.nextBoolean() ? "web" : "other";
        running.put(pid, comm);
        c = t.seen(pid, proc(comm), i);
      }
      for (TrackedProcesses.Change x : c) {
        up = x.up();
      }
      long n = running.values().stream().filter("web"::equals).count();
      assertThat(t.count("web")).isEqualTo((int) n);
      assertThat(up).as("step %d, %d running", i, n).isEqualTo(n >= 3 && n <= 6);
    }
  }
}
