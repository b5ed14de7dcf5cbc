package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import io.vigil.director.vrrp.ScriptSecurity.FileInfo;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** keepalived's check_security on a file-system twin, and who scripts run as. */
class ScriptSecurityTest {
  static final FileInfo ROOT_DIR = new FileInfo(0, 0, 040755, true, false, false);
  static final FileInfo ROOT_EXE = new FileInfo(0, 0, 0100755, false, true, false);

  /** Paths and their stat; symlinks as a map to their targets. */
  static final class Twin implements ScriptSecurity.Fs {
    final Map<String, FileInfo> files = new HashMap<>();
    final Map<String, String> links = new HashMap<>();

    Twin() {
      files.put("/", ROOT_DIR);
      files.put("/usr", ROOT_DIR);
      files.put("/usr/bin", ROOT_DIR);
      files.put("/usr/bin/true", ROOT_EXE);
      files.put("/tmp", new FileInfo(0, 0, 041777, true, false, true));
      files.put("/etc", ROOT_DIR);
      files.put("/etc/ka", ROOT_DIR);
      files.put("/etc/ka/ok.sh", ROOT_EXE);
      links.put("/bin/true", "/usr/bin/true");
    }

    @Override
    public Optional<FileInfo> lstat(String path) {
      return Optional.ofNullable(files.get(path));
    }

    @Override
    public Optional<String> realPath(String path) {
      String p = links.getOrDefault(path, path);
      return files.containsKey(p) ? Optional.of(p) : Optional.empty();
    }

    @Override
    public Optional<String> which(String name) {
      return realPath("/usr/bin/" + name).map(x -> "/usr/bin/" + name);
    }
  }

  @Test
  void rootOwnedScriptsInRootOwnedDirectoriesAreSafeEvenUnderAStickyWorldWritableOne() {
    Twin fs = new Twin();
    assertThat(ScriptSecurity.unsafe("/etc/ka/ok.sh", fs)).isEmpty();
    assertThat(ScriptSecurity.unsafe("/bin/true", fs)).as("checked where it resolves").isEmpty();
    assertThat(ScriptSecurity.unsafe("true", fs)).as("found in PATH").isEmpty();
    fs.files.put("/tmp/x.sh", ROOT_EXE);
    assertThat(ScriptSecurity.unsafe("/tmp/x.sh", fs)).as("/tmp has the sticky bit").isEmpty();
    assertThat(ScriptSecurity.unsafe("/nowhere/x.sh", fs))
        .as("missing: left to run time")
        .isEmpty();
  }

  @Test
  void aScriptOrDirectoryAnotherUserCanChangeIsUnsafe() {
    Twin fs = new Twin();
    fs.files.put("/etc/ka/ok.sh", new FileInfo(1000, 0, 0100755, false, true, false));
    assertThat(ScriptSecurity.unsafe("/etc/ka/ok.sh", fs))
        .hasValueSatisfying(w -> assertThat(w).contains("/etc/ka/ok.sh is owned by uid 1000"));
    fs.files.put("/etc/ka/ok.sh", new FileInfo(0, 50, 0100775, false, true, false));
    assertThat(ScriptSecurity.unsafe("/etc/ka/ok.sh", fs))
        .hasValueSatisfying(w -> assertThat(w).contains("writable by group 50"));
    fs.files.put("/etc/ka/ok.sh", new FileInfo(0, 0, 0100775, false, true, false));
    assertThat(ScriptSecurity.unsafe("/etc/ka/ok.sh", fs)).as("group root may write").isEmpty();
    fs.files.put("/etc/ka", new FileInfo(0, 0, 040777, true, false, false));
    assertThat(ScriptSecurity.unsafe("/etc/ka/ok.sh", fs))
        .hasValueSatisfying(w -> assertThat(w).contains("/etc/ka is writable by everyone"));
  }

  static LoadResult load(String text) {
    return ConfigLoader.loadString(
        text, "k.conf", Path.of("/tmp"), Environment.fixed("dir1", Set.of("eth0")));
  }

  static final String CONF =
      """
      global_defs {
        enable_script_security
      }
      vrrp_script chk {
        script "/etc/ka/chk.sh"
      }
      vrrp_instance VI_1 {
        interface eth0
        virtual_router_id 51
        track_script {
          chk
        }
        virtual_ipaddress {
          192.0.2.100/24
        }
        notify_master /etc/ka/ok.sh
      }
      """;

