package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.ExecResult;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code vigil run --vrrp-only} directors (VRRPv3, master 200, backup 100) reloaded with SIGHUP
 * while a client pings the VIP and captures every advert on the LAN: a master given a new VIP, a
 * faster advert interval and a higher priority keeps its state and its VIP (every ping answered),
 * announces the new VIP, never sends a priority-0 advert, and the backup never becomes master; the
 * VIP dropped again is removed alone; a master then lowered below the backup hands over by ordinary
 * preemption, one transition each, again without a priority-0 advert; the new master made to track
 * a link that is down goes to FAULT at once. A sync group reloads in place too, its notify scripts
 * included.
 */
class VigilRunVrrpReloadIT {
  @RegisterExtension final NetLab lab = new NetLab();

  static final String VIP = "192.0.2.100";
  static final String VIP2 = "192.0.2.101";
  static final Pattern PRIO =
      Pattern.compile("IP (\\S+) > 224\\.0\\.0\\.18: VRRPv3.*? prio (\\d+)");

  Netns a;
  Netns b;
  Netns client;
  @TempDir Path dir;

  @BeforeEach
  void topology() {
    DirectorLan lan = DirectorLan.on(lab);
    a = lan.a();
    b = lan.b();
    client = lan.client();
  }

  Path conf(String name, int priority, String advertInt, String... vips) throws IOException {
    StringBuilder v = new StringBuilder();
    for (String vip : vips) {
      v.append("    ").append(vip).append("/24 dev eth0\n");
    }
    String text =
        """
        vrrp_instance VI_1 {
          state BACKUP
          interface eth0
          version 3
          virtual_router_id 51
          priority %d
          advert_int %s
          garp_master_delay 0
          virtual_ipaddress {
        %s  }
        }
        """
            .formatted(priority, advertInt, v);
    return Files.writeString(dir.resolve(name + ".conf"), text);
  }

  static boolean holds(Netns ns, String vip) {
    return ns.sh("ip -o -4 addr show dev eth0").contains(" " + vip + "/24");
  }

