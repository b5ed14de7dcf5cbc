package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import io.vigil.config.model.Vrrp;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code vrrp_track_process} and {@code track_process} as keepalived 2.2.7 reads them: the process
 * name and parameters (which imply {@code param_match} exact and the full command), {@code
 * param_match}, {@code weight}, {@code quorum} / {@code quorum_max}, the delays, and its messages.
 */
class TrackProcessConfigTest {
  static final String CONF =
      """
      vrrp_track_process haproxy {
        process haproxy
        weight 10
        quorum 2
        delay 0.5
      }
      vrrp_track_process web {
        process "/usr/sbin/nginx" -c "/etc/nginx/a b.conf"
        param_match partial
        quorum_max 4
        fork_delay 1
      }
      vrrp_track_process none {
        process sshd
        quorum_max 0
        weight 0 reverse
      }
      vrrp_sync_group G1 {
        group {
          VI_1
          VI_2
        }
        track_process {
          none
        }
        sync_group_tracking_weight
      }
      vrrp_instance VI_1 {
        interface eth0
        virtual_router_id 51
        virtual_ipaddress {
          192.0.2.100
        }
        track_process {
          haproxy
          web weight -20 reverse
        }
      }
      vrrp_instance VI_2 {
        interface eth0
        virtual_router_id 52
        virtual_ipaddress {
          192.0.2.101
        }
      }
      """;

  @Test
  void readAsKeepalivedReadsIt() {
    LoadResult r = Cfg.load(CONF);
    assertThat(Cfg.findings(r)).isEmpty();
    List<Vrrp.TrackProcessDef> p = r.config().trackProcesses();
    assertThat(p.get(0))
        .isEqualTo(
            new Vrrp.TrackProcessDef(
                "haproxy",
                p.get(0).origin(),
                "haproxy",
                List.of(),
                Vrrp.ParamMatch.NONE,
                false,
                10,
                false,
                2,
                0xffffffffL,
                500_000,
                500_000));
    assertThat(p.get(1).process()).isEqualTo("/usr/sbin/nginx");
    assertThat(p.get(1).params()).containsExactly("-c", "/etc/nginx/a b.conf");
    assertThat(p.get(1).paramMatch()).isEqualTo(Vrrp.ParamMatch.PARTIAL);
    assertThat(p.get(1).fullCommand()).isTrue();
    assertThat(p.get(1).quorumMax()).isEqualTo(4);
    assertThat(p.get(1).forkDelayUs()).isEqualTo(1_000_000);
    assertThat(p.get(1).terminateDelayUs()).isZero();
    assertThat(p.get(2).quorum()).as("quorum_max 0: no process wanted").isZero();
    assertThat(p.get(2).weightReverse()).isTrue();
    assertThat(r.config().instances().get(0).trackProcesses())
        .extracting(Vrrp.Track::name, Vrrp.Track::weight, Vrrp.Track::reverse)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("haproxy", Optional.empty(), false),
            org.assertj.core.groups.Tuple.tuple("web", Optional.of(-20), true));
    assertThat(r.config().syncGroups().get(0).trackProcesses())
        .extracting(Vrrp.Track::name)
        .containsExactly("none");
  }

  @Test
  void theDumpReadsBackTheSame() {
    String dump = ConfigDump.dump(Cfg.load(CONF).config());
    assertThat(dump)
        .contains("process /usr/sbin/nginx -c \"/etc/nginx/a b.conf\"\n")
        .contains("param_match partial\n");
    assertThat(ConfigDump.dump(Cfg.load(dump).config())).isEqualTo(dump);
  }

  @Test
  void keepalivedsRefusalsWithItsWords() {
    LoadResult r =
        Cfg.load(
            """
            vrrp_track_process a {
              weight 300
              param_match fuzzy
            }
            vrrp_track_process b {
              process b
              quorum 3
              quorum_max 2
            }
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 51
              virtual_ipaddress {
                192.0.2.100
              }
              track_process {
                missing
              }
            }
            """);
    assertThat(Cfg.findings(r))
        .containsExactly(
            "2 error: weight: number '300' outside range [-254, 254]",
            "3 error: Invalid param_match type fuzzy - ignoring",
            "4 error: track process 'a' process name not specified",
            "8 error: quorum_max is less than quorum - ignoring",
            "17 error: (VI_1) track process missing not found, ignoring");
  }
}
