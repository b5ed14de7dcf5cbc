package io.vigil.netlink.rtnl;

/** rtnetlink constants (linux/rtnetlink.h, linux/if_addr.h, linux/if_link.h). */
public final class Rtnl {
  public static final int RTM_NEWLINK = 16;
  public static final int RTM_DELLINK = 17;
  public static final int RTM_GETLINK = 18;
  public static final int RTM_NEWADDR = 20;
  public static final int RTM_DELADDR = 21;
  public static final int RTM_GETADDR = 22;

  /** Multicast groups (RTNLGRP_*), joined with NetlinkSocket.joinGroup. */
  public static final int RTNLGRP_LINK = 1;

  public static final int RTNLGRP_IPV4_IFADDR = 5;
  public static final int RTNLGRP_IPV6_IFADDR = 9;

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
  public static final int IFLA_MTU = 4;
  public static final int IFLA_OPERSTATE = 16;
  public static final int IFLA_EXT_MASK = 29;

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

  private Rtnl() {}
}
