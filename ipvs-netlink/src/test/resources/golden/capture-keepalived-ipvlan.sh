#!/usr/bin/env bash
# Captures keepalived's use_ipvlan request (RTM_NEWLINK of an ipvlan in L2 mode with its flags) as
# golden bytes for the codec tests. The host's kernel has no ipvlan driver: it refuses the link
# (keepalived logs "Unable to create ipvlan interface"), but the request is what keepalived sends
# to a kernel that has one. Runs on the host (as root), from the repository root:
#   ipvs-netlink/src/test/resources/golden/capture-keepalived-ipvlan.sh ipvs-netlink/src/test/resources/golden
# (the namespace, v0 ifindex 3, and the trace as capture-keepalived.sh makes them: capture-lib.sh)
set -euo pipefail
out=$1
. "$(cd "$(dirname "$0")" && pwd)/capture-lib.sh"
printf 'vrrp_instance VI_1 {\n  interface v0\n  state BACKUP\n  virtual_router_id 91\n  priority 100\n  use_ipvlan ipvl91 192.0.2.92/24 private\n  virtual_ipaddress {\n    192.0.2.91/24\n  }\n}\n' >"$dir/k.conf"
capture keepalived-ipvlan "one vrrp_instance on v0 with use_ipvlan ipvl91 192.0.2.92/24 private" 3
