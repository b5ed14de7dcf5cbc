package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import io.vigil.director.lvs.LvsMapping;
import io.vigil.director.vrrp.VrrpMapping;
import io.vigil.netlink.ipvs.text.Names;
import io.vigil.netlink.ipvs.text.Rule;
import io.vigil.netlink.ipvs.text.RuleParser;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CdsTrainingTest {
  @Test
  void theSampleParsesIntoEveryKindOfRule() {
    RuleParser.Result r = RuleParser.parse(CdsTraining.SAMPLE, Names.NUMERIC);
    assertThat(r.errors()).isEmpty();
    assertThat(r.rules())
        .extracting(rule -> rule.getClass().getSimpleName())
        .contains("AddService", "AddDest", "EditService", "EditDest", "DeleteDest")
        .contains("DeleteService", "Clear", "Zero", "SetTimeouts", "StartDaemon", "StopDaemon");
    assertThat(r.rules()).hasSize(15).allMatch(rule -> rule instanceof Rule);
  }

  @Test
  void theSampleConfigurationLoadsCleanAndMapsWithoutErrors() {
    // a sample the daemon would refuse would train the archive on the refusal's path
    LoadResult r =
        ConfigLoader.loadString(
            CdsTraining.SAMPLE_CONFIG,
            "training.conf",
            Path.of("/"),
            Environment.fixed("training", Set.of("eth0")));
    assertThat(r.diagnostics()).isEmpty();
    assertThat(VrrpMapping.map(r.config()).errors()).isEmpty();
    LvsMapping.Result lvs = LvsMapping.map(r.config());
    assertThat(lvs.errors()).isEmpty();
  }
}
