package io.vigil.vrrp.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.lab.Bridge;
import io.vigil.lab.Keepalived;
import io.vigil.lab.LauncherJvm;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Vigil VRRP instance (its own JVM in a namespace) and Debian's keepalived ({@code -P}, VRRP
 * only) on one bridge elect as two keepalived would, v2 and v3, IPv4 multicast and unicast, IPv6:
 * the higher priority wins whichever it is; {@code kill -9} of a Vigil master hands over to
 * keepalived within its down interval; a stopping keepalived master (priority 0) hands over to
 * Vigil within Skew_Time, and a client's ARP entry follows the VIP (gratuitous ARP). keepalived's
 * adverts with another password, VRID or interval change nothing and are counted. Two Vigils do the
 * same.
 */
class KeepalivedInteropIT {
  @RegisterExtension final NetLab lab = new NetLab();

  static final Pattern KA_MASTER = Pattern.compile("\\(VI_1\\) Entering MASTER STATE");
  static final Pattern KA_BACKUP = Pattern.compile("\\(VI_1\\) Entering BACKUP STATE");
  static final String VIP = "192.0.2.100";

  Netns ka;
  Netns vg;
  Netns client;
  Path dir;

  @BeforeEach
  void topology() throws IOException {
    Bridge lan = lab.bridge("lan");
    ka = lab.netns("ka").attach(lan, "eth0", "192.0.2.1/24");
    vg = lab.netns("vg").attach(lan, "eth0", "192.0.2.2/24");
    client = lab.netns("client").attach(lan, "eth0", "192.0.2.3/24");
    dir = Files.createTempDirectory("vigil-vrrp-it");
  }

