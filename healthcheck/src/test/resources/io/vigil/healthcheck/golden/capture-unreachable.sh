#!/usr/bin/env bash
# Captures a router's ICMP and ICMPv6 errors about iputils ping's echo requests, as golden bytes for
# the PING_CHECK codec tests (IcmpEchoTest): destination unreachable from an `unreachable` route and
# from a `prohibit` route, each quoting the request it is about.
# Run as root: healthcheck/src/test/resources/io/vigil/healthcheck/golden/capture-unreachable.sh OUTDIR
#
# Two namespaces on a veth pair: 192.0.2.1 / 2001:db8::1 pings through the router 192.0.2.2 /
# 2001:db8::2, whose routes to 198.51.100.9 / 2001:db8:9::9 are `unreachable` and to 198.51.100.10 /
# 2001:db8:9::10 `prohibit`. tcpdump on the pinging side; each file holds four IP packets (request,
# error, request, error) as tcpdump -r -x prints them: from the IP header, no link-layer header.
set -euo pipefail
out=${1:?usage: $0 OUTDIR}
mkdir -p "$out"
a=vgua$$
b=vgub$$
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
ip netns exec "$b" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
ip -n "$a" link add pa0 type veth peer name pb0 netns "$b"
ip -n "$a" addr add 192.0.2.1/24 dev pa0
ip -n "$a" addr add 2001:db8::1/64 dev pa0 nodad
ip -n "$b" addr add 192.0.2.2/24 dev pb0
ip -n "$b" addr add 2001:db8::2/64 dev pb0 nodad
ip -n "$a" link set pa0 up
ip -n "$b" link set pb0 up
ip -n "$a" route add 198.51.100.0/24 via 192.0.2.2
ip -n "$a" -6 route add 2001:db8:9::/64 via 2001:db8::2
ip -n "$b" route add unreachable 198.51.100.9
ip -n "$b" route add prohibit 198.51.100.10
ip -n "$b" -6 route add unreachable 2001:db8:9::9
ip -n "$b" -6 route add prohibit 2001:db8:9::10

capture() {
  local name=$1 filter=$2 unreachable=$3 prohibited=$4
  ip netns exec "$a" timeout 15 tcpdump -i pa0 -n -U -c 4 -w "$work/$name.pcap" "$filter" 2>/dev/null &
  local tpid=$!
  sleep 1
  ip netns exec "$a" ping -c 1 -W 2 "$unreachable" >"$work/$name.log" || true
  ip netns exec "$a" ping -c 1 -W 2 "$prohibited" >>"$work/$name.log" || true
  wait "$tpid" || true
  {
    echo "# $name: iputils $(ping -V 2>&1 | head -1 | awk '{print $NF}') ping -c 1 $unreachable, then $prohibited"
    echo "# Captured $(date -u +%Y-%m-%d) by capture-unreachable.sh in this folder: the router's"
    echo "# 'unreachable' and 'prohibit' routes answer; tcpdump -i pa0 -w on the pinging side,"
    echo "# printed with tcpdump -r -x (from the IP header). tcpdump -v says:"
    tcpdump -r "$work/$name.pcap" -n -v 2>/dev/null | sed 's/^/#   /'
    for i in 1 2 3 4; do
      echo "# packet $i"
      tcpdump -r "$work/$name.pcap" -n -x 2>/dev/null |
        awk -v want="$i" '/^[0-9]/ {n++} n == want && /0x/' | cut -d: -f2 | tr -d ' \n' | fold -w 64
      echo
    done
  } >"$out/$name.hex"
  echo "captured $name"
}

capture unreachable-ipv4 'icmp' 198.51.100.9 198.51.100.10
capture unreachable-ipv6 'icmp6 and (ip6[40] == 128 or ip6[40] == 1)' 2001:db8:9::9 2001:db8:9::10
