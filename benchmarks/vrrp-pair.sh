# shellcheck shell=bash
# Sourced by failover.sh, soak.sh and stall.sh: hosts on one bridge in network namespaces, and Vigil
# (`vigil run --vrrp-only`) or keepalived (`keepalived -P`) started in them. The caller sets P (the
# namespaces' prefix), work (its directory), root (the checkout), vip, and defines log (a line to
# stderr) and conf (the keepalived.conf text, from start's arguments after the node).

# deletes every namespace of this run, after killing what runs in it
cleanup_namespaces() {
  local ns pid
  for ns in $(ip netns list | awk -v p="$P-" 'index($1, p) == 1 {print $1}'); do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
    ip netns delete "$ns" 2>/dev/null || true
  done
}

# a switch namespace with a bridge, and hosts NAME:ADDRESS attached to it by veth (port pNAME)
topology() {
  ip netns add $P-sw
  ip -n $P-sw link add sw0 type bridge forward_delay 0 mcast_snooping 0
  ip -n $P-sw link set sw0 up
  local h addr
  for h in "$@"; do
    addr=${h#*:}; h=${h%%:*}
    ip netns add $P-$h
    ip -n $P-$h link set lo up
    ip -n $P-$h link add eth0 type veth peer name p$h netns $P-sw
    ip -n $P-sw link set p$h master sw0 up
    ip -n $P-$h addr add $addr/24 dev eth0
    ip -n $P-$h link set eth0 up
  done
}

# starts IMPL in namespace NODE as a process group leader, its configuration from conf ARGS...;
# echoes its pid (= its group id)
start() { # impl node args...
  local impl=$1 node=$2 c=$work/$2.conf
  shift 2
  conf "$@" > "$c"
  rm -f "$work/$node.pid" "$work/$node.vpid" # a stale pid file would stop keepalived
  if [ "$impl" = vigil ]; then
    ip netns exec $P-$node setsid "$root/bin/vigil" run --vrrp-only -f "$c" > "$work/$node.log" 2>&1 &
  else
    ip netns exec $P-$node setsid keepalived -P -n -l -D -f "$c" -p "$work/$node.pid" \
      -r "$work/$node.vpid" > "$work/$node.log" 2>&1 &
  fi
  echo $!
}

# one VRRP instance VI_1 (VRID 51) on eth0, state BACKUP, with the VIP, as both pairs run it;
# PAIR_GLOBAL_DEFS, if set, goes into global_defs (say "vrrp_rt_priority 10")
pair_conf() { # router_id version advert priority
  cat <<CONF
global_defs {
  router_id $1
  ${PAIR_GLOBAL_DEFS:-}
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  version $2
  virtual_router_id 51
  priority $4
  advert_int $3
  virtual_ipaddress {
    $vip/24
  }
}
CONF
}

holds_vip() { ip -n $P-$1 -o -4 addr show dev eth0 | grep -q " $vip/"; }

wait_for() { # seconds description command...
  local limit=$1 what=$2; shift 2
  local deadline=$(( $(date +%s) + limit ))
  until "$@"; do
    [ "$(date +%s)" -lt $deadline ] || { log "timed out waiting for $what"; return 1; }
    sleep 0.05
  done
}

# the state lines in a daemon's log (MASTER, BACKUP, FAULT)
state_lines() { # impl file: the state lines in a daemon's log
  if [ "$1" = vigil ]; then
    grep -cE 'INSTANCE VI_1: (MASTER|BACKUP|FAULT)' "$2" || true
  else
    grep -cE '\(VI_1\) Entering (MASTER|BACKUP|FAULT) STATE' "$2" || true
  fi
}
backup_pattern() { [ "$1" = vigil ] && echo 'INSTANCE VI_1: BACKUP' || echo '(VI_1) Entering BACKUP STATE'; }
in_log() { grep -qF "$2" "$work/$1.log"; }
mac() { ip -n $P-$1 -o link show dev eth0 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p'; }

# a pair on a fresh topology: IMPL in a (192.0.2.1, priority 200) and b (192.0.2.2, priority 100),
# a holding the VIP and b backup, 2 s settled; sets the caller's pa and pb (their process groups)
stable_pair() { # impl
  topology a:192.0.2.1 b:192.0.2.2
  pa=$(start "$1" a 200)
  wait_for 60 "a ($1) to hold the VIP" holds_vip a || return 1
  pb=$(start "$1" b 100)
  wait_for 60 "b ($1) to be backup" in_log b "$(backup_pattern "$1")" || return 1
  sleep 2
  if holds_vip b || ! holds_vip a; then log "$1: no stable master/backup pair"; return 1; fi
}

# the state lines in both daemons' logs of the pair
pair_states() { echo $(( $(state_lines "$1" "$work/a.log") + $(state_lines "$1" "$work/b.log") )); }
