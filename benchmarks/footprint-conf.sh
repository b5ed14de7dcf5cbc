#!/bin/sh
# The footprint configuration, on stdout: one VRRP instance (state MASTER, eth0) holding VIPS
# virtual addresses and VIPS virtual servers (VIP:80, NAT, wlc) of 10 real servers each, without
# health checkers. VIP i is 203.0.113.(i + 1) for i < 250, then 192.0.2.x (enough for 500).
# Used by footprint.sh and tcg-crash-probe.sh.
#   sh benchmarks/footprint-conf.sh [VIPS]      (VIPS: 100 by default)
set -eu
vips=${1:-100}
vip() { if [ "$1" -lt 250 ]; then echo "203.0.113.$(($1 + 1))"; else echo "192.0.2.$(($1 - 249))"; fi; }
printf 'global_defs {\n  router_id bench\n}\n'
printf 'vrrp_instance VI_1 {\n  state MASTER\n  interface eth0\n  virtual_router_id 51\n'
printf '  priority 150\n  advert_int 1\n  virtual_ipaddress {\n'
i=0
while [ $i -lt "$vips" ]; do printf '    %s/32\n' "$(vip $i)"; i=$((i + 1)); done
printf '  }\n}\n'
i=0
while [ $i -lt "$vips" ]; do
  printf 'virtual_server %s 80 {\n  lb_algo wlc\n  lb_kind NAT\n  protocol TCP\n' "$(vip $i)"
  d=1
  while [ $d -le 10 ]; do
    printf '  real_server 198.51.100.%d %d {\n    weight 1\n  }\n' "$d" $((8000 + i))
    d=$((d + 1))
  done
  printf '}\n'
  i=$((i + 1))
done
