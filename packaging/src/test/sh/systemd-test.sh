#!/bin/bash
# systemd-test.sh DEB: the .deb's unit run by a real systemd (PID 1 of the lab VM booted with
# `tests/lab/vm --init systemd`), with a real configuration: the sandbox, the seccomp filter,
# Type=notify, the watchdog, reload and stop, as an administrator would meet them.
#
#   - dpkg -i: the unit is enabled, and the postinst's start is skipped (ExecCondition) while
#     /etc/vigil/vigil.conf is the commented example;
#   - a VRRP instance on a veth (its peer in a namespace) and a virtual server whose real servers
#     live in another namespace, one listening (TCP_CHECK passes) and one not (it fails);
#   - systemctl start returns once Vigil sent READY=1; the IPVS table, VRRP MASTER with the VIP,
#     adverts on the wire; systemctl reload (RELOADING=1, READY=1) applies an edit in place;
#     the watchdog keeps it alive well past WatchdogSec; systemctl stop exits 0 and removes the
#     entries and the VIP; the journal shows no sandbox denial.
#
# Any system call the unit's SystemCallFilter= refuses kills the daemon in this test (a runtime
# drop-in sets SystemCallErrorNumber=kill instead of the unit's EPERM, and the kernel logs the
# kill): the test proves Vigil makes none, rather than trusting that an EPERM was harmless.
# Prints "check: ..." per check and timings; exits 1 on the first failure.
set -euo pipefail
deb=$(readlink -f "$1")
fail() {
  echo "FAIL: $*" >&2
  echo "--- journalctl -u vigil (last 60 lines)" >&2
  journalctl -u vigil --no-pager -n 60 -o short-monotonic >&2 || true
  echo "--- seccomp in the kernel log" >&2
  journalctl -k --no-pager -o cat | grep -E 'type=1326|seccomp' >&2 || true
  exit 1
}
ok() { echo "check: $*"; }
[ "$(id -u)" = 0 ] || fail "run as root (in the lab VM)"
[ -n "${VIGIL_IN_VM:-}" ] || fail "refusing to install packages outside the lab VM"
[ "$(cat /proc/1/comm)" = systemd ] || fail "PID 1 is $(cat /proc/1/comm): run with tests/lab/vm --init systemd"

now_s() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v a="$1" -v b="$(now_s)" 'BEGIN { printf "%.1f", b - a }'; }
# wait_for SECONDS WHAT COMMAND...: poll COMMAND once a second until it succeeds, bounded.
wait_for() {
  local limit=$1 what=$2 t0
  shift 2
  t0=$(now_s)
  while ! "$@" >/dev/null 2>&1; do
    [ "$(awk -v a="$t0" -v b="$(now_s)" -v l="$limit" 'BEGIN { print (b - a > l) }')" = 0 ] ||
      fail "$what: not within ${limit}s"
    sleep 1
  done
}
prop() { systemctl show -p "$1" --value vigil.service; }
journal() { journalctl -u vigil.service --no-pager -o cat; }

state=$(systemctl is-system-running --wait || true)
ok "systemd $(systemctl --version | sed -n '1s/^systemd \([0-9]*\).*/\1/p') is PID 1, system $state;" \
  "$(systemd-analyze time | head -n 1)"

# This root is thrown away. Docker's policy-rc.d (the host is a container image) forbids
# maintainer scripts to start services; a booted system has none, so neither does this one.
rm -f /usr/sbin/policy-rc.d /var/lib/man-db/auto-update

# --- install: enabled, and skipped while the configuration is the commented example --------------
t=$(now_s)
dpkg -i "$deb" >/dev/null || fail "dpkg -i"
ok "dpkg -i took $(since "$t")s (postinst: user, class-data archive, enable, start)"
[ "$(systemctl is-enabled vigil.service)" = enabled ] || fail "not enabled: $(systemctl is-enabled vigil.service)"
[ "$(prop ActiveState)" = inactive ] || fail "started with the example configuration: $(prop ActiveState)"
journal | grep -q 'has only comments: not configured, not starting' ||
  fail "the postinst's start did not reach ExecCondition"
