#!/bin/sh
# Benchmark helper: one virtual_server of N real servers on 127.0.0.1 ports BASE.., each with one
# checker from BINDTO, as keepalived.conf (the same text for keepalived and Vigil):
#   checks-conf.sh http|tcp N BASE DELAY_LOOP VIP BINDTO
# http: HTTP_GET with url { path /; status_code 200 }; tcp: TCP_CHECK.
set -eu
kind=$1 n=$2 base=$3 delay=$4 vip=$5 bindto=$6
echo "global_defs {"
echo "  router_id bench"
echo "}"
echo "virtual_server $vip 80 {"
echo "  delay_loop $delay"
echo "  lb_algo rr"
echo "  lb_kind NAT"
echo "  protocol TCP"
awk -v kind="$kind" -v n="$n" -v base="$base" -v bindto="$bindto" 'BEGIN {
  for (p = base; p < base + n; p++) {
    printf "  real_server 127.0.0.1 %d {\n    weight 1\n", p
    if (kind == "http") {
      printf "    HTTP_GET {\n      url {\n        path /\n        status_code 200\n      }\n"
    } else {
      printf "    TCP_CHECK {\n"
    }
    printf "      connect_timeout 5\n      retry 1\n      bindto %s\n    }\n  }\n", bindto
  }
}'
echo "}"
