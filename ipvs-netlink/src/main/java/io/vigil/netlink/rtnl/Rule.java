package io.vigil.netlink.rtnl;

import java.net.InetAddress;

/**
 * A routing policy rule as rtnetlink carries it (struct fib_rule_hdr plus FRA_* attributes).
 *
 * @param family {@link Rtnl#AF_INET} or {@link Rtnl#AF_INET6}
 * @param action FR_ACT_*
 * @param table the table of a {@link Rtnl#FR_ACT_TO_TBL} rule (above 255 it travels in FRA_TABLE);
 *     0 otherwise
 * @param priority FRA_PRIORITY (the preference)
 * @param src FRA_SRC ({@code from}); null for any
 * @param dst FRA_DST ({@code to}); null for any
 * @param invert FIB_RULE_INVERT ({@code not})
 * @param fwmark FRA_FWMARK; -1 for none
 * @param fwmask FRA_FWMASK; -1 for none
 * @param iif FRA_IIFNAME; null for none
 * @param oif FRA_OIFNAME; null for none
 * @param protocol FRA_PROTOCOL; -1 for none
 * @param ipProto FRA_IP_PROTO; -1 for none
 * @param sport FRA_SPORT_RANGE; null for none
 * @param dport FRA_DPORT_RANGE; null for none
 * @param uidRange FRA_UID_RANGE; null for none
 * @param gotoTarget FRA_GOTO of a {@link Rtnl#FR_ACT_GOTO} rule; -1 otherwise
 * @param suppressPrefixLength FRA_SUPPRESS_PREFIXLEN ({@code suppress_prefixlength}); -1 for none
 * @param suppressIfgroup FRA_SUPPRESS_IFGROUP ({@code suppress_ifgroup}); -1 for none
 * @param l3mdev FRA_L3MDEV ({@code l3mdev}): a {@link Rtnl#FR_ACT_TO_TBL} rule of table 0 that
 *     looks up the table of the packet's VRF device
 * @param realms FRA_FLOW ({@code realms}: the source realm in the high 16 bits, the destination
 *     realm in the low ones); -1 for none
 * @param tunnelId FRA_TUN_ID ({@code tunnel-id}, a u64 in network order on the wire): the tunnel id
 *     a packet's metadata carries; 0 for none (keepalived sends none for 0)
 */
public record Rule(
    int family,
    int action,
    long table,
    long priority,
    InetAddress src,
    int srcLen,
    InetAddress dst,
    int dstLen,
    boolean invert,
    int tos,
    long fwmark,
    long fwmask,
    String iif,
    String oif,
    int protocol,
    int ipProto,
    Range sport,
    Range dport,
    Range uidRange,
    long gotoTarget,
    long suppressPrefixLength,
    long suppressIfgroup,
    boolean l3mdev,
    long realms,
    long tunnelId) {

  /** A rule that suppresses nothing, not {@code l3mdev}. */
  public Rule(
      int family,
      int action,
      long table,
      long priority,
      InetAddress src,
      int srcLen,
      InetAddress dst,
      int dstLen,
      boolean invert,
      int tos,
      long fwmark,
      long fwmask,
      String iif,
      String oif,
      int protocol,
      int ipProto,
      Range sport,
      Range dport,
      Range uidRange,
      long gotoTarget) {
    this(
        family,
        action,
        table,
        priority,
        src,
        srcLen,
        dst,
        dstLen,
        invert,
        tos,
        fwmark,
        fwmask,
        iif,
        oif,
        protocol,
        ipProto,
        sport,
        dport,
        uidRange,
        gotoTarget,
        -1,
        -1,
        false,
        -1,
        0);
  }

  /** The same rule matching tunnel id {@code id} (0: none). */
  public Rule withTunnelId(long id) {
    return new Rule(
        family,
        action,
        table,
        priority,
        src,
        srcLen,
        dst,
        dstLen,
        invert,
        tos,
        fwmark,
        fwmask,
        iif,
        oif,
        protocol,
        ipProto,
        sport,
        dport,
        uidRange,
        gotoTarget,
        suppressPrefixLength,
        suppressIfgroup,
        l3mdev,
        realms,
        id);
  }

  /** An inclusive range: u16 pairs for ports, u32 pairs for uids, host order. */
  public record Range(long start, long end) {
    @Override
    public String toString() {
      return start + "-" + end;
    }
  }

  /** A rule of {@code family} at {@code priority} looking up {@code table}, nothing else. */
  public static Rule lookup(int family, long priority, long table) {
    return new Rule(
        family,
        Rtnl.FR_ACT_TO_TBL,
        table,
        priority,
        null,
        0,
        null,
        0,
        false,
        0,
        -1,
        -1,
        null,
        null,
        -1,
        -1,
        null,
        null,
        null,
        -1);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("priority ").append(priority);
    if (invert) {
      b.append(" not");
    }
    if (src != null) {
      b.append(" from ").append(Route.host(src)).append('/').append(srcLen);
    }
    if (dst != null) {
      b.append(" to ").append(Route.host(dst)).append('/').append(dstLen);
    }
    if (fwmark >= 0) {
      b.append(" fwmark 0x").append(Long.toHexString(fwmark));
      if (fwmask >= 0) {
        b.append("/0x").append(Long.toHexString(fwmask));
      }
    }
    if (iif != null) {
      b.append(" iif ").append(iif);
    }
    if (oif != null) {
      b.append(" oif ").append(oif);
    }
    if (tunnelId != 0) {
      b.append(" tun_id ").append(Long.toUnsignedString(tunnelId));
    }
    switch (action) {
      case Rtnl.FR_ACT_TO_TBL -> b.append(" table ").append(table);
      case Rtnl.FR_ACT_GOTO -> b.append(" goto ").append(gotoTarget);
      default -> b.append(" action ").append(action);
    }
    return b.append(family == Rtnl.AF_INET ? " inet" : " inet6").toString();
  }
}
