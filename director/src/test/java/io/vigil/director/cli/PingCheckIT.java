package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.Bridge;
import io.vigil.lab.ExecResult;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code vigil checks --once} with PING_CHECK, in its own JVM in a director namespace on a bridge
 * with two real-server namespaces: one answers echo requests (IPv4 and IPv6), the other has its
 * addresses but ignores them ({@code net.ipv4.icmp_echo_ignore_all}, {@code
 * net.ipv6.icmp.echo_ignore_all}). Run three ways: as root with the namespace's default {@code
 * ping_group_range} (no group: a raw socket), without CAP_NET_RAW but with the group allowed (only
 * a ping socket can work), and with neither (the check fails and says why). The answering one is
 * also the director's router to 198.51.100.0/24 and 2001:db8:9::/64, where it rejects four
 * addresses with host / no-route unreachable and administratively prohibited: its ICMP errors end
 * those checks at once, with what they said and who said it, on either kind of socket.
 */
class PingCheckIT {
  @RegisterExtension static final NetLab lab = new NetLab();

  static Netns director;
  static Netns router; // rs1, also the router to 198.51.100.0/24 and 2001:db8:9::/64
  static Path dir;
  static Path conf;
  static Path unreachable;

  @BeforeAll
  static void topology() throws IOException {
    Bridge lan = lab.bridge("lan");
    director = lab.netns("dir").attach(lan, "eth0", "192.0.2.1/24", "2001:db8::1/64");
    Netns answers = lab.netns("rs1").attach(lan, "eth0", "192.0.2.2/24", "2001:db8::2/64");
    router = answers;
    Netns mute = lab.netns("rs2").attach(lan, "eth0", "192.0.2.3/24", "2001:db8::3/64");
    mute.sh("sysctl -qw net.ipv4.icmp_echo_ignore_all=1 net.ipv6.icmp.echo_ignore_all=1");
    // both sides must be reachable before the checks start (IPv6 duplicate address detection)
    awaitPing(director, "192.0.2.2");
    awaitPing(director, "2001:db8::2");
    awaitNoTentativeAddress(mute); // it must be down for ignoring echo, not for DAD
    answers.sh(
        "sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1"
            + " net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0");
    // The errors come from nftables' reject in the router's forward chain, not from unreachable
    // and prohibit routes: those send theirs through ip_error(), which keeps a silent bucket of 5
    // per source (net.ipv4.route.error_burst, for the whole host) shared with ICMP's own per-host
    // limit, and in a loaded test run it once left one of the four IPv4 requests unanswered.
    answers.sh(
        "ip link add out0 type veth peer name out1 && ip link set out0 up && ip link set out1 up");
    answers.sh("ip route add 198.51.100.0/24 dev out0 && ip -6 route add 2001:db8:9::/64 dev out0");
    answers.sh(
        "nft -f - <<'EOF'\n"
            + "table inet errors {\n"
            + "  chain forward {\n"
            + "    type filter hook forward priority 0;\n"
            + "    ip daddr 198.51.100.9 reject with icmp host-unreachable\n"
            + "    ip daddr 198.51.100.10 reject with icmp admin-prohibited\n"
            + "    ip6 daddr 2001:db8:9::9 reject with icmpv6 no-route\n"
            + "    ip6 daddr 2001:db8:9::10 reject with icmpv6 admin-prohibited\n"
            + "  }\n"
            + "}\n"
            + "EOF");
    director.sh("ip route add 198.51.100.0/24 via 192.0.2.2");
    director.sh("ip -6 route add 2001:db8:9::/64 via 2001:db8::2");
    dir = Files.createTempDirectory("vigil-ping-it");
    conf =
        Files.writeString(
            dir.resolve("vigil.conf"),
            virtualServer("192.0.2.10", "192.0.2.2", "192.0.2.3")
                + virtualServer("2001:db8::10", "2001:db8::2", "2001:db8::3"));
    unreachable = unreachableConf("unreachable.conf", "192.0.2.1", "2001:db8::1");
  }

  @AfterAll
  static void cleanDir() throws IOException {
    if (dir != null) {
      Files.deleteIfExists(dir.resolve("vigil.conf"));
      Files.deleteIfExists(dir.resolve("unreachable.conf"));
      Files.deleteIfExists(dir);
    }
  }

  /**
   * The router's and the director's ICMP counters (/proc/net/snmp, per namespace): when an
   * unreachable check fails, whether the router sent its errors (OutDestUnreachs), held them back
   * (OutRateLimitGlobal, OutRateLimitHost), and whether the director got them (InDestUnreachs).
   * Once in many runs the IPv4 host-unreachable check heard nothing; this tells which side next
   * time.
   */
  static String icmpCounters() {
    return "router "
        + router.sh("grep ^Icmp: /proc/net/snmp")
        + "director "
        + director.sh("grep ^Icmp: /proc/net/snmp");
  }

  static Path unreachableConf(String name, String from4, String from6) throws IOException {
    return Files.writeString(
        dir.resolve(name),
        virtualServer("192.0.2.11", "198.51.100.9", "198.51.100.10", "bindto " + from4)
            + virtualServer("2001:db8::11", "2001:db8:9::9", "2001:db8:9::10", "bindto " + from6));
  }

  static String virtualServer(String vip, String up, String mute) {
    return virtualServer(vip, up, mute, "");
  }

