package io.vigil.config.model;

import java.util.List;
import java.util.Optional;

/**
 * The whole effective configuration: every block typed, keepalived's defaults filled in.
 *
 * @param staticRoutes static_routes, typed
 * @param staticRules static_rules, typed
 * @param staticAddresses static_ipaddress, typed
 * @param ssl the top-level {@code SSL} block: SSL_GET's client settings
 * @param trackGroups {@code track_group}s, named by static addresses
 */
public record VigilConfig(
    GlobalDefs globalDefs,
    List<Vrrp.ScriptDef> vrrpScripts,
    List<Vrrp.TrackFileDef> trackFiles,
    List<Vrrp.TrackProcessDef> trackProcesses,
    List<Vrrp.SyncGroup> syncGroups,
    List<Vrrp.Instance> instances,
    List<Lvs.ServerGroup> serverGroups,
    List<Lvs.VirtualServer> virtualServers,
    List<StaticRoute> staticRoutes,
    List<StaticRule> staticRules,
    List<StaticAddress> staticAddresses,
    Optional<SslSettings> ssl,
    List<Vrrp.TrackGroup> trackGroups,
    List<Vrrp.BfdDef> bfdInstances) {
  public VigilConfig {
    bfdInstances = List.copyOf(bfdInstances);
    vrrpScripts = List.copyOf(vrrpScripts);
    trackFiles = List.copyOf(trackFiles);
    trackProcesses = List.copyOf(trackProcesses);
    syncGroups = List.copyOf(syncGroups);
    instances = List.copyOf(instances);
    serverGroups = List.copyOf(serverGroups);
    virtualServers = List.copyOf(virtualServers);
    staticRoutes = List.copyOf(staticRoutes);
    staticRules = List.copyOf(staticRules);
    staticAddresses = List.copyOf(staticAddresses);
    trackGroups = List.copyOf(trackGroups);
  }
}
