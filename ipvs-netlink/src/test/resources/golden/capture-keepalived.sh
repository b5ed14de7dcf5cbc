#!/usr/bin/env bash
# Captures what keepalived sends over rtnetlink where iproute2 has no command for it (the IPv4
# devconf promote_secondaries; the VMAC interface of use_vmac: its macvlan link, devconf, address
# generation mode, link up and delete), as golden bytes for the codec tests. Runs on the host (as root) in a
# throwaway namespace holding one veth pair (v0 is ifindex 3 there), from the repository root:
#   ipvs-netlink/src/test/resources/golden/capture-keepalived.sh ipvs-netlink/src/test/resources/golden
# keepalived's VRRP process runs for 3 s (then SIGINT) traced with
#   strace -f -e trace=sendmsg,recvmsg,sendto,recvfrom -e write=all -e read=all -x -s 4096
# and the trace is turned into "send"/"recv" blocks of hex by strace2hex.awk.
set -euo pipefail
out=$1
. "$(cd "$(dirname "$0")" && pwd)/capture-lib.sh"
# k.conf: one vrrp_instance on v0 (VRID 91) with OPTION and the VIP
conf() { # OPTION VIP
  printf 'vrrp_instance VI_1 {\n  interface v0\n  state BACKUP\n  virtual_router_id 91\n  priority 100\n  %s\n  virtual_ipaddress {\n    %s\n  }\n}\n' "$1" "$2" >"$dir/k.conf"
}
conf promote_secondaries 192.0.2.91/24
capture keepalived-promote-secondaries "one vrrp_instance on v0 with promote_secondaries" 3
# v0's arp_ignore and arp_filter are 0 (a new veth), so keepalived sets both and puts them back
conf use_vmac 192.0.2.91/24
capture keepalived-vmac "one vrrp_instance on v0 with use_vmac: VMAC vrrp.91, 00:00:5e:00:01:5b" 3
# IPv6: the VMAC (00:00:5e:00:02:5b) also gets v0's link-local address, nodad and deprecated
conf use_vmac 2001:db8::91/64
capture keepalived-vmac6 "one IPv6 vrrp_instance on v0 with use_vmac: VMAC vrrp.91, 00:00:5e:00:02:5b" 3