  static String virtualServer(String vip, String up, String mute, String option) {
    String check =
        "    PING_CHECK {\n      connect_timeout 1\n      retry 1\n      delay_before_retry 0.2\n"
            + "      "
            + option
            + "\n    }\n";
    return "virtual_server "
        + vip
        + " 80 {\n  lb_algo rr\n  lb_kind DR\n  protocol TCP\n"
        + "  real_server "
        + up
        + " 80 {\n"
        + check
        + "  }\n  real_server "
        + mute
        + " 80 {\n"
        + check
        + "  }\n}\n";
  }

  static void awaitNoTentativeAddress(Netns ns) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!ns.sh("ip -6 -o addr show tentative").isBlank()) {
      assertThat(System.nanoTime() - deadline < 0).as(ns + ": DAD never finished").isTrue();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  static void awaitPing(Netns from, String target) {
    ExecResult r = from.exec("ping", "-c", "1", "-w", "10", target);
    assertThat(r.exitCode()).as(from + " ping " + target + "\n" + r.stdout()).isZero();
  }

  static ExecResult checksOnce(String... prefix) {
    return checksOnce(conf, prefix);
  }

  static ExecResult checksOnce(Path file, String... prefix) {
    List<String> argv = new ArrayList<>(List.of(prefix));
    argv.addAll(List.of(VigilJvm.argv("checks", "-f", file.toString(), "--once")));
    return director.exec(argv.toArray(String[]::new));
  }

  static List<String> expected(String downReason) {
    return List.of(
        "TCP 192.0.2.10:80 192.0.2.2:80 up PING_CHECK passed",
        "TCP 192.0.2.10:80 192.0.2.3:80 down PING_CHECK " + downReason,
        "TCP [2001:db8::10]:80 [2001:db8::2]:80 up PING_CHECK passed",
        "TCP [2001:db8::10]:80 [2001:db8::3]:80 down PING_CHECK " + downReason);
  }

  @Test
  void asRootARawSocketSeesTheAnsweringHostUpAndTheMuteOneDown() {
    director.sh("sysctl -qw net.ipv4.ping_group_range='1 0'");
    ExecResult r = checksOnce();
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout().lines().toList())
        .containsExactlyElementsOf(expected("no echo reply within 1 s after 1 retry"));
  }

  @Test
  void withoutCapNetRawAPingSocketDoesTheSameWhenTheGroupIsAllowed() {
    director.sh("sysctl -qw net.ipv4.ping_group_range='0 2147483647'");
    try {
      ExecResult r = checksOnce("setpriv", "--bounding-set=-net_raw", "--inh-caps=-net_raw");
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(r.stdout().lines().toList())
          .containsExactlyElementsOf(expected("no echo reply within 1 s after 1 retry"));
    } finally {
      director.sh("sysctl -qw net.ipv4.ping_group_range='1 0'");
    }
  }

  static final List<String> UNREACHABLE =
      List.of(
          "TCP 192.0.2.11:80 198.51.100.9:80 down PING_CHECK"
              + " host unreachable (ICMP from 192.0.2.2) after 1 retry",
          "TCP 192.0.2.11:80 198.51.100.10:80 down PING_CHECK"
              + " communication administratively prohibited (ICMP from 192.0.2.2) after 1 retry",
          "TCP [2001:db8::11]:80 [2001:db8:9::9]:80 down PING_CHECK"
              + " no route to destination (ICMP from 2001:db8::2) after 1 retry",
          "TCP [2001:db8::11]:80 [2001:db8:9::10]:80 down PING_CHECK"
              + " communication administratively prohibited (ICMP from 2001:db8::2) after 1 retry");

  @Test
  void aRawSocketReportsTheRoutersIcmpErrorAboutItsRequest() {
    director.sh("sysctl -qw net.ipv4.ping_group_range='1 0'");
    String before = icmpCounters();
    ExecResult r = checksOnce(unreachable);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout().lines().toList())
        .as("ICMP counters before:\n%s\nafter:\n%s", before, icmpCounters())
        .containsExactlyElementsOf(UNREACHABLE);
  }

  @Test
  void aPingSocketReportsTheSameFromItsErrorQueue() {
    director.sh("sysctl -qw net.ipv4.ping_group_range='0 2147483647'");
    try {
      String before = icmpCounters();
      ExecResult r =
          checksOnce(unreachable, "setpriv", "--bounding-set=-net_raw", "--inh-caps=-net_raw");
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(r.stdout().lines().toList())
          .as("ICMP counters before:\n%s\nafter:\n%s", before, icmpCounters())
          .containsExactlyElementsOf(UNREACHABLE);
    } finally {
      director.sh("sysctl -qw net.ipv4.ping_group_range='1 0'");
    }
  }

  @Test
  void withNeitherTheCheckFailsAndSaysWhy() {
    director.sh("sysctl -qw net.ipv4.ping_group_range='1 0'");
    ExecResult r = checksOnce("setpriv", "--bounding-set=-net_raw", "--inh-caps=-net_raw");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout().lines().toList())
        .hasSize(4)
        .allSatisfy(
            l ->
                assertThat(l)
                    .contains(" down PING_CHECK ICMP socket: no ICMP socket: ping socket EACCES")
                    .contains("raw socket EPERM (needs CAP_NET_RAW)"));
  }
}
