#!/usr/bin/env bash
# Captures `ip route add ... encap mpls LABELS` (RTA_ENCAP holding MPLS_IPTUNNEL_DST, the label
# stack; RTA_ENCAP_TYPE 1), the kernel's dump of it and its deletion, as golden bytes for the route
# codec. The host's kernel has no MPLS tunnel, so this runs in the lab VM (which loads
# mpls_router and mpls_iptunnel), from the repository root:
#   tests/lab/vm --out ipvs-netlink/src/test/resources/golden -- \
#     bash ipvs-netlink/src/test/resources/golden/capture-ip-mpls.sh ipvs-netlink/src/test/resources/golden
# The namespace holds lo (1), the VM's tunl0 and ip6tnl0 (2, 3) and the veth pair v1/v0 (4 and 5). ip
# writes the attributes in the order of its words: via, then encap, as Vigil (and keepalived) write them.
set -euo pipefail
out=$1
where="in the lab VM"
. "$(dirname "$0")/capture-ip-lib.sh"
ip -n $ns addr add 192.0.2.1/24 dev v0
ip -n $ns addr add 2001:db8::1/64 dev v0 nodad
cap ip-route-add-encap-mpls-v4 ip route add 198.51.100.0/24 proto 18 scope global table 100 via 192.0.2.254 encap mpls 100/200 dev v0
cap ip-route-add-encap-mpls-v6 ip -6 route add 2001:db8:7::/64 proto 18 scope global table 100 via 2001:db8::fe encap mpls 300 dev v0
cap ip-route-show-encap-mpls-v4 ip -4 route show table 100
cap ip-route-show-encap-mpls-v6 ip -6 route show table 100
cap ip-route-del-encap-mpls-v4 ip route del 198.51.100.0/24 proto 18 table 100 via 192.0.2.254 encap mpls 100/200 dev v0
ip -n $ns route show table 100
