#!/usr/bin/env bash
# Captures the lines Debian's keepalived (2.2.7) writes to its notify FIFO, as the golden for the
# FIFO lines of the state machine (notify-fifo-sync-group.txt).
# Run as root: vrrp/src/test/resources/io/vigil/vrrp/golden/capture-keepalived-fifo.sh OUTFILE
#
# One namespace with a veth pair, keepalived VRRP-only (-P) running a vrrp_sync_group G1 of two
# instances (priority 150, nobody else on the link, so both become master after the down
# interval); vrrp_notify_fifo_script cats the FIFO into a file. keepalived runs in its own process
# group, killed as a whole once it is master; the namespace is deleted on exit. (Its STOP lines
# are not captured: keepalived stops the FIFO script first.)
set -euo pipefail
out=${1:?usage: $0 OUTFILE}
ka=vgfifo$$
work=$(mktemp -d)
kpgid=
cleanup() {
  [[ -n $kpgid ]] && kill -KILL -- "-$kpgid" 2>/dev/null || true
  ip netns del "$ka" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$ka"
ip -n "$ka" link set lo up
ip -n "$ka" link add ka0 type veth peer name ka1
ip -n "$ka" addr add 192.0.2.1/24 dev ka0
ip -n "$ka" link set ka0 up
ip -n "$ka" link set ka1 up
cat >"$work/reader.sh" <<R
#!/bin/sh
exec cat "\$1" >> $work/lines
R
chmod 755 "$work/reader.sh"
cat >"$work/k.conf" <<CONF
global_defs {
  router_id vigil_golden
  enable_script_security
  script_user root
  vrrp_notify_fifo $work/fifo
  vrrp_notify_fifo_script $work/reader.sh
}
vrrp_sync_group G1 {
  group {
    VI_1
    VI_2
  }
}
vrrp_instance VI_1 {
  interface ka0
  state BACKUP
  virtual_router_id 51
  priority 150
  advert_int 1
  virtual_ipaddress {
    192.0.2.100/24
  }
}
vrrp_instance VI_2 {
  interface ka0
  state BACKUP
  virtual_router_id 52
  priority 150
  advert_int 1
  virtual_ipaddress {
    192.0.2.101/24
  }
}
CONF
setsid ip netns exec "$ka" keepalived -P -n -l -D -f "$work/k.conf" -p "$work/k.pid" -r "$work/v.pid" >"$work/log" 2>&1 &
kpgid=$!
for i in $(seq 1 100); do grep -q 'MASTER' "$work/lines" 2>/dev/null && break; sleep 0.1; done
sleep 1
kill -TERM -- "-$kpgid"
for i in $(seq 1 50); do kill -0 -- "-$kpgid" 2>/dev/null || break; sleep 0.1; done
cp "$work/lines" "$out"
