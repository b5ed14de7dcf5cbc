package io.vigil.director.syncd;

import io.vigil.config.model.LvsSyncDaemon;
import io.vigil.config.model.VigilConfig;
import io.vigil.netlink.ipvs.SyncDaemon;
import io.vigil.netlink.ipvs.SyncDaemon.Role;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code lvs_sync_daemon} as it runs: the kernel's parameters, the sync id resolved (keepalived:
 * the instance's virtual_router_id unless {@code id} is given, 0 without an instance), and the
 * instance it follows.
 */
public record SyncDaemonSpec(
    Optional<String> instance,
    String iface,
    int syncId,
    int maxLength,
    int port,
    int ttl,
    Optional<InetAddress> group) {

  /** The spec of a configuration, if it has an lvs_sync_daemon. */
  public static Optional<SyncDaemonSpec> of(VigilConfig config) {
    if (config.globalDefs().lvsSyncDaemon().isEmpty()) {
      return Optional.empty();
    }
    LvsSyncDaemon s = config.globalDefs().lvsSyncDaemon().get();
    int id =
        s.syncId()
            .orElseGet(
                () ->
                    s.instance()
                        .flatMap(
                            n ->
                                config.instances().stream()
                                    .filter(i -> i.name().equals(n))
                                    .findFirst())
                        .map(i -> i.virtualRouterId())
                        .orElse(0));
    return Optional.of(
        new SyncDaemonSpec(
            s.instance(), s.iface(), id, s.maxLength(), s.port(), s.ttl(), s.group()));
  }

  /** The same daemon following another instance. */
  public SyncDaemonSpec withInstance(String name) {
    return new SyncDaemonSpec(Optional.of(name), iface, syncId, maxLength, port, ttl, group);
  }

  /** The daemon in this role, as sent to the kernel. */
  public SyncDaemon daemon(Role role) {
    return new SyncDaemon(role, iface, syncId, maxLength, group.orElse(null), port, ttl);
  }

  /** The daemons for these roles, master first. */
  public List<SyncDaemon> daemons(Set<Role> roles) {
    List<SyncDaemon> out = new ArrayList<>();
    for (Role r : List.of(Role.MASTER, Role.BACKUP)) {
      if (roles.contains(r)) {
        out.add(daemon(r));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return iface + " syncid " + syncId + instance.map(i -> " following " + i).orElse("");
  }
}
