#!/bin/bash
# Starts `vigil run` with footprint.sh's configuration (100 VIPs, 1,000 real servers) ROUNDS times
# each, alternately with Vigil's class-data archive (bin/vigil's director/target/vigil.jsa) and with
# the JDK's base archive only, and writes one line per start to OUT/summary.txt; a JVM that dies
# leaves its crash report as OUT/hs_err_MODE_ROUND.log. Runs inside the lab VM, as root:
#   tests/lab/vm --out OUT -- bash benchmarks/tcg-crash-probe.sh OUT [ROUNDS]
#   VIGIL_VM_TCG_THREAD=single tests/lab/vm --out OUT -- bash benchmarks/tcg-crash-probe.sh OUT
# (the README's lab section has what two such runs of 7 rounds found). Needs `mvn package` first.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?OUT}
rounds=${2:-7}
conf=$out/fp.conf
vips=100
sh "$root/benchmarks/footprint-conf.sh" "$vips" > "$conf"
ns=vigilprobe
ip netns add $ns
nsx() { ip netns exec $ns "$@"; }
nsx ip link set lo up
nsx ip link add eth0 type veth peer name eth1
nsx ip link set eth1 up
nsx ip addr add 198.51.100.254/24 dev eth0
nsx ip link set eth0 up
trap 'ip netns pids $ns 2>/dev/null | xargs -r kill -KILL 2>/dev/null; ip netns del $ns 2>/dev/null' EXIT
base=$(dirname "$(readlink -f "$(command -v java)")")/../lib/server/classes.jsa
for r in $(seq 1 "$rounds"); do
  for mode in jsa base; do
    nsx ipvsadm -C
    opts="-XX:ErrorFile=$out/hs_err_${mode}_$r.log"
    [ $mode = base ] && opts="-XX:SharedArchiveFile=$base $opts" # overrides bin/vigil's archive
    log=$out/log_${mode}_$r.txt
    VIGIL_JAVA_OPTS="$opts" ip netns exec $ns setsid "$root/bin/vigil" run -f "$conf" > "$log" 2>&1 &
    pid=$!
    n=0
    while kill -0 $pid 2>/dev/null && ! grep -q "vigil running" "$log" && [ $n -lt 600 ]; do
      sleep 0.2
      n=$((n + 1))
    done
    sleep 3
    if kill -0 $pid 2>/dev/null; then
      kill -TERM $pid
      wait $pid
      st="stopped by SIGTERM, exit $?"
    else
      wait $pid
      st="died before SIGTERM, exit $?"
    fi
    [ -f "$out/hs_err_${mode}_$r.log" ] && st="$st, crash report hs_err_${mode}_$r.log"
    echo "round $r $mode: $st" >> "$out/summary.txt"
  done
done
