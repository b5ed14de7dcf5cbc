package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import io.vigil.config.StaticDump;
import io.vigil.config.model.StaticRule;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Accept/refuse cases were checked against keepalived 2.2.7's {@code keepalived -t}. */
class StaticRuleConfigTest {
  private static LoadResult load(String line) {
    return Cfg.load("static_rules {\n  " + line + "\n}\n");
  }

  private static StaticRule rule(String line) {
    LoadResult r = load(line);
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(r.config().staticRules()).hasSize(1);
    return r.config().staticRules().get(0);
  }

  @Test
  void aTableRuleWithKeepalivedsDefaults() {
    StaticRule r = rule("from 192.0.2.0/24 table 100 priority 100");
    assertThat(r.origin().line()).isEqualTo(2);
    assertThat(r.ipv6()).isFalse();
    assertThat(r.from().orElseThrow().toString()).isEqualTo("192.0.2.0/24");
    assertThat(r.to()).isEmpty();
    assertThat(r.action()).isEqualTo(StaticRule.Action.TABLE);
    assertThat(r.table()).isEqualTo(100);
    assertThat(r.priority()).isEqualTo(100);
    assertThat(r.protocol()).hasValue(RouteParser.PROTO_KEEPALIVED);
    assertThat(r.tracked()).isTrue();
  }

  @Test
  void everyModelledSelectorIsTyped() {
    StaticRule r =
        rule(
            "preference 0x64 not from 192.0.2.0/24 to 198.51.100.0/24 fwmark 0x10/0xff iif eth0"
                + " oif eth1 tos 16 lookup main");
    assertThat(r.priority()).isEqualTo(100);
    assertThat(r.not()).isTrue();
    assertThat(r.to().orElseThrow().toString()).isEqualTo("198.51.100.0/24");
    assertThat(r.fwmark()).hasValue(16);
    assertThat(r.fwmask()).hasValue(255);
    assertThat(r.iif()).contains("eth0");
    assertThat(r.oif()).contains("eth1");
    assertThat(r.tos()).hasValue(16);
    assertThat(r.table()).isEqualTo(254);
    assertThat(rule("order 5 dev eth0 table 7").iif()).contains("eth0");
    assertThat(rule("priority 100 fwmark 0x10/ table 5").fwmask()).hasValue(0);
    StaticRule ports = rule("priority 100 table 5 ipproto TCP sport 10-20 dport 80-80");
    assertThat(ports.ipProto()).hasValue(6);
    assertThat(ports.sport()).contains(new StaticRule.Range(10, 20));
    assertThat(ports.dport()).contains(new StaticRule.Range(80, 80));
    assertThat(rule("priority 100 table 5 ipproto 132").ipProto()).hasValue(132);
    assertThat(rule("priority 100 table 5 uidrange 1000-2000").uidRange())
        .contains(new StaticRule.Range(1000, 2000));
    StaticRule suppress = rule("priority 100 table main suppress_prefixlength 0 sup_group 7");
    assertThat(suppress.suppressPrefixLength()).hasValue(0);
    assertThat(suppress.suppressIfgroup()).hasValue(7);
    assertThat(rule("priority 100 table 5 sup_pl 24 suppress_ifgroup default"))
        .satisfies(x -> assertThat(x.suppressPrefixLength()).hasValue(24))
        .satisfies(x -> assertThat(x.suppressIfgroup()).hasValue(0));
    assertThat(rule("priority 100 table 5 realms 2/3").realms()).hasValue(2 << 16 | 3);
    assertThat(rule("priority 100 table 5 realms cosmos").realms()).hasValue(0);
    assertThat(rule("priority 100 table 5 realms 7").realms()).hasValue(7);
    // keepalived's dump of "preference 010 fwmark 010": priority 8 fwmark 0x8; of "preference
    // 0x10 fwmark 0x10/010": priority 16 fwmark 0x10/0x8; of "preference +5": priority 5
    StaticRule base0 = rule("preference 010 fwmark 010 table 100");
    assertThat(base0.priority()).isEqualTo(8);
    assertThat(base0.fwmark()).hasValue(8);
    StaticRule masked = rule("preference 0x10 fwmark 0x10/010 table 100");
    assertThat(masked.priority()).isEqualTo(16);
    assertThat(masked.fwmark()).hasValue(16);
    assertThat(masked.fwmask()).hasValue(8);
    assertThat(rule("preference +5 table 100").priority()).isEqualTo(5);
    // keepalived's dump of "table 010 tos 010 realms 0x10/010": tos 0x8 realms 16/8 lookup 8
    StaticRule octal = rule("priority 5 table 010 tos 010 realms 0x10/010 sup_group 010");
    assertThat(octal.table()).isEqualTo(8);
    assertThat(octal.tos()).hasValue(8);
    assertThat(octal.realms()).hasValue(16 << 16 | 8);
    assertThat(octal.suppressIfgroup()).hasValue(8);
    assertThat(rule("priority 100 table 5 tunnel-id 7").tunnelId()).isEqualTo(7);
    assertThat(rule("priority 100 goto 200 tunnel-id 18446744073709551615").tunnelId())
        .isEqualTo(-1L);
    assertThat(rule("priority 100 table 5 tunnel-id 0").tunnelId()).as("none").isZero();
    assertThat(rule("from 2001:db8::/64 priority 100 table 5 tunnel-id 7").ipv6()).isTrue();
    StaticRule vrf = rule("priority 100 l3mdev");
    assertThat(vrf.l3mdev()).isTrue();
    assertThat(vrf.action()).isEqualTo(StaticRule.Action.TABLE);
    assertThat(vrf.table()).as("the VRF device's").isZero();
    assertThat(rule("priority 100 table 5").l3mdev()).isFalse();
    assertThat(rule("priority 100 table 5").suppressPrefixLength()).isEmpty();
    assertThat(rule("priority 100 table 5").suppressIfgroup()).isEmpty();
  }

