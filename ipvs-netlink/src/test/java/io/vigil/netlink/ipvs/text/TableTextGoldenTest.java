package io.vigil.netlink.ipvs.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.netlink.ipvs.IpvsInfo;
import io.vigil.netlink.ipvs.IpvsTable;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.text.ListFormat.View;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our listing and save of the captured table equal ipvsadm's own text, byte for byte. */
class TableTextGoldenTest {
  private static final IpvsInfo INFO = new IpvsInfo(0x010201, 4096);

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "L.txt, DEFAULT, false, false, false",
    "Ln.txt, DEFAULT, true, false, false",
    "Ln-stats.txt, STATS, true, false, false",
    "L-stats.txt, STATS, false, false, false",
    "Ln-exact-stats.txt, STATS, true, true, false",
    "Ln-rate.txt, RATE, true, false, false",
    "Ln-thresholds.txt, THRESHOLDS, true, false, false",
    "L-thresholds.txt, THRESHOLDS, false, false, false",
    "Ln-persistent-conn.txt, PERSISTENT_CONN, true, false, false",
    "Ln-tun-info.txt, TUN_INFO, true, false, false",
    "Ln-nosort.txt, DEFAULT, true, false, true",
    "S.txt, RULES, false, false, false",
    "Sn.txt, RULES, true, false, false",
  })
  void wholeTableMatchesIpvsadm(
      String file, View view, boolean numeric, boolean exact, boolean noSort) {
    IpvsTable table = Golden.table();
    String ours =
        new TableText(new ListFormat(view, numeric, exact, noSort), Golden.names())
            .all(INFO, table);
    assertThat(ours).isEqualTo(Golden.text(file));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Ln-t.txt | -t 192.0.2.10:80 | true",
        "L-t-names.txt | -t web.example:http | false",
        "Ln-u.txt | -u 192.0.2.10:53 | true",
        "Ln-sctp.txt | --sctp-service 192.0.2.14:9999 | true",
        "Ln-f.txt | -f 7 | true",
        "Ln-f6.txt | -f 8 -6 | true",
        "Ln-t6.txt | -t [2001:db8::10]:443 | true",
      })
  void oneServiceMatchesIpvsadm(String file, String service, boolean numeric) {
    ServiceKey k = RuleParser.serviceKey(List.of(service.split(" ")), Golden.names());
    IpvsTable.Service s = Golden.table().services().get(k);
    assertThat(s).as(service).isNotNull();
    String ours =
        new TableText(new ListFormat(View.DEFAULT, numeric, false, false), Golden.names()).one(s);
    assertThat(ours).isEqualTo(Golden.text(file));
  }
}
