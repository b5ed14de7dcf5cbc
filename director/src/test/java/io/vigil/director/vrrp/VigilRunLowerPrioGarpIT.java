package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import io.vigil.vrrp.wire.VrrpHeader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running {@code vigil run} master and adverts from another router (keepalived's captured one,
 * its priority changed, sent from a third namespace on a raw socket). A lower priority advert: with
 * {@code garp_lower_prio_repeat 2} and {@code garp_lower_prio_delay 2} it sends two gratuitous ARPs
 * for its VIP at once and two more 2 s later, as tcpdump on that namespace sees them, and runs its
 * {@code notify_master_rx_lower_pri} script (no arguments). A higher priority advert: with {@code
 * higher_prio_send_advert} it sends one advert of its own before it becomes backup; without, none.
 */
class VigilRunLowerPrioGarpIT {
  @RegisterExtension final NetLab lab = new NetLab();

  static final Pattern ARP =
      Pattern.compile("(?m)^(\\d+\\.\\d+) ARP, \\w+ .*" + Pattern.quote(VigilRunBadAdvertsIT.VIP));

  Netns a;
  Netns sender;
  @TempDir Path dir;

  @BeforeEach
  void topology() {
    DirectorLan lan = DirectorLan.on(lab);
    a = lan.a();
    sender = lan.client();
    sender.sh("ip route add 224.0.0.0/4 dev eth0");
  }

  /** The epoch seconds of each ARP frame for the VIP tcpdump has printed so far. */
  static List<Double> arps(NsProcess tcpdump) {
    return times(ARP, tcpdump);
  }

  /**
   * The ARPs seen once {@code n} have come (at most 10 s of waiting) and one more second has passed
   * (nothing more may come).
   */
  static List<Double> arpsOnceSettled(NsProcess tcpdump, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (arps(tcpdump).size() < n && System.nanoTime() - deadline < 0) {
      Thread.sleep(50);
    }
    Thread.sleep(1_000);
    return arps(tcpdump);
  }

  /** The epoch seconds (group 1 of {@code line}) of each line of tcpdump's {@code -tt} output. */
  static List<Double> times(Pattern line, NsProcess tcpdump) {
    List<Double> at = new ArrayList<>();
    Matcher m = line.matcher(tcpdump.output());
    while (m.find()) {
      at.add(Double.parseDouble(m.group(1)));
    }
    return at;
  }

  @Test
  void aLowerAdvertBringsTwoGratuitousArpsAtOnceAndTwoMoreAfterTheDelayAndItsScript()
      throws Exception {
    Path rx = dir.resolve("rx.sh");
    Path ran = dir.resolve("rx.log");
    Files.writeString(rx, "#!/bin/sh\necho \"ran with [$*]\" >> " + ran + "\n");
    rx.toFile().setExecutable(true);
    String conf =
        """
        global_defs {
          enable_script_security
          script_user root
        }
        vrrp_instance VI_1 {
          interface eth0
          state MASTER
          version 2
          virtual_router_id 52
          priority 200
          advert_int 3
          garp_master_delay 0
          garp_master_repeat 1
          garp_lower_prio_repeat 2
          garp_lower_prio_delay 2
          notify_master_rx_lower_pri %s
          authentication {
            auth_type PASS
            auth_pass vigil42
          }
          virtual_ipaddress {
            %s/24
          }
        }
        """
            .formatted(rx, VigilRunBadAdvertsIT.VIP);
    Path c = Files.writeString(dir.resolve("a.conf"), conf);
    NsProcess master = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", c.toString()));
    master.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
    NsProcess tcpdump =
        sender.start("tcpdump", "-l", "-n", "-tt", "-i", "eth0", "arp or ip proto 112");
    tcpdump.awaitOutput(Pattern.compile("listening on eth0"), Duration.ofSeconds(10));
    assertThat(arps(tcpdump)).as("the master's own burst is over").isEmpty();

    byte[] lower = VigilRunBadAdvertsIT.derived();
    lower[VigilRunBadAdvertsIT.IP + VrrpHeader.PRIORITY_OFFSET] = 50;
    int stateLines = master.count("INSTANCE VI_1:");
    VigilRunBadAdvertsIT.send(sender, List.of(VigilRunBadAdvertsIT.checksummed(lower)));
    double sentS = onTheWire(tcpdump, 50);
    List<Double> at = arpsOnceSettled(tcpdump, 4);
    System.out.printf(
        "gratuitous ARPs after the lower advert: %s s%n",
        at.stream().map(t -> String.format("%.3f", t - sentS)).toList());
    assertThat(at).as(tcpdump.output()).hasSize(4);
    assertThat(at.get(1) - sentS).as("the first two at once").isLessThan(1.0);
    assertThat(at.get(2) - at.get(0))
        .as("the next two after garp_lower_prio_delay")
        .isBetween(1.9, 3.0);
    assertThat(master.count("INSTANCE VI_1:"))
        .as("still master: " + master.output())
        .isEqualTo(stateLines);
    assertThat(Files.exists(ran) ? Files.readAllLines(ran) : List.of())
        .as("notify_master_rx_lower_pri, once, as it is")
        .containsExactly("ran with []");
    tcpdump.close();
    master.signal("TERM");
    assertThat(master.waitFor(Duration.ofSeconds(20))).isZero();
  }

