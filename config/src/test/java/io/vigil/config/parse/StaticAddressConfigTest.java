package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import io.vigil.config.model.AddressFlag;
import io.vigil.config.model.StaticAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StaticAddressConfigTest {
  private static LoadResult load(String... lines) {
    return Cfg.load("static_ipaddress {\n  " + String.join("\n  ", lines) + "\n}\n");
  }

  @Test
  void everyOptionIsTyped() {
    LoadResult r =
        load(
            "192.0.2.5/24 dev eth0 brd 192.0.2.255 scope site label eth0:st",
            "2001:db8::5/64 dev eth1 -nodad noprefixroute home mngtmpaddr autojoin no_track",
            "198.51.100.7 dev eth0");
    assertThat(Cfg.findings(r)).isEmpty();
    var a = r.config().staticAddresses();
    assertThat(a).hasSize(3);
    assertThat(a.get(0).prefix().toString()).isEqualTo("192.0.2.5/24");
    assertThat(a.get(0).dev()).isEqualTo("eth0");
    assertThat(a.get(0).scope()).isEqualTo(200);
    assertThat(a.get(0).label()).contains("eth0:st");
    assertThat(a.get(0).broadcast().orElseThrow().getHostAddress()).isEqualTo("192.0.2.255");
    assertThat(a.get(0).origin().line()).isEqualTo(2);
    assertThat(a.get(1).flags()).isEqualTo(Set.of(AddressFlag.values()));
    assertThat(a.get(1).noTrack()).isTrue();
    assertThat(a.get(0).noTrack()).isFalse();
    assertThat(a.get(2).prefix().prefixLength()).isEqualTo(32);
    assertThat(a.get(2).scope()).isZero();
    assertThat(a.get(2).origin().line()).isEqualTo(4);
  }

  @Test
  void withoutDevAnAddressGoesOnTheDefaultInterfaceAsInKeepalived() {
    assertThat(Cfg.load("static_ipaddress {\n  192.0.2.5/24\n}\n").config().staticAddresses())
        .extracting(StaticAddress::dev)
        .as("keepalived's default: eth0")
        .containsExactly("eth0");
    LoadResult r =
        Cfg.load(
            "global_defs {\n  default_interface eth1\n}\nstatic_ipaddress {\n  192.0.2.5/24\n}\n");
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(r.config().staticAddresses()).extracting(StaticAddress::dev).containsExactly("eth1");
    assertThat(
            Cfg.findings(
                Cfg.load(
                    "global_defs {\n  default_interface eth7\n}\n"
                        + "static_ipaddress {\n  192.0.2.5/24\n}\n")))
        .containsExactly("5 error: static_ipaddress 192.0.2.5/24: interface eth7 doesn't exist");
  }

  @Test
  void whatCannotBeAddedIsAnErrorOnItsLine() {
    assertThat(Cfg.findings(load("192.0.2.5/24 dev eth9")))
        .containsExactly("2 error: static_ipaddress 192.0.2.5/24: interface eth9 doesn't exist");
    // keepalived 2.2.7's words: the address kept with the default scope
    LoadResult galaxy = load("192.0.2.5/24 dev eth0 scope galaxy");
    assertThat(Cfg.findings(galaxy))
        .containsExactly("2 error: Invalid scope 'galaxy' specified for 192.0.2.5/24 - ignoring");
    assertThat(galaxy.config().staticAddresses())
        .singleElement()
        .satisfies(a -> assertThat(a.scope()).isZero());
    // a scope as keepalived's find_rttables_scope reads it (keepalived -t: 0x10 and 010 accepted,
    // universe refused)
    assertThat(Cfg.findings(load("192.0.2.5/24 dev eth0 scope universe")))
        .containsExactly("2 error: Invalid scope 'universe' specified for 192.0.2.5/24 - ignoring");
    assertThat(load("192.0.2.5/24 dev eth0 scope 0x10").config().staticAddresses())
        .singleElement()
        .satisfies(a -> assertThat(a.scope()).isEqualTo(16));
    assertThat(load("192.0.2.5/24 dev eth0 scope 010").config().staticAddresses())
        .singleElement()
        .satisfies(a -> assertThat(a.scope()).isEqualTo(8));
    assertThat(Cfg.findings(load("192.0.2.5/24 dev eth0 colour")))
        .containsExactly("2 error: static_ipaddress 192.0.2.5/24: unknown option 'colour'");
    assertThat(Cfg.findings(load("192.0.2.5/24 dev")))
        .containsExactly("2 error: static_ipaddress 192.0.2.5/24: 'dev' needs a value");
    assertThat(Cfg.findings(load("2001:db8::5 dev eth0 label x")))
        .containsExactly(
            "2 warning: static_ipaddress 2001:db8::5: cannot specify a label for an IPv6 address -"
                + " label ignored");
    assertThat(Cfg.findings(load("192.0.2.5/33 dev eth0")))
        .containsExactly("2 error: invalid prefix length in '192.0.2.5/33'");
  }

  @Test
  void aTrackGroupIsReadWithItsInstancesAndDumpedAsWritten() {
    LoadResult r =
        Cfg.load(
            """
            track_group G {
              group {
                VI_1
              }
            }
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 51
              priority 100
              virtual_ipaddress {
                192.0.2.100/24
              }
            }
            static_ipaddress {
              198.51.100.5/32 dev eth1 track_group G
              198.51.100.6/32 dev eth1
            }
            """);
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(r.config().trackGroups()).hasSize(1);
    assertThat(r.config().trackGroups().get(0).name()).isEqualTo("G");
    assertThat(r.config().trackGroups().get(0).instances()).containsExactly("VI_1");
    assertThat(r.config().trackGroups().get(0).origin().line()).isEqualTo(1);
    assertThat(r.config().staticAddresses())
        .extracting(StaticAddress::trackGroup)
        .containsExactly(java.util.Optional.of("G"), java.util.Optional.empty());
    assertThat(ConfigDump.dump(r.config()))
        .contains("track_group G {\n  group {\n    VI_1\n  }\n}\n")
        .contains("198.51.100.5/32 dev eth1 scope global track_group G\n")
        .contains("198.51.100.6/32 dev eth1 scope global\n");
    LoadResult again = Cfg.load(ConfigDump.dump(r.config()));
    assertThat(Cfg.findings(again)).isEmpty();
    assertThat(again.config().trackGroups().get(0).instances()).containsExactly("VI_1");
    assertThat(again.config().staticAddresses().get(0).trackGroup()).contains("G");
  }

  @Test
  void anUnknownTrackGroupOrMemberIsWarnedAboutAsKeepalivedTWarns() {
    // keepalived 2.2.7 -t: "track_group H not found" (exit 5), the address added untracked; a
    // member that is no instance: nothing said (Vigil warns)
    LoadResult r = load("192.0.2.5/24 dev eth0 track_group H");
    assertThat(Cfg.findings(r)).containsExactly("2 warning: track_group H not found");
    assertThat(r.config().staticAddresses())
        .extracting(StaticAddress::trackGroup)
        .containsExactly(java.util.Optional.empty());
    assertThat(Cfg.findings(Cfg.load("track_group G {\n  group {\n    VI_9\n  }\n}\n")))
        .containsExactly("1 warning: track_group G: vrrp_instance VI_9 not found");
    assertThat(Cfg.findings(Cfg.load("track_group G {\n}\n"))).as("empty: fine").isEmpty();
  }

  @Test
  void aPeerAndAPreferredLifetimeAreReadAsForAVirtualAddress() {
    LoadResult r =
        load("192.0.2.5 dev eth0 peer 192.0.2.6", "2001:db8::5 dev eth0 preferred_lft 60");
    assertThat(Cfg.findings(r)).isEmpty();
    var a = r.config().staticAddresses();
    assertThat(a.get(0).peer().orElseThrow().getHostAddress()).isEqualTo("192.0.2.6");
    assertThat(a.get(1).preferredLifetime()).hasValue(60);
    assertThat(ConfigDump.dump(r.config()))
        .contains("192.0.2.5/32 dev eth0 scope global peer 192.0.2.6\n")
        .contains("2001:db8::5/128 dev eth0 scope global preferred_lft 60\n");
  }

  @Test
  void dumpSpellsOutTheScope() {
    assertThat(ConfigDump.dump(load("192.0.2.5/24 dev eth0 -nodad").config()))
        .contains("static_ipaddress {\n  192.0.2.5/24 dev eth0 scope global -nodad\n}");
  }
}
