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
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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

  @Test
  void preloadLoadsEveryListedClassThatExistsAndSkipsTheRest() {
    String list =
        "# a comment\n\nio/vigil/director/daemon/Daemon\nio.netty.channel.epoll.Epoll\n"
            + "io/vigil/NoSuchClass\n  java/util/zip/CRC32C  \n";
    int loaded =
        CdsTraining.preload(new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)));
    assertThat(loaded).isEqualTo(3);
    assertThat(CdsTraining.preload(null)).isZero();
  }

  @Test
  void theDaemonsClassListIsThereAndNamesTheDaemonsClasses() throws Exception {
    try (InputStream in = CdsTraining.class.getResourceAsStream(CdsTraining.DAEMON_CLASSES)) {
      assertThat(in).as(CdsTraining.DAEMON_CLASSES).isNotNull();
      List<String> names =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .filter(l -> !l.startsWith("#"))
              .toList();
      assertThat(names)
          .contains(
              "io/vigil/director/daemon/Daemon",
              "io/vigil/director/vrrp/VrrpRuntime",
              "io/vigil/director/lvs/LvsRuntime",
              "io/netty/channel/epoll/Epoll");
      // none of the run-time shapes that a later build might not have
      assertThat(names).noneMatch(n -> n.startsWith("@") || n.contains("$$") || n.contains(" "));
    }
  }
}
