#!/usr/bin/env bash
# Benchmark (not a test): VRRP soak, a Vigil pair against a keepalived pair, on the host in network
# namespaces (no IPVS needed). VRRPv3 with 10 ms adverts (advert_int 0.01, Master_Down_Interval
# 36 ms for the backup at priority 100), both CPUs saturated by busy loops at the daemons' own
# nice level, for SECONDS: a stable pair must make no transition at all.
#
#   benchmarks/soak.sh SECONDS OUT.json [ROUNDS]     (as root, after mvn -DskipTests package)
#
# ROUNDS (default 1) rounds of SECONDS per implementation, alternating: Vigil then keepalived in odd
# rounds, keepalived then Vigil in even ones (SOAK_IMPLS="keepalived vigil" swaps them), so a stretch
# when the hypervisor takes more of the machine falls on both; each round is in the JSON's "rounds"
# with its own steal, and "results" sums them per implementation.
#
# Per implementation and round:
# fresh namespaces a (priority 200) and b (priority 100) on one bridge; a becomes master, b settles
# as backup; then one busy loop per CPU starts and a capture on the bridge counts a's adverts. After
# SECONDS the burners stop and the figures are read:
#   transitions   state lines in both daemons' logs during the soak (MASTER, BACKUP, FAULT)
#   adverts       a's adverts on the wire (100 a second if every one left on time)
#   gap_max_ms, gap_p999_ms  the longest gaps between two of a's adverts: a gap over the backup's
#                 Master_Down_Interval (36 ms) is a takeover, unless b's own timer was late too
#   late_gaps     gaps over 36 ms
#   steal_ms      CPU time the hypervisor took meanwhile, if this machine is a VM (/proc/stat)
#   timers_late_over_1ms, timers_late_over_10ms  Vigil only: how many times during the soak each
#                 one's VRRP thread ran a timer more than 1 ms / 10 ms (an advert interval) after it
#                 was due (vigil_vrrp_timers_late_total on its /metrics, read before and after): a
#                 late master sends late, a late backup reads late
# Vigil runs as /usr/sbin/vigil would (`bin/vigil run --vrrp-only`), keepalived as `keepalived -P`;
# neither sets a realtime priority (keepalived's vrrp_rt_priority is off by default) unless
# PAIR_GLOBAL_DEFS says so (PAIR_GLOBAL_DEFS="vrrp_rt_priority 10": both get it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
out=${2:-/dev/stdout}
nrounds=${3:-1}
impls=${SOAK_IMPLS:-"vigil keepalived"}
vip=192.0.2.100
P=vbs$$
work=$(mktemp -d /tmp/vigil-soak.XXXXXX)
: > "$work/results.tsv"
burners=()

log() { echo "soak: $*" >&2; }

stop_burners() {
  local pid
  for pid in "${burners[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for pid in "${burners[@]}"; do wait "$pid" 2>/dev/null || true; done
  burners=()
}
# shellcheck source=benchmarks/vrrp-pair.sh
. "$root/benchmarks/vrrp-pair.sh"
cleanup() {
  stop_burners
  cleanup_namespaces
}
trap 'cleanup; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

conf() { pair_conf soak 3 0.01 "$1"; } # priority

# CPU time the hypervisor took from this machine's CPUs (/proc/stat's steal, all CPUs), in ms: a
# stall of the whole machine that no scheduling inside it can avoid
steal_ms() { awk '$1 == "cpu" { print $9 * 10 }' /proc/stat; }

# how many of a Vigil's VRRP timers ran more than 1 ms and more than 10 ms after they were due, since
# it started: "N1 N10" (its /metrics, in namespace NODE)
late_turns() {
  ip netns exec $P-$1 curl -s --max-time 5 http://127.0.0.1:9180/metrics | awk '
    /^vigil_vrrp_timers_late_total.*over="0.001"/ { a = $2 }
    /^vigil_vrrp_timers_late_total.*over="0.01"/ { b = $2 }
    END { print (a == "" ? -1 : a), (b == "" ? -1 : b) }'
}

