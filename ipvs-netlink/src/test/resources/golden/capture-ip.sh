#!/usr/bin/env bash
# Captures what iproute2's `ip` sends over rtnetlink and what the kernel answers, as golden bytes
# for the codec tests. Runs on the host (as root) in a throwaway namespace holding one veth pair
# (v0 is ifindex 3 there, v1 ifindex 2), from the repository root:
#   ipvs-netlink/src/test/resources/golden/capture-ip.sh ipvs-netlink/src/test/resources/golden
# Each NAME.hex file holds one `ip` run inside the namespace, traced with
#   strace -f -e trace=sendmsg,recvmsg,sendto,recvfrom -e write=all -e read=all -x -s 4096
# and turned into "send"/"recv" blocks of hex by strace2hex.awk.
set -euo pipefail
out=$1
where="on the host"
. "$(dirname "$0")/capture-ip-lib.sh"
cap ip-addr-add-v4 ip addr add 192.0.2.1/24 dev v0
cap ip-addr-add-v4-full ip addr add 198.51.100.2/24 broadcast 198.51.100.255 label v0:vip scope link dev v0
# a secondary address must share its primary's scope: the kernel refuses with an extended ack
cap ip-addr-error-scope ip addr add 192.0.2.2/24 scope host dev v0
cap ip-addr-add-v6 ip addr add 2001:db8::1/64 dev v0 nodad noprefixroute
cap ip-addr-error-exists ip addr add 192.0.2.1/24 dev v0
# keepalived's other address options: a peer (point to point), an IPv6 address that is deprecated
# from the start (keepalived's default for a /128), IFA_F_* flags above the header's 8 bits
cap ip-addr-add-v4-peer ip addr add 192.0.2.7 peer 192.0.2.8 dev v0
cap ip-addr-add-v6-deprecated ip addr add 2001:db8::2/64 dev v0 nodad preferred_lft 0
cap ip-addr-add-v6-flags ip addr add 2001:db8::3/64 dev v0 home mngtmpaddr noprefixroute
cap ip-addr-show ip -o addr show
cap ip-addr-del-v4 ip addr del 192.0.2.1/24 dev v0
cap ip-addr-del-v6 ip addr del 2001:db8::1/64 dev v0
cap ip-addr-del-v4-peer ip addr del 192.0.2.7 peer 192.0.2.8 dev v0
cap ip-addr-error-not-there ip addr del 198.51.100.9/24 dev v0
cap ip-link-show ip -d link show
