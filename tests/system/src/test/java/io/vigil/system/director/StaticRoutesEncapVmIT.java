package io.vigil.system.director;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.lab.Bridge;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import io.vigil.system.lab.InVm;
import io.vigil.system.lab.VigilCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A static route's {@code encap mpls LABELS} and {@code encap ila LOCATOR} on {@code vigil run}, in
 * the lab VM (the host's kernel has neither lightweight tunnel; the VM loads mpls_router,
 * mpls_iptunnel and ila): added with its label stack or locator as iproute2 shows it, found again
 * on a reload (not added twice), deleted at the stop; likewise a multipath route whose next hop has
 * an encap of its own.
 */
class StaticRoutesEncapVmIT {
  @RegisterExtension static final NetLab lab = new NetLab();
  @TempDir Path dir;

  private static final Duration WAIT = DirectorLab.WAIT;

  @BeforeAll
  static void needsTheVm() {
    InVm.assumeIpvs(); // the lab VM's kernel: its MPLS and ILA modules come with it
  }

  private static String line(String routes, String prefix) {
    for (String l : routes.split("\n")) {
      if (l.startsWith(prefix)) {
        return l;
      }
    }
    return "";
  }

  /** {@code vigil run --vrrp-only} on {@code conf} in {@code a}, once it runs. */
  private static NsProcess run(Netns a, Path conf) {
    NsProcess vigil =
        a.start(VigilCli.argv("run", "--vrrp-only", "--status-port", "0", "-f", conf.toString()));
    vigil.awaitOutput(Pattern.compile("vigil running"), WAIT);
    return vigil;
  }

  /**
   * A reload finds the routes to {@code prefixes} again (none added twice), and the stop deletes
   * them; {@code show} lists them.
   */
  private static void reloadKeepsThenStopDeletes(
      NsProcess vigil, Netns a, String show, String... prefixes) {
    vigil.signal("HUP");
    vigil.awaitOutput(Pattern.compile("reloaded: "), WAIT);
    assertThat(vigil.output()).doesNotContain("already there").doesNotContain("added again");
    for (String p : prefixes) {
      assertThat(a.sh(show)).containsOnlyOnce(p);
    }
    vigil.signal("TERM");
    assertThat(vigil.waitFor(WAIT)).as(vigil.output()).isZero();
    for (String p : prefixes) {
      assertThat(a.sh(show)).doesNotContain(p);
    }
  }

  @Test
  void anMplsEncapRouteCarriesItsLabelStack() throws Exception {
    Bridge lan = lab.bridge("lanmpls");
    Netns a = lab.netns("mpls").attach(lan, "eth0", "192.0.2.1/24");
    Path conf =
        Files.writeString(
            dir.resolve("m.conf"),
            """
            static_routes {
              198.51.100.0/24 via 192.0.2.254 dev eth0 table 100 encap mpls 100/200
              203.0.113.0/24 table 100 no_track nexthop via 192.0.2.254 dev eth0 encap mpls 300 nexthop via 192.0.2.253 dev eth0
            }
            """);
    NsProcess vigil = run(a, conf);
    String route = line(a.sh("ip route show table 100"), "198.51.100.0/24");
    assertThat(route)
        .as(vigil::output)
        .contains("encap mpls")
        .contains("100/200")
        .contains("via 192.0.2.254 dev eth0 proto keepalived");
    // a next hop's own encap (keepalived 2.2.7 adds this route without it)
    assertThat(a.sh("ip route show table 100"))
        .as(vigil::output)
        .containsPattern("nexthop\\s+encap mpls\\s+300\\s+via 192.0.2.254 dev eth0")
        .containsPattern("nexthop via 192.0.2.253 dev eth0");

    reloadKeepsThenStopDeletes(
        vigil, a, "ip route show table 100", "198.51.100.0/24", "203.0.113.0/24");
  }

  @Test
  void anIlaEncapRouteCarriesItsLocator() throws Exception {
    Bridge lan = lab.bridge("lanila");
    Netns a = lab.netns("ila").attach(lan, "eth0", "192.0.2.1/24", "2001:db8::1/64");
    // ILA's default identifier type (use-format, the only one keepalived sends) needs a
    // destination of at least 67 bits with a valid type: 0x2000 in the fifth group, a LUID
    Path conf =
        Files.writeString(
            dir.resolve("i.conf"),
            """
            static_routes {
              2001:db8:7:0:2000::/67 via 2001:db8::fe dev eth0 table 100 encap ila 2001:db8:1:2
            }
            """);
    NsProcess vigil = run(a, conf);
    String route = line(a.sh("ip -6 route show table 100"), "2001:db8:7:0:2000::/67");
    assertThat(route)
        .as(vigil::output)
        .contains("encap ila")
        .contains("2001:db8:1:2")
        .contains("via 2001:db8::fe dev eth0 proto keepalived");

    reloadKeepsThenStopDeletes(vigil, a, "ip -6 route show table 100", "2001:db8:7:0:2000::/67");
  }
}
