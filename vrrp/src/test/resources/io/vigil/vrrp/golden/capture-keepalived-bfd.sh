#!/usr/bin/env bash
# Captures the BFD control packets (RFC 5880 / 5881) two Debian keepalived 2.2.7 send each other,
# as golden bytes for the BFD codec and session tests.
# Run as root: vrrp/src/test/resources/io/vigil/vrrp/golden/capture-keepalived-bfd.sh OUTDIR
#
# Two namespaces joined by a veth (192.0.2.1 <-> 192.0.2.2), keepalived with one bfd_instance
# towards the other in each (the second with other timers), tcpdump -w on the first's end for
# 6 s, from before the second keepalived starts: the session's first packets (Down, Init, Up),
# its poll sequence to the faster timers and the steady state. Written as bfd-keepalived.txt: one
# line per packet, "SRC:PORT > DST:PORT TTL HEX" (the UDP payload), then tcpdump -v's text as
# comments. Both keepalived run in their own process groups, killed as a whole; the namespaces are
# deleted on exit.
set -euo pipefail
out=${1:?usage: $0 OUTDIR}
mkdir -p "$out"
a=vgbfa$$
b=vgbfb$$
work=$(mktemp -d)
pgids=()
cleanup() {
  for g in "${pgids[@]}"; do kill -TERM -- "-$g" 2>/dev/null || true; done
  sleep 0.5
  for g in "${pgids[@]}"; do kill -KILL -- "-$g" 2>/dev/null || true; done
  ip netns del "$a" 2>/dev/null || true
  ip netns del "$b" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$a"
ip netns add "$b"
ip -n "$a" link add eth0 type veth peer name eth0 netns "$b"
ip -n "$a" addr add 192.0.2.1/24 dev eth0
ip -n "$b" addr add 192.0.2.2/24 dev eth0
for ns in "$a" "$b"; do ip -n "$ns" link set lo up; ip -n "$ns" link set eth0 up; done

conf() { # name neighbour source min_rx min_tx multiplier
  cat <<CONF
global_defs {
  router_id $1
}
bfd_instance $1 {
  neighbor_ip $2
  source_ip $3
  min_rx $4
  min_tx $5
  multiplier $6
}
CONF
}
conf bfd_a 192.0.2.2 192.0.2.1 100 100 3 >"$work/a.conf"
conf bfd_b 192.0.2.1 192.0.2.2 200 150 4 >"$work/b.conf"
ip netns exec "$a" timeout 6 tcpdump -i eth0 -n -U -w "$work/bfd.pcap" 'udp port 3784' 2>/dev/null &
tpid=$!
sleep 1
start() { # ns conf
  setsid ip netns exec "$1" keepalived -n -l -D -f "$2" -p "$2.pid" -b "$2.bfd.pid" \
    >"$2.log" 2>&1 &
  pgids+=($!)
}
start "$a" "$work/a.conf"
sleep 1.5
start "$b" "$work/b.conf"
wait "$tpid" || true
{
  echo "# BFD control packets of two Debian keepalived $(keepalived --version 2>&1 | head -1 | cut -d' ' -f2)"
  echo "# Captured $(date -u +%Y-%m-%d) by capture-keepalived-bfd.sh in this folder: bfd_a (192.0.2.1,"
  echo "# min_rx 100 min_tx 100 multiplier 3) started 1.5 s before bfd_b (192.0.2.2, min_rx 200"
  echo "# min_tx 150 multiplier 4), tcpdump -w on 192.0.2.1's end. Lines: SRC:PORT > DST:PORT TTL HEX."
  tcpdump -r "$work/bfd.pcap" -n -v 2>/dev/null | sed 's/^/#   /'
  tcpdump -r "$work/bfd.pcap" -n -v -x 2>/dev/null | python3 -c '
import re, sys
pkts = []
cur = None
for line in sys.stdin:
    if not line.startswith((" ", "\t")):
        cur = {"ttl": int(re.search(r"ttl (\d+)", line).group(1)), "hex": ""}
        pkts.append(cur)
    elif re.match(r"\s+0x[0-9a-f]+:", line):
        cur["hex"] += "".join(line.split(":", 1)[1].split())
    else:
        m = re.search(r"(\S+)\.(\d+) > (\S+)\.(\d+):", line)
        if m:
            cur["src"] = m.group(1) + ":" + m.group(2)
            cur["dst"] = m.group(3) + ":" + m.group(4)
for p in pkts:
    ihl = int(p["hex"][1], 16) * 4
    print(p["src"], ">", p["dst"], p["ttl"], p["hex"][2 * (ihl + 8):])
'
} >"$out/bfd-keepalived.txt"
echo "captured $(grep -vc '^#' "$out/bfd-keepalived.txt") packets"
