package io.vigil.director.syncd;

import io.vigil.netlink.ipvs.SyncDaemon;
import java.util.List;

/**
 * What the sync-daemon driver needs of the kernel. The real one is {@link NetlinkSyncDaemonKernel};
 * tests use an in-memory twin with the kernel's refusals (EEXIST for a role already running, ESRCH
 * for one that is not).
 */
public interface SyncDaemonKernel extends AutoCloseable {
  /** The daemons running now, with the parameters the kernel uses. */
  List<SyncDaemon> daemons();

  void start(SyncDaemon daemon);

  void stop(SyncDaemon.Role role);

  @Override
  void close();
}
