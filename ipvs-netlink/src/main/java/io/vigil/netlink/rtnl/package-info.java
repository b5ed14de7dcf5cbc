/**
 * rtnetlink (NETLINK_ROUTE): interface addresses (add, delete, dump), links (dump, index by name,
 * operational state, MAC) and a subscription to link and address events that resynchronises by dump
 * when the kernel drops events (ENOBUFS). What VRRP needs to hold virtual IPs and track interfaces.
 */
package io.vigil.netlink.rtnl;
