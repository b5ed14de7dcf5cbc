package io.vigil.system.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.lab.ExecResult;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.system.lab.InVm;
import io.vigil.system.lab.VigilCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The restore lines that are not about the table ({@code -Z}, {@code --set}, {@code
 * --start-daemon}, {@code --stop-daemon}) through both tools on the real kernel: the same files fed
 * to {@code ipvsadm -R} in one fresh namespace and to {@code vigil ipvs restore} in another leave
 * the same table, timeouts, sync daemons and counters; and a bad line gets ipvsadm's own reason and
 * exit code.
 */
class IpvsRestoreConfigVmIT {
  @RegisterExtension static final NetLab lab = new NetLab();

  /**
   * The table, timeouts in two steps (0: unchanged), both daemons. (A backup started and stopped by
   * one {@code ipvsadm -R} left it waiting for the kernel's answer for good in the lab VM, now and
   * then: the stop comes in the next file.)
   */
  static final String FIRST =
      "-A -u 192.0.2.10:53 -s rr\n"
          + "-a -u 192.0.2.10:53 -r 203.0.113.5:53 -m\n"
          + "-A --udp-service 192.0.2.11:53 -s rr\n"
          + "-a -u 192.0.2.11:53 -r 203.0.113.6:53 -m\n"
          + "-Z\n"
          + "--set 1000 0 60\n"
          + "ipvsadm --set 0 30 0\n"
          + "--start-daemon master --mcast-interface sync0 --syncid 9 --sync-maxlen 1000"
          + " --mcast-group 239.1.2.3 --mcast-port 9000 --mcast-ttl 2\n"
          + "--start-daemon=backup --mcast-interface=sync0 --syncid 7\n";

  /** After traffic: one service's counters zeroed, a real server added after that; no backup. */
  static final String SECOND =
      "-Z --udp-service 192.0.2.10:53\n-a -u 192.0.2.10:53 -r 203.0.113.7:53 -m -w 2\n"
          + "--stop-daemon backup\n";

  /** Every counter zeroed, the master stopped. */
  static final String THIRD = "--zero\n--stop-daemon master\n";

  /** Lines ipvsadm refuses, with the reason ipvsadm 1.31 prints (RuleParser's unit tests too). */
  static final List<String[]> BAD =
      List.of(
          new String[] {"--set 1 2", "--set option requires 3 timeout values"},
          new String[] {"--set 1 2 3 4", "unexpected argument 4"},
          new String[] {"--set 1 x 3", "invalid timeout value `x' specified"},
          new String[] {"--set 1 2 2678401", "invalid timeout value `2678401' specified"},
          new String[] {"--set 1 2 3 -n", "Illegal 'numeric' option with the 'set' command"},
          new String[] {"--start-daemon slave", "illegal start-daemon parameter specified"},
          new String[] {"--stop-daemon slave", "illegal start_daemon specified"},
          new String[] {"--start-daemon master --syncid 256", "illegal syncid specified"},
          new String[] {
            "--start-daemon master --sync-maxlen 65508", "illegal sync-maxlen specified"
          },
          new String[] {"--start-daemon master --mcast-port 0", "illegal mcast-port specified"},
          new String[] {"--start-daemon master --mcast-ttl 256", "illegal mcast-ttl specified"},
          new String[] {
            "--start-daemon master --mcast-group 192.0.2.1", "invalid IPv4 mcast-group `192.0.2.1'"
          },
          new String[] {
            "--start-daemon master --mcast-group 2001:db8::1",
            "invalid IPv6 mcast-group `2001:db8::1'"
          },
          new String[] {
            "--start-daemon master -t 192.0.2.1:80",
            "Illegal 'service-address' option with the 'start-daemon' command"
          },
          new String[] {
            "--start-daemon master --syncid 1 --syncid 2", "multiple 'syncid' options specified"
          },
          new String[] {
            "--stop-daemon master --mcast-interface eth0",
            "Illegal 'mcast-interface' option with the 'stop-daemon' command"
          },
          new String[] {"-Z -s rr", "Illegal 'scheduler' option with the 'zero' command"},
          new String[] {"-Z extra", "unexpected argument extra"},
          new String[] {
            "-A -t 192.0.2.1:80 --mcast-interface eth0",
            "Illegal 'mcast-interface' option with the 'add-service' command"
          });

  @BeforeAll
  static void needsIpvs() {
    InVm.assumeIpvs();
  }

  /** A fresh namespace with the daemon's interface and routes for the test traffic. */
  private static Netns namespace(String name) {
    Netns ns = lab.netns(name);
    ns.sh(
        "ip link set lo up && ip link add sync0 type dummy && ip link set sync0 up"
            + " && ip addr add 192.0.2.1/24 dev sync0 && ip addr add 203.0.113.1/24 dev sync0");
    return ns;
  }

  private static Path file(String rules) throws IOException {
    Path f = Files.createTempFile("vigil-config", ".rules");
    Files.writeString(f, rules);
    return f;
  }

