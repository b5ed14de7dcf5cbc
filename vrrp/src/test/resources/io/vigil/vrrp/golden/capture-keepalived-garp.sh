#!/usr/bin/env bash
# Captures the gratuitous ARP and unsolicited neighbour advertisement Debian's keepalived (2.2.7)
# sends when it becomes master, as golden bytes for the GARP / NA codec tests.
# Run as root: vrrp/src/test/resources/io/vigil/vrrp/golden/capture-keepalived-garp.sh OUTDIR
#
# Same topology as capture-keepalived.sh (two namespaces, veth ka0 <-> cap0, ka0's MAC fixed at
# 02:00:5e:00:00:0a), keepalived -P with one instance and garp_master_repeat 1, tcpdump on cap0.
# The whole Ethernet frame is stored (tcpdump -r -xx), as a packet socket sends it.
set -euo pipefail
out=${1:?usage: $0 OUTDIR}
mkdir -p "$out"
ka=vgka$$
cap=vgcap$$
work=$(mktemp -d)
kpgid=
cleanup() {
  [[ -n $kpgid ]] && kill -TERM -- "-$kpgid" 2>/dev/null || true
  sleep 0.5
  [[ -n $kpgid ]] && kill -KILL -- "-$kpgid" 2>/dev/null || true
  ip netns del "$ka" 2>/dev/null || true
  ip netns del "$cap" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$ka"
ip netns add "$cap"
for ns in "$ka" "$cap"; do
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0
  ip -n "$ns" link set lo up
done
ip -n "$ka" link add ka0 address 02:00:5e:00:00:0a type veth peer name cap0 netns "$cap" address 02:00:5e:00:00:0b
ip -n "$ka" addr add 192.0.2.1/24 dev ka0
ip -n "$ka" addr add 2001:db8::1/64 dev ka0 nodad
ip -n "$cap" addr add 192.0.2.2/24 dev cap0
ip -n "$cap" addr add 2001:db8::2/64 dev cap0 nodad
ip -n "$ka" link set ka0 up
ip -n "$cap" link set cap0 up

capture() {
  local name=$1 filter=$2 body=$3
  cat >"$work/$name.conf" <<CONF
global_defs {
  router_id vigil_golden
  enable_script_security
  script_user root
}
vrrp_instance VI_1 {
  interface ka0
  state MASTER
  garp_master_repeat 1
  garp_master_delay 0
$body
}
CONF
  ip netns exec "$cap" timeout 15 tcpdump -i cap0 -n -U -c 1 -w "$work/$name.pcap" "$filter" 2>/dev/null &
  local tpid=$!
  sleep 1
  setsid ip netns exec "$ka" keepalived -P -n -l -D -f "$work/$name.conf" \
    -p "$work/$name.pid" -r "$work/$name.vrrp.pid" >"$work/$name.log" 2>&1 &
  kpgid=$!
  wait "$tpid" || true
  kill -TERM -- "-$kpgid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 -- "-$kpgid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$kpgid" 2>/dev/null || true
  kpgid=
  {
    echo "# $name: the first frame matching '$filter' Debian's keepalived $(keepalived --version 2>&1 | head -1 | cut -d' ' -f2) sent"
    echo "# Captured $(date -u +%Y-%m-%d) by capture-keepalived-garp.sh in this folder: keepalived -P -n -l -D -f conf"
    echo "# in a network namespace, tcpdump -i cap0 -w on the veth peer, printed with tcpdump -r -xx."
    echo "# The whole Ethernet frame, from the destination MAC. ka0's MAC is 02:00:5e:00:00:0a."
    echo "# keepalived.conf vrrp_instance body (plus state MASTER, garp_master_repeat 1, garp_master_delay 0):"
    sed 's/^/#   /' <<<"$body"
    echo "# tcpdump -v -e says:"
    tcpdump -r "$work/$name.pcap" -n -v -e -c 1 2>/dev/null | sed 's/^/#   /'
    tcpdump -r "$work/$name.pcap" -n -xx -c 1 2>/dev/null | grep '0x' | cut -d: -f2 | tr -d ' \n' | fold -w 64
    echo
  } >"$out/$name.hex"
  echo "captured $name"
}

capture garp-ipv4 'arp' '  virtual_router_id 61
  priority 150
  advert_int 1
  virtual_ipaddress {
    192.0.2.160/24
  }'

capture na-ipv6 'icmp6 and ip6[40] == 136' '  virtual_router_id 62
  priority 150
  advert_int 1
  virtual_ipaddress {
    2001:db8::160/64
  }'
