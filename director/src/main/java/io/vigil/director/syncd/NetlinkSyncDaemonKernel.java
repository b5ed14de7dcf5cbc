package io.vigil.director.syncd;

import io.vigil.netlink.ipvs.IpvsClient;
import io.vigil.netlink.ipvs.SyncDaemon;
import java.util.List;

/** {@link SyncDaemonKernel} over IPVS generic netlink. */
public final class NetlinkSyncDaemonKernel implements SyncDaemonKernel {
  private final IpvsClient client;

  public NetlinkSyncDaemonKernel(IpvsClient client) {
    this.client = client;
  }

  @Override
  public List<SyncDaemon> daemons() {
    return client.daemons();
  }

  @Override
  public void start(SyncDaemon daemon) {
    client.startDaemon(daemon);
  }

  @Override
  public void stop(SyncDaemon.Role role) {
    client.stopDaemon(role);
  }

  @Override
  public void close() {
    client.close();
  }
}
