package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import io.vigil.config.model.GlobalDefs.IpvsNftables;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code nftables_ipvs [TABLE]}, {@code nftables_ipvs_priority} and {@code
 * nftables_ipvs_start_fwmark}, read as keepalived 2.2.7 reads them; each refusal's words were
 * checked with {@code keepalived -t} (exit 5 on each; keepalived logs its number reader's line
 * first, then the one of the keyword).
 */
class IpvsNftablesConfigTest {
  static LoadResult global(String lines) {
    return Cfg.load("global_defs {\n" + lines.replace("/", "\n") + "\n}\n");
  }

  static Optional<IpvsNftables> ipvs(LoadResult r) {
    return r.config().globalDefs().nftables().ipvs();
  }

  @Test
  void offUnlessWritten() {
    assertThat(ipvs(global(""))).isEmpty();
    // a priority or first mark alone does not turn it on
    assertThat(ipvs(global("nftables_ipvs_priority -5/nftables_ipvs_start_fwmark 7"))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "nftables_ipvs; keepalived_ipvs; -1; 1000",
        "nftables_ipvs vigil_ipvs; vigil_ipvs; -1; 1000",
        "nftables_ipvs/nftables_ipvs_priority -5/nftables_ipvs_start_fwmark 2000;"
            + " keepalived_ipvs; -5; 2000",
        // nftables_ipvs puts both back, as keepalived's handler does
        "nftables_ipvs_priority -5/nftables_ipvs_start_fwmark 2000/nftables_ipvs;"
            + " keepalived_ipvs; -1; 1000",
        "nftables_ipvs/nftables_ipvs_start_fwmark 4294967295; keepalived_ipvs; -1; 4294967295",
        "nftables_ipvs/nftables_ipvs_priority -2147483648; keepalived_ipvs; -2147483648; 1000",
      })
  void readAsKeepalivedReadsIt(String lines, String table, int priority, long start) {
    LoadResult r = global(lines);
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(ipvs(r)).contains(new IpvsNftables(table, priority, start));
    LoadResult again = Cfg.load(ConfigDump.dump(r.config()));
    assertThat(ipvs(again)).as("the dump reads back the same").isEqualTo(ipvs(r));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "nftables_ipvs/nftables_ipvs x; 3 error: ipvs nftables already specified - ignoring",
        "nftables_ipvs_priority abc/nftables_ipvs;"
            + " 2 error: invalid ipvs nftables chain priority 'abc'",
        "nftables_ipvs/nftables_ipvs_priority -2147483649;"
            + " 3 error: invalid ipvs nftables chain priority '-2147483649'",
        "nftables_ipvs/nftables_ipvs_start_fwmark 0;"
            + " 3 error: invalid ipvs nftables start_fwmark priority '0'",
        "nftables_ipvs/nftables_ipvs_start_fwmark 4294967296;"
            + " 3 error: invalid ipvs nftables start_fwmark priority '4294967296'",
        "nftables_ipvs/nftables_ipvs_start_fwmark 0x10;"
            + " 3 error: invalid ipvs nftables start_fwmark priority '0x10'",
      })
  void refusedInKeepalivedsWords(String lines, String finding) {
    assertThat(Cfg.findings(global(lines))).contains(finding);
  }

  @Test
  void aNameOf256BytesIsTooLong() {
    LoadResult r = global("nftables_ipvs " + "t".repeat(256));
    assertThat(Cfg.findings(r))
        .containsExactly("2 error: ipvs nftables table name too long - ignoring");
    assertThat(ipvs(r)).isEmpty();
    assertThat(ipvs(global("nftables_ipvs " + "t".repeat(255))).orElseThrow().table()).hasSize(255);
  }
}