journalctl --no-pager -o cat | grep -q "vigil.service: Skipped due to 'exec-condition'" ||
  fail "systemd did not report the skip"
ok "enabled on install; the postinst's start was skipped: $(journal | grep 'not configured')"
# systemd records the skip as Result=exec-condition; the unit is inactive, not failed.
[ "$(prop Result)" = exec-condition ] && [ "$(systemctl is-failed vigil.service)" = inactive ] ||
  fail "a skip must not fail the unit: Result=$(prop Result), $(systemctl is-failed vigil.service)"
systemctl start vigil.service || fail "systemctl start with the example configuration failed"
[ "$(prop ActiveState)" = inactive ] && [ "$(prop NRestarts)" = 0 ] ||
  fail "with the example: $(prop ActiveState), restarts $(prop NRestarts)"
ok "systemctl start with the example: exit 0, skipped again, not failed, no restart loop"

# --- the network: a VRRP link and two real servers in namespaces -----------------------------------
ip netns add peer
ip link add vl0 type veth peer name vl1 netns peer
ip addr add 192.0.2.1/24 dev vl0 && ip link set vl0 up
ip -n peer addr add 192.0.2.2/24 dev vl1 && ip -n peer link set vl1 up && ip -n peer link set lo up
ip netns add rs
ip link add vr0 type veth peer name vr1 netns rs
ip addr add 198.51.100.1/24 dev vr0 && ip link set vr0 up
ip -n rs addr add 198.51.100.11/24 dev vr1 && ip -n rs addr add 198.51.100.12/24 dev vr1
ip -n rs link set vr1 up && ip -n rs link set lo up
# 198.51.100.11:8080 listens (its TCP_CHECK passes); 198.51.100.12:8080 refuses (its check fails).
timeout 1200 ip netns exec rs python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("198.51.100.11", 8080)); s.listen(64)
while True: s.accept()[0].close()' &
listener=$!
trap 'kill $listener 2>/dev/null || true' EXIT
wait_for 30 "the real server's listener" ip netns exec rs ss -Hltn 'sport = :8080'

umask 022
cat >/etc/vigil/vigil.conf <<'EOF'
global_defs {
    router_id lab
}

vrrp_instance VI_LAB {
    state BACKUP
    interface vl0
    virtual_router_id 51
    priority 150
    advert_int 1
    virtual_ipaddress {
        192.0.2.10/24 dev vl0
    }
}

virtual_server 192.0.2.10 80 {
    delay_loop 2
    lb_algo wlc
    lb_kind NAT
    protocol TCP
    real_server 198.51.100.11 8080 {
        weight 1
        TCP_CHECK {
            connect_timeout 2
            retry 1
            delay_before_retry 1
        }
    }
    real_server 198.51.100.12 8080 {
        weight 1
        TCP_CHECK {
            connect_timeout 2
            retry 1
            delay_before_retry 1
        }
    }
}
EOF
[ "$(stat -c '%a %U:%G' /etc/vigil/vigil.conf)" = "640 root:vigil" ] || fail "vigil.conf mode changed"

# Test-only settings, as a runtime drop-in: any filtered system call is fatal (see above); the
# JVM's first JIT tier only and a longer start timeout, as everything runs ~10x slower under TCG.
mkdir -p /run/systemd/system/vigil.service.d
cat >/run/systemd/system/vigil.service.d/lab.conf <<'EOF'
[Service]
SystemCallErrorNumber=kill
Environment=VIGIL_JAVA_OPTS=-XX:TieredStopAtLevel=1
TimeoutStartSec=600
EOF
systemctl daemon-reload

