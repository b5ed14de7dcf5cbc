#!/bin/sh
# Benchmark (not a test): keepalived's checker process (`keepalived -C`) and Vigil (`vigil run
# --check-only`, the packaged JVM options of bin/vigil) check the same N local TCP listeners with
# TCP_CHECK at a 1 s delay_loop, at the same time. WARMUP seconds after Vigil's first check,
# it measures WINDOW seconds: each process's CPU (utime + stime from /proc/PID/stat) and the checks
# each made (the listeners count accepted connections by source address: keepalived binds its
# checks to 127.0.0.2, Vigil to 127.0.0.3), and writes CPU seconds per 10,000 checks for each and
# their ratio to benchmarks/results/checks-vs-keepalived-DATE-nN-warmupWARMUPs.json.
#
# keepalived -C needs IPVS, so this runs in the lab VM (qemu TCG: everything is ~10x slower than
# on a real host, and the two compete for the same 2 vCPUs; the absolute figures mean little, the
# ratio is the comparison). Build first (`mvn -B -DskipTests package`), then:
#
#   VIGIL_LAB_CACHE=... tests/lab/vm --timeout 1800 --out $PWD/benchmarks/results -- \
#     sh benchmarks/checks-vs-keepalived.sh 50 60 60
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-100}
warmup=${2:-90}
window=${3:-60}
results=$root/benchmarks/results
work=$(mktemp -d)
hz=$(getconf CLK_TCK)
base=20000

# N listeners on 127.0.0.1, accepting and closing, counting connections by source address;
# SIGUSR1 writes the counts to a file
cat > "$work/listeners.py" <<'PY'
import os, selectors, signal, socket, sys
n, base, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
sel = selectors.DefaultSelector()
for p in range(base, base + n):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", p))
    s.listen(512)
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ)
counts = {}
def dump(*_):
    with open(out + ".tmp", "w") as f:
        f.write("".join("%s %d\n" % kv for kv in counts.items()))
    os.rename(out + ".tmp", out)
signal.signal(signal.SIGUSR1, dump)
print("ready", flush=True)
while True:
    for key, _ in sel.select():
        while True:
            try:
                c, addr = key.fileobj.accept()
            except BlockingIOError:
                break
            counts[addr[0]] = counts.get(addr[0], 0) + 1
            c.close()
PY
python3 "$work/listeners.py" "$n" $base "$work/counts" > "$work/listeners.out" 2>&1 &
lpid=$!
i=0
until grep -q ready "$work/listeners.out"; do
  i=$((i + 1)); [ $i -le 300 ] || { echo "listeners never ready" >&2; cat "$work/listeners.out" >&2; exit 1; }
  sleep 0.2
done

conf() { # VIP BINDTO
  echo "virtual_server $1 80 {"
  echo "  delay_loop 1"
  echo "  lb_algo rr"
  echo "  lb_kind NAT"
  echo "  protocol TCP"
  p=$base
  while [ $p -lt $((base + n)) ]; do
    echo "  real_server 127.0.0.1 $p {"
    echo "    weight 1"
    echo "    TCP_CHECK {"
    echo "      connect_timeout 5"
    echo "      retry 1"
    echo "      bindto $2"
    echo "    }"
    echo "  }"
    p=$((p + 1))
  done
  echo "}"
}
{ echo "global_defs {"; echo "  router_id bench"; echo "}"; conf 192.0.2.10 127.0.0.2; } > "$work/keepalived.conf"
conf 192.0.2.11 127.0.0.3 > "$work/vigil.conf"

keepalived -C -n -D -f "$work/keepalived.conf" -p "$work/k.pid" -c "$work/c.pid" > "$work/keepalived.log" 2>&1 &
kpid=$!
"$root/bin/vigil" run --check-only --status-port 0 -f "$work/vigil.conf" > "$work/vigil.log" 2>&1 &
vpid=$!
i=0
until [ -s "$work/c.pid" ]; do
  i=$((i + 1)); [ $i -le 300 ] || { echo "keepalived's checker never started" >&2; cat "$work/keepalived.log" >&2; exit 1; }
  sleep 0.2
