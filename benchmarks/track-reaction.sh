#!/usr/bin/env bash
# Benchmark (not a test): reaction to a tracked interface, a Vigil director against keepalived, on
# the host in a network namespace (no IPVS needed). One VRRP instance (VRRPv2, advert_int 1,
# priority 100, alone: master) on v0 with track_interface t0 (a veth); benchmarks/track-reaction.py
# sets t0 down FLIPS times at random points of the advert cycle and measures how long the instance
# takes to say FAULT on its vrrp_notify_fifo (the line a FIFO reader such as an operator's script
# sees), then sets it up and waits for MASTER again. Per round each implementation runs once (who
# goes first alternates), from a fresh namespace.
#
#   benchmarks/track-reaction.sh FLIPS OUT.json [ROUNDS]     (as root, after mvn -DskipTests package)
#
# Vigil runs as bin/vigil run --vrrp-only, keepalived as keepalived -P: the VRRP halves only.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=benchmarks/stop-group.sh
. "$root/benchmarks/stop-group.sh"
flips=${1:-20}
out=${2:-/dev/stdout}
rounds=${3:-1}
work=$(mktemp -d /tmp/vigil-track.XXXXXX)
ns=vigiltk$$
: > "$work/samples.tsv"
cleanup() {
  ip netns pids $ns 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
  ip netns del $ns 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

one() { # impl
  ip netns add $ns
  ip -n $ns link set lo up
  ip -n $ns link add v0 type veth peer name v1
  ip -n $ns link add t0 type veth peer name t1
  for l in v0 v1 t0 t1; do ip -n $ns link set $l up; done
  ip -n $ns addr add 198.51.100.2/24 dev v0
  rm -f "$work/fifo"
  mkfifo "$work/fifo"
  cat > "$work/k.conf" <<CONF
global_defs {
  router_id bench
  vrrp_notify_fifo $work/fifo
}
vrrp_instance VI {
  state BACKUP
  interface v0
  virtual_router_id 51
  priority 100
  advert_int 1
  track_interface {
    t0
  }
  virtual_ipaddress {
    192.0.2.100/24
  }
}
CONF
  if [ "$1" = vigil ]; then
    ip netns exec $ns setsid "$root/bin/vigil" run --vrrp-only -f "$work/k.conf" > "$work/log" 2>&1 &
  else
    ip netns exec $ns setsid keepalived -n -l -D -P -f "$work/k.conf" -p "$work/k.pid" \
      -r "$work/v.pid" > "$work/log" 2>&1 &
  fi
  local pg=$! rc=0
  python3 "$root/benchmarks/track-reaction.py" $ns t0 "$work/fifo" "$flips" "$work/samples.tsv" "$1" || rc=$?
  stop_group $pg 100
  ip netns del $ns
  if [ $rc != 0 ]; then tail -20 "$work/log" >&2; exit 1; fi
  echo "track-reaction: $1 done" >&2
}

for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) = 1 ]; then one vigil; one keepalived; else one keepalived; one vigil; fi
done

python3 - "$work/samples.tsv" "$flips" "$rounds" > "$out" <<'PY'
import json, sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().split("\n") if l]
def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, int(round(p / 100 * len(xs) + 0.5)) - 1))] if xs else None
res = {"benchmark": "track-reaction", "flips_per_round": int(sys.argv[2]), "rounds": int(sys.argv[3]),
       "what": "track_interface link down -> FAULT line on vrrp_notify_fifo, ms"}
for impl in ("vigil", "keepalived"):
    xs = [float(ms) for i, ms in rows if i == impl]
    res[impl] = {"p50_ms": pct(xs, 50), "p99_ms": pct(xs, 99), "min_ms": min(xs), "max_ms": max(xs)}
res["ratio_p50"] = round(res["vigil"]["p50_ms"] / res["keepalived"]["p50_ms"], 3)
res["ratio_p99"] = round(res["vigil"]["p99_ms"] / res["keepalived"]["p99_ms"], 3)
res["samples"] = [{"impl": i, "ms": float(ms)} for i, ms in rows]
print(json.dumps(res, indent=2))
PY
