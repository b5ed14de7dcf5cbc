package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config_save_dir}, {@code data_use_instance} and {@code tmp_config_directory} in {@code
 * global_defs}, checked as keepalived 2.2.7 checks them; each refusal and its words were compared
 * with {@code keepalived -t} (exit 5 on each; keepalived exits 2 on a {@code config_save_dir}
 * without a name, with its generic "missing a parameter" message).
 */
class ReloadDebugConfigTest {
  @TempDir Path dir;

  static LoadResult load(String lines) {
    return Cfg.load("global_defs {\n  " + lines + "\n}\n");
  }

  @Test
  void aDirectoryOrANewNameInOneIsKeptAndDumped() throws Exception {
    LoadResult there = load("config_save_dir " + dir);
    assertThat(Cfg.findings(there)).isEmpty();
    assertThat(there.config().globalDefs().reloads().saveDir()).contains(dir.toString());
    String dump = ConfigDump.dump(there.config());
    assertThat(dump).contains("  config_save_dir " + dir + "\n");
    assertThat(ConfigDump.dump(Cfg.load(dump).config())).isEqualTo(dump);

    Path fresh = dir.resolve("saves");
    LoadResult created = load("config_save_dir " + fresh);
    assertThat(Cfg.findings(created)).isEmpty();
    assertThat(created.config().globalDefs().reloads().saveDir()).contains(fresh.toString());
    assertThat(fresh).as("the daemon creates it, not the check").doesNotExist();
  }

  @Test
  void keepalivedsRefusals() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "");
    assertThat(Cfg.findings(load("config_save_dir " + file)))
        .containsExactly("2 error: config_save_dir " + file + " exists and is not a directory");
    Path orphan = dir.resolve("none/saves");
    assertThat(Cfg.findings(load("config_save_dir " + orphan)))
        .containsExactly(
            "2 error: Unable to create config_save_dir "
                + orphan
                + " (error 2 - No such file or directory)");
    assertThat(Cfg.findings(load("config_save_dir")))
        .containsExactly("2 error: config_save_dir missing directory name");
    assertThat(load("config_save_dir " + file).config().globalDefs().reloads().saveDir()).isEmpty();
  }

  @Test
  void dataUseInstanceReadsKeepalivedsBooleansAndIsDumped() {
    assertThat(Cfg.load("global_defs {\n}\n").config().globalDefs().dataUseInstance()).isFalse();
    for (String yes : new String[] {"", " true", " on", " yes"}) {
      LoadResult r = load("data_use_instance" + yes);
      assertThat(Cfg.findings(r)).isEmpty();
      assertThat(r.config().globalDefs().dataUseInstance()).as(yes).isTrue();
    }
    for (String no : new String[] {" false", " off", " no"}) {
      assertThat(load("data_use_instance" + no).config().globalDefs().dataUseInstance()).isFalse();
    }
    LoadResult bad = load("data_use_instance TRUE"); // keepalived's words are lower case
    assertThat(Cfg.findings(bad))
        .containsExactly("2 error: Invalid value 'TRUE' for global date_use_instance specified");
    assertThat(bad.config().globalDefs().dataUseInstance()).isFalse();
    String dump = ConfigDump.dump(load("data_use_instance").config());
    assertThat(dump).contains("  data_use_instance\n");
    assertThat(ConfigDump.dump(Cfg.load(dump).config())).isEqualTo(dump);
  }

  @Test
  void tmpConfigDirectoryIsAcceptedOnceWithAName() {
    assertThat(Cfg.findings(load("tmp_config_directory /var/tmp"))).isEmpty();
    assertThat(Cfg.findings(load("tmp_config_directory")))
        .containsExactly("2 error: tmp_config_directory missing directory name");
    assertThat(Cfg.findings(load("tmp_config_directory /var/tmp\n  tmp_config_directory /tmp")))
        .containsExactly("3 error: tmp_config_directory already specified - ignoring");
  }
}
