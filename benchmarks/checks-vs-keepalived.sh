#!/bin/sh
# Benchmark (not a test): keepalived's checker process (`keepalived -C`) and Vigil (`vigil run
# --check-only`, the JVM options of bin/vigil) check the same N local listeners at the same time,
# with TCP_CHECK or HTTP_GET (`url { path /; status_code 200 }`, the listeners answer 200) at
# delay_loop DELAY s (benchmarks/checks-conf.sh writes one configuration for each).
# WARMUP seconds after Vigil's first check, it measures WINDOW seconds: each process's CPU (utime +
# stime from /proc/PID/stat), its RSS, and the checks each made (benchmarks/listeners.py counts
# connections by source address: keepalived binds its checks to 127.0.0.2, Vigil to 127.0.0.3), and
# writes CPU seconds per 10,000 checks for each and their ratio to
# benchmarks/results/checks-vs-keepalived-DATE-KIND-nN-delayDELAY-warmupWARMUPs.json (and to OUT).
#
# keepalived -C needs IPVS, so this runs in the lab VM (qemu TCG: everything is ~10x slower than
# on a real host, and the two compete for the same 2 vCPUs; the absolute figures mean little, the
# ratio is the comparison). Choose DELAY so that N / DELAY checks per second fit in the VM (under
# TCG each side manages a few dozen a second). VIGIL_JAVA_OPTS and VIGIL_RUN_ARGS (more words for
# `vigil run`, e.g. `--reconcile-interval 3600000`) are passed on. Build first (`mvn -B -DskipTests package`), then:
#
#   tests/lab/vm --timeout 3600 --out $PWD/benchmarks/results -- \
#     sh benchmarks/checks-vs-keepalived.sh http 1000 30 120 120
#
#   sh benchmarks/checks-vs-keepalived.sh [tcp|http] [N] [DELAY] [WARMUP] [WINDOW] [OUT]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
kind=${1:-http}
n=${2:-1000}
delay=${3:-30}
warmup=${4:-120}
window=${5:-120}
out=${6:-}
results=$root/benchmarks/results
work=$(mktemp -d)
hz=$(getconf CLK_TCK)
base=20000

ulimit -n 65536 2> /dev/null || true
python3 "$root/benchmarks/listeners.py" "$kind" "$n" $base "$work/counts" > "$work/listeners.out" 2>&1 &
lpid=$!
i=0
until grep -q ready "$work/listeners.out"; do
  i=$((i + 1)); [ $i -le 600 ] || { echo "listeners never ready" >&2; cat "$work/listeners.out" >&2; exit 1; }
  sleep 0.2
done

sh "$root/benchmarks/checks-conf.sh" "$kind" "$n" $base "$delay" 192.0.2.10 127.0.0.2 > "$work/keepalived.conf"
sh "$root/benchmarks/checks-conf.sh" "$kind" "$n" $base "$delay" 192.0.2.11 127.0.0.3 > "$work/vigil.conf"

keepalived -C -n -D -f "$work/keepalived.conf" -p "$work/k.pid" -c "$work/c.pid" > "$work/keepalived.log" 2>&1 &
kpid=$!
# shellcheck disable=SC2086 # VIGIL_RUN_ARGS: more words for vigil run (e.g. --reconcile-interval MS)
"$root/bin/vigil" run --check-only --status-port 0 ${VIGIL_RUN_ARGS:-} -f "$work/vigil.conf" > "$work/vigil.log" 2>&1 &
vpid=$!
i=0
until [ -s "$work/c.pid" ]; do
  i=$((i + 1)); [ $i -le 300 ] || { echo "keepalived's checker never started" >&2; cat "$work/keepalived.log" >&2; exit 1; }
  sleep 0.2
done
cpid=$(cat "$work/c.pid")

