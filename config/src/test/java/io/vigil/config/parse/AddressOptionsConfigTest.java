package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import io.vigil.config.model.AddressFlag;
import io.vigil.config.model.Vrrp;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * keepalived.conf(5)'s address options on {@code virtual_ipaddress} and {@code
 * virtual_ipaddress_excluded} lines, read as keepalived 2.2.7 reads them (vrrp_ipaddress.c,
 * alloc_ipaddress): a configuration that keepalived runs is not refused for them.
 */
class AddressOptionsConfigTest {
  /** The lines in an instance's virtual_ipaddress_excluded, from line 9 on. */
  private static LoadResult vips(String... lines) {
    return Cfg.load(
        """
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          priority 100
          virtual_ipaddress {
            192.0.2.99/24
          }
          virtual_ipaddress_excluded {
            %s
          }
        }
        """
            .formatted(String.join("\n    ", lines)));
  }

  private static List<Vrrp.Vip> read(LoadResult r) {
    return r.config().instances().get(0).virtualIpaddressExcluded();
  }

  @Test
  void everyOptionOfKeepalivedsManPageIsRead() {
    LoadResult r =
        vips(
            "192.0.2.100 peer 192.0.2.200 dev eth1 no_track",
            "2001:db8::1/64 -nodad mngtmpaddr noprefixroute home autojoin preferred_lft 30",
            "2001:db8::2 preferred_lft forever");
    assertThat(Cfg.findings(r)).as("no finding").isEmpty();
    List<Vrrp.Vip> v = read(r);
    assertThat(v.get(0).peer().orElseThrow().getHostAddress()).isEqualTo("192.0.2.200");
    assertThat(v.get(0).prefix().prefixLength()).isEqualTo(32);
    assertThat(v.get(0).noTrack()).isTrue();
    assertThat(v.get(0).dev()).contains("eth1");
    assertThat(v.get(1).flags()).isEqualTo(Set.of(AddressFlag.values()));
    assertThat(v.get(1).preferredLifetime()).isEqualTo(OptionalLong.of(30));
    assertThat(v.get(1).noTrack()).isFalse();
    assertThat(v.get(2).preferredLifetime()).isEqualTo(OptionalLong.of(0xffff_ffffL));
    assertThat(v.get(2).flags()).isEmpty();
  }

  @Test
  void aPeerMakesAHostAddressWithKeepalivedsWarning() {
    LoadResult r = vips("192.0.2.100/24 peer 192.0.2.200");
    assertThat(Cfg.findings(r))
        .containsExactly(
            "9 warning: virtual_ipaddress_excluded 192.0.2.100/24: cannot specify an address prefix when"
                + " specifying a peer address - 192.0.2.100/24 taken as /32");
    assertThat(read(r).get(0).prefix().toString()).isEqualTo("192.0.2.100/32");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "192.0.2.100/24 brd +|192.0.2.255",
        "192.0.2.100/24 brd -|192.0.2.0",
        "192.0.2.100/30 broadcast +|192.0.2.103",
        "192.0.2.100/24 brd 192.0.2.127|192.0.2.127"
      })
  void aBroadcastOfPlusOrMinusIsTheSubnetsLastOrFirstAddress(String line, String brd) {
    LoadResult r = vips(line);
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(read(r).get(0).broadcast().orElseThrow().getHostAddress()).isEqualTo(brd);
  }

  @Test
  void whatKeepalivedWarnsAboutAndIgnoresIsAWarning() {
    assertThat(Cfg.findings(vips("192.0.2.100/31 brd +")))
        .containsExactly(
            "9 warning: virtual_ipaddress_excluded 192.0.2.100/31: address prefix length 31 too long for a"
                + " broadcast address - brd + ignored");
    LoadResult r = vips("192.0.2.100 peer 192.0.2.200 brd 192.0.2.255");
    assertThat(Cfg.findings(r))
        .containsExactly(
            "9 warning: virtual_ipaddress_excluded 192.0.2.100: cannot specify broadcast and peer addresses"
                + " - broadcast ignored");
    assertThat(read(r).get(0).broadcast()).isEmpty();
    r = vips("2001:db8::1/64 scope link label eth0:v");
    assertThat(Cfg.findings(r))
        .containsExactly(
            "9 warning: virtual_ipaddress_excluded 2001:db8::1/64: cannot specify a scope for an IPv6"
                + " address - scope ignored",
            "9 warning: virtual_ipaddress_excluded 2001:db8::1/64: cannot specify a label for an IPv6"
                + " address - label ignored");
    assertThat(read(r).get(0).scope()).isEmpty();
    assertThat(read(r).get(0).label()).isEmpty();
    r = vips("192.0.2.100/24 dev eth1 use_vmac");
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(read(r).get(0).useVmac()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "192.0.2.100 peer 2001:db8::1|peer address 2001:db8::1 does not match the address family",
        "192.0.2.100 peer 192.0.2.0/24|invalid peer address 192.0.2.0/24",
        "2001:db8::1 brd 2001:db8::ff|an IPv6 address has no broadcast address",
        "192.0.2.100 brd x|invalid broadcast address 'x'",
        "192.0.2.100 dev eth0 dev eth1|cannot specify the address's device more than once",
        "192.0.2.100 label a-label-of-16-ch|address label a-label-of-16-ch is longer than 15"
            + " characters",
        "192.0.2.100 preferred_lft soon|preferred_lft soon is invalid (0-4294967295 or forever)",
        "192.0.2.100 preferred_lft 4294967296|preferred_lft 4294967296 is invalid (0-4294967295 or"
            + " forever)",
        "192.0.2.100 peer|'peer' needs a value",
        "192.0.2.100 track_group|unknown option 'track_group'"
      })
  void aLineThatCannotBeAddedIsAnErrorOnItsLine(String line, String why) {
    LoadResult r = vips(line);
    String addr = line.substring(0, line.indexOf(' '));
    assertThat(Cfg.findings(r))
        .containsExactly("9 error: virtual_ipaddress_excluded " + addr + ": " + why);
  }

  @Test
  void anUnknownWordIsAnErrorButTheAddressStaysAsInKeepalived() {
    LoadResult r = vips("192.0.2.100/24 colour dev eth1");
    assertThat(Cfg.findings(r))
        .containsExactly(
            "9 error: virtual_ipaddress_excluded 192.0.2.100/24: unknown option 'colour'");
    assertThat(read(r).get(0).dev()).contains("eth1");
  }

  @Test
  void theExcludedListTakesTheSameOptions() {
    LoadResult r =
        Cfg.load(
            """
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 51
              priority 100
              virtual_ipaddress {
                192.0.2.100/24
              }
              virtual_ipaddress_excluded {
                2001:db8::9/128 -nodad no_track
                2001:db8::10 bogus
              }
            }
            """);
    assertThat(Cfg.findings(r))
        .containsExactly(
            "10 error: virtual_ipaddress_excluded 2001:db8::10: unknown option 'bogus'");
    Vrrp.Vip x = r.config().instances().get(0).virtualIpaddressExcluded().get(0);
    assertThat(x.flags()).containsExactly(AddressFlag.DAD);
    assertThat(x.noTrack()).isTrue();
  }

  @Test
  void theDumpWritesTheOptionsOut() {
    assertThat(
            ConfigDump.dump(
                vips(
                        "192.0.2.100 peer 192.0.2.200 no_track",
                        "192.0.2.101/24 noprefixroute preferred_lft forever")
                    .config()))
        .contains("192.0.2.100/32 peer 192.0.2.200 no_track\n")
        .contains("192.0.2.101/24 noprefixroute preferred_lft forever\n");
  }
}
