#!/bin/bash
# What keepalived 2.2.7 does with ha_suspend, for comparison with Vigil's (HaSuspendIT,
# LvsRuntimeHaSuspendTest): keepalived -C in a namespace, an HTTP real server in another; prints the
# requests the real server got, keepalived's log and the IPVS table at each step (address absent at
# start, added, real server down, deleted, on two interfaces, reloads turning ha_suspend off and on).
# keepalived's checker exits without IPVS, so run it in the lab VM:
#   tests/lab/vm --out /tmp/ka -- env D=/tmp/ka tests/lab/keepalived-ha-suspend.sh
# S scales the waits (TCG: 2).
set -u
S=${S:-2}
D=${D:-/tmp/keepalived-ha-suspend}
mkdir -p $D
KD=hs7kd; RS=hs7rs
cleanup() {
  [ -f $D/http.pid ] && kill $(cat $D/http.pid) 2>/dev/null
  [ -f $D/kd.pid ] && kill $(cat $D/kd.pid) 2>/dev/null
  sleep $((2*S))
  ip netns del $KD 2>/dev/null; ip netns del $RS 2>/dev/null
}
trap cleanup EXIT
ip netns add $KD; ip netns add $RS
ip -n $KD link set lo up; ip -n $RS link set lo up
ip link add hs7a netns $KD type veth peer name hs7b netns $RS
ip -n $KD addr add 198.51.100.1/24 dev hs7a; ip -n $KD link set hs7a up
ip -n $RS addr add 198.51.100.2/24 dev hs7b; ip -n $RS link set hs7b up
mkdir -p $D/www; echo ok > $D/www/index.html
conf() {
cat > $D/keepalived.conf <<CONF
global_defs {
  router_id hs7
}
virtual_server 192.0.2.10 80 {
  delay_loop 1
  lb_algo rr
  lb_kind NAT
  protocol TCP
  $1
  real_server 198.51.100.2 8080 {
    HTTP_GET {
      url {
        path /
        status_code 200
      }
      connect_timeout 2
      retry 0
    }
  }
}
CONF
}
http() {
  ip netns exec $RS python3 -u -m http.server 8080 --bind 198.51.100.2 --directory $D/www >> $D/http.log 2>&1 &
  echo $! > $D/http.pid
}
req() { grep -c '"GET / ' $D/http.log; }
table() { echo "  ipvs: $(ip netns exec $KD ipvsadm -Ln | grep -E '^(TCP|  ->)' | grep -v RemoteAddress | tr -s ' ' | tr '\n' ';')"; }
mark() { echo "=== $*" | tee -a $D/kd.log; }
: > $D/http.log; : > $D/kd.log
conf ha_suspend
http
sleep $((1*S))
ip netns exec $KD keepalived -C -n -l -D -f $D/keepalived.conf -p $D/k.pid -c $D/c.pid >> $D/kd.log 2>&1 &
echo $! > $D/kd.pid
sleep $((5*S)); mark "absent from start, 5 s: requests $(req)"; table
ip -n $KD addr add 192.0.2.10/32 dev hs7a; mark "addr added"
sleep $((4*S)); mark "present 4 s: requests $(req)"; table
kill $(cat $D/http.pid); rm $D/http.pid; mark "http server stopped"
sleep $((4*S)); table
ip -n $KD addr del 192.0.2.10/32 dev hs7a; mark "addr deleted"
http; sleep $((1*S)); A=$(req); sleep $((4*S)); mark "absent, http back: requests $A -> $(req)"; table
ip -n $KD addr add 192.0.2.10/32 dev hs7a; mark "addr added again"
sleep $((4*S)); mark "present: requests $(req)"; table
ip -n $KD addr add 192.0.2.10/32 dev lo; mark "also on lo"
sleep $((1*S)); ip -n $KD addr del 192.0.2.10/32 dev hs7a; mark "deleted from hs7a, still on lo"
sleep $((1*S)); A=$(req); sleep $((3*S)); mark "on lo only: requests $A -> $(req)"
ip -n $KD addr del 192.0.2.10/32 dev lo; mark "deleted from lo"
sleep $((1*S)); A=$(req); sleep $((3*S)); mark "absent: requests $A -> $(req)"; table
conf ""; kill -HUP $(cat $D/kd.pid); mark "reload without ha_suspend (address absent)"
sleep $((2*S)); A=$(req); sleep $((3*S)); mark "ha_suspend off, absent: requests $A -> $(req)"
ip -n $KD addr add 192.0.2.10/32 dev hs7a; mark "addr added (no ha_suspend)"
sleep $((1*S))
conf ha_suspend; kill -HUP $(cat $D/kd.pid); mark "reload with ha_suspend (address present)"
sleep $((2*S)); A=$(req); sleep $((3*S)); mark "ha_suspend on, present: requests $A -> $(req)"
ip -n $KD addr del 192.0.2.10/32 dev hs7a; mark "addr deleted"
sleep $((1*S)); A=$(req); sleep $((3*S)); mark "absent: requests $A -> $(req)"
ip -n $KD addr add 192.0.2.10/32 dev hs7a; mark "addr added"
sleep $((3*S)); A=$(req); sleep $((2*S)); mark "present: requests $A -> $(req)"
kill $(cat $D/kd.pid); sleep $((2*S)); rm -f $D/kd.pid
echo ---- keepalived log; grep -v "^\s*$" $D/kd.log
