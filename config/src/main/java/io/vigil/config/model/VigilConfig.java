package io.vigil.config.model;

import io.vigil.config.Origin;
import java.util.List;
import java.util.Optional;

/**
 * The whole effective configuration: every block typed, keepalived's defaults filled in.
 *
 * @param staticLines static_routes / static_rules lines, kept as text (vigil run refuses them)
 * @param staticAddresses static_ipaddress, typed
 * @param ssl the top-level {@code SSL} block: SSL_GET's client settings
 */
public record VigilConfig(
    GlobalDefs globalDefs,
    List<Vrrp.ScriptDef> vrrpScripts,
    List<Vrrp.TrackFileDef> trackFiles,
    List<Vrrp.SyncGroup> syncGroups,
    List<Vrrp.Instance> instances,
    List<Lvs.ServerGroup> serverGroups,
    List<Lvs.VirtualServer> virtualServers,
    List<StaticLine> staticLines,
    List<StaticAddress> staticAddresses,
    Optional<SslSettings> ssl) {
  public VigilConfig {
    vrrpScripts = List.copyOf(vrrpScripts);
    trackFiles = List.copyOf(trackFiles);
    syncGroups = List.copyOf(syncGroups);
    instances = List.copyOf(instances);
    serverGroups = List.copyOf(serverGroups);
    virtualServers = List.copyOf(virtualServers);
    staticLines = List.copyOf(staticLines);
    staticAddresses = List.copyOf(staticAddresses);
  }

  /** Without static addresses and without an SSL block. */
  public VigilConfig(
      GlobalDefs globalDefs,
      List<Vrrp.ScriptDef> vrrpScripts,
      List<Vrrp.TrackFileDef> trackFiles,
      List<Vrrp.SyncGroup> syncGroups,
      List<Vrrp.Instance> instances,
      List<Lvs.ServerGroup> serverGroups,
      List<Lvs.VirtualServer> virtualServers,
      List<StaticLine> staticLines) {
    this(
        globalDefs,
        vrrpScripts,
        trackFiles,
        syncGroups,
        instances,
        serverGroups,
        virtualServers,
        staticLines,
        List.of(),
        Optional.empty());
  }

  /** One line of a static_routes or static_rules block. */
  public record StaticLine(String block, Origin origin, List<String> words) {
    public StaticLine {
      words = List.copyOf(words);
    }
  }
}
