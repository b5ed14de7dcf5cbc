#!/usr/bin/env bash
# Benchmark (not a test): the JVM's stops under a VRRP master, the pauses RFC 5798's timers must
# ride over. One VRRPv3 instance at 10 ms adverts (a backup's Master_Down_Interval would be 36 ms),
# alone and so master, `bin/vigil run --vrrp-only` in a host namespace for SECONDS, with the JVM's
# safepoints and collections logged (-Xlog:safepoint, -Xlog:gc). Reports every stop of the JVM
# (a collection, or any other safepoint), the worst of them and the worst after the first 10 s (the
# start loads classes and grows the heap before any advert is due), the collections, and the RSS
# at the end. No anchor: keepalived is C and does not stop.
#
#   benchmarks/vrrp-pauses.sh [SECONDS] [OUT.json]      (as root, after mvn -DskipTests package)
#
# JVM options go in VIGIL_JAVA_OPTS as for bin/vigil (the launcher's own come first).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=benchmarks/stop-group.sh
. "$root/benchmarks/stop-group.sh"
secs=${1:-600}
out=${2:-/dev/stdout}
work=$(mktemp -d /tmp/vigil-pauses.XXXXXX)
ns=vigilps$$
pg=""
cleanup() {
  [ -z "$pg" ] || kill -KILL -- -"$pg" 2>/dev/null || true
  ip netns del $ns 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ip netns add $ns
ip -n $ns link set lo up
ip -n $ns link add v0 type veth peer name v1
for l in v0 v1; do ip -n $ns link set $l up; done
ip -n $ns addr add 198.51.100.2/24 dev v0
cat > "$work/k.conf" <<CONF
global_defs {
  router_id pauses
}
vrrp_instance VI {
  version 3
  state MASTER
  interface v0
  virtual_router_id 52
  priority 150
  advert_int 0.01
  virtual_ipaddress {
    192.0.2.100/24
  }
}
CONF
VIGIL_JAVA_OPTS="-Xlog:safepoint:file=$work/sp.log:uptime -Xlog:gc:file=$work/gc.log:uptime ${VIGIL_JAVA_OPTS:-}" \
  ip netns exec $ns setsid "$root/bin/vigil" run --vrrp-only -f "$work/k.conf" > "$work/log" 2>&1 &
pg=$!
n=0
until ip -n $ns -o addr show dev v0 | grep -q ' 192.0.2.100/'; do
  n=$((n + 1))
  [ $n -le 300 ] || { echo "vrrp-pauses: never master" >&2; tail -20 "$work/log" >&2; exit 1; }
  sleep 0.1
done
sleep "$secs"
rss=$(awk '/VmRSS/ { print $2 }' "/proc/$pg/status")
stop_group "$pg" 100
pg=""

python3 - "$work/sp.log" "$work/gc.log" "$secs" "$rss" "${VIGIL_JAVA_OPTS:-}" > "$out" <<'PY'
import json, re, sys
sp, gc, secs, rss, opts = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
stops = []  # (uptime s, ms, kind)
for line in open(sp):
    m = re.match(r'\[([0-9.]+)s\] Safepoint "([^"]+)".*Total: ([0-9]+) ns', line)
    if m:
        stops.append((float(m.group(1)), int(m.group(3)) / 1e6, m.group(2)))
pauses = [l.strip() for l in open(gc) if "Pause" in l]
later = [s for s in stops if s[0] > 10]
worst = max(stops, key=lambda s: s[1]) if stops else None
worst_later = max(later, key=lambda s: s[1]) if later else None
print(json.dumps({
    "benchmark": "vrrp-pauses",
    "what": "one VRRPv3 master at 10 ms adverts, `vigil run --vrrp-only`: the JVM's stops (safepoints)",
    "seconds": secs,
    "vigil_java_opts": opts,
    "stops": len(stops),
    "stops_after_10s": len(later),
    "worst_stop_ms": round(worst[1], 2) if worst else 0,
    "worst_stop_at_s": worst[0] if worst else None,
    "worst_stop_after_10s_ms": round(worst_later[1], 2) if worst_later else 0,
    "worst_stop_after_10s_kind": worst_later[2] if worst_later else None,
    "collections": len(pauses),
    "collections_after_10s": sum(1 for p in pauses if float(p[1:p.index("s]")]) > 10),
    "rss_kib": rss,
    "collection_lines": pauses[-5:],
}, indent=2))
PY
