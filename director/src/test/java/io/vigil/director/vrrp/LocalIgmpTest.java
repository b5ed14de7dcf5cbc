package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code disable_local_igmp} on a stand-in for the sysctl file. */
class LocalIgmpTest {
  @TempDir Path dir;

  @Test
  void setToZeroWhileRunningAndPutBackAtTheEnd() throws Exception {
    Path f = Files.writeString(dir.resolve("igmp_link_local_mcast_reports"), "1\n");
    LocalIgmp igmp = new LocalIgmp(f);
    igmp.apply(true);
    assertThat(Files.readString(f)).isEqualTo("0");
    igmp.apply(false); // a reload cannot change it
    assertThat(Files.readString(f)).isEqualTo("0");
    igmp.close();
    assertThat(Files.readString(f)).isEqualTo("1");
  }

  @Test
  void zeroAlreadyOrNotAskedIsLeftAlone() throws Exception {
    Path zero = Files.writeString(dir.resolve("zero"), "0\n");
    LocalIgmp a = new LocalIgmp(zero);
    a.apply(true);
    a.close();
    assertThat(Files.readString(zero)).as("not ours to put back").isEqualTo("0\n");
    Path one = Files.writeString(dir.resolve("one"), "1\n");
    LocalIgmp b = new LocalIgmp(one);
    b.apply(false);
    b.apply(true); // a reload cannot turn it on either
    b.close();
    assertThat(Files.readString(one)).isEqualTo("1\n");
  }

  @Test
  void aFileThatCannotBeWrittenIsAWarningNotAFailure() {
    LocalIgmp igmp = new LocalIgmp(dir.resolve("missing/igmp"));
    igmp.apply(true);
    igmp.close();
  }
}
