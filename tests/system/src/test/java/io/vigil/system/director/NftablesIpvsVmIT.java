package io.vigil.system.director;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.lab.LvsTopology;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import io.vigil.system.lab.InVm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code nftables_ipvs} against the real kernel (IPVS and nf_tables in the lab VM): a virtual
 * server group of addresses is one fwmark service, and nftables marks the client's packets to the
 * group's addresses and ports, as keepalived 2.2.7 does it (its messages are compared byte for byte
 * in ipvs-netlink's IpvsFirewallGoldenTest). The client's requests to the VIP, one of the group's
 * range, reach the real servers through the mark; a reload changes the group's entries and adds a
 * group, keeping the first group's mark and service; after a kill -9 the table and the service stay
 * and still serve, and the restart takes them over; the stop deletes both.
 */
class NftablesIpvsVmIT {
  @RegisterExtension static final NetLab lab = new NetLab();

  private static final Duration WAIT = DirectorLab.WAIT;

  @BeforeAll
  static void needsIpvs() {
    InVm.assumeIpvs();
  }

  /** Group web: ENTRIES, TCP, NAT to rs1 and rs2; then EXTRA. */
  static String config(String entries, String extra) {
    return "global_defs {\n  nftables_ipvs\n}\n"
        + "virtual_server_group web {\n"
        + entries
        + "}\n"
        + "virtual_server group web {\n  delay_loop 1\n  lb_algo rr\n  lb_kind NAT\n"
        + "  protocol TCP\n"
        + DirectorLab.realServer("203.0.113.11", 1, "", 0, 1)
        + DirectorLab.realServer("203.0.113.12", 1, "", 0, 1)
        + "}\n"
        + extra;
  }

  static final String FIRST = "  198.51.100.9-11 80\n  198.51.100.20 8080\n";
  static final String SECOND = "  198.51.100.10 80\n  198.51.100.21 8080\n";
  static final String MAIL =
      "virtual_server_group mail {\n  198.51.100.25 25\n}\n"
          + "virtual_server group mail {\n  lb_algo wlc\n  lb_kind DR\n  protocol TCP\n"
          + "  real_server 203.0.113.11 25 {\n  }\n}\n";

  @Test
  void aGroupIsOneFwmarkServiceReachedThroughNftablesMarks() throws Exception {
    LvsTopology t = LvsTopology.build(lab, LvsTopology.Mode.NAT, 2);
    Netns dir = t.director(1);
    dir.addr("eth0", LvsTopology.VIP + "/24");
    dir.addr("eth1", LvsTopology.BACK_VIP + "/24");
    t.startRealServers(Duration.ofSeconds(120));
    Path conf = DirectorLab.writeConfig(config(FIRST, ""));
    NsProcess vigil =
        DirectorLab.startDaemon(
            dir, "run", "--check-only", "-f", conf.toString(), "--reconcile-interval", "1000");

    String rules = dir.sh("nft list ruleset");
    assertThat(rules)
        .as(vigil.output())
        .contains("table ip keepalived_ipvs")
        .contains("type ipv4_addr . inet_service : mark")
        .contains("198.51.100.9-198.51.100.11 . 80 : 0x000003e8")
        .contains("198.51.100.20 . 8080 : 0x000003e8")
        .contains("type filter hook input priority filter - 1; policy accept;")
        .contains("meta mark set ip daddr . tcp dport map @tcp_map return")
        .doesNotContain("table ip6");
    DirectorLab.await(() -> dir.sh("ipvsadm -Sn").contains("-r 203.0.113.12:80"), "rs2", vigil);
    assertThat(dir.sh("ipvsadm -Sn"))
        .contains("-A -f 1000 -s rr")
        .contains("-a -f 1000 -r 203.0.113.11:80 -m -w 1")
        .doesNotContain("-t ");
    // the VIP, 198.51.100.10:80, is in the range: its requests are marked and balanced
    assertThat(answers(t, 6)).containsExactlyInAnyOrder("rs1", "rs2");

    // a reload: web's entries change, a group comes; web keeps mark 1000, mail gets 1001
    Files.writeString(conf, config(SECOND, MAIL));
    vigil.signal("HUP");
    vigil.awaitOutput(Pattern.compile("reloaded: "), WAIT);
    rules = dir.sh("nft list ruleset");
    assertThat(rules)
        .as(vigil.output())
        .contains("198.51.100.10 . 80 : 0x000003e8")
        .contains("198.51.100.21 . 8080 : 0x000003e8")
        .contains("198.51.100.25 . 25 : 0x000003e9")
        .doesNotContain("198.51.100.9-")
        .doesNotContain("198.51.100.20 .");
    assertThat(dir.sh("ipvsadm -Sn"))
        .contains("-A -f 1000 -s rr")
        .contains("-A -f 1001 -s wlc")
        .contains("-a -f 1001 -r 203.0.113.11:0 -g -w 1");
    assertThat(vigil.output()).doesNotContain("refused");
    assertThat(answers(t, 4)).containsExactlyInAnyOrder("rs1", "rs2");

    // kill -9: the table and the services stay and serve; the restart takes them over
    vigil.signal("KILL");
    vigil.waitFor(WAIT);
    assertThat(answers(t, 2)).isNotEmpty().doesNotContainNull();
    vigil =
        DirectorLab.startDaemon(
            dir, "run", "--check-only", "-f", conf.toString(), "--reconcile-interval", "1000");
    assertThat(dir.sh("nft list tables")).containsOnlyOnce("keepalived_ipvs");
    assertThat(dir.sh("nft list ruleset"))
        .contains("198.51.100.10 . 80 : 0x000003e8")
        .containsOnlyOnce("meta mark set ip daddr . tcp dport map @tcp_map return");
    assertThat(answers(t, 4)).containsExactlyInAnyOrder("rs1", "rs2");

    vigil.signal("TERM");
    assertThat(vigil.waitFor(WAIT)).as(vigil.output()).isZero();
    assertThat(dir.sh("nft list tables")).doesNotContain("keepalived_ipvs");
    assertThat(dir.sh("ipvsadm -Sn")).isEmpty();
  }

  private static Set<String> answers(LvsTopology t, int requests) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < requests; i++) {
      names.add(t.requestFromClient(Duration.ofSeconds(20)));
    }
    return names;
  }
}