# --- start: READY=1 ---------------------------------------------------------------------------------
t=$(now_s)
systemctl start vigil.service || fail "systemctl start vigil"
start_s=$(since "$t")
[ "$(systemctl is-active vigil.service)" = active ] || fail "is-active: $(systemctl is-active vigil.service)"
pid=$(prop MainPID)
[ "$(ps -o user= -p "$pid")" = vigil ] || fail "the daemon runs as $(ps -o user= -p "$pid")"
caps=$(grep -E '^Cap(Eff|Bnd|Amb):' "/proc/$pid/status" | tr '\n\t' '  ')
for c in CapEff CapBnd CapAmb; do
  echo "$caps" | grep -q "$c: 0000000000003000" || fail "capabilities: $caps"
done
crash_dir=$(stat -c '%U %a' /var/log/vigil 2>/dev/null || true)
[ "$crash_dir" = "vigil 750" ] || fail "/var/log/vigil (LogsDirectory): '$crash_dir', not 'vigil 750'"
tr '\0' '\n' <"/proc/$pid/cmdline" | grep -qx -- '-XX:ErrorFile=/var/log/vigil/hs_err_pid%p.log' ||
  fail "the daemon's JVM has no -XX:ErrorFile in /var/log/vigil: $(tr '\0' ' ' <"/proc/$pid/cmdline")"
ok "systemctl start returned after READY=1 in ${start_s}s; active; user vigil; capabilities" \
  "NET_ADMIN+NET_RAW only ($caps); status: $(prop StatusText)"

# --- IPVS, health checks, VRRP ----------------------------------------------------------------------
has_rs11() { ipvsadm -Sn | grep -qx -- '-a -t 192.0.2.10:80 -r 198.51.100.11:8080 -m -w 1'; }
no_rs12() { ! ipvsadm -Sn | grep -q -- '198.51.100.12'; }
wait_for 60 "the virtual server in IPVS" has_rs11
ipvsadm -Sn | grep -qx -- '-A -t 192.0.2.10:80 -s wlc' || fail "ipvsadm -Sn: $(ipvsadm -Sn)"
wait_for 90 "the failing real server dropped by its TCP_CHECK" no_rs12
ok "ipvsadm -Sn: $(ipvsadm -Sn | tr '\n' ';') (198.51.100.12 dropped: its check fails)"

master() { journal | grep -q 'VI_LAB: MASTER'; }
vip() { ip -4 -o addr show dev vl0 | grep -q ' 192.0.2.10/24 '; }
wait_for 90 "VRRP MASTER" master
wait_for 30 "the VIP on vl0" vip
advert=$(timeout 60 ip netns exec peer tcpdump -l -n -c 1 -i vl1 'ip proto 112' 2>/dev/null) ||
  fail "no VRRP advert on the wire"
echo "$advert" | grep -q '192.0.2.1 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 150' ||
  fail "advert: $advert"
ok "VRRP MASTER ($(journal | grep -m 1 'VI_LAB: MASTER')); 192.0.2.10/24 on vl0; on the wire: $advert"

# --- reload: RELOADING=1 ... READY=1, in place ----------------------------------------------------
sed -i '0,/weight 1/s//weight 3/' /etc/vigil/vigil.conf
t=$(now_s)
systemctl reload vigil.service || fail "systemctl reload"
rs11_w3() { ipvsadm -Sn | grep -qx -- '-a -t 192.0.2.10:80 -r 198.51.100.11:8080 -m -w 3'; }
wait_for 90 "the reloaded weight in IPVS" rs11_w3
reloaded() { journal | grep -q ' reloaded: ' && [ "$(systemctl is-active vigil.service)" = active ]; }
wait_for 60 "READY=1 after the reload" reloaded
[ "$(prop MainPID)" = "$pid" ] || fail "the reload replaced the process"
vip || fail "the reload dropped the VIP"
journalctl --no-pager -o cat | grep -q '^Reloaded vigil.service' || fail "systemd logged no reload"
ok "systemctl reload: weight 1 -> 3 in IPVS in $(since "$t")s, same PID, VIP kept, active again" \
  "(RELOADING=1 then READY=1): $(journal | grep -m 1 ' reloaded: ')"

