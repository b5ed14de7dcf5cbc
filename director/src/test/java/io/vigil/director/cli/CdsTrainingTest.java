package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.netlink.ipvs.text.Names;
import io.vigil.netlink.ipvs.text.Rule;
import io.vigil.netlink.ipvs.text.RuleParser;
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
}
