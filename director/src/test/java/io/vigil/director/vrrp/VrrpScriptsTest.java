package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Origin;
import io.vigil.config.model.Script;
import io.vigil.config.model.Vrrp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real scripts, fast intervals: statuses reach the listener; a timed-out script's group dies. */
class VrrpScriptsTest {
  @TempDir Path dir;

  static Vrrp.ScriptDef def(String name, String sh, long intervalMs, long timeoutMs, int rise) {
    return new Vrrp.ScriptDef(
        name,
        new Origin("k.conf", 1),
        new Script(List.of("/bin/sh", "-c", sh)),
        intervalMs * 1_000,
        timeoutMs * 1_000,
        0,
        false,
        rise,
        1,
        Optional.empty(),
        false);
  }

  @Test
  void statusChangesFollowTheScriptsExitsAndAReloadKeepsAnUnchangedScript() throws Exception {
    Path ok = dir.resolve("ok");
    BlockingQueue<String> changes = new LinkedBlockingQueue<>();
    try (VrrpScripts s = new VrrpScripts((n, up) -> changes.add(n + "=" + up), System::nanoTime)) {
      Vrrp.ScriptDef chk = def("chk", "test -e " + ok, 50, 5_000, 2);
      s.apply(VrrpScripts.runs(List.of(chk), d -> Optional.empty()));
      assertThat(changes.poll(10, TimeUnit.SECONDS)).isEqualTo("chk=false");
      assertThat(s.known("chk")).contains(false);
      Files.writeString(ok, "");
      assertThat(changes.poll(10, TimeUnit.SECONDS)).as("after rise 2").isEqualTo("chk=true");
      // the same definition written elsewhere: kept, status and all (no new first report)
      Vrrp.ScriptDef moved =
          new Vrrp.ScriptDef(
              "chk",
              new Origin("k.conf", 9),
              chk.script(),
              chk.intervalUs(),
              chk.timeoutUs(),
              chk.weight(),
              false,
              chk.rise(),
              chk.fall(),
              Optional.empty(),
              false);
      s.apply(VrrpScripts.runs(List.of(moved), d -> Optional.empty()));
      assertThat(s.known("chk")).contains(true);
      Files.delete(ok);
      assertThat(changes.poll(10, TimeUnit.SECONDS)).isEqualTo("chk=false");
      s.apply(List.of());
      assertThat(s.known("chk")).isEmpty();
    }
  }

  @Test
  void aScriptOutlivingItsTimeoutFailsAndItsWholeProcessGroupIsKilled() throws Exception {
    Path pid = dir.resolve("child.pid");
    BlockingQueue<String> changes = new LinkedBlockingQueue<>();
    try (VrrpScripts s = new VrrpScripts((n, up) -> changes.add(n + "=" + up), System::nanoTime)) {
      // the script leaves a child behind and hangs; the child must die with it
      String sh = "sleep 60 & echo $! > " + pid + "; sleep 60";
      s.apply(VrrpScripts.runs(List.of(def("hang", sh, 10_000, 300, 1)), d -> Optional.empty()));
      assertThat(changes.poll(20, TimeUnit.SECONDS)).isEqualTo("hang=false");
      long child = Long.parseLong(Files.readString(pid).trim());
      Optional<ProcessHandle> h = ProcessHandle.of(child);
      if (h.isPresent()) {
        h.get().onExit().get(10, TimeUnit.SECONDS); // throws TimeoutException while it lives
      }
      assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive))
          .isNotEqualTo(Optional.of(true));
    }
  }
}
