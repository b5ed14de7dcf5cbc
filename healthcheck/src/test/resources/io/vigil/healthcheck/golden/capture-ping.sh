#!/usr/bin/env bash
# Captures the ICMP and ICMPv6 echo request and reply of iputils' ping between two network
# namespaces, as golden bytes for the PING_CHECK codec tests (IcmpEchoTest).
# Run as root: healthcheck/src/test/resources/io/vigil/healthcheck/golden/capture-ping.sh OUTDIR
#
# Two namespaces on a veth pair (192.0.2.1 / 2001:db8::1 pings 192.0.2.2 / 2001:db8::2), tcpdump
# on the pinged side, `ping -c 1` from the other; each file holds the two IP packets (request, then
# reply) as tcpdump -r -x prints them: from the IP header, no link-layer header.
set -euo pipefail
out=${1:?usage: $0 OUTDIR}
mkdir -p "$out"
a=vgpa$$
b=vgpb$$
work=$(mktemp -d)
cleanup() {
  ip netns del "$a" 2>/dev/null || true
  ip netns del "$b" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$a"
ip netns add "$b"
for ns in "$a" "$b"; do
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0
  ip -n "$ns" link set lo up
done
ip -n "$a" link add pa0 type veth peer name pb0 netns "$b"
ip -n "$a" addr add 192.0.2.1/24 dev pa0
ip -n "$a" addr add 2001:db8::1/64 dev pa0 nodad
ip -n "$b" addr add 192.0.2.2/24 dev pb0
ip -n "$b" addr add 2001:db8::2/64 dev pb0 nodad
ip -n "$a" link set pa0 up
ip -n "$b" link set pb0 up

capture() {
  local name=$1 filter=$2 target=$3
  ip netns exec "$b" timeout 15 tcpdump -i pb0 -n -U -c 2 -w "$work/$name.pcap" "$filter" 2>/dev/null &
  local tpid=$!
  sleep 1
  ip netns exec "$a" ping -c 1 -W 5 "$target" >"$work/$name.log"
  wait "$tpid" || true
  {
    echo "# $name: iputils $(ping -V 2>&1 | head -1 | awk '{print $NF}') ping -c 1 $target, request then reply"
    echo "# Captured $(date -u +%Y-%m-%d) by capture-ping.sh in this folder: two namespaces on a veth pair,"
    echo "# tcpdump -i pb0 -w on the pinged side, printed with tcpdump -r -x (from the IP header)."
    echo "# tcpdump -v says:"
    tcpdump -r "$work/$name.pcap" -n -v 2>/dev/null | sed 's/^/#   /'
    for i in 1 2; do
      echo "# packet $i"
      tcpdump -r "$work/$name.pcap" -n -x 2>/dev/null |
        awk -v want="$i" '/^[0-9]/ {n++} n == want && /0x/' | cut -d: -f2 | tr -d ' \n' | fold -w 64
      echo
    done
  } >"$out/$name.hex"
  echo "captured $name"
}

capture echo-ipv4 'icmp' 192.0.2.2
capture echo-ipv6 'icmp6 and (ip6[40] == 128 or ip6[40] == 129)' 2001:db8::2
