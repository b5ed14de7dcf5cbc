package io.vigil.netlink.ipvs.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.netlink.ipvs.Protocol;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.SyncDaemon;
import io.vigil.netlink.ipvs.Timeouts;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lines of ipvsadm -R that are not about the table: -Z, --set and the sync daemon's. */
class ConfigLinesTest {
  private static final ServiceKey WEB =
      ServiceKey.of(Protocol.TCP, Golden.address("192.0.2.1"), 80);

  private static Rule one(String line) {
    RuleParser.Result r = RuleParser.parse(line, Names.NUMERIC);
    assertThat(r.errors()).as(line).isEmpty();
    assertThat(r.rules()).hasSize(1);
    return r.rules().get(0);
  }

  private static List<Rule> rules(String text) {
    RuleParser.Result r = RuleParser.parse(text, Names.NUMERIC);
    assertThat(r.errors()).isEmpty();
    return r.rules();
  }

  private static SyncDaemon daemon(SyncDaemon.Role role, String ifn, int id) {
    return new SyncDaemon(role, ifn, id, 0, null, 0, 0);
  }

  @Test
  void zeroOfEveryServiceOrOfOneInEachSpelling() {
    assertThat(one("-Z")).isEqualTo(new Rule.Zero(1, null));
    assertThat(one("--zero")).isEqualTo(new Rule.Zero(1, null));
    assertThat(one("ipvsadm -Z")).isEqualTo(new Rule.Zero(1, null));
    assertThat(one("-Z -t 192.0.2.1:80")).isEqualTo(new Rule.Zero(1, WEB));
    assertThat(one("-Zt 192.0.2.1:80")).isEqualTo(new Rule.Zero(1, WEB));
    assertThat(one("--zero --tcp-service=192.0.2.1:80")).isEqualTo(new Rule.Zero(1, WEB));
    assertThat(one("-Z -u 192.0.2.1:53"))
        .isEqualTo(new Rule.Zero(1, ServiceKey.of(Protocol.UDP, Golden.address("192.0.2.1"), 53)));
    assertThat(one("-Z -f 7 -6"))
        .isEqualTo(new Rule.Zero(1, ServiceKey.fwmark(7, ServiceKey.AF_INET6)));
    // libipvs names no service when it has neither mark, address nor port: all are zeroed
    assertThat(one("-Z -t 0.0.0.0:0")).isEqualTo(new Rule.Zero(1, null));
  }

  @Test
  void setTakesThreeTimeoutsWhereZeroLeavesOneAlone() {
    assertThat(one("--set 900 120 300"))
        .isEqualTo(new Rule.SetTimeouts(1, new Timeouts(900, 120, 300)));
    assertThat(one("ipvsadm --set 0 0 0"))
        .isEqualTo(new Rule.SetTimeouts(1, new Timeouts(0, 0, 0)));
    assertThat(one("--set 2678400 0 1"))
        .isEqualTo(new Rule.SetTimeouts(1, new Timeouts(2678400, 0, 1)));
  }

  @Test
  void daemonLinesTakeIpvsadmsDefaultsAndEveryOption() {
    assertThat(one("--start-daemon master"))
        .isEqualTo(new Rule.StartDaemon(1, daemon(SyncDaemon.Role.MASTER, "eth0", 0)));
    assertThat(one("--start-daemon=backup --mcast-interface=sync0 --syncid 9"))
        .isEqualTo(new Rule.StartDaemon(1, daemon(SyncDaemon.Role.BACKUP, "sync0", 9)));
    assertThat(
            one(
                "--start-daemon master --mcast-interface sync0 --syncid 255 --sync-maxlen 65507"
                    + " --mcast-group 239.1.2.3 --mcast-port 9000 --mcast-ttl 2"))
        .isEqualTo(
            new Rule.StartDaemon(
                1,
                new SyncDaemon(
                    SyncDaemon.Role.MASTER,
                    "sync0",
                    255,
                    65507,
                    Golden.address("239.1.2.3"),
                    9000,
                    2)));
    Rule.StartDaemon v6 =
        (Rule.StartDaemon) one("--start-daemon backup --mcast-group ff02::1:2 --mcast-ttl 255");
    assertThat(v6.daemon().group()).isEqualTo(Golden.address("ff02::1:2"));
    // strncpy into 15 bytes, as ipvsadm
    assertThat(
            ((Rule.StartDaemon) one("--start-daemon master --mcast-interface abcdefghijklmnopq"))
                .daemon()
                .interfaceName())
        .isEqualTo("abcdefghijklmno");
    assertThat(one("--stop-daemon backup"))
        .isEqualTo(new Rule.StopDaemon(1, SyncDaemon.Role.BACKUP));
    assertThat(one("--stop-daemon=master --syncid 3"))
        .isEqualTo(new Rule.StopDaemon(1, SyncDaemon.Role.MASTER));
  }

