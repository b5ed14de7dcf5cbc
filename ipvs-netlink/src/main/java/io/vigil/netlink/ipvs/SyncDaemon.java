package io.vigil.netlink.ipvs;

import java.net.InetAddress;

/**
 * An IPVS connection-synchronisation daemon (lvs_sync_daemon).
 *
 * @param group multicast group, or null for the default (224.0.0.81)
 * @param port 0 for the default (8848)
 * @param ttl 0 for the default (1)
 * @param maxLength 0 for the default (MTU based)
 */
public record SyncDaemon(
    Role role,
    String interfaceName,
    int syncId,
    int maxLength,
    InetAddress group,
    int port,
    int ttl) {
  /** IP_VS_STATE_MASTER / IP_VS_STATE_BACKUP. */
  public enum Role {
    MASTER(1),
    BACKUP(2);

    private final int code;

    Role(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    public static Role of(int code) {
      return code == 2 ? BACKUP : MASTER;
    }
  }
}
