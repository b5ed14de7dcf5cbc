package io.vigil.config.model;

import io.vigil.config.Origin;
import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;

/**
 * One line of {@code static_ipaddress}: an address that is added at start whatever the VRRP state,
 * and left in place at stop (keepalived's behaviour).
 *
 * @param prefix the address and its prefix length (32 / 128 when none was written)
 * @param origin where it was written
 * @param dev {@code dev}: the interface (required)
 * @param scope {@code scope} as rtnetlink's number (global 0, site 200, link 253, host 254)
 * @param label {@code label} (IPv4 only, at most 15 characters)
 * @param broadcast {@code brd} (IPv4 only)
 * @param flags {@code -nodad}, {@code noprefixroute}, {@code home}, {@code mngtmpaddr}, {@code
 *     autojoin}
 * @param peer {@code peer}: a point-to-point address (its prefix is then the host length)
 * @param noTrack {@code no_track}: not added again when deleted behind Vigil's back
 * @param preferredLifetime {@code preferred_lft} in seconds (0xffffffff: {@code forever}); empty
 *     when not written (an IPv6 /128 is then deprecated, keepalived's default)
 * @param trackGroup {@code track_group}: the {@code track_group} whose VRRP instances go to FAULT
 *     while this address's interface is down or gone (as keepalived 2.2.7 has it)
 */
public record StaticAddress(
    IpPrefix prefix,
    Origin origin,
    String dev,
    int scope,
    Optional<String> label,
    Optional<InetAddress> broadcast,
    Set<AddressFlag> flags,
    Optional<InetAddress> peer,
    boolean noTrack,
    java.util.OptionalLong preferredLifetime,
    Optional<String> trackGroup) {
  public StaticAddress {
    flags = Set.copyOf(flags);
  }

  /** The same address without its {@code track_group}. */
  public StaticAddress withoutTrackGroup() {
    return new StaticAddress(
        prefix,
        origin,
        dev,
        scope,
        label,
        broadcast,
        flags,
        peer,
        noTrack,
        preferredLifetime,
        Optional.empty());
  }

  /** The scope as written in the configuration. */
  public static String scopeWord(int scope) {
    String name =
        switch (scope) {
          case 0 -> "global";
          case 200 -> "site";
          case 253 -> "link";
          case 254 -> "host";
          case 255 -> "nowhere";
          default -> null;
        };
    // the name only when it reads back as this scope (rt_scopes may rename a number)
    return name != null && Integer.valueOf(scope).equals(Addresses.scope(name))
        ? name
        : Integer.toString(scope);
  }
}
