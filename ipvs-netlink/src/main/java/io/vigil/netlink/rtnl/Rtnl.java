package io.vigil.netlink.rtnl;

/** rtnetlink constants (linux/rtnetlink.h, linux/if_addr.h, linux/if_link.h, linux/fib_rules.h). */
public final class Rtnl {
  public static final int RTM_NEWLINK = 16;
  public static final int RTM_DELLINK = 17;
  public static final int RTM_GETLINK = 18;
  public static final int RTM_NEWADDR = 20;
  public static final int RTM_DELADDR = 21;
  public static final int RTM_GETADDR = 22;
  public static final int RTM_NEWROUTE = 24;
  public static final int RTM_DELROUTE = 25;
  public static final int RTM_GETROUTE = 26;
  public static final int RTM_NEWRULE = 32;
  public static final int RTM_DELRULE = 33;
  public static final int RTM_GETRULE = 34;

  /** Multicast groups (RTNLGRP_*), joined with NetlinkSocket.joinGroup. */
  public static final int RTNLGRP_LINK = 1;

  public static final int RTNLGRP_IPV4_IFADDR = 5;
  public static final int RTNLGRP_IPV4_ROUTE = 7;
  public static final int RTNLGRP_IPV4_RULE = 8;
  public static final int RTNLGRP_IPV6_IFADDR = 9;
  public static final int RTNLGRP_IPV6_ROUTE = 11;
  public static final int RTNLGRP_IPV6_RULE = 19;

  public static final int AF_UNSPEC = 0;
  public static final int AF_INET = 2;
  public static final int AF_INET6 = 10;
  public static final int AF_PACKET = 17;

  /** IFA_* attributes of an address message. */
  public static final int IFA_ADDRESS = 1;

  public static final int IFA_LOCAL = 2;
  public static final int IFA_LABEL = 3;
  public static final int IFA_BROADCAST = 4;
  public static final int IFA_CACHEINFO = 6;
  public static final int IFA_FLAGS = 8;

  /** IFLA_* attributes of a link message. */
  public static final int IFLA_ADDRESS = 1;

  public static final int IFLA_BROADCAST = 2;
  public static final int IFLA_IFNAME = 3;

  /** u32: the index of the link this one sits on (a macvlan's parent). */
  public static final int IFLA_LINK = 5;

  /** Nested: IFLA_INFO_KIND (a string without NUL) and IFLA_INFO_DATA (the kind's own). */
  public static final int IFLA_LINKINFO = 18;

  public static final int IFLA_INFO_KIND = 1;
  public static final int IFLA_INFO_DATA = 2;

  /** u32 in a macvlan's IFLA_INFO_DATA. */
  public static final int IFLA_MACVLAN_MODE = 1;

  /** IFLA_VRF_TABLE: a VRF device's routing table, in IFLA_INFO_DATA (u32). */
  public static final int IFLA_VRF_TABLE = 1;

  /** u16 in an ipvlan's IFLA_INFO_DATA: its mode (include/uapi/linux/if_link.h). */
  public static final int IFLA_IPVLAN_MODE = 1;

  /** u16 in an ipvlan's IFLA_INFO_DATA: 0 bridge, {@code IPVLAN_F_PRIVATE} 1, {@code _VEPA} 2. */
  public static final int IFLA_IPVLAN_FLAGS = 2;

  /** The ipvlan mode in which the slave takes frames (layer 2): the one keepalived makes. */
  public static final int IPVLAN_MODE_L2 = 0;

  /** Frames between macvlans of one parent are not delivered (each sees only the outside). */
  public static final int MACVLAN_MODE_PRIVATE = 1;

  /** u8 in IFLA_AF_SPEC / AF_INET6. */
  public static final int IFLA_INET6_ADDR_GEN_MODE = 8;

  /** No IPv6 link-local address made from the link's MAC. */
  public static final int IN6_ADDR_GEN_MODE_NONE = 1;

  public static final int IFLA_MTU = 4;
  public static final int IFLA_OPERSTATE = 16;
  public static final int IFLA_EXT_MASK = 29;
  public static final int IFLA_AF_SPEC = 26;

  /** IFLA_INET_CONF in IFLA_AF_SPEC's AF_INET: the IPv4 devconf values, by IPV4_DEVCONF_*. */
  public static final int IFLA_INET_CONF = 1;

  /** IPV4_DEVCONF_PROMOTE_SECONDARIES (linux/ip.h): net.ipv4.conf.IF.promote_secondaries. */
  public static final int IPV4_DEVCONF_PROMOTE_SECONDARIES = 20;

  public static final int IPV4_DEVCONF_RP_FILTER = 8;
  public static final int IPV4_DEVCONF_ARPFILTER = 13;
  public static final int IPV4_DEVCONF_ARP_IGNORE = 19;
  public static final int IPV4_DEVCONF_ACCEPT_LOCAL = 23;

  /** RTEXT_FILTER_VF: what iproute2 asks for in a link dump. */
  public static final int RTEXT_FILTER_VF = 1;

  /** IFF_* link flags. */
  public static final int IFF_UP = 0x1;

  public static final int IFF_LOWER_UP = 0x10000;

  /** RT_SCOPE_* address scopes. */
  public static final int RT_SCOPE_UNIVERSE = 0;

  public static final int RT_SCOPE_SITE = 200;
  public static final int RT_SCOPE_LINK = 253;
  public static final int RT_SCOPE_HOST = 254;
  public static final int RT_SCOPE_NOWHERE = 255;

  /** RTA_* attributes of a route message. */
  public static final int RTA_DST = 1;

