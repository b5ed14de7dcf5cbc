#!/usr/bin/env bash
# Captures `ip -6 route add ... encap ila LOCATOR` (RTA_ENCAP holding ILA_ATTR_LOCATOR, the 64-bit
# locator; RTA_ENCAP_TYPE 3), the kernel's dump of it (which adds its checksum mode, identifier
# type and hook) and its deletion; and multipath routes whose next hops have encaps of their own
# (RTA_ENCAP and RTA_ENCAP_TYPE inside each struct rtnexthop, after its gateway and realms), as
# golden bytes for the route codec. The host's kernel has neither ILA nor MPLS tunnels, so this
# runs in the lab VM (which loads ila, mpls_router and mpls_iptunnel), from the repository root:
#   tests/lab/vm --out ipvs-netlink/src/test/resources/golden -- \
#     bash ipvs-netlink/src/test/resources/golden/capture-ip-encap.sh ipvs-netlink/src/test/resources/golden
# The kernel takes ILA's default identifier type (use-format) only for a destination of at least
# 67 bits whose identifier type is valid: 2001:db8:7:0:2000::/67 (type 1, a LUID).
set -euo pipefail
out=$1
where="in the lab VM"
. "$(dirname "$0")/capture-ip-lib.sh"
ip -n $ns addr add 192.0.2.1/24 dev v0
ip -n $ns addr add 2001:db8::1/64 dev v0 nodad
cap ip-route-add-encap-ila ip -6 route add 2001:db8:7:0:2000::/67 proto 18 scope global table 100 via 2001:db8::fe encap ila 2001:db8:1:2 dev v0
cap ip-route-show-encap-ila ip -6 route show table 100
cap ip-route-del-encap-ila ip -6 route del 2001:db8:7:0:2000::/67 proto 18 table 100 via 2001:db8::fe encap ila 2001:db8:1:2 dev v0
cap ip-route-add-nexthop-encap-v4 ip route add 198.51.100.0/24 proto 18 table 100 nexthop via 192.0.2.254 dev v0 realms 5 encap mpls 100/200 nexthop via 192.0.2.253 dev v0 weight 2 encap ip id 7 dst 192.0.2.9 ttl 3
cap ip-route-add-nexthop-encap-v6 ip -6 route add 2001:db8:8::/64 proto 18 table 100 nexthop via 2001:db8::fe dev v0 encap mpls 300 nexthop via 2001:db8::fd dev v0
cap ip-route-show-nexthop-encap-v4 ip -4 route show table 100
cap ip-route-show-nexthop-encap-v6 ip -6 route show table 100
cap ip-route-del-nexthop-encap-v4 ip route del 198.51.100.0/24 proto 18 table 100 nexthop via 192.0.2.254 dev v0 realms 5 encap mpls 100/200 nexthop via 192.0.2.253 dev v0 weight 2 encap ip id 7 dst 192.0.2.9 ttl 3
ip -n $ns route show table 100
ip -n $ns -6 route show table 100
