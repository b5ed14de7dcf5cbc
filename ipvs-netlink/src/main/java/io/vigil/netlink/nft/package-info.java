/**
 * nf_tables (NETLINK_NETFILTER): the firewall of VRRP's no_accept mode, the table, chains, sets and
 * rules keepalived 2.2.7 makes, byte for byte, and the set elements that follow a master's
 * addresses, each change one transaction.
 */
package io.vigil.netlink.nft;