  public static final int RTA_SRC = 2;
  public static final int RTA_OIF = 4;
  public static final int RTA_GATEWAY = 5;
  public static final int RTA_PRIORITY = 6;
  public static final int RTA_PREFSRC = 7;
  public static final int RTA_METRICS = 8;
  public static final int RTA_MULTIPATH = 9;
  public static final int RTA_FLOW = 11;
  public static final int RTA_TABLE = 15;
  public static final int RTA_VIA = 18;
  public static final int RTA_PREF = 20;
  public static final int RTA_ENCAP_TYPE = 21;
  public static final int RTA_ENCAP = 22;

  /** LWTUNNEL_ENCAP_*: RTA_ENCAP_TYPE's values Vigil sends (include/uapi/linux/lwtunnel.h). */
  public static final int LWTUNNEL_ENCAP_MPLS = 1;

  public static final int LWTUNNEL_ENCAP_IP = 2;

  public static final int LWTUNNEL_ENCAP_ILA = 3;

  /** ILA_ATTR_LOCATOR (include/uapi/linux/ila.h): the locator, 8 bytes, first group first. */
  public static final int ILA_ATTR_LOCATOR = 1;

  /** MPLS_IPTUNNEL_DST: the label stack entries, 4 bytes each, big-endian. */
  public static final int MPLS_IPTUNNEL_DST = 1;

  public static final int LWTUNNEL_ENCAP_IP6 = 4;

  /** LWTUNNEL_IP_* / LWTUNNEL_IP6_*, nested in RTA_ENCAP (the same numbers for both). */
  public static final int LWTUNNEL_IP_ID = 1;

  public static final int LWTUNNEL_IP_DST = 2;
  public static final int LWTUNNEL_IP_SRC = 3;

  /** An IPv4 encap's TTL, an IPv6 one's hop limit (u8). */
  public static final int LWTUNNEL_IP_TTL = 4;

  /** An IPv4 encap's TOS, an IPv6 one's traffic class (u8). */
  public static final int LWTUNNEL_IP_TOS = 5;

  /** The tunnel's TUNNEL_* flags (u16). */
  public static final int LWTUNNEL_IP_FLAGS = 6;

  public static final int RTA_EXPIRES = 23;

  /**
   * RTAX_* metrics, nested in RTA_METRICS (u32 but one); RTAX_LOCK is a bit mask of 1 << RTAX_*.
   */
  public static final int RTAX_LOCK = 1;

  public static final int RTAX_MTU = 2;
  public static final int RTAX_WINDOW = 3;
  public static final int RTAX_RTT = 4;
  public static final int RTAX_RTTVAR = 5;
  public static final int RTAX_SSTHRESH = 6;
  public static final int RTAX_CWND = 7;
  public static final int RTAX_ADVMSS = 8;
  public static final int RTAX_REORDERING = 9;
  public static final int RTAX_HOPLIMIT = 10;
  public static final int RTAX_INITCWND = 11;
  public static final int RTAX_FEATURES = 12;
  public static final int RTAX_RTO_MIN = 13;
  public static final int RTAX_INITRWND = 14;
  public static final int RTAX_QUICKACK = 15;

  /**
   * A string (the algorithm's name), not a u32: without a NUL from ip, with one from the kernel.
   */
  public static final int RTAX_CC_ALGO = 16;

  public static final int RTAX_FASTOPEN_NO_COOKIE = 17;

  /** RTN_UNICAST: rtmsg's type of an ordinary route. */
  public static final int RTN_UNICAST = 1;

  /** RTNH_F_ONLINK: rtmsg flag, the gateway is on the link whether or not a prefix says so. */
  public static final int RTNH_F_ONLINK = 4;

  /** RT_TABLE_*: tables above 255 go in RTA_TABLE / FRA_TABLE, the header holding 0 (unspec). */
  public static final int RT_TABLE_UNSPEC = 0;

  public static final int RT_TABLE_MAIN = 254;

  /** RTPROT_KEEPALIVED: the protocol keepalived (and Vigil) stamps on what it tracks. */
  public static final int RTPROT_KEEPALIVED = 18;

  /** FRA_* attributes of a rule message (linux/fib_rules.h). */
  public static final int FRA_DST = 1;

  public static final int FRA_SRC = 2;
  public static final int FRA_IIFNAME = 3;
  public static final int FRA_GOTO = 4;
  public static final int FRA_PRIORITY = 6;
  public static final int FRA_FWMARK = 10;
  public static final int FRA_FLOW = 11;
  public static final int FRA_TUN_ID = 12;
  public static final int FRA_SUPPRESS_IFGROUP = 13;
  public static final int FRA_SUPPRESS_PREFIXLEN = 14;
  public static final int FRA_TABLE = 15;
  public static final int FRA_FWMASK = 16;
  public static final int FRA_OIFNAME = 17;
  public static final int FRA_L3MDEV = 19;
  public static final int FRA_UID_RANGE = 20;
  public static final int FRA_PROTOCOL = 21;
  public static final int FRA_IP_PROTO = 22;
  public static final int FRA_SPORT_RANGE = 23;
  public static final int FRA_DPORT_RANGE = 24;

  /** FR_ACT_*: what a matching rule does. */
  public static final int FR_ACT_UNSPEC = 0;

  public static final int FR_ACT_TO_TBL = 1;
  public static final int FR_ACT_GOTO = 2;
  public static final int FR_ACT_NOP = 3;
  public static final int FR_ACT_BLACKHOLE = 6;
  public static final int FR_ACT_UNREACHABLE = 7;
  public static final int FR_ACT_PROHIBIT = 8;

  /** FIB_RULE_INVERT: fib_rule_hdr flag, {@code not}. */
  public static final int FIB_RULE_INVERT = 2;

  private Rtnl() {}
}
