package io.vigil.director.syncd;

import static io.vigil.netlink.ipvs.SyncDaemon.Role.BACKUP;
import static io.vigil.netlink.ipvs.SyncDaemon.Role.MASTER;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.netlink.ipvs.SyncDaemon;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class SyncDaemonPolicyTest {
  private static SyncDaemon d(SyncDaemon.Role role, String iface, int id) {
    return new SyncDaemon(role, iface, id, 0, null, 0, 0);
  }

  @Test
  void followingAnInstanceIsMasterOnlyWhileItIsMaster() {
    assertThat(SyncDaemonPolicy.wanted(true, null, false)).containsExactly(BACKUP);
    assertThat(SyncDaemonPolicy.wanted(true, "BACKUP", false)).containsExactly(BACKUP);
    assertThat(SyncDaemonPolicy.wanted(true, "MASTER", false)).containsExactly(MASTER);
    assertThat(SyncDaemonPolicy.wanted(true, "FAULT", false)).containsExactly(BACKUP);
    assertThat(SyncDaemonPolicy.wanted(true, "STOP", false)).isEmpty();
    assertThat(SyncDaemonPolicy.wanted(true, "MASTER", true)).isEmpty();
  }

  @Test
  void withoutAnInstanceBothRunUntilStopping() {
    assertThat(SyncDaemonPolicy.wanted(false, "MASTER", false)).containsExactly(MASTER, BACKUP);
    assertThat(SyncDaemonPolicy.wanted(false, null, false)).containsExactly(MASTER, BACKUP);
    assertThat(SyncDaemonPolicy.wanted(false, null, true)).isEmpty();
  }

  @Test
  void becomingMasterStopsTheBackupBeforeStartingTheMaster() {
    assertThat(
            SyncDaemonPolicy.plan(
                List.of(d(MASTER, "eth1", 51)), List.of(d(BACKUP, "eth1", 51)), false))
        .containsExactly(
            new SyncDaemonPolicy.Op.Stop(BACKUP),
            new SyncDaemonPolicy.Op.Start(d(MASTER, "eth1", 51)));
    assertThat(
            SyncDaemonPolicy.plan(
                List.of(d(BACKUP, "eth1", 51)), List.of(d(MASTER, "eth1", 51)), false))
        .containsExactly(
            new SyncDaemonPolicy.Op.Stop(MASTER),
            new SyncDaemonPolicy.Op.Start(d(BACKUP, "eth1", 51)));
  }

  @Test
  void aRunningDaemonWithTheKernelsDefaultsFilledInIsLeftAlone() {
    SyncDaemon reported =
        new SyncDaemon(BACKUP, "eth1", 51, 1472, null, 8848, 1); // as GET_DAEMON says
    assertThat(SyncDaemonPolicy.plan(List.of(d(BACKUP, "eth1", 51)), List.of(reported), false))
        .isEmpty();
  }

  @Test
  void anotherInterfaceOrSyncIdOrAConfigurationChangeRestarts() {
    assertThat(
            SyncDaemonPolicy.plan(
                List.of(d(BACKUP, "eth1", 51)), List.of(d(BACKUP, "eth0", 51)), false))
        .containsExactly(
            new SyncDaemonPolicy.Op.Stop(BACKUP),
            new SyncDaemonPolicy.Op.Start(d(BACKUP, "eth1", 51)));
    assertThat(
            SyncDaemonPolicy.plan(
                List.of(d(BACKUP, "eth1", 51)), List.of(d(BACKUP, "eth1", 52)), false))
        .hasSize(2);
    assertThat(
            SyncDaemonPolicy.plan(
                List.of(d(BACKUP, "eth1", 51)), List.of(d(BACKUP, "eth1", 51)), true))
        .containsExactly(
            new SyncDaemonPolicy.Op.Stop(BACKUP),
            new SyncDaemonPolicy.Op.Start(d(BACKUP, "eth1", 51)));
  }

  /** Any running set and any wanted set: applying the plan gives exactly the wanted set. */
  @RepeatedTest(200)
  void thePlanAlwaysReachesTheWantedSet(RepetitionInfo info) {
    Random r = new Random(0x5d + info.getCurrentRepetition());
    List<SyncDaemon> running = random(r);
    List<SyncDaemon> wanted = random(r);
    boolean restart = r.nextBoolean();
    InMemorySyncDaemonKernel k = new InMemorySyncDaemonKernel();
    running.forEach(k::start);
    k.requests.clear();
    for (SyncDaemonPolicy.Op op : SyncDaemonPolicy.plan(wanted, k.daemons(), restart)) {
      if (op instanceof SyncDaemonPolicy.Op.Stop s) {
        k.stop(s.role()); // throws ESRCH if the plan stops what does not run
      } else if (op instanceof SyncDaemonPolicy.Op.Start s) {
        k.start(s.daemon()); // throws EEXIST if it starts what runs
      }
    }
    for (SyncDaemon w : wanted) {
      assertThat(SyncDaemonPolicy.same(w, k.running.get(w.role()))).isTrue();
    }
    assertThat(k.running.keySet())
        .isEqualTo(Set.copyOf(wanted.stream().map(SyncDaemon::role).toList()));
    if (!restart) {
      assertThat(SyncDaemonPolicy.plan(wanted, k.daemons(), false)).isEmpty();
    }
  }

  private static List<SyncDaemon> random(Random r) {
    List<SyncDaemon> out = new java.util.ArrayList<>();
    for (SyncDaemon.Role role : SyncDaemon.Role.values()) {
      if (r.nextBoolean()) {
        out.add(d(role, r.nextBoolean() ? "eth0" : "eth1", r.nextInt(3)));
      }
    }
    return out;
  }
}
