package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A notify script's own user words ({@code notify_master "/x.sh" nobody}, {@code notify_down ...
 * nobody nogroup}) decide who it runs as, before {@code script_user}; run as root (ITs are).
 */
class NotifyScriptUserIT {
  @TempDir Path dir;

  private String runAs(ScriptUsers users, Optional<String> own) throws Exception {
    Path who = dir.resolve("who-" + System.nanoTime());
    VrrpNotifier n = new VrrpNotifier();
    n.users(users);
    n.run(List.of("/bin/sh", "-c", "echo $(id -un) $(id -gn) > " + who), own);
    n.close(); // waits for the script (bounded by its timeout)
    return Files.readString(who).strip();
  }

  @Test
  void aScriptsOwnUserWinsOverScriptUser() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    ScriptUsers asRoot = new ScriptUsers(true, Optional.empty());
    ScriptUsers asDaemon = new ScriptUsers(true, Optional.of("daemon"));

    assertThat(runAs(asRoot, Optional.empty())).isEqualTo("root root");
    assertThat(runAs(asRoot, Optional.of("nobody nogroup"))).isEqualTo("nobody nogroup");
    assertThat(runAs(asDaemon, Optional.empty())).startsWith("daemon ");
    assertThat(runAs(asDaemon, Optional.of("nobody"))).startsWith("nobody ");
  }
}