  /** The reasons ipvsadm 1.31 gives (IpvsRestoreConfigVmIT checks them against ipvsadm -R). */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          --set 1 2 | --set option requires 3 timeout values
          --set | --set option requires 3 timeout values
          --set 1 2 3 4 | unexpected argument 4
          --set 1 x 3 | invalid timeout value `x' specified
          --set 1 2 2678401 | invalid timeout value `2678401' specified
          --set 1 2 3 -n | Illegal 'numeric' option with the 'set' command
          --start-daemon slave | illegal start-daemon parameter specified
          --stop-daemon slave | illegal start_daemon specified
          --start-daemon master --syncid 256 | illegal syncid specified
          --start-daemon master --sync-maxlen 65508 | illegal sync-maxlen specified
          --start-daemon master --sync-maxlen 0 | illegal sync-maxlen specified
          --start-daemon master --mcast-port 0 | illegal mcast-port specified
          --start-daemon master --mcast-ttl 256 | illegal mcast-ttl specified
          --start-daemon master --mcast-group 192.0.2.1 | invalid IPv4 mcast-group `192.0.2.1'
          --start-daemon master --mcast-group 239.1.2 | invalid IPv4 mcast-group `239.1.2'
          --start-daemon master --mcast-group 2001:db8::1 | invalid IPv6 mcast-group `2001:db8::1'
          --start-daemon master -t 192.0.2.1:80 | Illegal 'service-address' option with the 'start-daemon' command
          --start-daemon master --syncid 1 --syncid 2 | multiple 'syncid' options specified
          --stop-daemon master --mcast-interface eth0 | Illegal 'mcast-interface' option with the 'stop-daemon' command
          --start-daemon master --stop-daemon master | multiple commands specified
          -Z -s rr | Illegal 'scheduler' option with the 'zero' command
          -Z -t 192.0.2.1:80 -r 203.0.113.5 | Illegal 'real-server' option with the 'zero' command
          -Z -C | multiple commands specified
          -Z extra | unexpected argument extra
          -A -t 192.0.2.1:80 --mcast-interface eth0 | Illegal 'mcast-interface' option with the 'add-service' command
          """)
  void badConfigLinesAreRefusedWithIpvsadmsReason(String line, String reason) {
    RuleParser.Result r = RuleParser.parse("-A -t 192.0.2.99:80\n" + line, Names.NUMERIC);
    assertThat(r.errors())
        .extracting(RuleParser.Error::toString)
        .containsExactly("line 2: " + reason);
  }

  @Test
  void aCommandWithoutItsStateIsRefused() {
    RuleParser.Result r =
        RuleParser.parse("--start-daemon\n--stop-daemon=\n--set=1 1 2 3\n", Names.NUMERIC);
    assertThat(r.errors())
        .extracting(RuleParser.Error::toString)
        .containsExactly(
            "line 1: --start-daemon needs a value (master or backup)",
            "line 2: illegal start_daemon specified",
            "line 3: --set takes no value");
  }

  @Test
  void linesStayInInputOrderAmongTheTableRules() {
    assertThat(
            rules(
                    "-A -t 192.0.2.1:80\n-a -t 192.0.2.1:80 -r 203.0.113.5\n-Z\n--set 1 2 3\n"
                        + "--start-daemon master\n-Z -t 192.0.2.1:80\n--stop-daemon master\n-C\n")
                .stream()
                .map(r -> r.getClass().getSimpleName()))
        .containsExactly(
            "AddService",
            "AddDest",
            "Zero",
            "SetTimeouts",
            "StartDaemon",
            "Zero",
            "StopDaemon",
            "Clear");
  }

  @Test
  void theTableRefusesToZeroAServiceThatIsNotThere() {
    List<Rule> r = rules("-Z -t 192.0.2.1:80\n-A -t 192.0.2.1:80\n-Z -t 192.0.2.1:80\n-Z\n");
    assertThat(RuleTable.of(r).errors())
        .extracting(RuleParser.Error::toString)
        .containsExactly("line 1: no service TCP 192.0.2.1:80");
  }

  @Test
  void syncWritesOnlyTheTimeoutsThatDiffer() {
    Timeouts kernel = new Timeouts(900, 120, 300);
    assertThat(ConfigSync.plan(rules("--set 900 0 300\n"), kernel, List.of(), Set.of())).isEmpty();
    assertThat(ConfigSync.plan(rules("--set 0 0 0\n"), kernel, List.of(), Set.of())).isEmpty();
    // the last non-zero value of each wins
    assertThat(
            ConfigSync.plan(rules("--set 60 0 300\n--set 900 10 0\n"), kernel, List.of(), Set.of()))
        .containsExactly(new Rule.SetTimeouts(2, new Timeouts(0, 10, 0)));
  }

  @Test
  void syncLeavesARightDaemonAloneAndRestartsAWrongOne() {
    SyncDaemon running =
        new SyncDaemon(
            SyncDaemon.Role.MASTER, "sync0", 9, 1472, Golden.address("224.0.0.81"), 8848, 1);
    List<SyncDaemon> kernel = List.of(running);
    assertThat(
            ConfigSync.plan(
                rules("--start-daemon master --mcast-interface sync0 --syncid 9\n"),
                null,
                kernel,
                Set.of()))
        .isEmpty();
    assertThat(
            ConfigSync.plan(
                rules(
                    "--start-daemon master --mcast-interface sync0 --syncid 9 --mcast-ttl 1"
                        + " --mcast-port 8848 --mcast-group 224.0.0.81 --sync-maxlen 1472\n"),
                null,
                kernel,
                Set.of()))
        .isEmpty();
    Rule.StartDaemon other =
        (Rule.StartDaemon) one("--start-daemon master --mcast-interface sync0 --syncid 10");
    assertThat(ConfigSync.plan(List.of(other), null, kernel, Set.of()))
        .containsExactly(new Rule.StopDaemon(1, SyncDaemon.Role.MASTER), other);
    Rule.StartDaemon group =
        (Rule.StartDaemon)
            one("--start-daemon master --mcast-interface sync0 --syncid 9 --mcast-group 239.0.0.1");
    assertThat(ConfigSync.plan(List.of(group), null, kernel, Set.of()))
        .containsExactly(new Rule.StopDaemon(1, SyncDaemon.Role.MASTER), group);
    // the last line of a role wins; a role no line names is left alone
    assertThat(
            ConfigSync.plan(
                rules("--start-daemon master --mcast-interface sync0\n--stop-daemon master\n"),
                null,
                kernel,
                Set.of()))
        .containsExactly(new Rule.StopDaemon(2, SyncDaemon.Role.MASTER));
    assertThat(ConfigSync.plan(rules("--stop-daemon backup\n"), null, kernel, Set.of())).isEmpty();
    assertThat(ConfigSync.plan(rules("--start-daemon backup\n"), null, kernel, Set.of()))
        .containsExactly(new Rule.StartDaemon(1, daemon(SyncDaemon.Role.BACKUP, "eth0", 0)));
  }

  @Test
  void syncZeroesAfterTheRestAndSkipsServicesTheTableNoLongerHolds() {
    List<Rule> r =
        rules(
            "-Z -t 192.0.2.1:80\n-Z -t 192.0.2.2:80\n-Z\n--set 1 2 3\n"
                + "--start-daemon backup --mcast-interface sync0\n");
    assertThat(ConfigSync.plan(r, new Timeouts(900, 120, 300), List.of(), Set.of(WEB)))
        .containsExactly(
            new Rule.SetTimeouts(4, new Timeouts(1, 2, 3)),
            new Rule.StartDaemon(5, daemon(SyncDaemon.Role.BACKUP, "sync0", 0)),
            new Rule.Zero(1, WEB),
            new Rule.Zero(3, null));
  }
}
