#!/usr/bin/env bash
# Captures the lines Debian's keepalived (2.2.7) writes to its notify FIFO with
# vrrp_notify_priority_changes, as the golden for the priority lines of the state machine
# (notify-fifo-priority.txt).
# Run as root: vrrp/src/test/resources/io/vigil/vrrp/golden/capture-keepalived-priority.sh OUTFILE
#
# Two namespaces joined by a veth pair, keepalived VRRP-only (-P) in each, instance VI_1 (VRID 51,
# advert 1 s): "peer" at priority 150, "me" at 100 with a track_file (weight 1) and the FIFO, read
# by its vrrp_notify_fifo_script into a file. Each step writes the tracked file and waits (bounded)
# for the line it must cause:
#   20  -> 120 as backup (BACKUP_PRIORITY 120)
#   80  -> 180: above the peer, it preempts (BACKUP_PRIORITY 180, then MASTER 180)
#   5   -> 105 as master (MASTER_PRIORITY 105), then the peer preempts (BACKUP 105)
#   -300 -> bounded to -254: FAULT (no priority line)
#   0   -> out of FAULT at 100 (no priority line), BACKUP
#   7   -> 107 as backup (BACKUP_PRIORITY 107)
# Both keepalived run in their own process groups, killed as a whole at the end; the namespaces
# are deleted on exit. (Its STOP lines are not captured: keepalived stops the FIFO script first.)
set -euo pipefail
out=${1:?usage: $0 OUTFILE}
me=vgprio$$a
peer=vgprio$$b
work=$(mktemp -d)
pgids=()
cleanup() {
  for g in "${pgids[@]}"; do kill -KILL -- "-$g" 2>/dev/null || true; done
  ip netns del "$me" 2>/dev/null || true
  ip netns del "$peer" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$me"
ip netns add "$peer"
ip -n "$me" link set lo up
ip -n "$peer" link set lo up
ip -n "$me" link add ka0 type veth peer name ka0 netns "$peer"
ip -n "$me" addr add 192.0.2.1/24 dev ka0
ip -n "$peer" addr add 192.0.2.2/24 dev ka0
ip -n "$me" link set ka0 up
ip -n "$peer" link set ka0 up
cat >"$work/reader.sh" <<R
#!/bin/sh
exec cat "\$1" >> $work/lines
R
chmod 755 "$work/reader.sh"
echo 0 >"$work/prio"
conf() { # NAME PRIORITY EXTRA_GLOBAL EXTRA_INSTANCE
  cat >"$work/$1.conf" <<CONF
global_defs {
  router_id vigil_golden_$1
  enable_script_security
  script_user root
$3
}
vrrp_track_file tf {
  file $work/prio
  weight 1
}
vrrp_instance VI_1 {
  interface ka0
  state BACKUP
  virtual_router_id 51
  priority $2
  advert_int 1
  virtual_ipaddress {
    192.0.2.100/24
  }
$4
}
CONF
}
conf peer 150 "" ""
conf me 100 "  vrrp_notify_fifo $work/fifo
  vrrp_notify_fifo_script $work/reader.sh
  vrrp_notify_priority_changes" "  track_file {
    tf
  }"
start() { # NS NAME
  setsid ip netns exec "$1" keepalived -P -n -l -D -f "$work/$2.conf" -p "$work/$2.pid" \
    -r "$work/$2.vpid" >"$work/$2.log" 2>&1 &
  pgids+=($!)
}
await() { # LINE: waits up to 20 s for the capture's last line to match that (extended) regex
  for _ in $(seq 1 200); do
    tail -n1 "$work/lines" 2>/dev/null | grep -qxE "$1" && return 0
    sleep 0.1
  done
  echo "never saw: $1" >&2
  cat "$work/lines" >&2 || true
  exit 1
}
set_prio() {
  echo "$1" >"$work/prio.new"
  mv "$work/prio.new" "$work/prio"
}
start "$peer" peer
for _ in $(seq 1 100); do
  ip -n "$peer" -o addr show dev ka0 | grep -q 192.0.2.100 && break
  sleep 0.1
done
start "$me" me
await 'INSTANCE "VI_1" BACKUP 100'
sleep 2 # it hears the peer's adverts
set_prio 20
await 'INSTANCE "VI_1" BACKUP_PRIORITY 120'
set_prio 80
await 'INSTANCE "VI_1" MASTER 180'
set_prio 5
await 'INSTANCE "VI_1" BACKUP 105'
set_prio -300
await 'INSTANCE "VI_1" FAULT [0-9]+'
set_prio 0
await 'INSTANCE "VI_1" BACKUP 100'
sleep 1
set_prio 7
await 'INSTANCE "VI_1" BACKUP_PRIORITY 107'
sleep 1
for g in "${pgids[@]}"; do kill -TERM -- "-$g" 2>/dev/null || true; done
for _ in $(seq 1 50); do
  alive=0
  for g in "${pgids[@]}"; do kill -0 -- "-$g" 2>/dev/null && alive=1; done
  [[ $alive == 0 ]] && break
  sleep 0.1
done
cp "$work/lines" "$out"
