#!/usr/bin/env bash
# Captures what keepalived 2.2.7 sends over netfilter netlink (nf_tables) for nftables_ipvs: the
# table, chain, maps and rules it makes for virtual server groups served by fwmark services, the map
# elements it adds, those it deletes and adds at a reload that changes a group, and its stop;
# golden bytes for the nftables codec tests. keepalived's checker needs IPVS, so this runs in the lab
# VM, from the repository root:
#   tests/lab/vm --out ipvs-netlink/src/test/resources/golden -- \
#     bash ipvs-netlink/src/test/resources/golden/capture-keepalived-nft-ipvs.sh ipvs-netlink/src/test/resources/golden
# In a throwaway namespace, keepalived's checker process (-C) runs traced with
#   strace -f -e trace=sendmsg,recvmsg,sendto,recvfrom -e write=all -e read=all -x -s 4096
# on k.conf: group G4 (192.0.2.10-12 port 80 and 192.0.2.20 port 8080) with a TCP NAT and a UDP DR
# virtual server, group G6 (2001:db8::10-12 port 443) with a TCP DR one; no checkers, so every real
# server is up. Once its map holds 192.0.2.20, G4's second entry becomes 192.0.2.30 port 80 and
# keepalived gets SIGHUP; once the map holds that, SIGINT. The trace is turned into "send"/"recv"
# blocks of hex by strace2hex.awk; `nft list ruleset` and `ipvsadm -Ln` before the reload go in the
# comments.
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")" && pwd)
ns=vigil-nftipvs-$$
dir=$(mktemp -d)
ip netns add $ns
trap 'ip netns delete $ns; rm -rf "$dir"' EXIT
ip -n $ns link set lo up
conf() { # GLOBALS SECOND-ENTRY
  printf 'global_defs {\n%b}\nvirtual_server_group G4 {\n  192.0.2.10-12 80\n  %s\n}\n' "$1" "$2"
  printf 'virtual_server group G4 {\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n'
  printf '  real_server 203.0.113.5 8080 {\n    weight 2\n  }\n}\n'
  printf 'virtual_server group G4 {\n  lb_kind DR\n  protocol UDP\n  real_server 203.0.113.5 53 {\n  }\n}\n'
  printf 'virtual_server_group G6 {\n  2001:db8::10-12 443\n}\n'
  printf 'virtual_server group G6 {\n  lb_kind DR\n  protocol TCP\n  real_server 2001:db8:1::5 443 {\n  }\n}\n'
}
has() { # TEXT: waits (at most 60 s) until the ruleset shows TEXT
  for _ in $(seq 120); do
    ip netns exec $ns nft list ruleset 2>/dev/null | grep -q "$1" && return 0
    sleep 0.5
  done
  echo "timed out waiting for $1 in the ruleset" >&2
  return 1
}
capture() { # NAME GLOBALS
  conf "$2" '192.0.2.20 8080' >"$dir/k.conf"
  ip netns exec $ns strace -f -e trace=sendmsg,recvmsg,sendto,recvfrom -e write=all -e read=all \
    -x -s 4096 -o "$dir/trace" keepalived -C -n -l -f "$dir/k.conf" -p "$dir/k.pid" \
    -c "$dir/c.pid" >/dev/null 2>&1 &
  has 192.0.2.20
  local parent
  parent=$(pgrep -o -x keepalived)
  {
    echo "# captured in the lab VM ($(uname -r), $(keepalived --version 2>&1 | head -1)) in a fresh namespace, with"
    echo "#   ip netns exec NS strace -f -e trace=sendmsg,recvmsg,sendto,recvfrom -e write=all -e read=all -x -s 4096 keepalived -C -n -l -f k.conf"
    echo "# (global_defs: $(printf '%b' "$2" | tr -s ' \n' ' ')) by $(basename "$0"); hex by strace2hex.awk"
    echo "# nft list ruleset, then ipvsadm -Ln, before the reload:"
    ip netns exec $ns nft list ruleset | sed 's/^/#   /'
    ip netns exec $ns ipvsadm -Ln | sed 's/^/#   /'
  } >"$dir/head"
  conf "$2" '192.0.2.30 80' >"$dir/k.conf"
  kill -HUP "$parent"
  has 192.0.2.30
  kill -INT "$parent"
  for _ in $(seq 120); do [ -e /proc/"$parent" ] || break; sleep 0.5; done
  { cat "$dir/head"; awk -f "$here/strace2hex.awk" "$dir/trace"; } >"$out/$1.hex"
}
capture keepalived-nft-ipvs '  nftables_ipvs\n'
capture keepalived-nft-ipvs-named '  nftables_ipvs vigil_ipvs\n  nftables_ipvs_priority -5\n  nftables_ipvs_start_fwmark 2000\n  nftables_counters\n'