  @AfterEach
  void cleanDir() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }

  NsProcess keepalived(int version, int priority, int intervalCs) throws IOException {
    return keepalived(version, priority, intervalCs, false);
  }

  NsProcess keepalived(int version, int priority, int intervalCs, boolean unicast)
      throws IOException {
    return keepalived(version, 51, priority, intervalCs, unicast, "");
  }

  NsProcess keepalived(
      int version, int vrid, int priority, int intervalCs, boolean unicast, String extra)
      throws IOException {
    String conf =
        """
        global_defs {
          router_id vigil_it
          enable_script_security
          script_user root
        }
        vrrp_instance VI_1 {
          interface eth0
          state BACKUP
          version %d
          virtual_router_id %d
          priority %d
          advert_int %s
          %s
          virtual_ipaddress {
            %s/24
          }
        }
        """
            .formatted(
                version,
                vrid,
                priority,
                intervalCs % 100 == 0
                    ? Integer.toString(intervalCs / 100)
                    : String.format("%.2f", intervalCs / 100.0),
                unicast ? "unicast_src_ip 192.0.2.1\n  unicast_peer {\n    192.0.2.2\n  }" : extra,
                VIP);
    Path c = Files.writeString(dir.resolve("keepalived.conf"), conf);
    return Keepalived.vrrp(ka, c, dir);
  }

  NsProcess vigil(int version, int priority, int intervalCs) {
    return vigil(version, priority, intervalCs, false);
  }

  NsProcess vigil(int version, int priority, int intervalCs, boolean unicast) {
    return vigilVrrp(
        vg,
        "eth0",
        Integer.toString(version),
        "51",
        Integer.toString(priority),
        Integer.toString(intervalCs),
        "192.0.2.2",
        VIP,
        unicast ? "peer=192.0.2.1" : "multicast");
  }

  /**
   * {@link VigilVrrpMain} with {@code args} in a JVM of its own in {@code host}, with the package
   * launcher's settings ({@link LauncherJvm#flags()}), as an operator's director runs.
   */
  static NsProcess vigilVrrp(Netns host, String... args) {
    return host.start(LauncherJvm.argv(VigilVrrpMain.class, java.util.List.of(args)));
  }

  static int count(NsProcess p, Pattern pattern) {
    Matcher m = pattern.matcher(p.output());
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /**
   * Waits until {@code pattern} has been printed more than {@code before} times; returns the wait.
   */
  static Duration awaitMore(NsProcess p, Pattern pattern, int before, Duration timeout)
      throws InterruptedException {
    long start = System.nanoTime();
    while (count(p, pattern) <= before) {
      if (System.nanoTime() - start > timeout.toNanos()) {
        throw new AssertionError("no new /" + pattern + "/ within " + timeout + ":\n" + p.output());
      }
      Thread.sleep(10);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  boolean keepalivedHoldsVip() {
    return ka.sh("ip -4 addr show dev eth0").contains(VIP + "/");
  }

  @ParameterizedTest(name = "VRRPv{0}, advert {1} cs, unicast {2}")
  @CsvSource({"2, 100, false", "3, 50, false", "3, 100, true", "2, 100, true"})
  void higherPriorityVigilWinsAndKeepalivedTakesOverWhenItIsKilled(
      int version, int intervalCs, boolean unicast) throws Exception {
    NsProcess k = keepalived(version, 100, intervalCs, unicast);
    k.awaitOutput(KA_BACKUP, Duration.ofSeconds(20));
    NsProcess v = vigil(version, 200, intervalCs, unicast);
    assertThat(k.output()).doesNotContain("Unknown keyword").doesNotContain("rror");
    v.awaitOutput(Pattern.compile("STATE MASTER 200"), Duration.ofSeconds(30));
    // keepalived hears Vigil: it stays (or goes back to) backup and does not hold the VIP
    long settleMs = 4L * intervalCs * 10;
    Thread.sleep(settleMs);
    assertThat(keepalivedHoldsVip()).as(k.output()).isFalse();
    int mastersBefore = count(k, KA_MASTER);

    v.killTree();
    // keepalived's Master_Down_Interval: 3 × interval + skew (priority 100)
    long downMs =
        3L * intervalCs * 10 + (version == 2 ? 156 * 1000 / 256 : (156 * intervalCs / 256) * 10);
    Duration took = awaitMore(k, KA_MASTER, mastersBefore, Duration.ofMillis(downMs + 3_000));
    System.out.printf(
        "v%d %d cs unicast=%s: keepalived took over %d ms after kill -9 (down interval %d ms)%n",
        version, intervalCs, unicast, took.toMillis(), downMs);
    assertThat(took.toMillis()).isGreaterThanOrEqualTo(downMs - 2L * intervalCs * 10);
  }

  @ParameterizedTest(name = "VRRPv{0}, advert {1} cs")
  @CsvSource({"2, 100", "3, 50"})
  void higherPriorityKeepalivedWinsAndVigilTakesOverWithinSkewWhenItStops(
      int version, int intervalCs) throws Exception {
    NsProcess k = keepalived(version, 200, intervalCs);
    k.awaitOutput(KA_MASTER, Duration.ofSeconds(20));
    NsProcess v = vigil(version, 100, intervalCs);
    v.awaitOutput(Pattern.compile("STATE BACKUP 100"), Duration.ofSeconds(30));
    long downMs =
        3L * intervalCs * 10 + (version == 2 ? 156 * 1000 / 256 : (156 * intervalCs / 256) * 10);
    Thread.sleep(downMs + 1_000);
    assertThat(v.output())
        .as("Vigil hears keepalived and stays backup")
        .doesNotContain("STATE MASTER");
    assertThat(keepalivedHoldsVip()).isTrue();

    k.signal("TERM");
    long skewMs = version == 2 ? 156 * 1000 / 256 : (156 * intervalCs / 256) * 10;
    Duration took =
        awaitMore(v, Pattern.compile("STATE MASTER 100"), 0, Duration.ofMillis(downMs + 3_000));
    System.out.printf(
        "v%d %d cs: Vigil took over %d ms after keepalived's SIGTERM (skew %d ms, down %d ms)%n",
        version, intervalCs, took.toMillis(), skewMs, downMs);
    assertThat(took.toMillis()).as("priority 0 path, not the down timer").isLessThan(downMs);
  }

  @org.junit.jupiter.api.Test
  void clientsArpCacheFollowsTheVipToVigilAfterKeepalivedIsKilled() throws Exception {
    NsProcess k = keepalived(2, 200, 100);
    k.awaitOutput(KA_MASTER, Duration.ofSeconds(20));
    NsProcess v = vigil(2, 100, 100);
    v.awaitOutput(Pattern.compile("STATE BACKUP 100"), Duration.ofSeconds(30));
    String kaMac = ka.sh("cat /sys/class/net/eth0/address").strip();
    String vgMac = vg.sh("cat /sys/class/net/eth0/address").strip();
    client.sh("ping -c1 -W2 " + VIP);
    assertThat(client.sh("ip neigh show " + VIP)).contains(kaMac);

    k.killTree();
    v.awaitOutput(Pattern.compile("STATE MASTER 100"), Duration.ofSeconds(8));
    v.awaitOutput(Pattern.compile("GARP \\[/" + VIP + "\\]"), Duration.ofSeconds(2));
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    String neigh = client.sh("ip neigh show " + VIP);
    while (!neigh.contains(vgMac) && System.nanoTime() - deadline < 0) {
      Thread.sleep(20);
      neigh = client.sh("ip neigh show " + VIP);
    }
    assertThat(neigh).as("the gratuitous ARP moved the client's entry to Vigil").contains(vgMac);
    client.sh("ping -c1 -W2 " + VIP);
    assertThat(vg.sh("ip -4 addr show dev eth0")).contains(VIP + "/24");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "wrong password, 51, 'authentication {\n auth_type PASS\n auth_pass other1\n }', auth_data=",
    "another VRID, 52, '', vrid=",
    "another interval, 51, '', interval="
  })
  void badAdvertsFromKeepalivedChangeNothingAndAreCounted(
      String what, int vrid, String extra, String counter) throws Exception {
    int intervalCs = what.equals("another interval") ? 200 : 100;
    NsProcess k = keepalived(2, vrid, 200, intervalCs, false, extra.replace("\\n", "\n"));
    k.awaitOutput(KA_MASTER, Duration.ofSeconds(20));
    NsProcess v =
        what.equals("wrong password")
            ? vigilVrrp(vg, "eth0", "2", "51", "100", "100", "192.0.2.2", VIP, "pass=vigil1")
            : vigil(2, 100, 100);
    // Vigil, lower priority, would stay backup if it accepted keepalived's adverts
    v.awaitOutput(Pattern.compile("STATE MASTER 100"), Duration.ofSeconds(15));
    v.signal("TERM");
    v.awaitOutput(Pattern.compile("DROPS .*" + counter + "[1-9]"), Duration.ofSeconds(10));
    System.out.printf(
        "%s: %s%n",
        what, v.output().lines().filter(l -> l.startsWith("DROPS")).findFirst().orElse(""));
  }

  @org.junit.jupiter.api.Test
  void twoVigilsElectTheHigherAndHandOverOnKillAndOnStop() throws Exception {
    NsProcess high = vigilVrrp(ka, "eth0", "3", "51", "200", "50", "192.0.2.1", VIP);
    // the lower one starts once the higher one is master: started together, a lower one whose JVM
    // came up first (a CI run on a loaded machine) is master until the higher one speaks
    high.awaitOutput(Pattern.compile("STATE MASTER 200"), Duration.ofSeconds(30));
    NsProcess low = vigil(3, 100, 50);
    low.awaitOutput(Pattern.compile("STATE BACKUP 100"), Duration.ofSeconds(30));
    Thread.sleep(2_000);
    assertThat(low.output())
        .as("never master while the higher one speaks")
        .doesNotContain("STATE MASTER");

    high.signal("TERM"); // priority 0: the backup takes over after Skew_Time (300 ms), not 1.8 s
    Duration took = awaitMore(low, Pattern.compile("STATE MASTER 100"), 0, Duration.ofSeconds(5));
    System.out.printf(
        "Vigil pair v3 50 cs: SIGTERM handover %d ms (skew 300 ms)%n", took.toMillis());
    assertThat(took.toMillis()).isLessThan(1_500);
    assertThat(high.output()).contains("STATE STOP");

    NsProcess back = vigilVrrp(ka, "eth0", "3", "51", "200", "50", "192.0.2.1", VIP);
    back.awaitOutput(Pattern.compile("STATE MASTER 200"), Duration.ofSeconds(30));
    awaitMore(low, Pattern.compile("STATE BACKUP 100"), 1, Duration.ofSeconds(5));
    int masters = count(low, Pattern.compile("STATE MASTER 100"));
    back.killTree();
    took = awaitMore(low, Pattern.compile("STATE MASTER 100"), masters, Duration.ofSeconds(6));
    System.out.printf(
        "Vigil pair v3 50 cs: kill -9 failover %d ms (down interval 1800 ms)%n", took.toMillis());
    assertThat(took.toMillis()).isBetween(1_000L, 4_000L);
  }

  @org.junit.jupiter.api.Test
  void ipv6HigherPriorityVigilWinsAndKeepalivedTakesOverWhenItIsKilled() throws Exception {
    String vip6 = "2001:db8::100";
    String conf =
        """
        global_defs {
          router_id vigil_it
          enable_script_security
          script_user root
        }
        vrrp_instance VI_1 {
          interface eth0
          state BACKUP
          version 3
          virtual_router_id 51
          priority 100
          advert_int 0.5
          virtual_ipaddress {
            %s/64
          }
        }
        """
            .formatted(vip6);
    Path c = Files.writeString(dir.resolve("keepalived6.conf"), conf);
    NsProcess k = Keepalived.vrrp(ka, c, dir);
    k.awaitOutput(KA_BACKUP, Duration.ofSeconds(20));
    awaitNoTentativeAddress(vg);
    NsProcess v = vigilVrrp(vg, "eth0", "3", "51", "200", "50", "link-local", vip6);
    v.awaitOutput(Pattern.compile("STATE MASTER 200"), Duration.ofSeconds(30));
    Thread.sleep(2_000);
    assertThat(ka.sh("ip -6 addr show dev eth0")).as(k.output()).doesNotContain(vip6 + "/");
    assertThat(vg.sh("ip -6 addr show dev eth0")).contains(vip6 + "/64");
    int mastersBefore = count(k, KA_MASTER);

    v.killTree();
    Duration took = awaitMore(k, KA_MASTER, mastersBefore, Duration.ofMillis(1_800 + 3_000));
    System.out.printf(
        "v3 IPv6 50 cs: keepalived took over %d ms after kill -9 (down interval 1800 ms)%n",
        took.toMillis());
    assertThat(took.toMillis()).isGreaterThanOrEqualTo(800);

    // a lower Vigil hears keepalived's IPv6 adverts (hop limit, checksum) and stays backup
    NsProcess low = vigilVrrp(vg, "eth0", "3", "51", "50", "50", "link-local", vip6);
    low.awaitOutput(Pattern.compile("STATE BACKUP 50"), Duration.ofSeconds(30));
    Thread.sleep(2_800);
    assertThat(low.output()).doesNotContain("STATE MASTER");
    k.signal("TERM");
    took = awaitMore(low, Pattern.compile("STATE MASTER 50"), 0, Duration.ofSeconds(5));
    System.out.printf(
        "v3 IPv6 50 cs: Vigil took over %d ms after keepalived's SIGTERM%n", took.toMillis());
    assertThat(took.toMillis())
        .as("priority 0 path (skew 400 ms), not the down timer")
        .isLessThan(1_800);
  }

  /**
   * Waits (bounded) until eth0's IPv6 addresses have finished duplicate address detection: a
   * link-local source still tentative cannot send (EADDRNOTAVAIL).
   */
  private static void awaitNoTentativeAddress(Netns ns) throws InterruptedException {
    long deadlineNs = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!ns.sh("ip -6 addr show dev eth0 tentative").isBlank()) {
      if (System.nanoTime() - deadlineNs > 0) {
        throw new AssertionError("eth0 in " + ns + " still has tentative IPv6 addresses");
      }
      Thread.sleep(100);
    }
  }
}
