#!/bin/sh
# Benchmark (not a test): reaction latency, a real server's health verdict → the kernel's IPVS table
# updated, Vigil (`vigil run`) against keepalived (checkers and IPVS, no VRRP), one keepalived.conf
# for both (one virtual server, one real server, HTTP_GET, delay_loop 1, retry 0). Needs IPVS: run
# it in the lab VM (benchmarks/run does). benchmarks/reaction.py is the real server and the
# watcher; each implementation in turn (who goes first alternates) gets TRANSITIONS flips per round,
# from the moment it is ready: keepalived at once (it checks and writes from its first second),
# Vigil once it logs "vigil running" (what it tells systemd with READY=1). Flips during a JVM's
# start under emulation measured its start, not its reaction (footprint.sh measures the start).
#
#   sh benchmarks/reaction.sh ROUNDS OUT.json [TRANSITIONS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=benchmarks/stop-group.sh
. "$here/stop-group.sh"
root=$(cd "$here/.." && pwd)
rounds=${1:-3}
out=${2:-/dev/stdout}
transitions=${3:-20}
ns=vigilrx
work=$(mktemp -d /tmp/vigil-reaction.XXXXXX)
conf=$work/keepalived.conf
cat > "$conf" <<CONF
global_defs {
  router_id bench
}
virtual_server 203.0.113.1 80 {
  delay_loop 1
  lb_algo rr
  lb_kind NAT
  protocol TCP
  real_server 198.51.100.1 8080 {
    weight 1
    HTTP_GET {
      url {
        path /health
        status_code 200
      }
      connect_timeout 1
      retry 0
      delay_before_retry 1
    }
  }
}
CONF
ip netns add $ns
nsx() { ip netns exec $ns "$@"; }
nsx ip link set lo up
nsx ip link add eth0 type veth peer name eth1 # the other end stays in the namespace, up
nsx ip link set eth1 up
nsx ip addr add 198.51.100.1/24 dev eth0
nsx ip addr add 203.0.113.1/32 dev eth0
nsx ip link set eth0 up
cleanup() { ip netns pids $ns 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true; ip netns del $ns 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
: > "$work/samples.tsv"

one() { # impl
  nsx ipvsadm -C
  if [ "$1" = vigil ]; then
    ip netns exec $ns setsid "$root/bin/vigil" run -f "$conf" > "$work/log" 2>&1 &
  else
    ip netns exec $ns setsid keepalived -n -l -D -f "$conf" -p "$work/k.pid" -r "$work/v.pid" -c "$work/c.pid" > "$work/log" 2>&1 &
  fi
  pg=$!
  rm -f "$work/ready"
  if [ "$1" = vigil ]; then
    (n=0; until grep -q ' vigil running: ' "$work/log" || [ $n -gt 3000 ]; do sleep 0.1; n=$((n + 1)); done
     touch "$work/ready") &
  else
    touch "$work/ready"
  fi
  rc=0
  nsx python3 "$here/reaction.py" 198.51.100.1 8080 "$transitions" "$work/samples.tsv" "$1" "$work/ready" || rc=$?
  stop_group $pg 600
  [ $rc = 0 ] || { tail -20 "$work/log" >&2; exit 1; }
}

r=1
while [ $r -le "$rounds" ]; do
  if [ $((r % 2)) = 1 ]; then one vigil; one keepalived; else one keepalived; one vigil; fi
  r=$((r + 1))
done

python3 - "$work/samples.tsv" "$rounds" "$transitions" > "$out" <<'PY'
import json, sys
samples = [l.split("\t") for l in open(sys.argv[1]).read().split("\n") if l]
def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, int(round(p / 100 * len(xs) + 0.5)) - 1))] if xs else None
res = {"benchmark": "reaction", "rounds": int(sys.argv[2]), "transitions_per_round": int(sys.argv[3])}
for impl in ("vigil", "keepalived"):
    xs = [float(ms) for i, d, ms in samples if i == impl]
    res[impl + "_p50_ms"] = pct(xs, 50)
    res[impl + "_p99_ms"] = pct(xs, 99)
    for d in ("down", "up"):
        res["%s_%s_p50_ms" % (impl, d)] = pct([float(ms) for i, dd, ms in samples if i == impl and dd == d], 50)
for p in ("p50", "p99"):
    k = res["keepalived_%s_ms" % p]
    res["ratio_" + p] = round(res["vigil_%s_ms" % p] / k, 3) if k else None
res["samples"] = [{"impl": i, "direction": d, "ms": float(ms)} for i, d, ms in samples]
print(json.dumps(res, indent=2))
PY
