package io.vigil.system.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.lab.ExecResult;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.netlink.ipvs.IpvsTable;
import io.vigil.system.lab.InVm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Random tables (seeded, bounded) through both tools on the real kernel: `vigil ipvs restore` then
 * `ipvsadm -Sn` reproduces the rules, and `ipvsadm -R` then `vigil ipvs save -n` does too.
 */
class IpvsRestorePropertyVmIT {
  @RegisterExtension static final NetLab lab = new NetLab();

  private static final long SEED = 0x5eed_1b5L;

  @BeforeAll
  static void needsIpvs() {
    InVm.assumeIpvs();
  }

  @RepeatedTest(3)
  void randomTablesRoundTripThroughVigilAndIpvsadm(RepetitionInfo info) throws IOException {
    Random rnd = new Random(SEED + info.getCurrentRepetition());
    IpvsTable table = RandomTables.table(rnd, 8, 5);
    String rules = RandomTables.rules(table);
    Path file = Files.createTempFile("vigil-random", ".rules");
    Files.writeString(file, rules);

    Netns a = lab.netns("prop-v" + info.getCurrentRepetition());
    ExecResult r =
        LongExec.exec(a, "sh", "-c", InNetns.vigilWithInput(file.toString(), "ipvs", "restore"));
    assertThat(r.exitCode()).as(rules + r.stderr()).isZero();
    assertThat(a.sh("ipvsadm -Sn")).as("ipvsadm -Sn after vigil ipvs restore").isEqualTo(rules);

    Netns b = lab.netns("prop-i" + info.getCurrentRepetition());
    b.sh("ipvsadm -R < " + file);
    ExecResult s = LongExec.exec(b, InNetns.vigil("ipvs", "save", "-n"));
    assertThat(s.exitCode()).as(s.stderr()).isZero();
    assertThat(s.stdout()).as("vigil ipvs save -n after ipvsadm -R").isEqualTo(rules);
  }
}
