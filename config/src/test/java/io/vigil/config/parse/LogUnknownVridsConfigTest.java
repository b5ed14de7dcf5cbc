package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import org.junit.jupiter.api.Test;

/**
 * {@code log_unknown_vrids} in {@code global_defs}: keepalived 2.2.7 turns it on whatever follows
 * the keyword (global_parser.c); off by default.
 */
class LogUnknownVridsConfigTest {
  @Test
  void offByDefaultOnWhenWritten() {
    assertThat(Cfg.load("global_defs {\n}\n").config().globalDefs().logUnknownVrids()).isFalse();
    LoadResult r = Cfg.load("global_defs {\n  log_unknown_vrids\n}\n");
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(r.config().globalDefs().logUnknownVrids()).isTrue();
  }

  @Test
  void aValueAfterItIsIgnoredWithAWarningAsKeepalivedIgnoresIt() {
    LoadResult r = Cfg.load("global_defs {\n  log_unknown_vrids false\n}\n");
    assertThat(Cfg.findings(r))
        .containsExactly("2 warning: log_unknown_vrids takes no value: 'false' ignored, it is on");
    assertThat(r.config().globalDefs().logUnknownVrids()).isTrue();
  }

  @Test
  void theDumpSaysItAndReadsBackTheSame() {
    String dump = ConfigDump.dump(Cfg.load("global_defs {\n  log_unknown_vrids\n}\n").config());
    assertThat(dump).contains("  log_unknown_vrids\n");
    assertThat(ConfigDump.dump(Cfg.load(dump).config())).isEqualTo(dump);
  }
}
