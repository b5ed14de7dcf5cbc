package io.vigil.system.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.lab.ExecResult;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.system.lab.InVm;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The IPVS client against the real kernel, cross-checked with ipvsadm. Each test programs a fresh
 * namespace (IPVS tables are per network namespace) through a small driver process ({@link
 * IpvsDriver}) that runs inside it.
 */
class IpvsClientVmIT {
  @RegisterExtension static final NetLab lab = new NetLab();

  @BeforeAll
  static void needsIpvs() {
    InVm.assumeIpvs();
  }

  private static ExecResult drive(Netns ns, String... ops) {
    String[] argv = IpvsDriver.argv(ops);
    return ns.exec(argv);
  }

  @Test
  void everyServiceAndDestinationShapeRoundTripsThroughTheKernel() {
    Netns ns = lab.netns("roundtrip");
    ExecResult r = drive(ns, "sample");
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    String save = ns.sh("ipvsadm -Sn");
    assertThat(save)
        .contains("-A -t 192.0.2.10:80 -s wrr")
        .contains("-a -t 192.0.2.10:80 -r 203.0.113.5:8080 -m -w 3")
        .contains("-a -t 192.0.2.10:80 -r 203.0.113.6:80 -g -w 0")
        .contains("-A -u 192.0.2.10:53 -s sh -p 300 -M 255.255.255.0 -b sh-fallback,sh-port")
        .contains("-a -u 192.0.2.10:53 -r 203.0.113.7:53 -i -w 1 --tun-type ipip")
        .contains("-A -f 7 -s lc")
        .contains("-A -t [2001:db8::10]:443 -s mh -p 60 -M 64")
        .contains("-a -t [2001:db8::10]:443 -r [2001:db8::5]:443 -m -w 2")
        .contains("-A -u 192.0.2.11:5060 -s rr -p 180 --pe sip");
    // ipvsadm -S leaves thresholds out; -Ln --thresholds shows them (upper, lower, then the
    // connection counts)
    assertThat(ns.sh("ipvsadm -Ln --thresholds"))
        .containsPattern(Pattern.compile("-> 203\\.0\\.113\\.6:80\\s+100\\s+10\\s+0\\s+0"));
    // and the driver's own dump read back exactly what it wrote
    assertThat(r.stdout()).contains("dump-matches-written");
  }

  @Test
  void errorsAreTypedWithErrnoAndTheRequest() {
    Netns ns = lab.netns("errors");
    ExecResult r = drive(ns, "errors");
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.stdout())
        .contains("EEXIST: add service TCP 192.0.2.10:80")
        .contains("ESRCH: delete service TCP 192.0.2.99:80")
        .contains("ENOENT: add service TCP 192.0.2.12:80")
        .containsPattern(Pattern.compile("batch: null,EEXIST,null"));
  }

  @Test
  void infoTimeoutsAndSyncDaemonsWork() {
    Netns ns = lab.netns("misc");
    ns.sh("ip link add name sync0 type dummy && ip link set sync0 up");
    ExecResult r = drive(ns, "misc");
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.stdout()).contains("version 1.2.1").contains("timeouts 900 120 300");
    assertThat(ns.sh("ipvsadm -L --timeout")).contains("Timeout (tcp tcpfin udp): 901 121 301");
    assertThat(ns.sh("ipvsadm -L --daemon")).contains("master sync daemon (mcast=sync0, syncid=9,");
  }
}