soak() { # impl round
  local impl=$1 round=$2 pa pb tcpd before after i
  stable_pair "$impl" || return 1
  before=$(pair_states "$impl")
  # Vigil's first /metrics read, before the soak: a JVM serving its first request loads and compiles
  # the code that answers it, and under the burners that stalled the VRRP thread at the soak's start
  local late0_a="0 0" late0_b="0 0"
  if [ "$impl" = vigil ]; then late0_a=$(late_turns a) late0_b=$(late_turns b); fi
  ip netns exec $P-sw tcpdump -i sw0 -n -e -tt -l "ip proto 112 and ether src $(mac a)" \
    > "$work/cap.txt" 2> "$work/tcpdump.err" &
  tcpd=$!
  wait_for 10 "tcpdump" grep -qs "listening on" "$work/tcpdump.err" || return 1
  for i in $(seq 1 "$(nproc)"); do
    # the loop itself is the child (killed by pid); its CPU-time limit ends it if this script dies
    (ulimit -t $((seconds + 30)); exec sh -c 'while :; do :; done') &
    burners+=($!)
  done
  log "$impl: $(nproc) busy loops for ${seconds} s; a is master, b backup"
  steal0=$(steal_ms)
  sleep "$seconds"
  steal=$(( $(steal_ms) - steal0 ))
  stop_burners
  sleep 0.5
  kill "$tcpd" 2>/dev/null || true
  wait "$tcpd" 2>/dev/null || true
  after=$(pair_states "$impl")
  local late_a="-1 -1" late_b="-1 -1"
  if [ "$impl" = vigil ]; then # how often each one's VRRP thread ran a timer late, from /metrics
    # a read that failed (-1) leaves the round's count unknown (-1), not a difference with it
    late_a=$(echo "$late0_a $(late_turns a)" | awk '{ print ($1 < 0 || $3 < 0) ? -1 : $3 - $1, ($2 < 0 || $4 < 0) ? -1 : $4 - $2 }')
    late_b=$(echo "$late0_b $(late_turns b)" | awk '{ print ($1 < 0 || $3 < 0) ? -1 : $3 - $1, ($2 < 0 || $4 < 0) ? -1 : $4 - $2 }')
  fi
  kill -TERM -- -"$pa" -"$pb" 2>/dev/null || true
  sleep 0.5
  kill -KILL -- -"$pa" -"$pb" 2>/dev/null || true
  awk -v impl="$impl" -v round="$round" -v transitions="$((after - before))" -v seconds="$seconds" -v steal="$steal" \
    -v late_a="$late_a" -v late_b="$late_b" '
    /VRRP/ { t = $1 * 1000; if (n) gaps[n] = t - last; last = t; n++ }
    END {
      m = n - 1; late = 0; max = 0
      for (i = 1; i <= m; i++) { if (gaps[i] > max) max = gaps[i]; if (gaps[i] > 36) late++ }
      # p99.9 from a histogram of 0.1 ms bins
      for (i = 1; i <= m; i++) h[int(gaps[i] * 10)]++
      want = m * 0.999; acc = 0; p = 0
      for (b = 0; b <= int(max * 10); b++) { acc += h[b]; if (acc >= want) { p = b / 10; break } }
      split(late_a, la, " "); split(late_b, lb, " ")
      printf "%s\t%d\t%d\t%.1f\t%.1f\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", impl, transitions, n, max, p, late, seconds, steal, la[2], lb[2], round, la[1], lb[1]
    }' "$work/cap.txt" >> "$work/results.tsv"
  log "$(tail -1 "$work/results.tsv" | awk -F'\t' '{ printf "%s round %d: %d transitions, %d adverts from a, longest gap %s ms, p99.9 %s ms, %d gaps over 36 ms, %d ms of CPU stolen by the hypervisor%s", $1, $11, $2, $3, $4, $5, $6, $8, ($9 >= 0 ? sprintf("; timers late by over 10 ms: %d (a), %d (b); over 1 ms: %d (a), %d (b)", $9, $10, $12, $13) : "") }')"
  if [ "$((after - before))" != 0 ]; then
    keep=$(mktemp -d /tmp/vigil-soak-transitions.XXXXXX)
    cp "$work"/*.log "$keep"/
    log "$impl: the logs with the transitions are in $keep"
  fi
  cleanup
}

failures=0
reversed=$(echo $impls | tr ' ' '\n' | tac | tr '\n' ' ')
for round in $(seq 1 "$nrounds"); do
  order=$impls
  [ $((round % 2)) = 0 ] && order=$reversed
  for impl in $order; do
    if ! soak "$impl" "$round"; then
      keep=$(mktemp -d /tmp/vigil-soak-failed.XXXXXX)
      cp "$work"/*.log "$work"/*.conf "$keep"/ 2>/dev/null || true
      log "$impl round $round failed; logs in $keep"
      failures=$((failures + 1))
      cleanup
    fi
  done
done

[ -s "$work/results.tsv" ] || { log "no soak completed"; exit 1; }
# results: per implementation, the rounds summed (the longest gaps: the worst round's)
awk -F'\t' -v failures="$failures" -v cpus="$(nproc)" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" '
  function max(a, b) { return a > b ? a : b }
  {
    if (!($1 in n)) order[++impls] = $1
    n[$1]++; tr[$1] += $2; adv[$1] += $3; gap[$1] = max(gap[$1], $4); p999[$1] = max(p999[$1], $5)
    lg[$1] += $6; sec[$1] += $7; st[$1] += $8
    # late timers of the Vigil rounds, where both reads worked (keepalived has none: -1)
    if ($9 >= 0) { known[$1]++; la[$1] += $9; lb[$1] += $10; la1[$1] += $12; lb1[$1] += $13 }
    else if ($1 == "vigil") unknown[$1]++
    rounds = rounds (rounds ? ",\n    " : "") sprintf("{\"impl\": \"%s\", \"round\": %d, \"transitions\": %d, \"adverts\": %d, \"gap_max_ms\": %s, \"gap_p999_ms\": %s, \"late_gaps\": %d, \"seconds\": %d, \"steal_ms\": %d%s}", $1, $11, $2, $3, $4, $5, $6, $7, $8, ($9 >= 0 ? sprintf(", \"timers_late_over_1ms\": {\"a\": %d, \"b\": %d}, \"timers_late_over_10ms\": {\"a\": %d, \"b\": %d}", $12, $13, $9, $10) : ""))
  }
  END {
    for (i = 1; i <= impls; i++) {
      k = order[i]
      r = r (r ? ",\n    " : "") sprintf("\"%s\": {\"rounds\": %d, \"transitions\": %d, \"adverts\": %d, \"gap_max_ms\": %s, \"gap_p999_ms\": %s, \"late_gaps\": %d, \"seconds\": %d, \"steal_ms\": %d%s}", k, n[k], tr[k], adv[k], gap[k], p999[k], lg[k], sec[k], st[k], (known[k] ? sprintf(", \"timers_late_over_1ms\": {\"a\": %d, \"b\": %d}, \"timers_late_over_10ms\": {\"a\": %d, \"b\": %d}", la1[k], lb1[k], la[k], lb[k]) : "") (unknown[k] ? sprintf(", \"timers_late_unknown_rounds\": %d", unknown[k]) : ""))
    }
    printf "{\n  \"benchmark\": \"soak\",\n  \"version\": 3,\n  \"advert_ms\": 10,\n  \"down_interval_ms\": 36,\n"
    printf "  \"burners\": %d,\n  \"failed_runs\": %d,\n  \"load_after\": \"%s\",\n  \"results\": {\n    %s\n  },\n  \"rounds\": [\n    %s\n  ]\n}\n", cpus, failures, load, r, rounds
  }' "$work/results.tsv" > "$out"
[ "$failures" = 0 ]
