package io.vigil.netlink.rtnl;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An address on an interface: its identity ({@link #index}, {@link #address}, {@link
 * #prefixLength}) plus label, scope, broadcast and IFA_F_* flags.
 *
 * @param label IPv4 only (e.g. {@code eth0:vip}); null for none
 * @param broadcast IPv4 only; null for none
 * @param flags IFA_F_* (all 32 bits)
 * @param peer the other end of a point-to-point address ({@code ip addr add A peer P}); null for
 *     none
 * @param preferredLifetime seconds the address stays preferred (0: deprecated from the start, never
 *     picked as a source); {@link #FOREVER} for no limit, the kernel's default
 */
public record IfAddress(
    int index,
    InetAddress address,
    int prefixLength,
    String label,
    int scope,
    InetAddress broadcast,
    int flags,
    InetAddress peer,
    long preferredLifetime) {
  public static final int F_SECONDARY = 0x01;
  public static final int F_NODAD = 0x02;
  public static final int F_OPTIMISTIC = 0x04;
  public static final int F_DADFAILED = 0x08;
  public static final int F_HOMEADDRESS = 0x10;
  public static final int F_DEPRECATED = 0x20;
  public static final int F_TENTATIVE = 0x40;
  public static final int F_PERMANENT = 0x80;
  public static final int F_MANAGETEMPADDR = 0x100;
  public static final int F_NOPREFIXROUTE = 0x200;
  public static final int F_MCAUTOJOIN = 0x400;

  /** A lifetime without end (INFINITY_LIFE_TIME, 0xffffffff). */
  public static final long FOREVER = 0xffff_ffffL;

  public IfAddress {
    Objects.requireNonNull(address, "address");
    int max = address instanceof Inet6Address ? 128 : 32;
    if (prefixLength < 0 || prefixLength > max) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " for " + address);
    }
    if (index <= 0) {
      throw new IllegalArgumentException("interface index " + index);
    }
    if (label != null && (label.isEmpty() || label.length() > 15)) {
      throw new IllegalArgumentException("label " + label);
    }
    if (scope < 0 || scope > 255) {
      throw new IllegalArgumentException("scope " + scope);
    }
    if (peer != null && peer.getClass() != address.getClass()) {
      throw new IllegalArgumentException("peer " + peer + " for " + address);
    }
    if (preferredLifetime < 0 || preferredLifetime > FOREVER) {
      throw new IllegalArgumentException("preferred lifetime " + preferredLifetime);
    }
  }

  /** An address without a peer, preferred for ever. */
  public IfAddress(
      int index,
      InetAddress address,
      int prefixLength,
      String label,
      int scope,
      InetAddress broadcast,
      int flags) {
    this(index, address, prefixLength, label, scope, broadcast, flags, null, FOREVER);
  }

  /** A plain address: global scope, no label, broadcast or flags. */
  public static IfAddress of(int index, InetAddress address, int prefixLength) {
    return new IfAddress(index, address, prefixLength, null, Rtnl.RT_SCOPE_UNIVERSE, null, 0);
  }

  public int family() {
    return address instanceof Inet4Address ? Rtnl.AF_INET : Rtnl.AF_INET6;
  }

  public IfAddress withFlags(int f) {
    return new IfAddress(
        index, address, prefixLength, label, scope, broadcast, f, peer, preferredLifetime);
  }

  public IfAddress withLabel(String l) {
    return new IfAddress(
        index, address, prefixLength, l, scope, broadcast, flags, peer, preferredLifetime);
  }

  public IfAddress withScope(int s) {
    return new IfAddress(
        index, address, prefixLength, label, s, broadcast, flags, peer, preferredLifetime);
  }

  public IfAddress withBroadcast(InetAddress b) {
    return new IfAddress(
        index, address, prefixLength, label, scope, b, flags, peer, preferredLifetime);
  }

  public IfAddress withPeer(InetAddress p) {
    return new IfAddress(
        index, address, prefixLength, label, scope, broadcast, flags, p, preferredLifetime);
  }

  public IfAddress withPreferredLifetime(long seconds) {
    return new IfAddress(
        index, address, prefixLength, label, scope, broadcast, flags, peer, seconds);
  }

  /** Same interface, address and prefix: what the kernel keys an address by. */
  public boolean sameAs(IfAddress o) {
    return index == o.index && address.equals(o.address) && prefixLength == o.prefixLength;
  }

  @Override
  public String toString() {
    String a = address.getHostAddress();
    int pct = a.indexOf('%');
    return (pct >= 0 ? a.substring(0, pct) : a) + "/" + prefixLength + " on ifindex " + index;
  }
}