# --- the watchdog ------------------------------------------------------------------------------------
wd_us=$(prop WatchdogUSec)
case "$wd_us" in *s) ;; *) fail "no watchdog: WatchdogUSec=$wd_us" ;; esac
wd_s=$(systemd-analyze timespan "$wd_us" | sed -n 's/.*μs: *\([0-9]*\)$/\1/p' | awk '{ print $1 / 1000000 }')
enter_us=$(prop ActiveEnterTimestampMonotonic)
# One whole WatchdogSec and 5 s more: without a keep-alive systemd would have killed it by then;
# the last keep-alive (Vigil sends one every WatchdogSec / 2) later than half of it shows that they
# go on.
until_s=$(awk -v e="$enter_us" -v w="$wd_s" 'BEGIN { print e / 1e6 + w + 5 }')
past() { awk -v n="$(now_s)" -v u="$until_s" 'BEGIN { exit !(n > u) }'; }
wait_for $((2 * ${wd_s%.*} + 60)) "WatchdogSec and 5 s" past
last_ping_us=$(prop WatchdogTimestampMonotonic)
[ "$(prop MainPID)" = "$pid" ] && [ "$(prop NRestarts)" = 0 ] &&
  [ "$(systemctl is-active vigil.service)" = active ] ||
  fail "not alive past the watchdog: PID $(prop MainPID), restarts $(prop NRestarts)"
awk -v p="$last_ping_us" -v e="$enter_us" -v w="$wd_s" 'BEGIN { exit !(p / 1e6 > e / 1e6 + w / 2) }' ||
  fail "no keep-alive since READY (WatchdogTimestampMonotonic=$last_ping_us)"
journalctl --no-pager -o cat | grep -q 'vigil.service: Watchdog timeout' && fail "watchdog timeout"
ok "watchdog: WatchdogSec=${wd_s}s; alive $(awk -v e="$enter_us" -v n="$(now_s)" \
  'BEGIN { printf "%.0f", n - e / 1e6 }')s after READY, same PID, no restart; last WATCHDOG=1" \
  "$(awk -v p="$last_ping_us" -v n="$(now_s)" 'BEGIN { printf "%.1f", n - p / 1e6 }')s ago"

# --- stop: clean exit, entries and VIP removed ----------------------------------------------------
t=$(now_s)
systemctl stop vigil.service || fail "systemctl stop"
stop_s=$(since "$t")
[ "$(prop Result)" = success ] && [ "$(prop ExecMainStatus)" = 0 ] ||
  fail "stop: Result=$(prop Result) ExecMainStatus=$(prop ExecMainStatus) ExecMainCode=$(prop ExecMainCode)"
[ -z "$(ipvsadm -Sn)" ] || fail "entries left after stop: $(ipvsadm -Sn)"
vip && fail "the VIP stayed on vl0 after stop"
journal | grep -q ' stopping: removing our IPVS entries' || fail "no STOPPING log line"
ok "systemctl stop in ${stop_s}s: exit status 0, Result=success; IPVS table empty; VIP released"

# --- no sandbox denial -------------------------------------------------------------------------------
denials=$(journal | grep -Ei 'operation not permitted|permission denied|EPERM|EACCES|read-only file system|seccomp|SIGSYS|bad system call' || true)
[ -z "$denials" ] || fail "denials in the journal: $denials"
kills=$(journalctl -k --no-pager -o cat | grep -E 'type=1326|seccomp' || true)
[ -z "$kills" ] || fail "the kernel logged seccomp actions: $kills"
warnings=$(journalctl -u vigil.service --no-pager -o cat -p warning || true)
ok "journal: no EPERM/EACCES/read-only/seccomp line from vigil, no seccomp kill in the kernel log" \
  "($(journal | wc -l) lines; warnings: ${warnings:-none})"