  @Test
  void vigilRunRefusesAnUnsafeScriptThatWouldRunAsRootWithItsPlaceInTheFile() {
    Twin fs = new Twin();
    fs.files.put("/etc/ka/chk.sh", new FileInfo(1000, 1000, 0100755, false, true, false));
    ScriptUsers root = new ScriptUsers(true, Optional.empty());
    VrrpMapping.Result r = VrrpMapping.map(load(CONF).config(), root, fs);
    assertThat(r.errors())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .startsWith("k.conf:4: error: vrrp_script chk: unsafe permissions")
                    .contains("/etc/ka/chk.sh is owned by uid 1000"));
    ScriptUsers asUser = new ScriptUsers(true, Optional.of("keepalived_script"));
    assertThat(VrrpMapping.map(load(CONF).config(), asUser, fs).errors())
        .as("not run as root: nothing to protect (keepalived)")
        .isEmpty();
    String without = CONF.replace("enable_script_security", "router_id x");
    assertThat(ScriptSecurity.check(load(without).config(), root, fs)).isEmpty();
  }

  @Test
  void aNotifyScriptIsCheckedOnlyWhenItsOwnUserWordsLeaveItRunningAsRoot() {
    Twin fs = new Twin();
    fs.files.put("/etc/ka/chk.sh", new FileInfo(0, 0, 0100755, false, true, false));
    fs.files.put("/etc/ka/ok.sh", new FileInfo(1000, 1000, 0100755, false, true, false));
    ScriptUsers root = new ScriptUsers(true, Optional.empty());
    assertThat(ScriptSecurity.check(load(CONF).config(), root, fs))
        .singleElement()
        .satisfies(e -> assertThat(e).contains("vrrp_instance VI_1").contains("/etc/ka/ok.sh"));
    String asNobody =
        CONF.replace("notify_master /etc/ka/ok.sh", "notify_master /etc/ka/ok.sh nobody");
    assertThat(ScriptSecurity.check(load(asNobody).config(), root, fs)).isEmpty();
    ScriptUsers asUser = new ScriptUsers(true, Optional.of("keepalived_script"));
    String asRoot = CONF.replace("notify_master /etc/ka/ok.sh", "notify_master /etc/ka/ok.sh root");
    assertThat(ScriptSecurity.check(load(asRoot).config(), asUser, fs))
        .as("its own user is root: keepalived checks it whatever script_user says")
        .singleElement()
        .satisfies(e -> assertThat(e).contains("/etc/ka/ok.sh"));
  }

  @Test
  void scriptsRunAsTheirUserOrScriptUserOrKeepalivedScriptOrAsVigil() {
    VrrpGlobals none = VrrpGlobals.DEFAULTS;
    VrrpGlobals nobody =
        new VrrpGlobals(
            Optional.of("nobody nogroup"),
            true,
            java.util.List.of(),
            io.vigil.config.model.ProcessScheduling.DEFAULTS,
            false,
            false,
            io.vigil.config.model.GlobalDefs.Nftables.DEFAULT,
            false,
            false,
            java.util.Map.of(),
            io.vigil.config.model.GlobalDefs.RxBufs.DEFAULT,
            io.vigil.config.model.GlobalDefs.NetlinkBufs.UNSET);
    assertThat(ScriptUsers.resolve(none, true, u -> true).defaultUser())
        .contains("keepalived_script");
    assertThat(ScriptUsers.resolve(none, true, u -> false).defaultIsRoot()).isTrue();
    ScriptUsers u = ScriptUsers.resolve(nobody, true, x -> true);
    assertThat(u.defaultUser()).contains("nobody nogroup");
    assertThat(u.forScript(Optional.of("www-data"))).contains("www-data");
    assertThat(u.forScript(Optional.of("root"))).as("root: no switch").isEmpty();
    ScriptUsers notRoot = ScriptUsers.resolve(nobody, false, x -> true);
    assertThat(notRoot.forScript(Optional.of("www-data"))).as("cannot switch").isEmpty();
    assertThat(notRoot.defaultIsRoot()).isFalse();
  }

  /** The real file system's lstat agrees with stat(1) on a directory, a file, a link, /tmp. */
  @Test
  void theRealLstatReadsWhatStatReads(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = java.nio.file.Files.writeString(dir.resolve("s.sh"), "#!/bin/sh\n");
    java.nio.file.Files.setPosixFilePermissions(
        file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
    Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("l"), file);
    ScriptSecurity.Fs fs = ScriptSecurity.system();
    for (Path p : new Path[] {dir, file, link, Path.of("/tmp"), Path.of("/")}) {
      Process stat = new ProcessBuilder("stat", "-c", "%u %g %f", p.toString()).start();
      String[] f = new String(stat.getInputStream().readAllBytes()).trim().split(" ");
      assertThat(stat.waitFor()).isZero();
      int mode = Integer.parseInt(f[2], 16);
      FileInfo want =
          new FileInfo(
              Integer.parseInt(f[0]),
              Integer.parseInt(f[1]),
              mode,
              (mode & 0170000) == 0040000,
              (mode & 0170000) == 0100000,
              (mode & 01000) != 0);
      assertThat(fs.lstat(p.toString())).as(p.toString()).contains(want);
    }
    assertThat(fs.lstat("/tmp").orElseThrow().sticky()).isTrue();
    assertThat(fs.lstat(link.toString()).orElseThrow().regular()).isFalse(); // not followed
    assertThat(fs.lstat(dir.resolve("none").toString())).isEmpty();
  }
}
