#!/usr/bin/env bash
# keepalived-vs-vigil.sh N SECONDS RESULTS CLASSPATH
#
# Benchmark, not a test: keepalived's checker process (keepalived -C) and Vigil's engine check the
# same N local HTTP servers (BenchHttpServers, in their own JVM) with HTTP_GET at a 1 s delay_loop,
# one after the other, each for SECONDS after a warmup. keepalived needs IPVS, so this runs inside
# the lab VM (tests/lab/vm, a real IPVS kernel under qemu TCG: absolute figures are ~10x a real
# host's; the comparison is what counts). Checks are counted by the servers, CPU from /proc.
#
#   mvn -B -ntp -o -pl healthcheck -am test-compile -DskipTests
#   mvn -B -ntp -o -q -pl healthcheck dependency:build-classpath -Dmdep.outputFile=/tmp/hc-cp.txt
#   CP=healthcheck/target/classes:healthcheck/target/test-classes:ipvs-netlink/target/classes:kernel/target/classes:$(cat /tmp/hc-cp.txt)
#   tests/lab/vm --out /tmp/hc-out -- healthcheck/bench/keepalived-vs-vigil.sh 1000 30 /tmp/hc-out/results.txt "$CP"
set -euo pipefail
n=$1 secs=$2 results=$3 cp=$4
java=${JAVA_HOME:-/usr/lib/jvm/default-java}/bin/java
[ -x "$java" ] || java=java
work=$(mktemp -d)
hz=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

coproc SERVERS { exec "$java" -Xmx512m -cp "$cp" io.vigil.healthcheck.bench.BenchHttpServers "$n"; }
read -r ready <&"${SERVERS[0]}"
echo "servers: $ready" >&2
served() { echo count >&"${SERVERS[1]}"; read -r c <&"${SERVERS[0]}"; echo "$c"; }

# keepalived: one virtual server, N real servers with one HTTP_GET each
{
  echo 'global_defs { router_id bench }'
  echo 'virtual_server 192.0.2.10 80 {'
  echo '  delay_loop 1'
  echo '  lb_algo rr'
  echo '  lb_kind DR'
  echo '  protocol TCP'
  for ((i = 0; i < n; i++)); do
    a=$((1 + i % 4)) p=$((10000 + i / 4))
    echo "  real_server 127.0.0.$a $p { weight 1"
    echo "    HTTP_GET { url { path / status_code 200 } connect_timeout 5 retry 1 } }"
  done
  echo '}'
} > "$work/keepalived.conf"

keepalived -C -n -D -f "$work/keepalived.conf" -p "$work/k.pid" -c "$work/c.pid" >"$work/keepalived.log" 2>&1 &
kpid=$!
for ((i = 0; i < 100; i++)); do [ -s "$work/c.pid" ] && break; sleep 0.2; done
cpid=$(cat "$work/c.pid")
sleep 8
c0=$(cpu_ticks "$cpid") s0=$(served) t0=$(date +%s.%N)
sleep "$secs"
c1=$(cpu_ticks "$cpid") s1=$(served) t1=$(date +%s.%N)
rss=$(awk '/VmRSS/ {print $2}' "/proc/$cpid/status")
kill "$kpid"; wait "$kpid" || true
awk -v n="$n" -v c="$((c1 - c0))" -v hz="$hz" -v s="$((s1 - s0))" -v t0="$t0" -v t1="$t1" -v rss="$rss" \
  'BEGIN { w = t1 - t0; printf "%s keepalived-2.2.7 -C HTTP_GET servers=%d delay_loop=1s window=%.1fs checks=%d checks/s=%.0f cpu_s=%.2f cpu_s_per_10k_checks=%.3f VmRSS=%d kB (lab VM, TCG)\n", strftime("%FT%TZ", systime(), 1), n, w, s, s / w, c / hz, (s ? c / hz / s * 10000 : 0), rss }' \
  | tee -a "$results"
grep -c -i 'down\|fail' "$work/keepalived.log" | sed 's/^/keepalived log lines with down|fail: /' >&2 || true

# Vigil, on the same servers: its own benchmark measures its own JVM
exec {SERVERS[1]}>&-
wait "$SERVERS_PID" || true
"$java" -cp "$cp" io.vigil.healthcheck.bench.HttpCheckBenchmark "$n" "$secs" "$results.vigil"
sed 's/$/ (lab VM, TCG)/' "$results.vigil" >> "$results"
rm -rf "$work"
