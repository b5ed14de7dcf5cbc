package io.vigil.config.model;

import io.vigil.config.Origin;
import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code lvs_sync_daemon INTERFACE [[inst] VRRP_INSTANCE] [id N] [maxlen N] [port N] [ttl N] [group
 * ADDR]}: the kernel's IPVS connection-synchronisation daemon.
 *
 * <p>With an instance, the daemon follows it: master while the instance is MASTER, backup otherwise
 * (keepalived's behaviour). Without one, both a master and a backup daemon run all the time.
 *
 * @param origin where it was written
 * @param iface the interface the sync messages go out and come in on
 * @param instance the vrrp_instance it follows, or empty
 * @param syncId {@code id} 0..255 (default: the instance's virtual_router_id, 0 without instance)
 * @param maxLength {@code maxlen} (0: the kernel's default, from the interface MTU)
 * @param port {@code port} (0: the kernel's default, 8848)
 * @param ttl {@code ttl} (0: the kernel's default, 1)
 * @param group {@code group}, a multicast address (empty: the kernel's default, 224.0.0.81)
 */
public record LvsSyncDaemon(
    Origin origin,
    String iface,
    Optional<String> instance,
    OptionalInt syncId,
    int maxLength,
    int port,
    int ttl,
    Optional<InetAddress> group) {}
