package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import org.junit.jupiter.api.Test;

/** {@code ha_suspend} as keepalived 2.2.7 reads it (check_parser.c, check_data.c). */
class HaSuspendConfigTest {
  private static final String VS = LvsConfigTest.VS;

  @Test
  void haSuspendIsReadWithoutAWarningAndOffByDefault() {
    LoadResult on = Cfg.load(VS.replace("protocol TCP", "protocol TCP\n  ha_suspend"));
    assertThat(Cfg.findings(on)).isEmpty();
    assertThat(LvsConfigTest.only(on).haSuspend()).isTrue();
    assertThat(LvsConfigTest.only(Cfg.load(VS)).haSuspend()).isFalse();
  }

  @Test
  void anArgumentIsIgnoredAsKeepalivedIgnoresItAndTheOperatorIsTold() {
    LoadResult r = Cfg.load(VS.replace("protocol TCP", "protocol TCP\n  ha_suspend off"));
    assertThat(Cfg.findings(r))
        .containsExactly(
            "5 warning: ha_suspend takes no argument - 'off' ignored, ha_suspend is on (as"
                + " keepalived reads it)");
    assertThat(LvsConfigTest.only(r).haSuspend()).isTrue();
  }

  @Test
  void aFwmarkServiceHasNoAddressSoItsHaSuspendIsClearedInKeepalivedsWords() {
    LoadResult fw =
        Cfg.load(
            VS.replace("192.0.2.10 80", "fwmark 4")
                .replace("protocol TCP", "ha_suspend")
                .replace("198.51.100.2 80", "198.51.100.2"));
    assertThat(Cfg.findings(fw))
        .containsExactly(
            "1 warning: Virtual server fwmark 4: cannot use ha_suspend with fwmarks - clearing"
                + " ha_suspend");
    assertThat(LvsConfigTest.only(fw).haSuspend()).isFalse();
    LoadResult group =
        Cfg.load(
            "virtual_server_group g {\n 192.0.2.1 80\n fwmark 3\n}\n"
                + VS.replace("192.0.2.10 80", "group g").replace("protocol TCP", "ha_suspend"));
    assertThat(Cfg.findings(group))
        .contains(
            "5 warning: Virtual server group g: cannot use ha_suspend with fwmarks - clearing"
                + " ha_suspend");
    assertThat(LvsConfigTest.only(group).haSuspend()).isFalse();
    LoadResult addresses =
        Cfg.load(
            "virtual_server_group g {\n 192.0.2.1-3 80\n}\n"
                + VS.replace("192.0.2.10 80", "group g").replace("protocol TCP", "ha_suspend"));
    assertThat(Cfg.findings(addresses)).isEmpty();
    assertThat(LvsConfigTest.only(addresses).haSuspend()).isTrue();
  }

  @Test
  void dumpConfigShowsIt() {
    String dump =
        ConfigDump.dump(
            Cfg.load(VS.replace("protocol TCP", "protocol TCP\n  ha_suspend")).config());
    assertThat(dump).contains("\n  ha_suspend\n");
    assertThat(ConfigDump.dump(Cfg.load(VS).config())).doesNotContain("ha_suspend");
  }
}