  static void await(Netns ns, String vip, boolean held, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (holds(ns, vip) != held) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            ns + (held ? " never got " : " never released ") + vip + ":\n" + ns.sh("ip -o addr"));
      }
      Thread.sleep(50);
    }
  }

  /** Adverts the client saw since {@code from} (an offset in the capture's output). */
  static java.util.List<String[]> adverts(NsProcess capture, int from) {
    java.util.List<String[]> out = new java.util.ArrayList<>();
    Matcher m = PRIO.matcher(capture.output().substring(from));
    while (m.find()) {
      out.add(new String[] {m.group(1), m.group(2)});
    }
    return out;
  }

  /**
   * Pings {@code vip} {@code n} times, 100 ms apart, each waiting up to 1 s; returns the summary.
   */
  NsProcess pings(String vip, int n) {
    return client.start("ping", "-n", "-c", Integer.toString(n), "-i", "0.1", "-W", "1", vip);
  }

  /**
   * Whether {@code vip} answers a ping within 10 s (5 tries): right after a move the client may
   * still hold the old master's MAC, as Linux ignores a gratuitous ARP within {@code locktime} (1
   * s) of the entry's last update.
   */
  boolean answers(String vip) {
    for (int i = 0; i < 5; i++) {
      if (client.exec("ping", "-n", "-c1", "-W2", vip).exitCode() == 0) {
        return true;
      }
    }
    return false;
  }

  static int received(NsProcess ping, int n) {
    assertThat(ping.waitFor(Duration.ofSeconds(n / 10 + 15))).as(ping.output()).isIn(0, 1);
    Matcher m = Pattern.compile("(\\d+) received").matcher(ping.output());
    assertThat(m.find()).as(ping.output()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  void aReloadedMasterKeepsItsVipsAndStateAndALoweredOneHandsOverByPreemption() throws Exception {
    NsProcess capture = client.start("tcpdump", "-l", "-n", "-i", "eth0", "ip proto 112");
    capture.awaitOutput(Pattern.compile("listening on"), Duration.ofSeconds(20));
    Path aConf = conf("a", 200, "1", VIP);
    Path bConf = conf("b", 100, "1", VIP);
    NsProcess high = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", aConf.toString()));
    NsProcess low = b.start(VigilJvm.argv("run", "--vrrp-only", "-f", bConf.toString()));
    high.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(60));
    low.awaitOutput(Pattern.compile("INSTANCE VI_1: BACKUP"), Duration.ofSeconds(60));
    await(a, VIP, true, Duration.ofSeconds(10));
    // both started together: the backup may have been master while the other JVM started; wait
    // until it has been backup for longer than its down interval
    long settle = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (holds(b, VIP)
        || low.output().lastIndexOf("INSTANCE VI_1: MASTER")
            > low.output().lastIndexOf("INSTANCE VI_1: BACKUP")) {
      assertThat(System.nanoTime() - settle).as("the backup settles").isNegative();
      Thread.sleep(100);
    }
    Thread.sleep(4_000); // more than one down interval (3.6 s) of adverts heard: it stays backup
    int highMasters = high.count("INSTANCE VI_1: MASTER");
    int highBackups = high.count("INSTANCE VI_1: BACKUP");
    int lowMasters = low.count("INSTANCE VI_1: MASTER");
    int lowBackups = low.count("INSTANCE VI_1: BACKUP");
    int from = capture.output().length();

    // 1. master: new VIP, advert 1 s -> 0.5 s, priority 200 -> 220; backup: the same VIPs
    NsProcess ping = pings(VIP, 60);
    Thread.sleep(1_000);
    conf("a", 220, "0.5", VIP, VIP2);
    conf("b", 100, "1", VIP, VIP2);
    long hupNs = System.nanoTime();
    high.signal("HUP");
    low.signal("HUP");
    high.awaitOutput(Pattern.compile("reloaded: "), Duration.ofSeconds(30));
    low.awaitOutput(Pattern.compile("reloaded: "), Duration.ofSeconds(30));
    await(a, VIP2, true, Duration.ofSeconds(10));
    long addedMs = (System.nanoTime() - hupNs) / 1_000_000;
    assertThat(client.exec("ping", "-n", "-c1", "-W2", VIP2).exitCode()).isZero();
    int answered = received(ping, 60);
    Thread.sleep(3_000); // three seconds of adverts at the new rate, and of the backup's patience
    var after = adverts(capture, from);
    assertThat(after).as(capture.output().substring(from)).noneMatch(x -> x[1].equals("0"));
    assertThat(after).as("only the master advertises").allMatch(x -> x[0].equals("192.0.2.1"));
    long at220 = after.stream().filter(x -> x[1].equals("220")).count();
    assertThat(at220).as("adverts at 0.5 s with priority 220").isGreaterThanOrEqualTo(5);
    assertThat(answered).as("every ping of the old VIP answered through the reload").isEqualTo(60);
    assertThat(high.count("INSTANCE VI_1: MASTER")).isEqualTo(highMasters);
    assertThat(high.count("INSTANCE VI_1: BACKUP")).isEqualTo(highBackups);
    assertThat(low.count("INSTANCE VI_1: MASTER")).as(low.output()).isEqualTo(lowMasters);
    assertThat(high.output())
        .contains(
            "vrrp_instance VI_1 reloaded in place: priority 200 -> 220, advert_int 1 -> 0.5, VIP"
                + " 192.0.2.101/24 added");
    assertThat(low.output())
        .contains("vrrp_instance VI_1 reloaded in place: VIP 192.0.2.101/24 added");
    // vigil status keeps the reload in the instance's history, with what changed
    ExecResult status = a.exec(VigilJvm.argv("status"));
    assertThat(status.exitCode()).as(status.stderr()).isZero();
    assertThat(status.stdout())
        .as(status.stdout())
        .contains("MASTER (reloaded in place: priority 200 -> 220, advert_int 1 -> 0.5");
    assertThat(high.count("vrrp_instance VI_1 started")).isEqualTo(1);
    assertThat(low.count("vrrp_instance VI_1 started")).isEqualTo(1);
    assertThat(holds(a, VIP)).isTrue();
    assertThat(holds(b, VIP) || holds(b, VIP2)).isFalse();
    System.out.printf(
        "reload in place: new VIP on the master %d ms after SIGHUP, %d/60 pings of the old VIP"
            + " answered, %d adverts at priority 220 in the capture, none at 0%n",
        addedMs, answered, at220);

    // 2. the new VIP dropped again: removed alone, the old one stays, nobody moves
    from = capture.output().length();
    NsProcess ping2 = pings(VIP, 30);
    conf("a", 220, "0.5", VIP);
    conf("b", 100, "1", VIP);
    high.signal("HUP");
    low.signal("HUP");
    await(a, VIP2, false, Duration.ofSeconds(10));
    assertThat(received(ping2, 30)).as("every ping of the old VIP answered").isEqualTo(30);
    high.awaitOutput(
        Pattern.compile("vrrp_instance VI_1 reloaded in place: VIP 192.0.2.101/24 removed"),
        Duration.ofSeconds(10));
    low.awaitOutput(
        Pattern.compile("vrrp_instance VI_1 reloaded in place: VIP 192.0.2.101/24 removed"),
        Duration.ofSeconds(10));
    Thread.sleep(2_000);
    assertThat(holds(a, VIP)).isTrue();
    assertThat(adverts(capture, from)).noneMatch(x -> x[1].equals("0"));
    assertThat(adverts(capture, from)).allMatch(x -> x[0].equals("192.0.2.1"));
    assertThat(high.count("INSTANCE VI_1: BACKUP")).isEqualTo(highBackups);
    assertThat(low.count("INSTANCE VI_1: MASTER")).isEqualTo(lowMasters);

    // 2b. the kept VIP written with a label: the master replaces the address, state kept
    from = capture.output().length();
    Path labelled = conf("a", 220, "0.5", VIP);
    Files.writeString(
        labelled,
        Files.readString(labelled).replace("/24 dev eth0", "/24 dev eth0 label eth0:vip"));
    NsProcess ping3 = pings(VIP, 20);
    Thread.sleep(500);
    high.signal("HUP");
    high.awaitOutput(
        Pattern.compile(
            "vrrp_instance VI_1 reloaded in place: VIP 192.0.2.100/24 -> 192.0.2.100/24 scope 0"
                + " label eth0:vip"),
        Duration.ofSeconds(30));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!a.sh("ip -o -4 addr show dev eth0").contains("eth0:vip")) {
      assertThat(System.nanoTime() - deadline).as(a.sh("ip -o addr")).isNegative();
      Thread.sleep(50);
    }
    int labelledAnswers = received(ping3, 20);
    assertThat(labelledAnswers)
        .as("pings of the VIP while it is replaced")
        .isGreaterThanOrEqualTo(18);
    assertThat(adverts(capture, from)).noneMatch(x -> x[1].equals("0"));
    assertThat(high.count("INSTANCE VI_1: BACKUP")).isEqualTo(highBackups);
    assertThat(high.count("vrrp_instance VI_1 started")).isEqualTo(1);
    assertThat(low.count("INSTANCE VI_1: MASTER")).isEqualTo(lowMasters);
    System.out.printf(
        "label added in place: %d/20 pings of the VIP answered across the replacement%n",
        labelledAnswers);

    // 3. the master lowered below the backup: ordinary preemption, one transition each
    from = capture.output().length();
    conf("a", 50, "0.5", VIP);
    long lowerNs = System.nanoTime();
    high.signal("HUP");
    high.awaitOutput(
        Pattern.compile("vrrp_instance VI_1 reloaded in place: priority 220 -> 50"),
        Duration.ofSeconds(30));
    await(b, VIP, true, Duration.ofSeconds(15));
    await(a, VIP, false, Duration.ofSeconds(10));
    long movedMs = (System.nanoTime() - lowerNs) / 1_000_000;
    assertThat(holds(a, VIP2) || holds(b, VIP2)).isFalse();
    assertThat(answers(VIP)).as("the VIP answers from the new master").isTrue();
    Thread.sleep(2_000);
    var handover = adverts(capture, from);
    assertThat(handover).as(capture.output().substring(from)).noneMatch(x -> x[1].equals("0"));
    assertThat(handover).anyMatch(x -> x[0].equals("192.0.2.1") && x[1].equals("50"));
    assertThat(handover).anyMatch(x -> x[0].equals("192.0.2.2") && x[1].equals("100"));
    assertThat(high.count("INSTANCE VI_1: BACKUP")).isEqualTo(highBackups + 1);
    assertThat(high.count("INSTANCE VI_1: MASTER")).isEqualTo(highMasters);
    assertThat(low.count("INSTANCE VI_1: MASTER")).isEqualTo(lowMasters + 1);
    assertThat(low.count("INSTANCE VI_1: BACKUP")).isEqualTo(lowBackups);
    System.out.printf("lowered master: the backup holds the VIP %d ms after SIGHUP%n", movedMs);

    // 4. the new master tracks a link that is down (weight 0): the reload reads the link's state
    // from the kernel (no link event will come) and it goes to FAULT as if the link had just failed
    b.sh("ip link add eth1 type veth peer name eth2"); // both ends down
    Path bTracked = conf("b", 100, "1", VIP);
    Files.writeString(
        bTracked,
        Files.readString(bTracked)
            .replace(
                "garp_master_delay 0", "garp_master_delay 0\n  track_interface {\n    eth1\n  }"));
    low.signal("HUP");
    low.awaitOutput(
        Pattern.compile("vrrp_instance VI_1 reloaded in place: track_interface eth1 added"),
        Duration.ofSeconds(30));
    low.awaitOutput(Pattern.compile("INSTANCE VI_1: FAULT"), Duration.ofSeconds(10));
    await(a, VIP, true, Duration.ofSeconds(15));
    await(b, VIP, false, Duration.ofSeconds(5));
    assertThat(high.count("INSTANCE VI_1: MASTER")).isEqualTo(highMasters + 1);

    high.signal("TERM");
    low.signal("TERM");
    assertThat(high.waitFor(Duration.ofSeconds(20))).isZero();
    assertThat(low.waitFor(Duration.ofSeconds(20))).isZero();
    capture.killTree();
  }

  Path script(String name) throws IOException {
    Path sh = dir.resolve(name + ".sh");
    Files.writeString(sh, "#!/bin/sh\necho \"$@\" >> " + dir.resolve(name + ".log") + "\n");
    Files.setPosixFilePermissions(
        sh, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    return sh;
  }

  String lines(String name) throws IOException {
    Path log = dir.resolve(name + ".log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  Path groupConf(String name, int priority, Path notify, String vi2Extra) throws IOException {
    String instance =
        """
        vrrp_instance %s {
          state BACKUP
          interface eth0
          version 3
          virtual_router_id %d
          priority %d
          advert_int 1
          garp_master_delay 0
          virtual_ipaddress {
            %s/24 dev eth0
          }
          %s
        }
        """;
    String text =
        """
        global_defs {
          enable_script_security
          script_user root
        }
        vrrp_sync_group G1 {
          group {
            VI_1
            VI_2
          }
          notify %s
          # the members' own tracked weights count (else keepalived and Vigil ignore them)
          sync_group_tracking_weight
        }
        """
                .formatted(notify)
            + instance.formatted("VI_1", 51, priority, VIP, "")
            + instance.formatted("VI_2", 52, priority, VIP2, vi2Extra);
    return Files.writeString(dir.resolve(name + ".conf"), text);
  }

  @Test
  void syncGroupMembersAndTheGroupsNotifyScriptsReloadInPlace() throws Exception {
    NsProcess capture = client.start("tcpdump", "-l", "-n", "-i", "eth0", "ip proto 112");
    capture.awaitOutput(Pattern.compile("listening on"), Duration.ofSeconds(20));
    Path first = script("first");
    Path second = script("second");
    Path aConf = groupConf("a", 200, first, "");
    NsProcess high = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", aConf.toString()));
    high.awaitOutput(Pattern.compile("GROUP G1: MASTER"), Duration.ofSeconds(60));
    Path bConf = groupConf("b", 100, script("low"), "");
    NsProcess low = b.start(VigilJvm.argv("run", "--vrrp-only", "-f", bConf.toString()));
    low.awaitOutput(Pattern.compile("GROUP G1: BACKUP"), Duration.ofSeconds(60));
    await(a, VIP, true, Duration.ofSeconds(10));
    await(a, VIP2, true, Duration.ofSeconds(10));
    int from = capture.output().length();

    // both members' priority up, a tracked interface on one, the group's notify script replaced
    groupConf("a", 210, second, "track_interface {\n    lo weight 10\n  }");
    NsProcess ping = pings(VIP2, 30);
    high.signal("HUP");
    high.awaitOutput(
        Pattern.compile("vrrp_instance VI_2 reloaded in place"), Duration.ofSeconds(30));
    assertThat(received(ping, 30)).as("every ping of VI_2's VIP answered").isEqualTo(30);
    Thread.sleep(2_000);
    assertThat(high.output())
        .contains("vrrp_instance VI_1 reloaded in place: priority 200 -> 210")
        .contains(
            "vrrp_instance VI_2 reloaded in place: priority 200 -> 210, track_interface lo added")
        .contains("vrrp_sync_group G1 reloaded in place: notify scripts changed");
    var after = adverts(capture, from);
    assertThat(after).as(capture.output().substring(from)).noneMatch(x -> x[1].equals("0"));
    assertThat(after).anyMatch(x -> x[1].equals("220")).anyMatch(x -> x[1].equals("210"));
    assertThat(high.count("GROUP G1: MASTER")).isEqualTo(1);
    assertThat(low.count("GROUP G1: MASTER")).isZero();
    assertThat(high.count("vrrp_instance VI_1 started")).isEqualTo(1);

    // lowered below the backup: the group hands over, and the new notify script hears it
    groupConf("a", 50, second, "");
    high.signal("HUP");
    await(b, VIP, true, Duration.ofSeconds(15));
    await(b, VIP2, true, Duration.ofSeconds(15));
    await(a, VIP, false, Duration.ofSeconds(10));
    await(a, VIP2, false, Duration.ofSeconds(10));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!lines("second").contains("GROUP G1 BACKUP 0") && System.nanoTime() - deadline < 0) {
      Thread.sleep(100);
    }
    assertThat(lines("second")).contains("GROUP G1 BACKUP 0");
    assertThat(lines("first"))
        .as("the replaced script heard only what came before the reload")
        .isEqualTo("GROUP G1 BACKUP 0\nGROUP G1 MASTER 0\n");
    assertThat(adverts(capture, from)).noneMatch(x -> x[1].equals("0"));

    high.signal("TERM");
    low.signal("TERM");
    assertThat(high.waitFor(Duration.ofSeconds(20))).isZero();
    assertThat(low.waitFor(Duration.ofSeconds(20))).isZero();
    capture.killTree();
  }
}
