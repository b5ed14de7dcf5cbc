package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import io.vigil.config.model.LvsSyncDaemon;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class LvsSyncDaemonConfigTest {
  private static LoadResult load(String syncd) {
    return Cfg.load("global_defs {\n  " + syncd + "\n}\n" + VrrpConfigTest.MINIMAL);
  }

  private static LvsSyncDaemon read(String syncd) {
    LoadResult r = load(syncd);
    assertThat(Cfg.findings(r)).isEmpty();
    return r.config().globalDefs().lvsSyncDaemon().orElseThrow();
  }

  @Test
  void everyOptionIsRead() {
    LvsSyncDaemon s =
        read("lvs_sync_daemon eth1 inst VI_1 id 7 maxlen 1400 port 8849 ttl 3 group 239.1.2.3");
    assertThat(s.iface()).isEqualTo("eth1");
    assertThat(s.instance()).contains("VI_1");
    assertThat(s.syncId()).isEqualTo(OptionalInt.of(7));
    assertThat(s.maxLength()).isEqualTo(1400);
    assertThat(s.port()).isEqualTo(8849);
    assertThat(s.ttl()).isEqualTo(3);
    assertThat(s.group().orElseThrow().getHostAddress()).isEqualTo("239.1.2.3");
    assertThat(s.origin().line()).isEqualTo(2);
  }

  @Test
  void instanceMayBePositionalOrAbsentAndDefaultsAreLeftToTheKernel() {
    LvsSyncDaemon s = read("lvs_sync_daemon eth1 VI_1");
    assertThat(s.instance()).contains("VI_1");
    assertThat(s.syncId()).isEmpty();
    assertThat(s.maxLength()).isZero();
    assertThat(s.port()).isZero();
    assertThat(s.ttl()).isZero();
    assertThat(s.group()).isEmpty();
    assertThat(read("lvs_sync_daemon eth1 id 3").instance()).isEmpty();
    assertThat(read("lvs_sync_daemon eth1").instance()).isEqualTo(Optional.empty());
  }

  @Test
  void theOlderPositionalSyncIdIsReadWithAWarning() {
    LoadResult r = load("lvs_sync_daemon eth1 VI_1 9");
    assertThat(Cfg.findings(r))
        .containsExactly("2 warning: lvs_sync_daemon: write 'id 9' for the sync id");
    assertThat(r.config().globalDefs().lvsSyncDaemon().orElseThrow().syncId())
        .isEqualTo(OptionalInt.of(9));
  }

  @Test
  void badValuesAreErrorsWithTheirLine() {
    assertThat(Cfg.findings(load("lvs_sync_daemon eth1 VI_1 id 256")))
        .containsExactly("2 error: lvs_sync_daemon: number '256' outside range [0, 255]");
    assertThat(Cfg.findings(load("lvs_sync_daemon eth1 VI_1 group 192.0.2.1")))
        .containsExactly("2 error: lvs_sync_daemon group address 192.0.2.1 is not multicast");
    assertThat(Cfg.findings(load("lvs_sync_daemon eth1 VI_1 port")))
        .containsExactly("2 error: lvs_sync_daemon: no value after 'port'");
    assertThat(Cfg.findings(load("lvs_sync_daemon eth1 VI_1 9 bogus")))
        .contains("2 error: lvs_sync_daemon: unknown option 'bogus'");
    assertThat(Cfg.findings(load("lvs_sync_daemon")))
        .containsExactly("2 error: lvs_sync_daemon needs an interface");
    assertThat(Cfg.findings(load("lvs_sync_daemon abcdefghijklmnop VI_1")))
        .containsExactly("2 error: lvs_sync_daemon interface name 'abcdefghijklmnop' is too long");
    assertThat(load("lvs_sync_daemon eth1 VI_1 ttl 0").config().globalDefs().lvsSyncDaemon())
        .isEmpty();
  }

  @Test
  void anInstanceThatDoesNotExistIsRefused() {
    assertThat(Cfg.findings(load("lvs_sync_daemon eth1 inst VI_9")))
        .containsExactly("2 error: lvs_sync_daemon: vrrp_instance VI_9 is not defined");
  }

  @Test
  void vrrpStartupDelayIsReadInSecondsWithFractions() {
    assertThat(load("vrrp_startup_delay 5.5").config().globalDefs().vrrpStartupDelayUs())
        .isEqualTo(5_500_000);
    assertThat(Cfg.load(VrrpConfigTest.MINIMAL).config().globalDefs().vrrpStartupDelayUs())
        .isZero();
    assertThat(Cfg.findings(load("vrrp_startup_delay soon"))).hasSize(1);
    assertThat(ConfigDump.dump(load("vrrp_startup_delay 5.5").config()))
        .contains("vrrp_startup_delay 5.5");
  }

  @Test
  void dumpSpellsOutWhatWasSet() {
    assertThat(ConfigDump.dump(load("lvs_sync_daemon eth1 VI_1 port 8849").config()))
        .contains("lvs_sync_daemon eth1 inst VI_1 port 8849");
  }
}
