#!/bin/sh
# Benchmark (not a test): programs 1,000 services x 10 destinations into an empty IPVS table with
# `ipvsadm -R` and with `vigil ipvs restore`, alternating which goes first, for ROUNDS rounds, then
# checks that re-applying the same table with `vigil ipvs restore --sync` sends no write request.
# Writes the figures to OUT (default benchmarks/results/ipvs-restore-DATE.json). Run it in the lab
# VM after `mvn -B -DskipTests package` (bin/vigil runs the packaged jar, JVM start-up included);
# benchmarks/run does, with the other benchmarks:
#
#   tests/lab/vm --out benchmarks/results -- sh benchmarks/ipvs-restore.sh ROUNDS [OUT [SERVICES]]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-5}
results=$root/benchmarks/results
out=${2:-$results/ipvs-restore-$(date -u +%Y-%m-%d).json}
services=${3:-1000}
rules=/tmp/ipvs-bench.rules
ns=vigilbench
lines=$((services * 11))

# SERVICES (at most 1,000) TCP services on 192.0.2.1-250 ports 80-83, each with 10 masqueraded
# real servers
awk -v n="$services" 'BEGIN {
  for (s = 0; s < n; s++) {
    h = 1 + int(s / 4); p = 80 + s % 4
    printf "-A -t 192.0.2.%d:%d -s wlc\n", h, p
    for (d = 1; d <= 10; d++) printf "-a -t 192.0.2.%d:%d -r 198.51.100.%d:8080 -m -w 1\n", h, p, d
  }
}' > $rules

ip netns add $ns
nsx() { ip netns exec $ns "$@"; }
# IPVS refuses real servers (EINVAL) in a namespace without a local routing table: bring lo up
nsx ip link set lo up
now_ns() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
count() { nsx ipvsadm -Sn | wc -l; }

run_ipvsadm() {
  nsx ipvsadm -C
  t0=$(now_ns); nsx ipvsadm -R < $rules 2> /tmp/ipvsadm.err; t1=$(now_ns)
  [ -s /tmp/ipvsadm.err ] && { head -3 /tmp/ipvsadm.err >&2; exit 1; }
  [ "$(count)" = $lines ] || { echo "ipvsadm -R left $(count) rules" >&2; exit 1; }
  ipvsadm_ms="$ipvsadm_ms $(ms $t0 $t1)"
}

run_vigil() {
  nsx ipvsadm -C
  t0=$(now_ns); nsx "$root/bin/vigil" ipvs restore -v < $rules 2> /tmp/vigil.err; t1=$(now_ns)
  [ "$(count)" = $lines ] || { echo "vigil ipvs restore left $(count) rules" >&2; cat /tmp/vigil.err >&2; exit 1; }
  vigil_ms="$vigil_ms $(ms $t0 $t1)"
  apply=$(sed -n 's/.*applied in \([0-9.]*\) ms.*/\1/p' /tmp/vigil.err)
  apply_ms="$apply_ms $apply"
  parse=$(sed -n 's/.*parsed in \([0-9.]*\) ms.*/\1/p' /tmp/vigil.err)
  parse_ms="$parse_ms $parse"
}

ipvsadm_ms=""; vigil_ms=""; apply_ms=""; parse_ms=""
i=1
while [ $i -le "$rounds" ]; do
  if [ $((i % 2)) = 1 ]; then run_ipvsadm; run_vigil; else run_vigil; run_ipvsadm; fi
  echo "round $i: ipvsadm -R${ipvsadm_ms##* } ms, vigil ipvs restore${vigil_ms##* } ms (apply${apply_ms##* } ms)" >&2
  i=$((i + 1))
done

# a no-op re-apply of the same table: the diff against the dumped table is empty
nsx "$root/bin/vigil" ipvs restore --sync -v < $rules 2> /tmp/vigil-sync.err
noop_writes=$(sed -n 's/.* \([0-9][0-9]*\) write requests.*/\1/p' /tmp/vigil-sync.err)
noop_line=$(cat /tmp/vigil-sync.err)
ip netns del $ns

median() { printf '%s\n' $1 | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
json_list() { printf '%s\n' $1 | paste -sd, -; }
m_ipvsadm=$(median "$ipvsadm_ms")
m_vigil=$(median "$vigil_ms")
m_apply=$(median "$apply_ms")
ratio=$(awk -v a="$m_vigil" -v b="$m_ipvsadm" 'BEGIN { printf "%.3f", a / b }')
mkdir -p "$(dirname "$out")"
cat > "$out" <<JSON
{
  "benchmark": "apply $services services x 10 destinations from an empty table",
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "kernel": "$(uname -r)",
  "environment": "lab VM (qemu TCG, 2 vCPU), tests/lab/vm",
  "rules": $lines,
  "rounds": $rounds,
  "ipvsadm_restore_ms": [$(json_list "$ipvsadm_ms")],
  "vigil_restore_ms": [$(json_list "$vigil_ms")],
  "vigil_in_jvm_apply_ms": [$(json_list "$apply_ms")],
  "vigil_in_jvm_parse_ms": [$(json_list "$parse_ms")],
  "median_ipvsadm_restore_ms": $m_ipvsadm,
  "median_vigil_restore_ms": $m_vigil,
  "median_vigil_in_jvm_apply_ms": $m_apply,
  "median_vigil_in_jvm_parse_ms": $(median "$parse_ms"),
  "ratio_vigil_to_ipvsadm": $ratio,
  "noop_sync_write_requests": $noop_writes,
  "noop_sync_report": "$noop_line"
}
JSON
cat "$out"