done
cpid=$(cat "$work/c.pid")

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
counts() { kill -USR1 $lpid; sleep 1; cat "$work/counts"; }
count_of() { awk -v a="$1" '$1 == a { c = $2 } END { print c + 0 }' "$2"; }
rss() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }

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
k0=$(ticks "$cpid"); v0=$(ticks $vpid); counts > "$work/c0"; t0=$(date +%s.%N)
sleep "$window"
k1=$(ticks "$cpid"); v1=$(ticks $vpid); counts > "$work/c1"; t1=$(date +%s.%N)
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
kdown=$(grep -c -i 'down\|fail' "$work/keepalived.log" || true)
vdown=$(grep -c ' down\| DOWN' "$work/vigil.log" || true)

date_utc=$(date -u +%Y-%m-%d)
mkdir -p "$results"
awk -v n="$n" -v hz="$hz" -v kt=$((k1 - k0)) -v vt=$((v1 - v0)) -v kc="$kchecks" -v vc="$vchecks" \
  -v t0="$t0" -v t1="$t1" -v krss="$krss" -v vrss="$vrss" -v warmup="$warmup" \
  -v kernel="$(uname -r)" -v kv="$(keepalived --version 2>&1 | head -1)" -v java="$(java -version 2>&1 | head -1 | tr -d '"')" \
  -v first="$first_check_s" -v date="$(date -u +%Y-%m-%dT%H:%M:%SZ)" -v vexit="$vexit" -v kdown="$kdown" -v vdown="$vdown" -v cpus="$(nproc)" 'BEGIN {
  w = t1 - t0; kcpu = kt / hz; vcpu = vt / hz
  kper = kc ? kcpu / kc * 10000 : -1; vper = vc ? vcpu / vc * 10000 : -1
  printf "{\n"
  printf "  \"benchmark\": \"TCP_CHECK of %d local listeners at delay_loop 1 s, keepalived -C and vigil run --check-only side by side\",\n", n
  printf "  \"date\": \"%s\",\n  \"kernel\": \"%s\",\n  \"keepalived\": \"%s\",\n  \"java\": \"%s\",\n", date, kernel, kv, java
  printf "  \"environment\": \"lab VM (qemu TCG, %d vCPU), tests/lab/vm; absolute figures are not a real host'"'"'s, compare the ratio only\",\n", cpus
  printf "  \"real_servers\": %d,\n  \"vigil_first_check_after_s\": %d,\n  \"warmup_after_first_check_s\": %d,\n  \"window_s\": %.1f,\n", n, first, warmup, w
  printf "  \"keepalived_checks\": %d,\n  \"keepalived_cpu_s\": %.2f,\n  \"keepalived_cpu_s_per_10k_checks\": %.3f,\n  \"keepalived_rss_kib\": %d,\n", kc, kcpu, kper, krss
  printf "  \"vigil_checks\": %d,\n  \"vigil_cpu_s\": %.2f,\n  \"vigil_cpu_s_per_10k_checks\": %.3f,\n  \"vigil_rss_kib\": %d,\n", vc, vcpu, vper, vrss
  printf "  \"ratio_vigil_to_keepalived_cpu_per_check\": %.3f,\n", (kper > 0 && vper > 0) ? vper / kper : -1
  printf "  \"expected_checks_each\": %d,\n", n * w
  printf "  \"keepalived_log_lines_down_or_fail\": %d,\n  \"vigil_log_lines_down\": %d,\n  \"vigil_exit_on_sigterm\": %d\n}\n", kdown, vdown, vexit
}' > "$results/checks-vs-keepalived-$date_utc-n$n-warmup${warmup}s.json"
cat "$results/checks-vs-keepalived-$date_utc-n$n-warmup${warmup}s.json"
rm -rf "$work"
