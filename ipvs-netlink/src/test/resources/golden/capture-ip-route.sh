#!/usr/bin/env bash
# Captures what iproute2's `ip route` / `ip rule` send over rtnetlink and what the kernel answers,
# as golden bytes for the route and rule codec tests. Runs on the host (as root) in a throwaway
# namespace holding one veth pair (v0 is ifindex 3 there, with 192.0.2.1/24 and 2001:db8::1/64),
# from the repository root:
#   ipvs-netlink/src/test/resources/golden/capture-ip-route.sh ipvs-netlink/src/test/resources/golden
# Each NAME.hex file holds one `ip` run inside the namespace, traced as capture-ip.sh traces it.
# Protocol 18 is keepalived's (RTPROT_KEEPALIVED), what keepalived and Vigil give tracked entries.
set -euo pipefail
out=$1
where="on the host"
. "$(dirname "$0")/capture-ip-lib.sh"
ip -n $ns addr add 192.0.2.1/24 dev v0
ip -n $ns addr add 2001:db8::1/64 dev v0 nodad
# keepalived's default is prepend (NLM_F_CREATE alone); `add` is NLM_F_EXCL, `append` NLM_F_APPEND
cap ip-route-prepend-v4 ip route prepend 198.51.100.0/24 proto 18 scope global metric 5 via 192.0.2.254 dev v0 table 100 mtu lock 1400 advmss 1360
cap ip-route-add-v6 ip -6 route add 2001:db8:1::/64 proto 18 scope global metric 1024 via 2001:db8::fe dev v0 table main hoplimit 5
cap ip-route-append-v4 ip route append 203.0.113.0/24 proto 18 scope link tos 0x10 src 192.0.2.1 dev v0 table 1000
cap ip-route-replace-v4 ip route replace 198.51.100.0/24 proto 18 scope global metric 5 via 192.0.2.253 dev v0 table 100 mtu 1300
cap ip-route-add-blackhole-v4 ip route add blackhole 203.0.113.128/25 proto 18 scope global table main
cap ip-route-add-v6-default ip -6 route add default proto 18 scope global via 2001:db8::fe dev v0 table 200 onlink
# the kernel's refusal of a gateway that is not on a link
cap ip-route-error-unreachable ip route add 203.0.113.0/24 proto 18 scope global via 198.51.100.9 dev v0 table 100
cap ip-route-show-v4 ip -4 route show table all
cap ip-route-show-v6 ip -6 route show table all
cap ip-route-del-v4 ip route del 198.51.100.0/24 proto 18 metric 5 via 192.0.2.253 dev v0 table 100
cap ip-route-del-v6 ip -6 route del 2001:db8:1::/64 proto 18 metric 1024 via 2001:db8::fe dev v0 table main
cap ip-route-error-not-there ip route del 198.51.100.0/24 proto 18 metric 5 via 192.0.2.253 dev v0 table 100
cap ip-rule-add-v4 ip rule add from 192.0.2.0/24 fwmark 0x10/0xff priority 100 table 100 proto 18
cap ip-rule-add-v4-full ip rule add not from 192.0.2.0/24 to 198.51.100.0/24 tos 0x10 fwmark 0x5 iif v0 oif v1 ipproto 6 sport 1000-2000 dport 80 uidrange 100-200 priority 101 table 1000 proto 18
cap ip-rule-add-v6 ip -6 rule add to 2001:db8:2::/48 priority 200 table 200 proto 18
cap ip-rule-add-goto ip rule add from 198.51.100.0/24 priority 102 goto 200 proto 18
cap ip-rule-add-blackhole ip rule add to 203.0.113.0/24 priority 103 blackhole proto 18
cap ip-rule-error-exists ip rule add from 192.0.2.0/24 fwmark 0x10/0xff priority 100 table 100 proto 18
cap ip-rule-show-v4 ip -4 rule show
cap ip-rule-show-v6 ip -6 rule show
cap ip-rule-del-v4 ip rule del from 192.0.2.0/24 fwmark 0x10/0xff priority 100 table 100 proto 18
cap ip-rule-del-v6 ip -6 rule del to 2001:db8:2::/48 priority 200 table 200 proto 18
cap ip-rule-error-not-there ip -6 rule del to 2001:db8:2::/48 priority 200 table 200 proto 18
# suppress_prefixlength / suppress_ifgroup (group 5: a number, no name in /etc/iproute2/group needed)
cap ip-rule-add-suppress ip rule add from 203.0.113.0/24 suppress_prefixlength 0 suppress_ifgroup 5 priority 104 table 100 proto 18
cap ip-rule-show-suppress ip -4 rule show
# l3mdev: the VRF device's table (table 0 in the header)
cap ip-rule-add-l3mdev ip rule add l3mdev priority 105 proto 18
cap ip-rule-show-l3mdev ip -4 rule show
# realms FROM/TO (FRA_FLOW: FROM in the high 16 bits)
cap ip-rule-add-realms ip rule add from 203.0.113.0/24 realms 2/3 priority 106 table 100 proto 18
cap ip-rule-show-realms ip -4 rule show
# realms (RTA_FLOW), the time metrics (rtt in 1/8 ms, rttvar in 1/4 ms, rto_min in ms) and
# congctl (RTAX_CC_ALGO, a string), metrics written in RTAX order as Vigil sends them
cap ip-route-add-realms-v4 ip route add 198.51.100.0/24 proto 18 scope global via 192.0.2.254 table 100 realms 3/4 dev v0 rtt lock 300ms rttvar 100ms rto_min 250ms initrwnd 20 congctl lock reno fastopen_no_cookie 1
cap ip-route-show-realms-v4 ip -4 route show table 100
cap ip-route-del-realms-v4 ip route del 198.51.100.0/24 proto 18 via 192.0.2.254 table 100 realms 3/4 dev v0
# multipath (RTA_MULTIPATH): next hops with a weight, realms, onlink; keepalived's prepend
cap ip-route-add-multipath-v4 ip route prepend 203.0.113.0/24 proto 18 scope global table 100 nexthop via 192.0.2.253 dev v0 weight 2 realms 5 nexthop via 192.0.2.254 dev v0 onlink
cap ip-route-add-multipath-v6 ip -6 route prepend 2001:db8:5::/64 proto 18 scope global table 100 nexthop via 2001:db8::fd dev v0 nexthop via 2001:db8::fe dev v0 weight 3
cap ip-route-show-multipath-v4 ip -4 route show table 100
cap ip-route-show-multipath-v6 ip -6 route show table 100
cap ip-route-del-multipath-v4 ip route del 203.0.113.0/24 proto 18 table 100 nexthop via 192.0.2.253 dev v0 weight 2 realms 5 nexthop via 192.0.2.254 dev v0 onlink
cap ip-route-del-multipath-v6 ip -6 route del 2001:db8:5::/64 proto 18 table 100 nexthop via 2001:db8::fd dev v0 nexthop via 2001:db8::fe dev v0 weight 3
# tunnel-id (FRA_TUN_ID: a u64 in network order; ip calls it tun_id)
cap ip-rule-add-tun-id ip rule add from 203.0.113.0/24 tun_id 81985529216486895 priority 107 table 100 proto 18
cap ip-rule-show-tun-id ip -4 rule show
# lightweight tunnel encapsulation (RTA_ENCAP + RTA_ENCAP_TYPE): ip and ip6, as keepalived writes
# their fields (id, dst, src, tos|tc, ttl|hoplimit). ip reads tos and tc in hex, and may leave
# stack bytes in a u8's padding: the IPv4 capture has no u8, the IPv6 one's padding came out zero.
cap ip-route-add-encap-v4 ip route add 203.0.113.0/24 proto 18 scope global table 100 encap ip id 5 dst 192.0.2.9 src 192.0.2.1 dev v0
cap ip-route-add-encap-v6 ip -6 route add 2001:db8:9::/64 proto 18 scope global table 100 encap ip6 id 7 dst 2001:db8::9 tc 0x10 hoplimit 5 dev v0
cap ip-route-show-encap-v4 ip -4 route show table 100
cap ip-route-show-encap-v6 ip -6 route show table 100
cap ip-route-del-encap-v4 ip route del 203.0.113.0/24 proto 18 table 100 encap ip id 5 dst 192.0.2.9 src 192.0.2.1 dev v0
# the tunnel's flags (LWTUNNEL_IP_FLAGS): ip's key, csum and seq are the TUNNEL_* bits, big-endian
# (key 0x0004, which keepalived's `flags N` writes in host order: 1024 on this host)
cap ip-route-add-encap-flags-v4 ip route add 198.51.100.0/24 proto 18 scope global table 100 encap ip id 5 dst 192.0.2.9 key dev v0
cap ip-route-add-encap-flags-v6 ip -6 route add 2001:db8:8::/64 proto 18 scope global table 100 encap ip6 id 7 dst 2001:db8::9 csum seq dev v0
cap ip-route-show-encap-flags-v4 ip -4 route show table 100
cap ip-route-show-encap-flags-v6 ip -6 route show table 100
