#!/usr/bin/env bash
# Captures what keepalived 2.2.7 sends over netfilter netlink (nf_tables) for no_accept mode and
# use_vmac: the table, chains, sets and rules it makes the first time an instance becomes master
# (or makes its VMAC), the set elements it adds and deletes with the instance's addresses (or its
# VMAC), and the table's deletion at its stop; golden bytes for the nftables codec tests. Runs on the host (as root) in a throwaway
# namespace holding one veth pair (v0 is ifindex 3 there), from the repository root:
#   ipvs-netlink/src/test/resources/golden/capture-keepalived-nft.sh ipvs-netlink/src/test/resources/golden
# keepalived's VRRP process runs for 8 s (MASTER at once: state MASTER, no peer; then SIGINT)
# traced with
#   strace -f -e trace=sendmsg,recvmsg,sendto,recvfrom -e write=all -e read=all -x -s 4096
# and the trace is turned into "send"/"recv" blocks of hex by strace2hex.awk.
set -euo pipefail
out=$1
. "$(cd "$(dirname "$0")" && pwd)/capture-lib.sh"
# k.conf: global_defs GLOBALS, one vrrp_instance on v0 (VRID 91, MASTER at start, priority 100)
# with OPTION, its VIPs and excluded VIPs
conf() { # GLOBALS OPTION VIPS EVIPS
  printf 'global_defs {\n%b}\nvrrp_instance VI_1 {\n  interface v0\n  state MASTER\n  virtual_router_id 91\n  priority 100\n  %b\n  virtual_ipaddress {\n%b  }\n  virtual_ipaddress_excluded {\n%b  }\n}\n' "$1" "$2" "$3" "$4" >"$dir/k.conf"
}
conf '  vrrp_strict\n' '' '    192.0.2.91/24\n    192.0.2.92/24\n' '    2001:db8::92/64\n'
capture keepalived-nft-strict "vrrp_strict; VIPs 192.0.2.91/24 and 192.0.2.92/24, excluded 2001:db8::92/64" 8
conf '  nftables vigil_test\n  nftables_priority -5\n  nftables_counters\n' 'no_accept' '    2001:db8::91/64\n    fe80::91/64\n' ''
capture keepalived-nft-named "nftables vigil_test, nftables_priority -5, nftables_counters; IPv6 instance with no_accept; VIPs 2001:db8::91/64 and fe80::91/64" 8
# dont_track_primary without nftables_ifindex: the link-local VIP's set is keyed by interface name
conf '' 'no_accept\n  dont_track_primary' '    fe80::91/64\n' ''
capture keepalived-nft-ifname "IPv6 instance with no_accept and dont_track_primary; VIP fe80::91/64" 8
# use_vmac: IGMP reports (IPv4), MLD reports and router solicitations (IPv6) leaving the VMAC are
# sent from the interface under it instead (dup) or dropped
conf '' 'use_vmac' '    192.0.2.91/24\n' ''
capture keepalived-nft-vmac "IPv4 instance with use_vmac (VMAC vrrp.91); VIP 192.0.2.91/24" 8
conf '' 'use_vmac' '    2001:db8::91/64\n' ''
capture keepalived-nft-vmac6 "IPv6 instance with use_vmac (VMAC vrrp.91); VIP 2001:db8::91/64" 8
