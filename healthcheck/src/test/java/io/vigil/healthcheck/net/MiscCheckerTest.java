package io.vigil.healthcheck.net;

import static io.vigil.healthcheck.net.Checks.once;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.spec.CheckerKind;
import io.vigil.healthcheck.spec.MiscCheckSpec;
import io.vigil.healthcheck.spec.TestSpecs;
import io.vigil.kernel.process.ScriptRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiscCheckerTest {
  private static final long MS = 1_000_000L;
  @TempDir static Path dir;
  private static ScheduledExecutorService timers;
  private static ScriptRunner runner;

  @BeforeAll
  static void start() {
    timers = Executors.newSingleThreadScheduledExecutor();
    runner = new ScriptRunner(4, timers);
  }

  @AfterAll
  static void stop() {
    runner.close();
    timers.shutdownNow();
  }

  private static Path script(String name, String body) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  private static MiscCheckSpec spec(String miscPath, long timeoutMs, boolean dynamic) {
    return new MiscCheckSpec(
        MiscCheckSpec.parse(miscPath),
        timeoutMs * MS,
        dynamic,
        Optional.empty(),
        TestSpecs.timing(CheckerKind.MISC_CHECK));
  }

  @Test
  void everyExitStatusMapsAsKeepalivedDoes() {
    MiscCheckSpec plain = spec("/bin/true", 1000, false);
    MiscCheckSpec dynamic = spec("/bin/true", 1000, true);
    for (int s = 0; s <= 255; s++) {
      CheckResult p = MiscChecker.verdict(plain, new ScriptRunner.Outcome.Exited(s));
      CheckResult d = MiscChecker.verdict(dynamic, new ScriptRunner.Outcome.Exited(s));
      if (s == 0) {
        assertThat(p).isEqualTo(CheckResult.up("exit 0"));
        assertThat(d).isEqualTo(CheckResult.up("exit 0"));
      } else if (s == 1) {
        assertThat(p).isEqualTo(CheckResult.down("exit status 1"));
        assertThat(d).isEqualTo(CheckResult.down("exit status 1"));
      } else {
        assertThat(p).isEqualTo(CheckResult.down("exit status " + s));
        assertThat(d).isEqualTo(CheckResult.upWithWeight(s - 2, "exit " + s));
      }
    }
  }

  @Test
  void realScriptsReportTheirExitStatus() throws IOException {
    Path exit = script("exit.sh", "exit \"$1\"");
    assertThat(once(new MiscChecker(spec(exit + " 0", 5000, true), runner)))
        .isEqualTo(CheckResult.up("exit 0"));
    assertThat(once(new MiscChecker(spec(exit + " 1", 5000, true), runner)))
        .isEqualTo(CheckResult.down("exit status 1"));
    assertThat(once(new MiscChecker(spec(exit + " 12", 5000, true), runner)))
        .isEqualTo(CheckResult.upWithWeight(10, "exit 12"));
    assertThat(once(new MiscChecker(spec(exit + " 255", 5000, true), runner)))
        .isEqualTo(CheckResult.upWithWeight(253, "exit 255"));
    assertThat(once(new MiscChecker(spec(exit + " 2", 5000, false), runner)))
        .isEqualTo(CheckResult.down("exit status 2"));
  }

  @Test
  void argumentsAreSplitWithoutAShellAndQuotesGroupWords() throws IOException {
    Path args = script("args.sh", "[ \"$#\" = 2 ] && [ \"$1\" = 'a b' ] && [ \"$2\" = 'c' ]");
    assertThat(MiscCheckSpec.parse(args + " \"a b\" c"))
        .containsExactly(args.toString(), "a b", "c");
    assertThat(once(new MiscChecker(spec(args + " \"a b\" c", 5000, false), runner)).up()).isTrue();
    // a pipe needs a shell, and gets one
    assertThat(MiscCheckSpec.parse("echo hi | grep -q hi"))
        .containsExactly("/bin/sh", "-c", "echo hi | grep -q hi");
    assertThat(once(new MiscChecker(spec("echo hi | grep -q hi", 5000, false), runner)).up())
        .isTrue();
    assertThat(once(new MiscChecker(spec("echo hi | grep -q ho", 5000, false), runner)).up())
        .isFalse();
  }

  @Test
  void aMissingProgramIsDown() {
    CheckResult r = once(new MiscChecker(spec(dir.resolve("nope") + "", 5000, false), runner));
    assertThat(r.up()).isFalse();
  }

  @Test
  void aHangingScriptIsKilledWithItsWholeProcessGroup() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    Path hang = script("hang.sh", "sleep 1000 &\necho $! > " + pidFile + "\nsleep 1000");
    long t0 = System.nanoTime();
    // misc_timeout 1 s: long enough for the script to start its child and write its pid
    CheckResult r = once(new MiscChecker(spec(hang.toString(), 1000, false), runner));
    assertThat(r).isEqualTo(CheckResult.down("timed out after 1 s"));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(6000);
    long child = Long.parseLong(Files.readString(pidFile).strip());
    // the background child of the script died with the group
    Optional<ProcessHandle> h = ProcessHandle.of(child);
    if (h.isPresent()) {
      h.get().onExit().get(5, TimeUnit.SECONDS);
    }
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
  }

  @Test
  void aScriptIgnoringSigtermIsKilledAfterTheGrace() throws IOException {
    // misc_timeout 1.5 s: long enough for the shell to set its trap before SIGTERM comes
    Path ready = dir.resolve("trap.ready");
    Path stubborn =
        script("stubborn.sh", "trap '' TERM\ntouch " + ready + "\nsleep 1000 & wait; sleep 1000");
    long t0 = System.nanoTime();
    CheckResult r = once(new MiscChecker(spec(stubborn.toString(), 1500, false), runner));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(r).isEqualTo(CheckResult.down("timed out after 1.5 s"));
    assertThat(ready).as("the trap was set before the timeout").exists();
    // SIGTERM at 1.5 s is ignored; SIGKILL comes 2 s later
    assertThat(ms).isBetween(3400L, 10_000L);
  }

  @Test
  void atMostNScriptsRunAtOnce() throws Exception {
    Path nap = script("nap.sh", "sleep 0.3");
    AtomicInteger maxSeen = new AtomicInteger();
    try (ScriptRunner two = new ScriptRunner(2, timers)) {
      List<CompletableFuture<ScriptRunner.Outcome>> all = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < 6; i++) {
        CompletableFuture<ScriptRunner.Outcome> f = new CompletableFuture<>();
        two.run(List.of(nap.toString()), Optional.empty(), 5000 * MS, f::complete);
        maxSeen.accumulateAndGet(two.running(), Math::max);
        all.add(f);
      }
      for (var f : all) {
        assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(new ScriptRunner.Outcome.Exited(0));
      }
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertThat(maxSeen.get()).isEqualTo(2);
      // three rounds of two
      assertThat(ms).isGreaterThanOrEqualTo(850);
      assertThat(two.running()).isZero();
    }
  }
}