  @Test
  void vrrpGarpIntervalSpacesTheNewMastersGratuitousArps() throws Exception {
    String conf =
        """
        global_defs {
          vrrp_garp_interval 0.2
        }
        vrrp_instance VI_1 {
          interface eth0
          state MASTER
          version 2
          virtual_router_id 53
          priority 200
          advert_int 1
          garp_master_delay 0
          garp_master_repeat 3
          virtual_ipaddress {
            %s/24
          }
        }
        """
            .formatted(VigilRunBadAdvertsIT.VIP);
    Path c = Files.writeString(dir.resolve("g.conf"), conf);
    NsProcess tcpdump = sender.start("tcpdump", "-l", "-n", "-tt", "-i", "eth0", "arp");
    tcpdump.awaitOutput(Pattern.compile("listening on eth0"), Duration.ofSeconds(10));
    NsProcess master = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", c.toString()));
    master.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
    List<Double> at = arpsOnceSettled(tcpdump, 3);
    System.out.printf(
        "vrrp_garp_interval 0.2: gratuitous ARPs at %s s%n",
        at.stream().map(t -> String.format("%.3f", t - at.get(0))).toList());
    assertThat(at).as(tcpdump.output()).hasSize(3);
    for (int i = 1; i < at.size(); i++) {
      // the first frame may leave a few ms after its send: 0.15 s is far from back to back
      assertThat(at.get(i) - at.get(i - 1)).as("gap " + i).isBetween(0.15, 1.0);
    }
    tcpdump.close();
    master.signal("TERM");
    assertThat(master.waitFor(Duration.ofSeconds(20))).isZero();
  }

  /**
   * The epoch seconds at which tcpdump saw the advert of priority {@code prio} the test sent (at
   * most 10 s of waiting): the times above are measured from there, not from before the sender's
   * start, which a busy machine can delay by a second.
   */
  static double onTheWire(NsProcess tcpdump, int prio) throws InterruptedException {
    Pattern sent = Pattern.compile("(?m)^(\\d+\\.\\d+) IP .* prio " + prio + ",");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (times(sent, tcpdump).isEmpty() && System.nanoTime() - deadline < 0) {
      Thread.sleep(20);
    }
    List<Double> at = times(sent, tcpdump);
    assertThat(at).as("the advert of priority " + prio + ": " + tcpdump.output()).isNotEmpty();
    return at.get(0);
  }

  static final Pattern OWN_ADVERT =
      Pattern.compile("(?m)^(\\d+\\.\\d+) IP 192\\.0\\.2\\.1 > .*prio 200,");

  /** The epoch seconds of each advert of the master (192.0.2.1, priority 200) seen so far. */
  static List<Double> ownAdverts(NsProcess tcpdump) {
    return times(OWN_ADVERT, tcpdump);
  }

  @Test
  void aHigherAdvertGetsOneAdvertBackBeforeTheMasterYieldsOnlyWithHigherPrioSendAdvert()
      throws Exception {
    for (boolean send : new boolean[] {true, false}) {
      String conf =
          VigilRunBadAdvertsIT.instance(
              "VI_1",
              52,
              200,
              VigilRunBadAdvertsIT.VIP,
              "state MASTER\n" + (send ? "higher_prio_send_advert" : ""));
      Path c = Files.writeString(dir.resolve("h" + send + ".conf"), conf);
      NsProcess tcpdump = sender.start("tcpdump", "-l", "-n", "-tt", "-i", "eth0", "ip proto 112");
      tcpdump.awaitOutput(Pattern.compile("listening on eth0"), Duration.ofSeconds(10));
      NsProcess master = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", c.toString()));
      master.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
      // right after one of its periodic adverts, so the next is 3 s away
      int seen = ownAdverts(tcpdump).size();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (ownAdverts(tcpdump).size() == seen && System.nanoTime() - deadline < 0) {
        Thread.sleep(20);
      }
      int before = ownAdverts(tcpdump).size();
      VigilRunBadAdvertsIT.send(sender, List.of(VigilRunBadAdvertsIT.derived())); // priority 250
      double sentS = onTheWire(tcpdump, 250);
      master.awaitOutput(Pattern.compile("INSTANCE VI_1: BACKUP"), Duration.ofSeconds(10));
      Thread.sleep(1_000);
      List<Double> after = ownAdverts(tcpdump).subList(before, ownAdverts(tcpdump).size());
      System.out.printf(
          "higher_prio_send_advert %s: the master's adverts after the higher one: %s s%n",
          send, after.stream().map(t -> String.format("%.3f", t - sentS)).toList());
      if (send) {
        assertThat(after).as(tcpdump.output()).hasSize(1);
        assertThat(after.get(0) - sentS).as("at once, not the periodic one").isLessThan(1.5);
      } else {
        assertThat(after).as(tcpdump.output()).isEmpty();
      }
      tcpdump.close();
      master.signal("TERM");
      assertThat(master.waitFor(Duration.ofSeconds(20))).isZero();
    }
  }
}
