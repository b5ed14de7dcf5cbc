/**
 * rtnetlink (NETLINK_ROUTE): interface addresses (add, delete, dump), links (dump, index by name,
 * operational state, MAC), routes and policy rules (add, replace, delete, dump; IPv4 and IPv6) and
 * a subscription to link and address events that resynchronises by dump when the kernel drops
 * events (ENOBUFS). What VRRP needs to hold virtual IPs and track interfaces, and what static
 * routes and rules need.
 */
package io.vigil.netlink.rtnl;
