package io.vigil.config.parse;

import io.vigil.config.lang.Node;
import io.vigil.config.model.AddressFlag;
import io.vigil.config.model.IpPrefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One address line of {@code virtual_ipaddress}, {@code virtual_ipaddress_excluded} or {@code
 * static_ipaddress}: {@code ADDR[/LEN] [brd B|+|-] [dev IF] [scope S] [label L] [peer P] [home]
 * [-nodad] [mngtmpaddr] [noprefixroute] [autojoin] [no_track] [preferred_lft N|forever]}, plus
 * {@code use_vmac} (virtual addresses) or {@code track_group G} (static ones). One parser for all
 * three, as keepalived 2.2.7 has one (vrrp_ipaddress.c, alloc_ipaddress), with its rules: a peer
 * makes the address a host address; a broadcast is IPv4 only and dropped beside a peer; an IPv6
 * address takes no scope or label (warned and dropped).
 *
 * @param prefix the address and its prefix length (the host length with a peer)
 * @param dev {@code dev}
 * @param scope {@code scope} as written
 * @param label {@code label} (IPv4 only, at most 15 characters)
 * @param broadcast {@code brd}, worked out for {@code +} (the subnet's last address) and {@code -}
 *     (its first)
 * @param peer {@code peer}
 * @param flags the options that are IFA_F_* flags
 * @param noTrack {@code no_track}
 * @param useVmac {@code use_vmac} (virtual addresses only)
 * @param preferredLifetime {@code preferred_lft} in seconds, 0xffffffff for {@code forever}; empty
 *     when not written
 * @param trackGroup {@code track_group} (static addresses only)
 */
record AddressLine(
    IpPrefix prefix,
    Optional<String> dev,
    Optional<String> scope,
    Optional<String> label,
    Optional<InetAddress> broadcast,
    Optional<InetAddress> peer,
    Set<AddressFlag> flags,
    boolean noTrack,
    boolean useVmac,
    OptionalLong preferredLifetime,
    Optional<String> trackGroup) {
  AddressLine {
    flags = Set.copyOf(flags);
  }

  private static final long FOREVER = 0xffff_ffffL;

  /**
   * Parses line {@code c}; null, with the reason reported, for one that cannot be added.
   *
   * @param what how the diagnostics name the line's block ("static_ipaddress 192.0.2.1/24: ")
   * @param staticAddress a {@code static_ipaddress} line ({@code track_group}, no {@code use_vmac})
   */
  static AddressLine parse(Node c, Values v, String what, boolean staticAddress) {
    IpPrefix p = v.prefix(c, c.keyword());
    if (p == null) {
      return null;
    }
    boolean v4 = p.isIpv4();
    String dev = null;
    String scope = null;
    String label = null;
    String brd = null;
    InetAddress peer = null;
    Set<AddressFlag> flags = EnumSet.noneOf(AddressFlag.class);
    boolean noTrack = false;
    boolean useVmac = false;
    Long preferred = null;
    String trackGroup = null;
    List<String> a = c.args();
    for (int i = 0; i < a.size(); i++) {
      String opt = a.get(i);
      Optional<AddressFlag> flag = AddressFlag.of(opt);
      if (flag.isPresent()) {
        flags.add(flag.get());
        continue;
      }
      if (opt.equals("no_track")) {
        noTrack = true;
        continue;
      }
      if (opt.equals("use_vmac") && !staticAddress) {
        useVmac = true;
        continue;
      }
      boolean takesValue =
          switch (opt) {
            case "dev", "scope", "label", "brd", "broadcast", "peer", "preferred_lft" -> true;
            case "track_group" -> staticAddress;
            default -> false;
          };
      if (!takesValue) {
        v.error(c, what + "unknown option '" + opt + "'"); // keepalived: ignored, the address kept
        continue;
      }
      if (i + 1 >= a.size()) {
        v.error(c, what + "'" + opt + "' needs a value");
        return null;
      }
      String val = a.get(++i);
      switch (opt) {
        case "dev" -> {
          if (dev != null) {
            v.error(c, what + "cannot specify the address's device more than once");
            return null;
          }
          dev = val;
        }
        case "scope" -> {
          if (io.vigil.config.model.Addresses.scope(val) == null) {
            // keepalived 2.2.7 (vrrp_ipaddress.c): the address kept, with the default scope
            v.error(c, "Invalid scope '" + val + "' specified for " + c.keyword() + " - ignoring");
          } else {
            scope = val;
          }
        }
        case "label" -> {
          if (val.length() > 15) {
            v.error(c, what + "address label " + val + " is longer than 15 characters");
            return null;
          }
          label = val;
        }
        case "brd", "broadcast" -> {
          if (!v4) {
            v.error(c, what + "an IPv6 address has no broadcast address");
            return null;
          }
          if (!val.equals("+")
              && !val.equals("-")
              && !(Values.literal(val) instanceof Inet4Address)) {
            v.error(c, what + "invalid broadcast address '" + val + "'");
            return null;
          }
          brd = val;
        }
        case "peer" -> {
          InetAddress q = Values.literal(val);
          if (peer != null) {
            v.warning(c, what + "peer " + val + " - another peer has already been specified");
          } else if (q == null) {
            v.error(c, what + "invalid peer address " + val);
            return null;
          } else if ((q instanceof Inet4Address) != v4) {
            v.error(c, what + "peer address " + val + " does not match the address family");
            return null;
          } else {
            peer = q;
          }
        }
        case "preferred_lft" -> {
          if (val.equals("forever")) {
            preferred = FOREVER;
          } else if (val.matches("[0-9]{1,10}") && Long.parseLong(val) <= FOREVER) {
            preferred = Long.parseLong(val);
          } else {
            v.error(c, what + "preferred_lft " + val + " is invalid (0-4294967295 or forever)");
            return null;
          }
        }
        default -> trackGroup = val;
      }
    }
    int host = v4 ? 32 : 128;
    if (peer != null && p.prefixLength() != host) {
      v.warning(
          c,
          what
              + "cannot specify an address prefix when specifying a peer address - "
              + c.keyword()
              + " taken as /"
              + host);
    }
    if (peer != null) {
      p = new IpPrefix(p.address(), host);
    }
    InetAddress broadcast = null;
    if (brd != null && peer != null) {
      v.warning(c, what + "cannot specify broadcast and peer addresses - broadcast ignored");
    } else if (brd != null && !brd.equals("+") && !brd.equals("-")) {
      broadcast = Values.literal(brd);
    } else if (brd != null && p.prefixLength() > 30) {
      v.warning(
          c,
          what
              + "address prefix length "
              + p.prefixLength()
              + " too long for a broadcast address - brd "
              + brd
              + " ignored");
    } else if (brd != null) {
      broadcast = edge(p, brd.equals("+"));
    }
    if (!v4 && scope != null) {
      v.warning(c, what + "cannot specify a scope for an IPv6 address - scope ignored");
      scope = null;
    }
    if (!v4 && label != null) {
      v.warning(c, what + "cannot specify a label for an IPv6 address - label ignored");
      label = null;
    }
    return new AddressLine(
        p,
        Optional.ofNullable(dev),
        Optional.ofNullable(scope),
        Optional.ofNullable(label),
        Optional.ofNullable(broadcast),
        Optional.ofNullable(peer),
        flags,
        noTrack,
        useVmac,
        preferred == null ? OptionalLong.empty() : OptionalLong.of(preferred),
        Optional.ofNullable(trackGroup));
  }

  /** The last ({@code +}) or first ({@code -}) address of an IPv4 prefix's subnet. */
  private static InetAddress edge(IpPrefix p, boolean last) {
    byte[] b = p.address().getAddress();
    int a = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    int host = p.prefixLength() == 0 ? -1 : (int) ((1L << (32 - p.prefixLength())) - 1);
    int x = last ? a | host : a & ~host;
    try {
      return InetAddress.getByAddress(
          new byte[] {(byte) (x >>> 24), (byte) (x >>> 16), (byte) (x >>> 8), (byte) x});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
