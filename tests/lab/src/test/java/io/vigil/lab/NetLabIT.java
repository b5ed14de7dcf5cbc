package io.vigil.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Self-test of the lab, part 1: real namespaces, bridges and processes on the host kernel. */
class NetLabIT {
  @RegisterExtension final NetLab lab = new NetLab();

  @Test
  void twoHostsOnABridgeExchangePacketsOverIpv4AndIpv6() {
    Netns a = lab.netns("a");
    Netns b = lab.netns("b");
    Bridge lan = lab.bridge("lan");
    a.attach(lan, "eth0", "192.0.2.1/24", "2001:db8::1/64");
    b.attach(lan, "eth0", "192.0.2.2/24", "2001:db8::2/64");

    assertThat(a.sh("ping -c 2 -i 0.2 -W 2 192.0.2.2")).contains("2 received");
    assertThat(b.sh("ping -6 -c 2 -i 0.2 -W 2 2001:db8::1")).contains("2 received");
    // the frames really crossed the bridge: its port counters moved
    assertThat(
            Long.parseLong(
                Commands.run(
                        List.of(
                            "ip",
                            "netns",
                            "exec",
                            lan.namespace(),
                            "cat",
                            "/sys/class/net/p1/statistics/rx_packets"))
                    .orThrow("read counter")
                    .strip()))
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void aVethCableConnectsTwoHostsDirectly() {
    Netns a = lab.netns("x");
    Netns b = lab.netns("y");
    lab.veth(a, "c0", b, "c1");
    a.addr("c0", "198.51.100.1/30");
    b.addr("c1", "198.51.100.2/30");
    assertThat(a.exec("ping", "-c", "1", "-W", "2", "198.51.100.2").ok()).isTrue();
  }

  @Test
  void hostsAreIsolatedUntilConnected() {
    Netns a = lab.netns("iso-a");
    lab.netns("iso-b");
    ExecResult r = a.exec("ping", "-c", "1", "-W", "1", "203.0.113.2");
    assertThat(r.ok()).isFalse();
  }

  @Test
  void backgroundProcessesPrintSignalAndDieWithTheirChildren() {
    Netns a = lab.netns("proc");
    NsProcess p =
        a.start("sh", "-c", "trap 'echo got-hup' HUP; echo started; sleep 30 & wait; wait");
    p.awaitOutput(Pattern.compile("started"), Duration.ofSeconds(10)); // the trap is set by then
    p.signal("HUP");
    p.awaitOutput(Pattern.compile("got-hup"), Duration.ofSeconds(10));
    String children = pidsIn(a);
    assertThat(children.strip().split("\\s+")).hasSizeGreaterThanOrEqualTo(1);
    p.killTree();
    assertThat(p.waitFor(Duration.ofSeconds(10))).isNotZero();
    // the orphaned sleep is killed with its group; wait (bounded) for the kernel to reap it
    long deadlineNs = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!pidsIn(a).isBlank() && System.nanoTime() - deadlineNs < 0) {
      Thread.onSpinWait();
    }
    assertThat(pidsIn(a)).isBlank();
  }

  @Test
  void awaitOutputFailsWithWhatWasPrinted() {
    Netns a = lab.netns("await");
    NsProcess p = a.start("sh", "-c", "echo only-this");
    assertThatThrownBy(() -> p.awaitOutput(Pattern.compile("never"), Duration.ofSeconds(5)))
        .isInstanceOf(LabException.class)
        .hasMessageContaining("only-this");
  }

  @Test
  void teardownDeletesEveryNamespaceAndStaleOnesAreSwept() {
    NetLab inner = new NetLab();
    Netns n = inner.netns("inner");
    Bridge br = inner.bridge("inner");
    assertThat(netnsList()).contains(n.name(), br.namespace());
    inner.teardown();
    assertThat(netnsList()).doesNotContain(n.name(), br.namespace());

    // a namespace left by a run whose JVM was killed (pid 999999999 cannot be alive)
    Commands.ip("netns", "add", "vl999999999-leftover");
    assertThat(NetLab.sweepStale()).isGreaterThanOrEqualTo(1);
    assertThat(netnsList()).doesNotContain("vl999999999-leftover");
  }

  private static String pidsIn(Netns ns) {
    return Commands.run(List.of("ip", "netns", "pids", ns.name())).stdout();
  }

  private static String netnsList() {
    return Commands.run(List.of("ip", "netns", "list")).stdout();
  }
}
