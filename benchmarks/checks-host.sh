#!/bin/sh
# Benchmark and profiling harness (not a test): Vigil's checker engine alone, on the host (no IPVS:
# `vigil checks` runs the checkers without touching it). N HTTP_GET (or TCP_CHECK) real servers on
# 127.0.0.1 ports, delay_loop DELAY; WARMUP seconds after the first check it measures WINDOW
# seconds of the JVM's CPU (utime + stime) and the checks made (the listeners count connections
# from 127.0.0.3, the checks' bindto) and prints CPU seconds per 10,000 checks and the RSS as JSON.
#
#   benchmarks/checks-host.sh [http|tcp] [N] [DELAY] [WARMUP] [WINDOW] > result.json
#
# JVM options go in VIGIL_JAVA_OPTS as for bin/vigil; a profile, for example:
#   VIGIL_JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/checks.jfr,settings=profile' \
#     benchmarks/checks-host.sh http 1000 1 30 60
#   jfr print --events jdk.ExecutionSample /tmp/checks.jfr
# Build first (mvn -B -DskipTests package).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
kind=${1:-http}
n=${2:-1000}
delay=${3:-1}
warmup=${4:-30}
window=${5:-60}
work=$(mktemp -d)
hz=$(getconf CLK_TCK)
base=20000
lpid=""
vpid=""
cleanup() {
  [ -z "$vpid" ] || kill -TERM "$vpid" 2> /dev/null || true
  [ -z "$lpid" ] || kill "$lpid" 2> /dev/null || true
  [ -z "$vpid" ] || wait "$vpid" 2> /dev/null || true
  [ -z "$lpid" ] || wait "$lpid" 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

python3 "$root/benchmarks/listeners.py" "$kind" "$n" $base "$work/counts" > "$work/listeners.out" 2>&1 &
lpid=$!
i=0
until grep -q ready "$work/listeners.out"; do
  i=$((i + 1)); [ $i -le 300 ] || { echo "listeners never ready" >&2; cat "$work/listeners.out" >&2; exit 1; }
  sleep 0.2
done

sh "$root/benchmarks/checks-conf.sh" "$kind" "$n" $base "$delay" 192.0.2.11 127.0.0.3 > "$work/vigil.conf"
"$root/bin/vigil" checks -f "$work/vigil.conf" > "$work/vigil.log" 2>&1 &
vpid=$!

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
counts() { kill -USR1 $lpid; sleep 1; cat "$work/counts"; }
count_of() { awk -v a="$1" '$1 == a { c = $2 } END { print c + 0 }' "$2"; }
rss() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }

started=$(date +%s)
until counts > "$work/c0" && [ "$(count_of 127.0.0.3 "$work/c0")" -gt 0 ]; do
  [ $(($(date +%s) - started)) -le 300 ] || { echo "vigil never checked" >&2; tail -n 20 "$work/vigil.log" >&2; exit 1; }
  sleep 2
done
sleep "$warmup"
v0=$(ticks $vpid); counts > "$work/c0"; t0=$(date +%s.%N)
sleep "$window"
v1=$(ticks $vpid); counts > "$work/c1"; t1=$(date +%s.%N)
vrss=$(rss $vpid)
vchecks=$(( $(count_of 127.0.0.3 "$work/c1") - $(count_of 127.0.0.3 "$work/c0") ))
vdown=$(grep -c ' down' "$work/vigil.log" || true)
awk -v kind="$kind" -v n="$n" -v delay="$delay" -v hz="$hz" -v vt=$((v1 - v0)) -v vc="$vchecks" \
  -v t0="$t0" -v t1="$t1" -v vrss="$vrss" -v down="$vdown" -v opts="${VIGIL_JAVA_OPTS:-}" \
  -v load="$(cut -d' ' -f1-3 /proc/loadavg)" -v date="$(date -u +%Y-%m-%dT%H:%M:%SZ)" 'BEGIN {
  w = t1 - t0; cpu = vt / hz
  printf "{\"date\": \"%s\", \"kind\": \"%s\", \"real_servers\": %d, \"delay_loop_s\": %s, ", date, kind, n, delay
  printf "\"window_s\": %.1f, \"checks\": %d, \"expected_checks\": %d, \"cpu_s\": %.2f, ", w, vc, n * w / delay, cpu
  printf "\"cpu_s_per_10k_checks\": %.3f, \"rss_kib\": %d, \"log_lines_down\": %d, ", vc ? cpu / vc * 10000 : -1, vrss, down
  printf "\"load\": \"%s\", \"vigil_java_opts\": \"%s\"}\n", load, opts
}'
