package io.vigil.system.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Self-test of the lab, part 2: the VM's kernel really has IPVS, and ipvsadm programs it. */
class IpvsadmLabVmIT {
  @RegisterExtension static final NetLab lab = new NetLab();

  @BeforeAll
  static void needsIpvs() {
    InVm.assumeIpvs();
  }

  @Test
  void ipvsadmAddsAServiceAndARealServerThatListShows() {
    Netns dir = lab.netns("ipvsadm");
    dir.sh("ipvsadm -A -t 192.0.2.10:80 -s wrr");
    dir.sh("ipvsadm -a -t 192.0.2.10:80 -r 203.0.113.5:8080 -m -w 3");
    dir.sh("ipvsadm -A -u [2001:db8::10]:53 -s sh -p 120");

    String list = dir.sh("ipvsadm -Ln");
    assertThat(list)
        .contains("TCP  192.0.2.10:80 wrr")
        .containsPattern("-> 203\\.0\\.113\\.5:8080\\s+Masq\\s+3\\s+0\\s+0")
        .contains("UDP  [2001:db8::10]:53 sh persistent 120");
    assertThat(dir.sh("ipvsadm -Sn"))
        .contains("-A -t 192.0.2.10:80 -s wrr")
        .contains("-a -t 192.0.2.10:80 -r 203.0.113.5:8080 -m -w 3");
  }

  @Test
  void eachNamespaceHasItsOwnIpvsTable() {
    Netns one = lab.netns("table-1");
    Netns two = lab.netns("table-2");
    one.sh("ipvsadm -A -t 198.51.100.1:443 -s rr");
    assertThat(one.sh("ipvsadm -Sn")).contains("198.51.100.1:443");
    assertThat(two.sh("ipvsadm -Sn")).doesNotContain("198.51.100.1:443");
  }
}