# utime and stime (ticks) of a /proc .../stat file: the 12th and 13th fields after the name's ')', as
# a name may hold spaces ("VM Periodic Task", "C1 CompilerThread0") that shift the fields counted
# from the start
user_sys_of() { sed 's/.*) //' "$1" | awk '{ print $12, $13 }'; }
ticks() { user_sys_of "/proc/$1/stat" | awk '{ print $1 + $2 }'; }
user_sys() { user_sys_of "/proc/$1/stat"; }
counts() { kill -USR1 $lpid; sleep 1; cat "$work/counts"; }
count_of() { awk -v a="$1" '$1 == a { c = $2 } END { print c + 0 }' "$2"; }
rss() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }
# Vigil's CPU ticks by kind of thread: the checks' event loops, the JIT compilers, the IPVS thread
# (vigil-lvs: the verdicts' writes and the drift repair's dump every --reconcile-interval), the rest;
# each as user and system time: "loops_user loops_sys jit_user jit_sys ipvs_user ipvs_sys ..."
by_thread() {
  for t in /proc/$1/task/*; do
    printf '%s %s\n' "$(tr ' ' _ < "$t/comm")" "$(user_sys_of "$t/stat" 2> /dev/null | grep . || echo 0 0)"
  done | awk '{ k = "other" }
    $1 ~ /^multiThreadIo/ { k = "event_loops" } $1 ~ /Compiler/ { k = "jit" } $1 == "vigil-lvs" { k = "ipvs" }
    { u[k] += $2; s[k] += $3 }
    END { printf "%d %d %d %d %d %d %d %d\n", u["event_loops"], s["event_loops"], u["jit"], s["jit"], u["ipvs"], s["ipvs"], u["other"], s["other"] }'
}

# under TCG the JVM takes minutes to load and compile before its first check: wait for that
# (at most 15 minutes), then WARMUP more seconds, so the window measures the steady state
started=$(date +%s)
until counts > "$work/c0" && [ "$(count_of 127.0.0.3 "$work/c0")" -gt 0 ]; do
  [ $(($(date +%s) - started)) -le 900 ] || { echo "vigil never checked" >&2; tail -n 20 "$work/vigil.log" >&2; exit 1; }
  sleep 5
done
first_check_s=$(($(date +%s) - started))
echo "vigil's first check after ${first_check_s} s" >&2
sleep "$warmup"
load0=$(cut -d' ' -f1-3 /proc/loadavg)
k0=$(ticks "$cpid"); v0=$(ticks $vpid); ku0=$(user_sys "$cpid"); b0=$(by_thread $vpid); counts > "$work/c0"; t0=$(date +%s.%N)
sleep "$window"
k1=$(ticks "$cpid"); v1=$(ticks $vpid); ku1=$(user_sys "$cpid"); b1=$(by_thread $vpid); counts > "$work/c1"; t1=$(date +%s.%N)
krss=$(rss "$cpid"); vrss=$(rss $vpid)
kchecks=$(( $(count_of 127.0.0.2 "$work/c1") - $(count_of 127.0.0.2 "$work/c0") ))
vchecks=$(( $(count_of 127.0.0.3 "$work/c1") - $(count_of 127.0.0.3 "$work/c0") ))
kill -TERM $vpid; kill -TERM $kpid
vexit=0; wait $vpid || vexit=$?
wait $kpid || true
kill $lpid; wait $lpid 2> /dev/null || true
{
  echo "counts before: $(cat "$work/c0" | tr '\n' ' ') after: $(cat "$work/c1" | tr '\n' ' ')"
  echo "keepalived log (last lines):"; tail -n 5 "$work/keepalived.log"
  echo "vigil log (last lines):"; tail -n 5 "$work/vigil.log"
} >&2
# the logs beside OUT (what went down, and why)
[ -z "$out" ] || { cp "$work/vigil.log" "${out%.json}-vigil.log"; cp "$work/keepalived.log" "${out%.json}-keepalived.log"; }
kdown=$(grep -c -i 'down\|fail' "$work/keepalived.log" || true)
vdown=$(grep -c ' down\| DOWN' "$work/vigil.log" || true)

date_utc=$(date -u +%Y-%m-%d)
mkdir -p "$results"
awk -v n="$n" -v hz="$hz" -v kt=$((k1 - k0)) -v vt=$((v1 - v0)) -v kc="$kchecks" -v vc="$vchecks" \
  -v t0="$t0" -v t1="$t1" -v krss="$krss" -v vrss="$vrss" -v warmup="$warmup" \
  -v kernel="$(uname -r)" -v kv="$(keepalived --version 2>&1 | head -1)" -v java="$(java -version 2>&1 | head -1 | tr -d '"')" \
  -v kind="$([ "$kind" = http ] && echo 'HTTP_GET (url / status_code 200)' || echo TCP_CHECK)" -v delay="$delay" \
  -v load="$load0" -v opts="${VIGIL_JAVA_OPTS:-}" -v runargs="${VIGIL_RUN_ARGS:-}" \
  -v b0="$b0" -v b1="$b1" -v ku0="$ku0" -v ku1="$ku1" \
  -v first="$first_check_s" -v date="$(date -u +%Y-%m-%dT%H:%M:%SZ)" -v vexit="$vexit" -v kdown="$kdown" -v vdown="$vdown" -v cpus="$(nproc)" 'BEGIN {
  w = t1 - t0; kcpu = kt / hz; vcpu = vt / hz
  kper = kc ? kcpu / kc * 10000 : -1; vper = vc ? vcpu / vc * 10000 : -1
  printf "{\n"
  printf "  \"benchmark\": \"%s of %d local listeners at delay_loop %s s, keepalived -C and vigil run --check-only side by side\",\n", kind, n, delay
  printf "  \"date\": \"%s\",\n  \"kernel\": \"%s\",\n  \"keepalived\": \"%s\",\n  \"java\": \"%s\",\n", date, kernel, kv, java
  printf "  \"environment\": \"lab VM (qemu TCG, %d vCPU), tests/lab/vm; absolute figures are not a real host'"'"'s, compare the ratio only\",\n", cpus
  printf "  \"load_before_window\": \"%s\",\n  \"vigil_java_opts\": \"%s\",\n  \"vigil_run_args\": \"%s\",\n", load, opts, runargs
  printf "  \"kind\": \"%s\",\n  \"delay_loop_s\": %s,\n", kind, delay
  printf "  \"real_servers\": %d,\n  \"vigil_first_check_after_s\": %d,\n  \"warmup_after_first_check_s\": %d,\n  \"window_s\": %.1f,\n", n, first, warmup, w
  printf "  \"keepalived_checks\": %d,\n  \"keepalived_cpu_s\": %.2f,\n  \"keepalived_cpu_s_per_10k_checks\": %.3f,\n  \"keepalived_rss_kib\": %d,\n", kc, kcpu, kper, krss
  printf "  \"vigil_checks\": %d,\n  \"vigil_cpu_s\": %.2f,\n  \"vigil_cpu_s_per_10k_checks\": %.3f,\n  \"vigil_rss_kib\": %d,\n", vc, vcpu, vper, vrss
  printf "  \"ratio_vigil_to_keepalived_cpu_per_check\": %.3f,\n", (kper > 0 && vper > 0) ? vper / kper : -1
  split(b0, x0, " "); split(b1, x1, " "); split(ku0, y0, " "); split(ku1, y1, " ")
  for (i = 1; i <= 8; i++) d[i] = (x1[i] - x0[i]) / hz
  loops = d[1] + d[2]
  printf "  \"keepalived_cpu_s_user_sys\": [%.2f, %.2f],\n", (y1[1] - y0[1]) / hz, (y1[2] - y0[2]) / hz
  printf "  \"vigil_cpu_s_by_thread\": {\"event_loops\": %.2f, \"jit\": %.2f, \"ipvs\": %.2f, \"other\": %.2f},\n", loops, d[3] + d[4], d[5] + d[6], d[7] + d[8]
  printf "  \"vigil_cpu_s_by_thread_user_sys\": {\"event_loops\": [%.2f, %.2f], \"jit\": [%.2f, %.2f], \"ipvs\": [%.2f, %.2f], \"other\": [%.2f, %.2f]},\n", d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8]
  printf "  \"ratio_vigil_event_loops_to_keepalived_cpu_per_check\": %.3f,\n", (kc > 0 && vc > 0 && kcpu > 0) ? (loops / vc) / (kcpu / kc) : -1
  printf "  \"expected_checks_each\": %d,\n", n * w / delay
  printf "  \"keepalived_log_lines_down_or_fail\": %d,\n  \"vigil_log_lines_down\": %d,\n  \"vigil_exit_on_sigterm\": %d\n}\n", kdown, vdown, vexit
}' > "$work/result.json"
name=checks-vs-keepalived-$date_utc-$kind-n$n-delay$delay-warmup${warmup}s.json
cp "$work/result.json" "$results/$name" 2> /dev/null || echo "(results/ not writable here: see OUT)" >&2
[ -z "$out" ] || cp "$work/result.json" "$out"
cat "$work/result.json"
rm -rf "$work"