  @Test
  void actionsAndFamilies() {
    assertThat(rule("priority 100 goto 200").gotoTarget()).isEqualTo(200);
    assertThat(rule("priority 100 type blackhole").action()).isEqualTo(StaticRule.Action.BLACKHOLE);
    assertThat(rule("priority 100 unreachable").action()).isEqualTo(StaticRule.Action.UNREACHABLE);
    assertThat(rule("priority 100 prohibit").action()).isEqualTo(StaticRule.Action.PROHIBIT);
    assertThat(rule("priority 100 nop").action()).isEqualTo(StaticRule.Action.NOP);
    assertThat(rule("to 2001:db8::/32 priority 100 table 5").ipv6()).isTrue();
    assertThat(rule("priority 100 table 5 inet6").ipv6()).isTrue();
    StaticRule nt = rule("priority 100 table 5 protocol 4 no_track");
    assertThat(nt.tracked()).isFalse();
    assertThat(nt.protocol()).hasValue(4);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "from 192.0.2.0/24 to 2001:db8::/32 table 100 priority 100 | rule specification has mixed"
            + " IPv4 and IPv6",
        "from 192.0.2.0/24 table 0 priority 100 | table 0 is not valid",
        "priority 100 table 5 tunnel-id 18446744073709551616 | invalid tunnel-id"
            + " 18446744073709551616 (0 to 18446744073709551615)",
        "priority 100 table 5 tunnel-id 0x10 | invalid tunnel-id 0x10 (0 to"
            + " 18446744073709551615)",
        "priority 100 table 5 tunnel-id -1 | invalid tunnel-id -1 (0 to 18446744073709551615)",
        "from 192.0.2.0/24 priority 100 | no action (table, goto, nop, blackhole, prohibit,"
            + " unreachable)",
        "from 192.0.2.0/24 table 100 | no preference: keepalived would pick one in an order that"
            + " can change; add 'priority'",
        "from 192.0.2.0/24 table 100 goto 200 priority 100 | more than one of"
            + " table/nop/goto/blackhole/prohibit/unreachable for a rule",
        "priority 300 goto 200 | preference 300 >= goto target 200",
        "priority 100 throw | invalid rule action 'throw'",
        "priority 100 table 5 protocol 4 | a tracked rule has protocol keepalived (18): add"
            + " 'no_track' to set another",
        "inet6 priority 100 table 5 | keepalived 2.2.7 skips the word after 'inet6'"
            + " ('priority'): write 'inet6' at the end of the line",
        "priority 100 table 5 colour | unknown rule option 'colour'",
        "preference 4294967296 table 5 | invalid rule preference '4294967296'",
        "priority 100 table foo | routing table 'foo' not found",
        "priority 100 table 5 fwmark 1/x | invalid rule fwmark '1/x'",
        "priority 100 table 5 fwmark -1 | invalid rule fwmark '-1'",
        "priority 100 table 5 fwmark 1/-1 | invalid rule fwmark '1/-1'",
        "priority 100 table 5 fwmark 08 | invalid rule fwmark '08'",
        "preference 09 table 5 | invalid rule preference '09'",
        "priority 100 table 5 protocol 0x4 no_track | invalid protocol '0x4'",
        "priority 100 table 5 iif eth9 | interface eth9 doesn't exist",
        "priority 100 table 5 tos 256 | TOS value '256' is invalid",
        "priority 100 table 5 from 192.0.2.0/24 inet6 | inet6 specified for an IPv4 rule",
        "priority 100 table 5 l3mdev | table cannot be specified for l3mdev rules",
        "priority 100 l3mdev table 5 | table cannot be specified for l3mdev rules",
        "priority 100 l3mdev goto 200 | Cannot specify l3mdev with other action",
        "priority 100 table 5 realms 256 | invalid realms 256 for rule",
        "priority 100 table 5 realms nosuchrealm/2 | invalid realms nosuchrealm/2 for rule",
        "to 2001:db8::/32 priority 100 table 5 realms 2 | realms is only valid for IPv4",
        "priority 100 nop realms 2 | suppressor/realm specified for non table action - skipping",
        // keepalived 2.2.7's words
        "priority 100 table 5 suppress_prefixlength x | Invalid suppress_prefixlength x specified",
        "priority 100 table 5 sup_group nosuchgroup | suppress_group nosuchgroup is invalid",
        "priority 100 goto 200 sup_pl 0 | suppressor/realm specified for non table action -"
            + " skipping",
        "priority 100 table 5 sport 10 | invalid sport range '10': write START-END, each 0-65535",
        "priority 100 table 5 dport 10-70000 | invalid dport range '10-70000': write START-END, each"
            + " 0-65535",
        "priority 100 table 5 ipproto nosuch | invalid ipproto 'nosuch'",
        "priority 100 table | 'table' needs a value",
      })
  void refusedWithItsLineAndReason(String line, String reason) {
    LoadResult r = load(line);
    assertThat(Cfg.findings(r)).containsExactly("2 error: static_rules '" + line + "': " + reason);
    assertThat(r.config().staticRules()).isEmpty();
  }

  @Test
  void dumpIsNormalisedSortedAndReadsBackToTheSameRule() {
    for (String line :
        List.of(
            "from 192.0.2.0/24 table 100 priority 100",
            "preference 7 not from 192.0.2.0/24 to 198.51.100.0/24 fwmark 16/255 iif eth0 oif eth1"
                + " tos 16 lookup main",
            "priority 100 goto 200",
            "to 2001:db8::/32 priority 100 unreachable protocol 4 no_track",
            "priority 9 table 5 ipproto udp sport 1-2 dport 3-4 uidrange 5-6",
            "priority 9 table main suppress_prefixlength 0 suppress_ifgroup 3",
            "priority 9 l3mdev",
            "priority 9 table 5 realms 2/3",
            "priority 9 table 5 realms 4",
            "priority 9 table 5 tunnel-id 18446744073709551615")) {
      StaticRule r = rule(line);
      StaticRule again = rule(StaticDump.rule(r));
      assertThat(again).usingRecursiveComparison().ignoringFields("origin").isEqualTo(r);
    }
    LoadResult r =
        Cfg.load(
            "static_rules {\n  to 2001:db8::/32 priority 5 table 9\n"
                + "  priority 20 table 9\n  priority 10 table main\n}\n");
    assertThat(ConfigDump.dump(r.config()))
        .contains(
            "static_rules {\n"
                + "  priority 10 table main protocol 18 inet\n"
                + "  priority 20 table 9 protocol 18 inet\n"
                + "  priority 5 to 2001:db8::/32 table 9 protocol 18 inet6\n}");
  }

  @Test
  void aTrackGroupNeedsTheRulesIifAsInKeepalived() {
    // keepalived 2.2.7: "Static rule cannot have track_group if dev/iif not specified"
    LoadResult r =
        Cfg.load(
            """
            track_group G {
            }
            static_rules {
              from 192.0.2.0/24 table 100 priority 100 iif eth0 track_group G
              from 192.0.2.0/24 table 100 priority 101 track_group G
            }
            """);
    assertThat(Cfg.findings(r))
        .containsExactly(
            "5 warning: static_rules 'from 192.0.2.0/24 table 100 priority 101 track_group G':"
                + " track_group G ignored: a rule is tracked with its iif (dev) only, and not with"
                + " no_track");
    List<StaticRule> rules = r.config().staticRules();
    assertThat(rules.get(0).trackGroup()).contains("G");
    assertThat(rules.get(1).trackGroup()).isEmpty();
    assertThat(StaticDump.rule(rules.get(0))).contains(" track_group G");
  }
}
