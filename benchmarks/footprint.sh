#!/bin/sh
# Benchmark (not a test): footprint of a whole director, Vigil (`vigil run`) against keepalived (no
# -P/-C: VRRP and checkers), one keepalived.conf for both: one VRRP instance (state MASTER) holding
# VIPS virtual addresses and VIPS virtual servers (VIP:80, NAT, wlc) of 10 real servers each, no
# health checker (keepalived and Vigil then add every real server at once). Needs IPVS: run it in
# the lab VM (the runner does). Per round, each in turn (who goes first alternates):
#   ready_ms  start → every VIP on the interface and the whole IPVS table in the kernel
#   rss_kib   the RSS of the whole process group (keepalived's three processes; Vigil's JVM),
#             2 s after ready
#   cpu_ms    user+system CPU of the process group from start to that point
#
#   sh benchmarks/footprint.sh ROUNDS OUT.json [VIPS]      (VIPS: 100 by default)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=benchmarks/stop-group.sh
. "$root/benchmarks/stop-group.sh"
rounds=${1:-3}
out=${2:-/dev/stdout}
vips=${3:-100}
ns=vigilfp
work=$(mktemp -d /tmp/vigil-footprint.XXXXXX)
conf=$work/keepalived.conf
lines=$((vips * 11))

sh "$root/benchmarks/footprint-conf.sh" "$vips" > "$conf"

ip netns add $ns
nsx() { ip netns exec $ns "$@"; }
nsx ip link set lo up
nsx ip link add eth0 type veth peer name eth1 # the other end stays in the namespace, up
nsx ip link set eth1 up
nsx ip addr add 198.51.100.254/24 dev eth0
nsx ip link set eth0 up
cleanup() { ip netns pids $ns 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true; ip netns del $ns 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }
ready() {
  [ "$(nsx ip -o -4 addr show dev eth0 | grep -c ' 203.0.113.\| 192.0.2.')" = "$vips" ] &&
    [ "$(nsx ipvsadm -Sn | wc -l)" = $lines ]
}
# RSS (KiB) and CPU (ms, utime+stime at 100 Hz) summed over the process group PGID
group_rss() { for p in $(pgrep -g "$1"); do awk '/^VmRSS:/ { print $2 }' /proc/$p/status 2>/dev/null; done | awk '{ s += $1 } END { print s + 0 }'; }
group_cpu() { for p in $(pgrep -g "$1"); do awk '{ print $14 + $15 }' /proc/$p/stat 2>/dev/null; done | awk '{ s += $1 } END { print s * 10 }'; }

samples=""
one() { # impl round
  nsx ipvsadm -C
  t0=$(now_ms)
  if [ "$1" = vigil ]; then
    ip netns exec $ns setsid "$root/bin/vigil" run -f "$conf" > "$work/log" 2>&1 &
  else
    ip netns exec $ns setsid keepalived -n -l -D -f "$conf" -p "$work/k.pid" -r "$work/v.pid" -c "$work/c.pid" > "$work/log" 2>&1 &
  fi
  pg=$!
  n=0
  until ready; do # polled every 0.2 s: under TCG a poll costs CPU that both would pay
    n=$((n + 1))
    if [ $n -gt 1500 ]; then echo "footprint: $1 never got ready" >&2; tail -20 "$work/log" >&2; exit 1; fi
    sleep 0.2
  done
  t1=$(now_ms)
  sleep 2
  rss=$(group_rss $pg)
  cpu=$(group_cpu $pg)
  stop_group $pg 600
  nsx ipvsadm -C
  for a in $(nsx ip -o -4 addr show dev eth0 | awk '{ print $4 }' | grep -v '^198.51.100.254/'); do nsx ip addr del "$a" dev eth0; done
  echo "footprint: $1 round $2: ready in $((t1 - t0)) ms, RSS $rss KiB, CPU $cpu ms" >&2
  s="{\"impl\": \"$1\", \"round\": $2, \"ready_ms\": $((t1 - t0)), \"rss_kib\": $rss, \"cpu_ms\": $cpu}"
  samples="${samples:+$samples,
    }$s"
  eval "ready_$1=\"\${ready_$1:-} $((t1 - t0))\"; rss_$1=\"\${rss_$1:-} $rss\"; cpu_$1=\"\${cpu_$1:-} $cpu\""
}

r=1
while [ $r -le "$rounds" ]; do
  if [ $((r % 2)) = 1 ]; then one vigil $r; one keepalived $r; else one keepalived $r; one vigil $r; fi
  r=$((r + 1))
done

median() { printf '%s\n' $1 | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b ? a / b : 0 }'; }
mrv=$(median "$ready_vigil"); mrk=$(median "$ready_keepalived")
msv=$(median "$rss_vigil"); msk=$(median "$rss_keepalived")
mcv=$(median "$cpu_vigil"); mck=$(median "$cpu_keepalived")
cat > "$out" <<JSON
{
  "benchmark": "footprint",
  "vips": $vips,
  "real_servers": $((vips * 10)),
  "rounds": $rounds,
  "vigil_ready_ms": $mrv, "keepalived_ready_ms": $mrk, "ratio_ready": $(ratio "$mrv" "$mrk"),
  "vigil_rss_kib": $msv, "keepalived_rss_kib": $msk, "ratio_rss": $(ratio "$msv" "$msk"),
  "vigil_cpu_ms": $mcv, "keepalived_cpu_ms": $mck, "ratio_cpu": $(ratio "$mcv" "$mck"),
  "samples": [
    $samples
  ]
}
JSON
