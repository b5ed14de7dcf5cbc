package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.LoadResult;
import io.vigil.config.model.Vrrp;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * keepalived 2.2.7's rule for the members of a sync group (without {@code
 * sync_group_tracking_weight}) and for an address owner: what they track themselves does not move
 * their priority. A weighted interface becomes weight 0 (a member) or untracked (an owner); a
 * weighted script or process is not tracked; a file at its default weight 1 becomes weight 0,
 * another weight is not tracked. Warnings with keepalived's words; what the group tracks keeps its
 * weights.
 */
class SyncGroupWeightsConfigTest {
  static final String CONF =
      """
      vrrp_script chk {
        script "/bin/true"
        weight 10
      }
      vrrp_script zero {
        script "/bin/true"
      }
      track_file tf {
        file /tmp/vigil-sg-weights
      }
      global_defs {
        enable_script_security
        script_user root
      }
      vrrp_sync_group G1 {
        group {
          VI_1
          VI_2
        }
        %s
      }
      vrrp_instance VI_1 {
        interface eth0
        virtual_router_id 51
        track_script {
          chk
          zero
        }
        track_interface {
          eth1 weight 5
        }
        track_file {
          tf
        }
        virtual_ipaddress {
          192.0.2.100/24
        }
      }
      vrrp_instance VI_2 {
        interface eth0
        virtual_router_id 52
        virtual_ipaddress {
          192.0.2.101/24
        }
      }
      vrrp_instance VI_3 {
        interface eth0
        virtual_router_id 53
        priority 255
        track_interface {
          eth1 weight 5
        }
        track_script {
          chk weight -5
        }
        virtual_ipaddress {
          192.0.2.102/24
        }
      }
      """;

  @Test
  void membersAndOwnersTrackWithoutWeightsWithKeepalivedsWarnings() {
    LoadResult r = Cfg.load(CONF.formatted(""));
    assertThat(Cfg.findings(r))
        .containsExactly(
            "26 warning: (VI_1) ignoring tracked script chk with weights due to SYNC group",
            "30 warning: (VI_1) ignoring eth1 tracked interface weight due to SYNC group",
            "33 warning: (VI_1) ignoring weight from tracked file tf due to SYNC group. specify"
                + " weight 0",
            "51 warning: (VI_3) ignoring eth1 tracked interface due to address owner",
            "54 warning: (VI_3) ignoring tracked script chk with weights due to address_owner");
    Vrrp.Instance vi1 = r.config().instances().get(0);
    assertThat(vi1.trackScripts()).extracting(Vrrp.Track::name).containsExactly("zero");
    assertThat(vi1.trackInterfaces())
        .extracting(Vrrp.Track::weight)
        .containsExactly(Optional.of(0));
    assertThat(vi1.trackFiles()).extracting(Vrrp.Track::weight).containsExactly(Optional.of(0));
    Vrrp.Instance vi3 = r.config().instances().get(2);
    assertThat(vi3.trackInterfaces()).isEmpty();
    assertThat(vi3.trackScripts()).isEmpty();
  }

  @Test
  void syncGroupTrackingWeightKeepsTheMembersWeights() {
    LoadResult r = Cfg.load(CONF.formatted("sync_group_tracking_weight"));
    assertThat(Cfg.findings(r))
        .as("only the owner's")
        .containsExactly(
            "51 warning: (VI_3) ignoring eth1 tracked interface due to address owner",
            "54 warning: (VI_3) ignoring tracked script chk with weights due to address_owner");
    Vrrp.Instance vi1 = r.config().instances().get(0);
    assertThat(vi1.trackScripts()).extracting(Vrrp.Track::name).containsExactly("chk", "zero");
    assertThat(vi1.trackInterfaces())
        .extracting(Vrrp.Track::weight)
        .containsExactly(Optional.of(5));
    assertThat(r.config().syncGroups().get(0).trackingWeight()).isTrue();
  }

  @Test
  void globalTrackingIsTheOldNameOfSyncGroupTrackingWeightWithKeepalivedsWarning() {
    LoadResult old = Cfg.load(CONF.formatted("global_tracking"));
    LoadResult now = Cfg.load(CONF.formatted("sync_group_tracking_weight"));
    String name = old.config().syncGroups().get(0).name();
    assertThat(Cfg.findings(old))
        .filteredOn(f -> f.contains("global_tracking"))
        .singleElement()
        .asString()
        .endsWith(
            " warning: ("
                + name
                + ") global_tracking is deprecated. Use track_interface/script/file on the sync"
                + " group");
    assertThat(Cfg.findings(old)).containsAll(Cfg.findings(now));
    assertThat(old.config().syncGroups().get(0).trackingWeight()).isTrue();
    assertThat(old.config().instances()).isEqualTo(now.config().instances());
  }
}
