#!/usr/bin/env bash
# Benchmark (not a test): the soak's machine stalls (~110 ms in which neither daemon of a pair ran),
# made on purpose and counted. A Vigil pair and a keepalived pair, one after the other, in host
# namespaces, VRRPv3 with 10 ms adverts (the backup's Master_Down_Interval 36 ms). A stall is one
# SCHED_FIFO busy loop per CPU at priority 99 for STALL_MS: nothing else runs meanwhile, but the
# kernel does, so timers expire and packets queue as in a hypervisor's pause; when the loops end,
# both daemons' threads find their timers long due, and which runs first is the scheduler's choice.
# (SIGSTOP would not do: a thread stopped inside ppoll(2) goes back to waiting its remaining timeout
# when continued, which hides the stall from it.) STALLS stalls, a second apart; a stable pair makes
# no transition. Then the master is killed (its process group: no priority-0 advert) and the time
# until the backup holds the VIP is measured (polled every 50 ms), to show the waits cost nothing
# when the backup runs on time.
#
#   benchmarks/stall.sh [STALLS] [STALL_MS] [OUT.json]      (as root, after mvn -DskipTests package)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
stalls=${1:-20}
stall_ms=${2:-110}
out=${3:-/dev/stdout}
vip=192.0.2.100
P=vbt$$
work=$(mktemp -d /tmp/vigil-stall.XXXXXX)

log() { echo "stall: $*" >&2; }
# shellcheck source=benchmarks/vrrp-pair.sh
. "$root/benchmarks/vrrp-pair.sh"
trap 'cleanup_namespaces; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

conf() { pair_conf stall 3 0.01 "$1"; } # priority

master_pattern() { [ "$1" = vigil ] && echo 'INSTANCE VI_1: MASTER' || echo '(VI_1) Entering MASTER STATE'; }

# every CPU taken for stall_ms by a SCHED_FIFO 99 busy loop, all at once (the lab's cpustall.py,
# which VigilRunStallIT runs too), then given back
stall() { python3 "$root/tests/lab/src/main/resources/io/vigil/lab/cpustall.py" "$stall_ms"; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

run() { # impl: prints "transitions takeover_ms"
  local impl=$1 pa pb before after i t0 took
  stable_pair "$impl" || return 1
  before=$(pair_states "$impl")
  for i in $(seq 1 "$stalls"); do
    stall
    sleep 1
  done
  after=$(pair_states "$impl")
  # the master dies for real now: the backup takes over within its down interval, stalls or not
  t0=$(now_ms)
  kill -KILL -- "-$pa"
  wait_for 10 "b ($impl) to take over" holds_vip b || return 1
  took=$(( $(now_ms) - t0 ))
  log "$impl: $((after - before)) transitions in $stalls stalls of $stall_ms ms; takeover after the master's death: $took ms (poll every 50 ms)"
  echo "$((after - before)) $took"
  kill -KILL -- "-$pb" 2>/dev/null || true
  cleanup_namespaces
}

vigil=$(run vigil)
keepalived=$(run keepalived)
read -r vt vtook <<< "$vigil"
read -r kt ktook <<< "$keepalived"
cat > "$out" <<JSON
{
  "benchmark": "stall",
  "advert_ms": 10,
  "down_interval_ms": 36,
  "stalls": $stalls,
  "stall_ms": $stall_ms,
  "stall": "a SCHED_FIFO 99 busy loop on every CPU, all started together (cpustall.py)",
  "results": {
    "vigil": {"transitions": $vt, "takeover_after_master_death_ms": $vtook},
    "keepalived": {"transitions": $kt, "takeover_after_master_death_ms": $ktook}
  }
}
JSON
