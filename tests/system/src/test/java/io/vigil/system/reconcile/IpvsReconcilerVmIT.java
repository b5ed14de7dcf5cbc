package io.vigil.system.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.lab.ExecResult;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.system.lab.InVm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reconciler against the real kernel: it converges, a second pass writes nothing, and drift
 * made with ipvsadm behind its back is repaired while a service set up by hand is left alone.
 */
class IpvsReconcilerVmIT {
  @RegisterExtension static final NetLab lab = new NetLab();

  @BeforeAll
  static void needsIpvs() {
    InVm.assumeIpvs();
  }

  @Test
  void convergesThenWritesNothingThenRepairsDriftAndLeavesForeignServicesAlone() {
    Netns ns = lab.netns("reconcile");
    ExecResult r = ns.exec(ReconcileDriver.argv());
    String out = r.stdout();
    assertThat(r.exitCode()).as(out + r.stderr()).isZero();

    assertThat(out).contains("first: ops=7 writes=7").contains("failures=0 foreign=[]");
    // the no-op pass: only the dump (one service list and one destination list per service)
    assertThat(out).contains("second: ops=0 writes=0 requests=4 failures=0 foreign=[]");
    // a deleted destination re-added, a weight and a scheduler edited back; the by-hand service
    // kept
    assertThat(out)
        .contains("after-tampering: ops=3 writes=3")
        .contains("failures=0 foreign=[TCP 198.51.100.1:22]");
    String first = section(out, "after-first");
    assertThat(first)
        .contains("-A -t 192.0.2.10:80 -s wrr")
        .contains("-a -t 192.0.2.10:80 -r 203.0.113.5:80 -m -w 3")
        .contains("-a -t 192.0.2.10:80 -r 203.0.113.6:80 -m -w 1")
        .contains("-A -u 192.0.2.10:53 -s rr -p 300 -M 255.255.255.0")
        .contains("-a -u 192.0.2.10:53 -r 203.0.113.7:53 -i -w 1")
        .contains("-A -t [2001:db8::10]:443 -s lc")
        .contains("-a -t [2001:db8::10]:443 -r [2001:db8::5]:443 -g -w 2");
    // the repaired table is the first one plus the service set up by hand (kernel hash order)
    assertThat(section(out, "after-repair").lines())
        .containsExactlyInAnyOrderElementsOf(
            (first + "-A -t 198.51.100.1:22 -s rr\n").lines().toList());
  }

  private static String section(String out, String label) {
    int start = out.indexOf("== " + label + "\n");
    assertThat(start).as("section " + label + " in\n" + out).isNotNegative();
    int from = start + label.length() + 4;
    return out.substring(from, out.indexOf("==\n", from));
  }
}