# --- keepalived's process priorities, through the drop-in the unit documents --------------------
# The unit forbids them (RestrictRealtime=yes, no CAP_SYS_NICE, @resources filtered); the drop-in
# its comment gives allows exactly what vrrp_rt_priority, checker_priority and vrrp_cpu_affinity
# need: with the lab's SystemCallErrorNumber=kill still in force, one call more would kill the
# daemon.
sed -n '/^# \[Service\]$/,/^# *$/p' /lib/systemd/system/vigil.service | sed -n 's/^# //p' \
  >/run/systemd/system/vigil.service.d/priorities.conf
grep -q '^RestrictRealtime=no$' /run/systemd/system/vigil.service.d/priorities.conf ||
  fail "no drop-in in the unit's comment: $(cat /run/systemd/system/vigil.service.d/priorities.conf)"
sed -i 's/^    router_id lab$/    router_id lab\n    vrrp_rt_priority 10\n    checker_priority 5\n    vrrp_cpu_affinity 0/' /etc/vigil/vigil.conf
systemctl daemon-reload
t=$(now_s)
systemctl start vigil.service || fail "systemctl start with the priorities drop-in"
pid=$(prop MainPID)
# per thread: name, nice (field 19), rt_priority (40), policy (41) of /proc/PID/task/TID/stat
tasks() {
  for f in /proc/"$pid"/task/*/stat; do
    sed 's/^[0-9]* (\(.*\)) \(.*\)$/\1|\2/' "$f" 2>/dev/null | awk -F'|' '{ split($2, a, " ");
      print $1, a[19 - 2], a[40 - 2], a[41 - 2] }'
  done
}
# (not `tasks | grep -q`: grep's early exit would fail the pipe under pipefail)
rt_vrrp() { local t; t=$(tasks); grep -qx 'vrrp-VI_LAB 0 10 2' <<<"$t"; }
wait_for 90 "the VRRP thread on SCHED_RR 10" rt_vrrp
threads=$(tasks)
echo "$threads" | grep -qx 'vrrp-VI_LAB 0 10 2' || fail "no SCHED_RR 10 VRRP thread: $threads"
[ "$(echo "$threads" | awk '$NF == 2' | wc -l)" = 1 ] || fail "other real-time threads: $threads"
echo "$threads" | grep -qx 'vigil-lvs 5 0 0' || fail "the IPVS thread is not at nice 5: $threads"
vrrp_tid=$(grep -lx 'vrrp-VI_LAB' /proc/"$pid"/task/*/comm | head -n 1 | cut -d/ -f5)
vrrp_cpus=$(awk '/^Cpus_allowed_list:/ { print $2 }' /proc/"$pid"/task/"$vrrp_tid"/status)
[ "$vrrp_cpus" = 0 ] || fail "vrrp_cpu_affinity 0: the VRRP thread may run on CPUs $vrrp_cpus"
prio_denials=$(journal | grep -E 'cannot (raise|set)' || true)
[ -z "$prio_denials" ] || fail "the drop-in did not allow it: $prio_denials"
kills=$(journalctl -k --no-pager -o cat | grep -E 'type=1326|seccomp' || true)
[ -z "$kills" ] || fail "the kernel logged seccomp actions: $kills"
systemctl stop vigil.service || fail "systemctl stop with the priorities drop-in"
ok "vrrp_rt_priority 10, checker_priority 5 and vrrp_cpu_affinity 0 under the unit's documented" \
  "drop-in: started in" \
  "$(since "$t")s; $(echo "$threads" | grep -E '^(vrrp-|vigil-lvs|multiThreadIo)' | tr '\n' ';')" \
  "no denial, no seccomp kill"

rm -rf /run/systemd/system/vigil.service.d && systemctl daemon-reload
dpkg --purge vigil >/dev/null || fail "dpkg --purge"
[ "$(systemctl is-enabled vigil.service 2>/dev/null || true)" != enabled ] || fail "purge left the unit enabled"
ok "dpkg --purge: unit gone"
echo "systemd test: all checks passed (start ${start_s}s, stop ${stop_s}s)"
