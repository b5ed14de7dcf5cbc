package io.vigil.netlink.ipvs.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.Forwarding;
import io.vigil.netlink.ipvs.Protocol;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleParserTest {
  private static Rule one(String line) {
    RuleParser.Result r = RuleParser.parse(line, Golden.names());
    assertThat(r.errors()).as(line).isEmpty();
    assertThat(r.rules()).hasSize(1);
    return r.rules().get(0);
  }

  private static String error(String text) {
    RuleParser.Result r = RuleParser.parse(text, Golden.names());
    assertThat(r.errors()).as(text).hasSize(1);
    return r.errors().get(0).toString();
  }

  @Test
  void savedRulesOfIpvsadmParseBackToTheSameTable() {
    // ipvsadm -Sn and -S of the same table (names resolved through the capture's hosts/services)
    RuleTable.Result numeric =
        RuleTable.of(RuleParser.parse(Golden.text("Sn.txt"), Names.NUMERIC).rules());
    RuleParser.Result namedRules = RuleParser.parse(Golden.text("S.txt"), Golden.names());
    // like ipvsadm (gethostbyname is IPv4-only), an IPv6 host name does not parse back
    assertThat(namedRules.errors())
        .extracting(RuleParser.Error::toString)
        .containsExactly("line 23: illegal real server address[:port] specified");
    assertThat(Golden.text("S.txt").split("\n")[22]).contains("[rs6.example]:https");
    RuleTable.Result named = RuleTable.of(namedRules.rules());
    RuleTable.Result commands =
        RuleTable.of(RuleParser.parse(Golden.commands(), Golden.names()).rules());
    assertThat(numeric.errors()).isEmpty();
    assertThat(named.services().keySet()).isEqualTo(numeric.services().keySet());
    named
        .services()
        .forEach(
            (k, s) -> {
              var n = numeric.services().get(k);
              assertThat(s.settings()).isEqualTo(n.settings());
              assertThat(n.destinations()).containsAllEntriesOf(s.destinations());
            });
    // -S drops thresholds (ipvsadm never saves them); everything else is what the commands set
    assertThat(numeric.services().keySet()).isEqualTo(commands.services().keySet());
    commands
        .services()
        .forEach(
            (k, s) -> {
              assertThat(numeric.services().get(k).settings())
                  .as(k.toString())
                  .isEqualTo(s.settings());
              assertThat(numeric.services().get(k).destinations().keySet())
                  .isEqualTo(s.destinations().keySet());
            });
  }

  @Test
  void defaultsAreIpvsadms() {
    Rule.AddService a = (Rule.AddService) one("-A -t 192.0.2.10:80");
    assertThat(a.settings()).isEqualTo(new ServiceSettings("wlc", 0, 0, 32, null));
    Rule.AddDest d = (Rule.AddDest) one("-a -t 192.0.2.10:80 -r 203.0.113.5:8080");
    // direct routing (the default) forces the service's port; weight 1
    assertThat(d.dest()).isEqualTo(new DestKey(Golden.address("203.0.113.5"), 80));
    assertThat(d.settings()).isEqualTo(DestSettings.of(Forwarding.DROUTE, 1));
    Rule.AddService p = (Rule.AddService) one("-A -u 192.0.2.12:0 -s dh -p");
    assertThat(p.settings().persistenceTimeoutS()).isEqualTo(360);
    Rule.AddService v6 = (Rule.AddService) one("-A -f 8 -6 -s rr");
    assertThat(v6.service()).isEqualTo(ServiceKey.fwmark(8, ServiceKey.AF_INET6));
    assertThat(v6.settings().netmaskPrefix()).isEqualTo(128);
  }

  @Test
  void longShortAttachedAndEqualsFormsAgree() {
    Rule a = one("-a -t 192.0.2.10:80 -r 203.0.113.5:8080 -m -w 3 -x 100 -y 10");
    assertThat(
            one(
                "--add-server --tcp-service 192.0.2.10:80 --real-server=203.0.113.5:8080"
                    + " --masquerading --weight=3 --u-threshold 100 --l-threshold=10"))
        .isEqualTo(a);
    assertThat(one("ipvsadm -a -t192.0.2.10:80 -r203.0.113.5:8080 -mw3 -x100 -y10")).isEqualTo(a);
    assertThat(one("  -a\t-t 192.0.2.10:http -r rs1.example:http-alt -m -w 3 -x 100 -y 10 # c"))
        .isEqualTo(a);
  }

  @Test
  void tunnelsCarryTypePortAndChecksum() {
    Rule.AddDest d =
        (Rule.AddDest)
            one("-a -u 192.0.2.10:53 -r 203.0.113.8 -i --tun-type gue --tun-port 6080 --tun-csum");
    assertThat(d.settings())
        .isEqualTo(
            new DestSettings(
                Forwarding.TUNNEL,
                1,
                0,
                0,
                DestSettings.TUN_GUE,
                6080,
                DestSettings.TUN_FLAG_CSUM));
    Rule.AddDest mixed = (Rule.AddDest) one("-a -t [2001:db8::10]:443 -r 203.0.113.11 -i");
    assertThat(mixed.dest().port()).isEqualTo(443);
    assertThat(mixed.service().protocol()).isEqualTo(Protocol.TCP);
  }

  @Test
  void blankAndCommentLinesAreSkippedAndLinesNumberedFromOne() {
    RuleParser.Result r =
        RuleParser.parse(
            "\n# a comment\n-A -t 192.0.2.1:80\n\n-D -t 192.0.2.1:80\n", Names.NUMERIC);
    assertThat(r.errors()).isEmpty();
    assertThat(r.rules()).extracting(Rule::line).containsExactly(3, 5);
    assertThat(one("-C")).isEqualTo(new Rule.Clear(1));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-A -t 192.0.2.1:80 -w 3 | Illegal 'weight' option with the 'add-service' command",
        "-a -t 192.0.2.1:80 | You need to supply the 'real-server' option for the 'add-server'"
            + " command",
        "-A -s rr | You need to supply the 'service-address' option for the 'add-service' command",
        "-A -t 192.0.2.1:0 | Zero port specified for non-persistent service",
        "-A -t 192.0.2.1:80 -o | One-Packet Scheduling is only for UDP virtual services",
        "-A -t 192.0.2.1:80 -s rr -b sh-port | incompatible scheduler flag `sh-port'",
        "-A -t 192.0.2.1:80 -b bogus | invalid scheduler flag `bogus'",
        "-A -t 192.0.2.1:80 -p 0 | invalid timeout value `0' specified",
        "-A -t 192.0.2.1:80 -s rr -s wrr | multiple 'scheduler' options specified",
        "-A -t 192.0.2.1:80 -u 192.0.2.1:53 | multiple 'service-address' options specified",
        "-A -t 192.0.2.1:80 -D | multiple commands specified",
        "-t 192.0.2.1:80 -A | a line must start with a command (-A, -E, -D, -a, -e, -d, -C, -Z,"
            + " --set, --start-daemon, --stop-daemon), not -t",
        "-A -t 80 | illegal virtual server address[:port] specified",
        "-A -t 192.0.2.1:nosuchport | illegal virtual server address[:port] specified",
        "-A -f 0 | invalid fwmark value `0' specified",
        "-A -t 192.0.2.1:80 -6 | -6 used before -f",
        "-a -t 192.0.2.1:80 -r 203.0.113.5 -w 65536 | illegal weight specified",
        "-a -t 192.0.2.1:80 -r 203.0.113.5 -m -x -1 | illegal u_threshold specified",
        "-a -t 192.0.2.1:80 -r [2001:db8::5]:80 -m | Different address family is allowed only for"
            + " tunneling servers",
        "-a -t 192.0.2.1:80 -r 203.0.113.5 -m --tun-type gre | Tunnel options conflict with"
            + " forward method",
        "-a -t 192.0.2.1:80 -r 203.0.113.5 -i --tun-type gue | You need to supply the 'tun-port'"
            + " option for the 'gue' tunnel type",
        "-a -t 192.0.2.1:80 -r 203.0.113.5 -i --tun-type gre --tun-csum --tun-nocsum | The option"
            + " 'tun-csum' conflicts with the 'tun-nocsum' option in the 'gre' tunnel type",
        "-a -t 192.0.2.1:80 -r 203.0.113.5 -i --tun-port 5 | Illegal 'tun-port' option with the"
            + " 'ipip' tunnel type",
        "-a -t 192.0.2.1:80 -r 203.0.113.5 -i --tun-type vxlan | illegal tunnel type specified",
        "-A -t 192.0.2.1:80 -p 60 -M 255.0.255.0 | persistent mask 255.0.255.0 is not a prefix"
            + " (Vigil supports contiguous masks only)",
        "-A -t [2001:db8::1]:80 -p 60 -M 129 | illegal ipv6 netmask specified",
        "-A -t 192.0.2.1:80 --nosuch | unknown option --nosuch",
        "-L -n | -L cannot be restored (only -A, -E, -D, -a, -e, -d, -C, -Z, --set,"
            + " --start-daemon, --stop-daemon)",
        "-A -t 192.0.2.1:80 extra | unexpected argument extra",
        "-a -t 192.0.2.1:80 -r | -r needs a value",
        "-C -n | Illegal 'numeric' option with the 'flush' command",
      })
  void badLinesAreRefusedWithIpvsadmsReason(String line, String reason) {
    assertThat(error("-A -t 192.0.2.99:80\n" + line)).isEqualTo("line 2: " + reason);
  }

  @Test
  void everyBadLineIsReportedNotOnlyTheFirst() {
    RuleParser.Result r =
        RuleParser.parse(
            "-A -t 192.0.2.1:80\n-A -x\n-a -t 192.0.2.1:80 -r 203.0.113.5 -w x\n", Names.NUMERIC);
    assertThat(r.errors()).extracting(RuleParser.Error::line).containsExactly(2, 3);
    assertThat(r.rules()).hasSize(1);
  }

  @Test
  void ruleTableRefusesWhatTheKernelWould() {
    List<Rule> rules =
        RuleParser.parse(
                "-A -t 192.0.2.1:80\n-A -t 192.0.2.1:80\n-a -t 192.0.2.2:80 -r 203.0.113.5\n"
                    + "-e -t 192.0.2.1:80 -r 203.0.113.9\n-D -t 192.0.2.3:80\n",
                Names.NUMERIC)
            .rules();
    assertThat(RuleTable.of(rules).errors())
        .extracting(RuleParser.Error::toString)
        .containsExactly(
            "line 2: service TCP 192.0.2.1:80 already exists",
            "line 3: no service TCP 192.0.2.2:80",
            "line 4: no destination 203.0.113.9:80 in TCP 192.0.2.1:80",
            "line 5: no service TCP 192.0.2.3:80");
  }
}
