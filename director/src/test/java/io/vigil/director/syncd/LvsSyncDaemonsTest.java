package io.vigil.director.syncd;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import io.vigil.netlink.ipvs.SyncDaemon;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LvsSyncDaemonsTest {
  private static final String INSTANCE =
      """
      vrrp_instance VI_1 {
        interface eth0
        virtual_router_id 51
        virtual_ipaddress {
          192.0.2.10/24
        }
      }
      """;

  static SyncDaemonSpec spec(String line) {
    LoadResult r =
        ConfigLoader.loadString(
            "global_defs {\n  " + line + "\n}\n" + INSTANCE,
            "t.conf",
            Path.of("/nonexistent"),
            Environment.fixed("node1", Set.of("eth0", "eth1")));
    assertThat(r.diagnostics()).isEmpty();
    return SyncDaemonSpec.of(r.config()).orElseThrow();
  }

  private final InMemorySyncDaemonKernel kernel = new InMemorySyncDaemonKernel();

  @Test
  void theSyncIdDefaultsToTheInstancesVridAndToZeroWithoutOne() {
    assertThat(spec("lvs_sync_daemon eth1 VI_1").syncId()).isEqualTo(51);
    assertThat(spec("lvs_sync_daemon eth1 VI_1 id 7").syncId()).isEqualTo(7);
    assertThat(spec("lvs_sync_daemon eth1").syncId()).isZero();
  }

  @Test
  void followsTheInstanceBackupMasterFaultAndStopsOnClose() {
    LvsSyncDaemons s = new LvsSyncDaemons(spec("lvs_sync_daemon eth1 VI_1"), () -> kernel);
    s.reconcile();
    assertThat(kernel.running.keySet()).containsExactly(SyncDaemon.Role.BACKUP);
    assertThat(kernel.running.get(SyncDaemon.Role.BACKUP).syncId()).isEqualTo(51);

    s.follow("VI_2", "MASTER"); // not the followed one
    assertThat(kernel.running.keySet()).containsExactly(SyncDaemon.Role.BACKUP);

    s.follow("VI_1", "MASTER");
    assertThat(kernel.running.keySet()).containsExactly(SyncDaemon.Role.MASTER);
    assertThat(kernel.requests).containsExactly("start BACKUP", "stop BACKUP", "start MASTER");

    s.follow("VI_1", "FAULT");
    assertThat(kernel.running.keySet()).containsExactly(SyncDaemon.Role.BACKUP);

    kernel.requests.clear();
    assertThat(s.reconcile()).isEmpty(); // nothing to do: one dump, no write
    assertThat(kernel.requests).isEmpty();

    s.close();
    assertThat(kernel.running).isEmpty();
    assertThat(kernel.closed).isTrue();
  }

  @Test
  void withoutAnInstanceMasterAndBackupRunTogether() {
    LvsSyncDaemons s = new LvsSyncDaemons(spec("lvs_sync_daemon eth1"), () -> kernel);
    s.reconcile();
    assertThat(kernel.running.keySet())
        .containsExactly(SyncDaemon.Role.MASTER, SyncDaemon.Role.BACKUP);
    s.close();
    assertThat(kernel.running).isEmpty();
  }

  @Test
  void aDaemonStoppedBehindOurBackIsPutBackAndAKernelErrorIsRetried() {
    LvsSyncDaemons s = new LvsSyncDaemons(spec("lvs_sync_daemon eth1 VI_1"), () -> kernel);
    s.follow("VI_1", "MASTER");
    kernel.running.clear();
    s.reconcile();
    assertThat(kernel.running.keySet()).containsExactly(SyncDaemon.Role.MASTER);

    kernel.running.clear();
    kernel.failNext = new IllegalStateException("Protocol not available");
    assertThat(s.reconcile()).isEmpty();
    assertThat(kernel.running).isEmpty();
    s.reconcile();
    assertThat(kernel.running.keySet()).containsExactly(SyncDaemon.Role.MASTER);
  }

  @Test
  void pointedAtAnotherInstanceByAReloadItIsBackupUntilThatInstanceReports() {
    LvsSyncDaemons s = new LvsSyncDaemons(spec("lvs_sync_daemon eth1 VI_1"), () -> kernel);
    s.follow("VI_1", "MASTER");
    s.update(Optional.of(spec("lvs_sync_daemon eth1 VI_1 id 51 port 8849").withInstance("VI_2")));
    assertThat(s.followedState()).isEmpty();
    assertThat(kernel.running.keySet()).containsExactly(SyncDaemon.Role.BACKUP);
    s.follow("VI_2", "MASTER"); // what the daemon does with the state it last saw of VI_2
    assertThat(kernel.running.keySet()).containsExactly(SyncDaemon.Role.MASTER);
  }

  @Test
  void aReloadRestartsOnChangedParametersStopsWhenRemovedAndKeepsWhenUnchanged() {
    LvsSyncDaemons s = new LvsSyncDaemons(spec("lvs_sync_daemon eth1 VI_1"), () -> kernel);
    s.follow("VI_1", "MASTER");
    kernel.requests.clear();

    s.update(Optional.of(spec("lvs_sync_daemon eth1 VI_1")));
    assertThat(kernel.requests).isEmpty();

    s.update(Optional.of(spec("lvs_sync_daemon eth1 VI_1 port 8849")));
    assertThat(kernel.requests).containsExactly("stop MASTER", "start MASTER");
    assertThat(kernel.running.get(SyncDaemon.Role.MASTER).port()).isEqualTo(8849);

    s.update(Optional.empty());
    assertThat(kernel.running).isEmpty();
    kernel.requests.clear();
    kernel.start(new SyncDaemon(SyncDaemon.Role.BACKUP, "eth0", 9, 0, null, 0, 0));
    s.reconcile(); // not configured any more: someone else's daemons are left alone
    assertThat(kernel.running).containsKey(SyncDaemon.Role.BACKUP);
  }
}