  private static void bothApply(Netns theirs, Netns ours, String rules) throws IOException {
    Path f = file(rules);
    ExecResult i = theirs.exec("sh", "-c", "ipvsadm -R < " + f);
    assertThat(i.exitCode()).as("ipvsadm -R: " + i.stderr()).isZero();
    ExecResult v =
        LongExec.exec(ours, "sh", "-c", InNetns.vigilWithInput(f.toString(), "ipvs", "restore"));
    assertThat(v.exitCode()).as("vigil ipvs restore: " + v.stderr()).isZero();
  }

  /** What ipvsadm shows of the table, the timeouts, the daemons and the counters. */
  private static String state(Netns ns) {
    return ns.sh("ipvsadm -L -n")
        + ns.sh("ipvsadm -L --timeout")
        + ns.sh("ipvsadm -L --daemon")
        + ns.sh("ipvsadm -L -n --stats --exact");
  }

  /** Five UDP datagrams to each virtual service (bounded; they end on the dummy interface). */
  private static void traffic(Netns ns) {
    ns.sh(
        "python3 -c \"import socket\n"
            + "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
            + "for vip in ('192.0.2.10', '192.0.2.11'):\n"
            + "    for _ in range(5):\n"
            + "        s.sendto(b'x' * 20, (vip, 53))\"");
  }

  private static long inPackets(Netns ns, String vip) {
    for (String line : ns.sh("ipvsadm -L -n --stats --exact").split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[0].equals("UDP") && f[1].equals(vip + ":53")) {
        return Long.parseLong(f[3]);
      }
    }
    throw new AssertionError("no service " + vip);
  }

  @Test
  void theSameFilesLeaveTheSameTableTimeoutsDaemonsAndCounters() throws IOException {
    Netns theirs = namespace("cfg-i");
    Netns ours = namespace("cfg-v");
    String fresh = state(ours);
    try {
      bothApply(theirs, ours, FIRST);
      String s = state(ours);
      assertThat(s).isEqualTo(state(theirs)).isNotEqualTo(fresh);
      assertThat(ours.sh("ipvsadm -L --timeout").strip())
          .isEqualTo("Timeout (tcp tcpfin udp): 1000 30 60");
      assertThat(ours.sh("ipvsadm -L --daemon"))
          .contains("master sync daemon (mcast=sync0, syncid=9, maxlen=1000, group=239.1.2.3")
          .contains("backup sync daemon (mcast=sync0, syncid=7");

      traffic(theirs);
      traffic(ours);
      // the kernel's estimator folds the per-CPU counters into what -L and -Z see: wait for it
      for (Netns ns : List.of(theirs, ours)) {
        VigilCli.await(
            () -> inPackets(ns, "192.0.2.10") == 5 && inPackets(ns, "192.0.2.11") == 5,
            "the traffic in the counters of " + ns,
            Duration.ofSeconds(120),
            () -> ns.sh("ipvsadm -L -n --stats --exact"));
      }
      assertThat(state(ours)).isEqualTo(state(theirs));

      bothApply(theirs, ours, SECOND);
      assertThat(inPackets(ours, "192.0.2.10")).as("-Z of one service").isZero();
      assertThat(inPackets(ours, "192.0.2.11")).as("the other keeps its counters").isEqualTo(5);
      assertThat(ours.sh("ipvsadm -L --daemon")).doesNotContain("backup");
      assertThat(state(ours)).isEqualTo(state(theirs));

      bothApply(theirs, ours, THIRD);
      assertThat(inPackets(ours, "192.0.2.11")).as("-Z of every service").isZero();
      assertThat(ours.sh("ipvsadm -L --daemon")).isEmpty();
      assertThat(state(ours)).isEqualTo(state(theirs));
    } finally {
      for (Netns ns : List.of(theirs, ours)) {
        ns.exec("ipvsadm", "--stop-daemon", "backup");
        ns.exec("ipvsadm", "--stop-daemon", "master");
      }
    }
  }

  @Test
  void badLinesGetIpvsadmsReasonAndExitCodeAndNothingIsApplied() throws IOException {
    Netns theirs = lab.netns("cfg-bad-i");
    StringBuilder all = new StringBuilder();
    StringBuilder expected = new StringBuilder();
    int n = 0;
    for (String[] bad : BAD) {
      ExecResult r = theirs.exec("sh", "-c", "echo '" + bad[0] + "' | ipvsadm -R");
      assertThat(r.exitCode()).as(bad[0]).isEqualTo(2);
      assertThat(r.stderr()).as(bad[0]).isEqualTo(bad[1] + "\n");
      all.append(bad[0]).append('\n');
      expected.append("line ").append(++n).append(": ").append(bad[1]).append('\n');
    }
    Netns ours = lab.netns("cfg-bad-v");
    String before = state(ours);
    ExecResult v =
        LongExec.exec(
            ours,
            "sh",
            "-c",
            InNetns.vigilWithInput(file(all.toString()).toString(), "ipvs", "restore"));
    assertThat(v.exitCode()).as(v.stderr()).isEqualTo(2);
    assertThat(v.stderr()).startsWith(expected.toString());
    assertThat(state(ours)).as("nothing applied").isEqualTo(before);
  }
}
