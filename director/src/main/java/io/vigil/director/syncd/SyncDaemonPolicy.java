package io.vigil.director.syncd;

import io.vigil.netlink.ipvs.SyncDaemon;
import io.vigil.netlink.ipvs.SyncDaemon.Role;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which IPVS sync daemons should run, and what to send the kernel to get there. Pure: states and
 * the kernel's list in, decisions out.
 *
 * <p>keepalived's rules: a daemon that follows a VRRP instance runs as master while the instance is
 * MASTER and as backup otherwise (BACKUP, FAULT, and before the instance has reported a state); on
 * the way to master the backup daemon is stopped before the master one starts, and the other way
 * round. A daemon that follows no instance runs as master and backup at once. Nothing runs once the
 * instance (or the daemon) stops.
 */
public final class SyncDaemonPolicy {
  private SyncDaemonPolicy() {}

  /** One request to the kernel. */
  public sealed interface Op {
    /** IPVS_CMD_DEL_DAEMON for this role. */
    record Stop(Role role) implements Op {}

    /** IPVS_CMD_NEW_DAEMON. */
    record Start(SyncDaemon daemon) implements Op {}
  }

  /**
   * The roles that should run.
   *
   * @param followsInstance whether {@code lvs_sync_daemon} names a VRRP instance
   * @param state the instance's last state word (MASTER, BACKUP, FAULT, STOP), or null before it
   *     reported one; ignored without an instance
   * @param stopping the daemon is shutting down (or lvs_sync_daemon was removed)
   */
  public static Set<Role> wanted(boolean followsInstance, String state, boolean stopping) {
    if (stopping) {
      return EnumSet.noneOf(Role.class);
    }
    if (!followsInstance) {
      return EnumSet.of(Role.MASTER, Role.BACKUP);
    }
    if (state == null) {
      return EnumSet.of(Role.BACKUP);
    }
    return switch (state) {
      case "MASTER" -> EnumSet.of(Role.MASTER);
      case "STOP" -> EnumSet.noneOf(Role.class);
      default -> EnumSet.of(Role.BACKUP); // BACKUP, FAULT
    };
  }

  /**
   * What to send so that exactly {@code wanted} runs: stops first (a role not wanted, or running
   * with another interface or sync id, or every running one when {@code restart}: the configured
   * parameters changed), then starts, master before backup.
   */
  public static List<Op> plan(List<SyncDaemon> wanted, List<SyncDaemon> running, boolean restart) {
    List<Op> stops = new ArrayList<>();
    List<Op> starts = new ArrayList<>();
    List<Role> kept = new ArrayList<>();
    for (SyncDaemon r : running) {
      boolean keep = !restart && wanted.stream().anyMatch(w -> w.role() == r.role() && same(w, r));
      if (keep) {
        kept.add(r.role());
      } else if (!stops.contains(new Op.Stop(r.role()))) {
        stops.add(new Op.Stop(r.role()));
      }
    }
    for (Role role : List.of(Role.MASTER, Role.BACKUP)) {
      for (SyncDaemon w : wanted) {
        if (w.role() == role && !kept.contains(role)) {
          starts.add(new Op.Start(w));
        }
      }
    }
    List<Op> out = new ArrayList<>(stops);
    out.addAll(starts);
    return out;
  }

  /**
   * The kernel reports what it runs with, defaults filled in (the maximum length from the MTU, port
   * 8848, ttl 1, group 224.0.0.81), so a running daemon counts as ours when its interface and sync
   * id are; a change of the other parameters is a configuration change (restart).
   */
  static boolean same(SyncDaemon wanted, SyncDaemon running) {
    return wanted.interfaceName().equals(running.interfaceName())
        && wanted.syncId() == running.syncId();
  }
}
