package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.Keepalived;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * no_accept (strict mode's default) as keepalived 2.2.7 keeps it, each alone in its namespace on
 * one LAN: while master, nftables drops the traffic to and from the instance's addresses, so the
 * client's ping to the VIP goes unanswered while the director's own address answers; the tables
 * ({@code nft list ruleset}) are keepalived's, line for line; at the stop they are gone. Also: a
 * table left by an earlier run is replaced, and a reload that turns accept on lets the traffic
 * through. Needs root, keepalived and nft, like the other lab tests.
 */
class VigilRunNoAcceptIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  /** Strict mode, an IPv4 VIP and an IPv6 excluded one: both tables. VRID and host number N. */
  static final String STRICT =
      """
      global_defs {
        vrrp_strict
      }
      vrrp_instance VI_1 {
        interface eth0
        state BACKUP
        virtual_router_id %1$d
        priority 100
        advert_int 1
        virtual_ipaddress {
          192.0.2.%1$d/24
        }
        virtual_ipaddress_excluded {
          2001:db8::%1$d/64
        }
      }
      """;

  /** The ruleset as nft prints it, handles aside, the instance's number replaced by N. */
  static String ruleset(Netns ns, int n) {
    return ns.sh("nft list ruleset")
        .replace("192.0.2." + n, "192.0.2.N")
        .replace("2001:db8::" + n, "2001:db8::N")
        .replace("fe80::" + n, "fe80::N");
  }

  static boolean answers(Netns client, String address) {
    return client.exec("ping", "-c", "1", "-W", "1", address).ok();
  }

  @Test
  void aMasterThatDoesNotAcceptDropsItsAddressesTrafficWithKeepalivedsTables() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a(); // Vigil
    Netns b = lan.b(); // keepalived
    Netns client = lan.client();

    Path kc = Files.writeString(dir.resolve("keepalived.conf"), STRICT.formatted(92));
    NsProcess keepalived = Keepalived.vrrp(b, kc, dir);
    keepalived.awaitOutput(Pattern.compile("Entering BACKUP STATE"), Duration.ofSeconds(20));
    assertThat(ruleset(b, 92)).as("keepalived as backup: no table yet").isBlank();
    keepalived.awaitOutput(Pattern.compile("Entering MASTER STATE"), Duration.ofSeconds(20));
    String theirs = ruleset(b, 92);
    assertThat(theirs).contains("ip daddr @vips drop").contains("192.0.2.N");
    assertThat(answers(client, "192.0.2.2")).as("keepalived's own address").isTrue();
    assertThat(answers(client, "192.0.2.92")).as("keepalived's VIP").isFalse();
    keepalived.signal("TERM");
    keepalived.waitFor(Duration.ofSeconds(10));
    assertThat(ruleset(b, 92)).as("keepalived stopped").isBlank();

    Path vc = Files.writeString(dir.resolve("vigil.conf"), STRICT.formatted(91));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: BACKUP"), Duration.ofSeconds(30));
    assertThat(ruleset(a, 91)).as("vigil as backup: no table yet").isBlank();
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
    assertThat(ruleset(a, 91)).as("vigil's tables, keepalived's").isEqualTo(theirs);
    assertThat(v.output())
        .contains(
            "vrrp_instance VI_1: nftables drops traffic to and from 192.0.2.91, 2001:db8:0:0:0:0:0:91");
    assertThat(answers(client, "192.0.2.1")).as("vigil's own address").isTrue();
    assertThat(answers(client, "192.0.2.91")).as("vigil's VIP").isFalse();
    assertThat(a.sh("ip -4 addr show dev eth0")).contains("192.0.2.91/24");
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).isZero();
    assertThat(ruleset(a, 91)).as("vigil stopped").isBlank();
  }

  /**
   * A VMAC instance with {@code dont_track_primary} and link-local addresses (N and 1N), then its
   * address blocks: keepalived 2.2.7 keys an address on the instance's own device (the VMAC) by
   * name, one elsewhere (eth0) by index.
   */
  static final String VMAC_LINK_LOCAL =
      """
      vrrp_instance VI_1 {
        interface eth0
        state BACKUP
        virtual_router_id %1$d
        priority 100
        advert_int 1
        no_accept
        dont_track_primary
        use_vmac vrrp.%1$d
      %2$s}
      """;

  /** An IPv4 instance: its excluded link-local addresses go on eth0. */
  static final String EXCLUDED_LINK_LOCAL =
      """
        virtual_ipaddress {
          192.0.2.%1$d/24
        }
        virtual_ipaddress_excluded {
          fe80::%1$d/64
          fe80::1%1$d/64 dev eth0
        }
      """;

  /** An IPv6 instance: its addresses go on the VMAC unless a dev says otherwise. */
  static final String IPV6_LINK_LOCAL =
      """
        virtual_ipaddress {
          fe80::%1$d/64
          fe80::1%1$d/64 dev eth0
        }
      """;

  @Test
  void linkLocalAddressesOnTheVmacOfAnIpv6InstanceAreKeyedByName() throws Exception {
    assertThat(keyedAsKeepalivedKeysThem(IPV6_LINK_LOCAL, 72, 71))
        .contains("vips_link_local_name")
        .contains("fe80::N")
        .contains("fe80::1X");
  }

  @Test
  void linkLocalAddressesOfAVmacInstanceAreKeyedAsKeepalivedKeysThem() throws Exception {
    assertThat(keyedAsKeepalivedKeysThem(EXCLUDED_LINK_LOCAL, 82, 81))
        .contains("fe80::N")
        .contains("fe80::1X");
  }

  /**
   * keepalived (number {@code theirs}), then Vigil (number {@code ours}), master alone with {@link
   * #VMAC_LINK_LOCAL} and the address blocks {@code addresses}: Vigil's ruleset equals
   * keepalived's, which is returned (the numbers as N, fe80::1N as fe80::1X).
   */
  private String keyedAsKeepalivedKeysThem(String addresses, int theirs, int ours)
      throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Path kc = Files.writeString(dir.resolve("keepalived.conf"), config(addresses, theirs));
    NsProcess keepalived = Keepalived.vrrp(lan.b(), kc, dir);
    keepalived.awaitOutput(Pattern.compile("Entering MASTER STATE"), Duration.ofSeconds(30));
    // keepalived logs the state before it fills the tables
    keepalived.awaitThat(
        () -> ruleset(lan.b(), theirs).contains("vips_link_local"), Duration.ofSeconds(10));
    String golden = vmacRuleset(lan.b(), theirs);
    keepalived.signal("TERM");
    keepalived.waitFor(Duration.ofSeconds(10));

    Path vc = Files.writeString(dir.resolve("vigil.conf"), config(addresses, ours));
    NsProcess v = lan.a().start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
    v.awaitThat(() -> ruleset(lan.a(), ours).contains("vips_link_local"), Duration.ofSeconds(10));
    assertThat(vmacRuleset(lan.a(), ours)).as("vigil's tables, keepalived's").isEqualTo(golden);
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).isZero();
    return golden;
  }

  private static String config(String addresses, int n) {
    return VMAC_LINK_LOCAL.formatted(n, addresses.formatted(n));
  }

  private static String vmacRuleset(Netns ns, int n) {
    return ruleset(ns, n).replace("fe80::1" + n, "fe80::1X").replace("vrrp." + n, "vrrp.N");
  }

  @Test
  void aLeftoverTableIsReplacedAndAReloadToAcceptLetsTheTrafficThrough() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a();
    // what a killed run leaves: the table, an address still in its set
    a.sh(
        "nft add table ip keepalived && nft add set ip keepalived vips '{ type ipv4_addr; }'"
            + " && nft add element ip keepalived vips '{ 192.0.2.1 }'"
            + " && nft add chain ip keepalived in '{ type filter hook input priority -1; }'"
            + " && nft add rule ip keepalived in ip daddr @vips drop");
    assertThat(answers(lan.client(), "192.0.2.1")).as("the leftover drops").isFalse();
    String conf =
        """
        vrrp_instance VI_1 {
          interface eth0
          state MASTER
          virtual_router_id 93
          priority 100
          advert_int 1
          %s
          virtual_ipaddress {
            192.0.2.93/24
          }
        }
        """;
    Path vc = Files.writeString(dir.resolve("vigil.conf"), conf.formatted("no_accept"));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    v.awaitOutput(Pattern.compile("nftables drops traffic"), Duration.ofSeconds(30));
    String rules = a.sh("nft list table ip keepalived");
    assertThat(rules)
        .contains("192.0.2.93")
        .doesNotContain("192.0.2.1,")
        .doesNotContain("192.0.2.1 ");
    assertThat(answers(lan.client(), "192.0.2.1")).as("the leftover is gone").isTrue();
    assertThat(answers(lan.client(), "192.0.2.93")).as("no_accept").isFalse();

    Files.writeString(vc, conf.formatted("accept"));
    v.signal("HUP");
    v.awaitOutput(
        Pattern.compile("reloaded in place: accept no_accept -> accept"), Duration.ofSeconds(30));
    v.awaitThat(() -> answers(lan.client(), "192.0.2.93"), Duration.ofSeconds(10));
    assertThat(a.sh("nft list set ip keepalived vips")).doesNotContain("192.0.2.93");
    Files.writeString(vc, conf.formatted("no_accept"));
    v.signal("HUP");
    v.awaitOutput(
        Pattern.compile("reloaded in place: accept accept -> no_accept"), Duration.ofSeconds(30));
    // the instance's own thread applies the reload after that line
    v.awaitThat(() -> v.count("nftables drops traffic") == 2, Duration.ofSeconds(10));
    assertThat(a.sh("nft list set ip keepalived vips")).contains("192.0.2.93");
    assertThat(answers(lan.client(), "192.0.2.93")).isFalse();
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).isZero();
    assertThat(a.sh("nft list ruleset")).isBlank();
  }

  /**
   * A reload that changes the nftables settings applies them at once: the table is made again with
   * the addresses it held, under another name (the old one deleted after) or the same (replaced in
   * one transaction); the VIP is never answered meanwhile.
   */
  @Test
  void aReloadThatChangesTheNftablesSettingsMakesTheTableAgainWithoutLettingTrafficThrough()
      throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a();
    String conf =
        """
        global_defs {
          %s
        }
        vrrp_instance VI_1 {
          interface eth0
          state MASTER
          virtual_router_id 94
          priority 100
          advert_int 1
          no_accept
          virtual_ipaddress {
            192.0.2.94/24
          }
        }
        """;
    Path vc = Files.writeString(dir.resolve("vigil.conf"), conf.formatted(""));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    v.awaitOutput(Pattern.compile("nftables drops traffic"), Duration.ofSeconds(30));
    assertThat(a.sh("nft list set ip keepalived vips")).contains("192.0.2.94");

    // another name, with counters: 200 pings at 10 ms cover the reload; none is answered
    NsProcess ping =
        lan.client().start("ping", "-n", "-i", "0.01", "-c", "200", "-W", "1", "192.0.2.94");
    Files.writeString(vc, conf.formatted("nftables vigil_fw\n  nftables_counters"));
    v.signal("HUP");
    v.awaitOutput(
        Pattern.compile(
            "nftables settings changed: table vigil_fw made again in place of keepalived \\(1"
                + " addresses dropped\\)"),
        Duration.ofSeconds(30));
    ping.waitFor(Duration.ofSeconds(30));
    assertThat(ping.output()).contains("200 packets transmitted, 0 received");
    String rules = a.sh("nft list ruleset");
    assertThat(rules)
        .contains("table ip vigil_fw")
        .doesNotContain("table ip keepalived")
        .contains("ip daddr @vips counter packets");
    assertThat(a.sh("nft list set ip vigil_fw vips")).contains("192.0.2.94");

    // the same name, another priority: replaced in place
    Files.writeString(vc, conf.formatted("nftables vigil_fw\n  nftables_priority -5"));
    v.signal("HUP");
    v.awaitOutput(
        Pattern.compile("nftables settings changed: table vigil_fw made again \\(1 addresses"),
        Duration.ofSeconds(30));
    assertThat(a.sh("nft list chain ip vigil_fw in")).contains("priority filter - 5");
    assertThat(a.sh("nft list set ip vigil_fw vips")).contains("192.0.2.94");
    assertThat(answers(lan.client(), "192.0.2.94")).isFalse();
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).isZero();
    assertThat(a.sh("nft list ruleset")).isBlank();
  }
}
