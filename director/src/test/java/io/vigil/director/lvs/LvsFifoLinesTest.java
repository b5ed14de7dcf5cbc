package io.vigil.director.lvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import io.vigil.director.lvs.LvsModel.Backend;
import io.vigil.director.lvs.LvsModel.VirtualService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The notify FIFO lines of the IPVS side against keepalived's own: keepalived-lvs-fifo.txt is what
 * keepalived 2.2.7 ({@code keepalived -C}, in the lab VM) wrote to its {@code lvs_notify_fifo} for
 * this configuration with {@code rs_init_notifies}: the real servers up at start, each one's checks
 * failing (the server stopped) and passing again. Vigil's lines for the same transitions must be
 * the same text.
 */
class LvsFifoLinesTest {
  private static final String CONF =
      """
      global_defs {
        router_id gold
        rs_init_notifies
      }
      virtual_server 192.0.2.10 80 {
        delay_loop 1
        lb_algo rr
        lb_kind NAT
        protocol TCP
        real_server 198.51.100.2 8080 {
          weight 1
          TCP_CHECK {
            connect_timeout 1
            retry 0
          }
        }
      }
      virtual_server fwmark 5 {
        delay_loop 1
        lb_algo rr
        lb_kind DR
        real_server 198.51.100.2 8080 {
          weight 1
          TCP_CHECK {
            connect_timeout 1
            retry 0
          }
        }
      }
      virtual_server 2001:db8::10 443 {
        delay_loop 1
        lb_algo rr
        lb_kind NAT
        protocol TCP
        real_server 2001:db8::2 8080 {
          weight 1
          TCP_CHECK {
            connect_timeout 1
            retry 0
          }
        }
      }
      """;

  private static List<String> golden() throws IOException {
    try (InputStream in = LvsFifoLinesTest.class.getResourceAsStream("keepalived-lvs-fifo.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
    }
  }

  private static LvsModel model() {
    LoadResult r =
        ConfigLoader.loadString(
            CONF, "k.conf", Path.of("/nonexistent"), Environment.fixed("d", Set.of("eth0")));
    LvsMapping.Result m = LvsMapping.map(r.config());
    assertThat(m.errors()).isEmpty();
    return m.model();
  }

  private static List<String> lines(List<LvsNotifications.Run> runs) {
    return runs.stream().map(LvsNotifications.Run::fifoLine).toList();
  }

  @Test
  void theLinesOfEveryTransitionAreKeepalivedsText() throws IOException {
    LvsModel m = model();
    List<String> golden = golden();
    // per virtual server: its real server's line then its own (keepalived writes RS, then VS)
    for (VirtualService vs : m.virtualServers()) {
      Backend b = vs.backends().get(0);
      List<String> start = new ArrayList<>();
      start.addAll(
          lines(LvsNotifications.initial(new LvsModel(List.of(vs), true), Set.of(), id -> true)));
      start.addAll(lines(LvsNotifications.quorum(m, Map.of(), Map.of(vs.name(), true))));
      List<String> down = new ArrayList<>(lines(LvsNotifications.server(m, b.id(), true, false)));
      down.addAll(
          lines(LvsNotifications.quorum(m, Map.of(vs.name(), true), Map.of(vs.name(), false))));
      List<String> up = new ArrayList<>(lines(LvsNotifications.server(m, b.id(), false, true)));
      up.addAll(
          lines(LvsNotifications.quorum(m, Map.of(vs.name(), false), Map.of(vs.name(), true))));

      assertThat(golden).containsSubsequence(start).containsSubsequence(down);
      assertThat(golden).containsSubsequence(up);
      assertThat(start).hasSize(2);
      assertThat(down).hasSize(2).allMatch(l -> l.endsWith(" DOWN"));
    }
    assertThat(golden).hasSize(18); // 3 virtual servers × (start, down, up) × (RS, VS)
  }

  @Test
  void aVirtualServerGroupIsNamedByTheGroupAndPortZero() {
    LoadResult r =
        ConfigLoader.loadString(
            """
            virtual_server_group web {
              192.0.2.10 80
            }
            virtual_server group web {
              lb_algo rr
              lb_kind NAT
              protocol UDP
              real_server 198.51.100.2 53 {
              }
            }
            """,
            "k.conf",
            Path.of("/nonexistent"),
            Environment.fixed("d", Set.of("eth0")));
    LvsModel m = LvsMapping.map(r.config()).model();
    VirtualService vs = m.virtualServers().get(0);
    assertThat(LvsFifoLines.virtualServer(vs, false)).isEqualTo("VS [web]:0 DOWN");
    assertThat(LvsFifoLines.realServer(vs, vs.backends().get(0), true))
        .isEqualTo("RS [198.51.100.2]:udp:53 [web]:0 UP");
  }
}
