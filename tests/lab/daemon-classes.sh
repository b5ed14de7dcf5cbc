#!/bin/sh
# Writes the list of classes that a running director loads, for the class-data sharing archive's
# training run (io.vigil.director.cli.CdsTraining loads every class named there, so that the
# archive holds what `vigil run` needs, not only what the training itself executes). Needs IPVS:
# run it in the lab VM, after a build, and commit the result:
#
#   tests/lab/vm --out director/src/main/resources/io/vigil/director/cli -- \
#     sh tests/lab/daemon-classes.sh director/src/main/resources/io/vigil/director/cli/daemon-classes.txt
#
# What it runs, in a network namespace of its own: `vigil run` (the JVM options of bin/vigil, no
# archive, -XX:DumpLoadedClassList) with benchmarks/footprint-conf.sh's 10 VIPs and virtual servers
# plus one virtual server whose two real servers on 127.0.0.1 are checked with HTTP_GET and
# TCP_CHECK (a python HTTP server answers them), until every VIP and real server is in, and 10 s
# more for a few rounds of checks; `vigil status` against it; its link down (FAULT) and up; then
# SIGTERM, so that the stop's classes are in too. The list keeps class names only (no lambda
# forms, proxies, JFR's event handlers or hidden classes: those are made at run time, and a stale
# entry of theirs could stop the archive from being written).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
ns=vigilcds
work=$(mktemp -d /tmp/vigil-cds.XXXXXX)
conf=$work/keepalived.conf
jar=$root/director/target/vigil-director-0.1.0.jar
lib=$root/director/target/lib

ip netns add $ns
nsx() { ip netns exec $ns "$@"; }
cleanup() {
  ip netns pids $ns 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
  ip netns del $ns 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
nsx ip link set lo up
nsx ip link add eth0 type veth peer name eth1
nsx ip link set eth1 up
nsx ip addr add 198.51.100.254/24 dev eth0
nsx ip link set eth0 up

sh "$root/benchmarks/footprint-conf.sh" 10 > "$conf"
cat >> "$conf" <<'EOF'
virtual_server 192.0.2.200 80 {
  delay_loop 2
  lb_algo wrr
  lb_kind NAT
  protocol TCP
  real_server 127.0.0.1 8080 {
    HTTP_GET {
      url {
        path /
        status_code 200
      }
      connect_timeout 5
    }
  }
  real_server 127.0.0.2 8080 {
    TCP_CHECK {
      connect_timeout 5
    }
  }
}
EOF
mkdir "$work/www"
echo ok > "$work/www/index.html"
(cd "$work/www" && nsx setsid python3 -m http.server --bind 0.0.0.0 8080 > "$work/http.log" 2>&1 &)
n=0
until nsx ss -Hltn 'sport = :8080' | grep -q LISTEN; do
  n=$((n + 1)); [ $n -le 600 ] || { echo "daemon-classes: the HTTP server never listened" >&2; exit 1; }
  sleep 0.2
done

ip netns exec $ns setsid sh -c "exec $(command -v java) -XX:+UseSerialGC -Xss512k -Xlog:disable -Xlog:all=warning:stderr \
  -Dvigil.jna.cache=$root/director/target/jni -XX:DumpLoadedClassList=$work/run.lst \
  -cp '$jar:$lib/*' io.vigil.director.cli.VigilCommand run -f $conf" > "$work/run.log" 2>&1 &
pid=$! # java's own (ip netns exec and setsid exec it, where a shell function would have forked)
# up: the 10 VIPs and 10 x 10 + 2 real servers (no alpha: checked ones are in from the start)
ready() {
  [ "$(nsx ip -o -4 addr show dev eth0 | grep -c ' 203.0.113.')" = 10 ] &&
    [ "$(nsx ipvsadm -Ln | grep -c -- '->.*Masq')" = 102 ]
}
n=0
until ready; do
  n=$((n + 1))
  [ $n -le 1500 ] || { echo "daemon-classes: vigil never got ready" >&2; tail -20 "$work/run.log" >&2; exit 1; }
  sleep 0.2
done
sleep 10 # a few check rounds (delay_loop 2)
# C1 alone, as bin/vigil runs it; under emulation a cold JVM's first HTTP exchange can outlast the
# command's 5 s timeout (2026-12-07), so it gets three tries
n=0
until nsx sh -c "$(command -v java) -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xlog:disable \
  -XX:DumpLoadedClassList=$work/status.lst -cp '$jar:$lib/*' io.vigil.director.cli.VigilCommand status" \
  > "$work/status.out" 2>&1; do
  n=$((n + 1))
  [ $n -lt 3 ] || { echo "daemon-classes: vigil status failed" >&2; cat "$work/status.out" >&2; exit 1; }
done
# the instance's link down and up again (FAULT, then BACKUP and MASTER once more), so that a
# tracked interface's way is in the list too
masters() { grep -c 'INSTANCE VI_1: MASTER' "$work/run.log" || true; }
was=$(masters)
nsx ip link set eth1 down
n=0
until grep -q 'INSTANCE VI_1: FAULT' "$work/run.log"; do
  n=$((n + 1)); [ $n -le 600 ] || { echo "daemon-classes: no FAULT" >&2; exit 1; }
  sleep 0.1
done
nsx ip link set eth1 up
n=0
until [ "$(masters)" -gt "$was" ]; do
  n=$((n + 1)); [ $n -le 600 ] || { echo "daemon-classes: no MASTER again" >&2; exit 1; }
  sleep 0.1
done
kill -TERM $pid
n=0
while kill -0 $pid 2>/dev/null; do
  n=$((n + 1)); [ $n -le 600 ] || { echo "daemon-classes: vigil did not stop" >&2; exit 1; }
  sleep 0.1
done

{
  echo "# Classes that \`vigil run\` (and \`vigil status\`) loaded in the lab VM, for CdsTraining to load"
  echo "# into the class-data sharing archive. Made by tests/lab/daemon-classes.sh (see there how to"
  echo "# refresh it); a missing class is skipped, so an old list only makes the archive smaller."
  cat "$work/run.lst" "$work/status.lst" | grep -v '^#' | grep -v '^@' | awk '{ print $1 }' |
    grep -v '\$\$\|\$Proxy\|/\$Proxy\|^jdk/jfr/internal/handlers/EventHandler[0-9]\|^$' | sort -u
} > "$out"
echo "daemon-classes: $(grep -vc '^#' "$out") classes in $out" >&2
