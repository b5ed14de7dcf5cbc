#!/usr/bin/env bash
# Captures the VRRP adverts Debian's keepalived (2.2.7) sends, as golden bytes for the codec tests.
# Run as root: vrrp/src/test/resources/io/vigil/vrrp/golden/capture-keepalived.sh OUTDIR [REGEX]
# (with REGEX, only the cases whose names match it)
#
# For each case: two namespaces joined by a veth (ka0 <-> cap0, addresses from 192.0.2.0/24 and
# 2001:db8::/64), keepalived VRRP-only (-P) with a one-instance config in the first, tcpdump on
# the second writing a pcap of IP protocol 112 (or 51, AH). The first advert is printed with `tcpdump -r -xx`
# and stored as <case>.hex (link-layer header stripped, IP header kept). keepalived runs in its own
# process group, killed as a whole; both namespaces are deleted on exit.
set -euo pipefail
out=${1:?usage: $0 OUTDIR [REGEX]}
only=${2:-}
mkdir -p "$out"
ka=vgka$$
cap=vgcap$$
work=$(mktemp -d)
kpgid=
cleanup() {
  [[ -n $kpgid ]] && kill -TERM -- "-$kpgid" 2>/dev/null || true
  sleep 0.5
  [[ -n $kpgid ]] && kill -KILL -- "-$kpgid" 2>/dev/null || true
  ip netns del "$ka" 2>/dev/null || true
  ip netns del "$cap" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$ka"
ip netns add "$cap"
for ns in "$ka" "$cap"; do
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0
  ip -n "$ns" link set lo up
done
ip -n "$ka" link add ka0 address 02:00:5e:00:00:0a type veth peer name cap0 netns "$cap" address 02:00:5e:00:00:0b
ip -n "$ka" addr add 192.0.2.1/24 dev ka0
ip -n "$ka" addr add 2001:db8::1/64 dev ka0 nodad
ip -n "$cap" addr add 192.0.2.2/24 dev cap0
ip -n "$cap" addr add 2001:db8::2/64 dev cap0 nodad
ip -n "$ka" link set ka0 up
ip -n "$cap" link set cap0 up

# case name, the vrrp_instance body, then any more global_defs lines
capture() {
  local name=$1 body=$2 globals=${3:-}
  if [[ -n $only && ! $name =~ $only ]]; then
    return 0
  fi
  cat >"$work/$name.conf" <<CONF
global_defs {
  router_id vigil_golden
  enable_script_security
  script_user root
$globals
}
vrrp_instance VI_1 {
  interface ka0
  state MASTER
$body
}
CONF
  ip netns exec "$cap" timeout 12 tcpdump -i cap0 -n -U -c 2 -w "$work/$name.pcap" \
    'ip proto 112 or ip proto 51 or ip6 proto 112' 2>/dev/null &
  local tpid=$!
  sleep 1
  setsid ip netns exec "$ka" keepalived -P -n -l -D -f "$work/$name.conf" \
    -p "$work/$name.pid" -r "$work/$name.vrrp.pid" >"$work/$name.log" 2>&1 &
  kpgid=$!
  wait "$tpid" || true
  kill -TERM -- "-$kpgid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 -- "-$kpgid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$kpgid" 2>/dev/null || true
  kpgid=
  {
    echo "# $name: the first advert Debian's keepalived $(keepalived --version 2>&1 | head -1 | cut -d' ' -f2) sent"
    echo "# Captured $(date -u +%Y-%m-%d) by capture-keepalived.sh in this folder: keepalived -P -n -l -D -f conf"
    echo "# in a network namespace, tcpdump -i cap0 -w on the veth peer, printed with tcpdump -r -xx,"
    echo "# the 14-byte Ethernet header stripped. The IP header is kept (TTL, addresses for the checksum)."
    if [[ -n $globals ]]; then
      echo "# keepalived.conf global_defs lines:"
      sed 's/^/#   /' <<<"$globals"
    fi
    echo "# keepalived.conf vrrp_instance body:"
    sed 's/^/#   /' <<<"$body"
    echo "# tcpdump -v says:"
    tcpdump -r "$work/$name.pcap" -n -v -c 1 2>/dev/null | sed 's/^/#   /'
    tcpdump -r "$work/$name.pcap" -n -xx -c 1 2>/dev/null | grep '^[[:space:]]*0x' | cut -d: -f2 | tr -d ' \n' |
      cut -c29- | fold -w 64
    echo
  } >"$out/$name.hex"
  echo "captured $name"
}

capture v2-ipv4-noauth '  version 2
  virtual_router_id 51
  priority 150
  advert_int 1
  virtual_ipaddress {
    192.0.2.100/24
    192.0.2.101/24
  }'

capture v2-ipv4-pass '  version 2
  virtual_router_id 52
  priority 200
  advert_int 3
  authentication {
    auth_type PASS
    auth_pass vigil42
  }
  virtual_ipaddress {
    192.0.2.110/24
  }'

capture v3-ipv4 '  version 3
  virtual_router_id 53
  priority 120
  advert_int 0.5
  virtual_ipaddress {
    192.0.2.120/24
    192.0.2.121/24
    192.0.2.122/24
  }'

capture v3-ipv6 '  version 3
  virtual_router_id 54
  priority 101
  advert_int 1
  virtual_ipaddress {
    2001:db8::100/64
    2001:db8::101/64
  }'

capture v3-ipv4-unicast '  version 3
  virtual_router_id 55
  priority 130
  advert_int 1
  unicast_src_ip 192.0.2.1
  unicast_peer {
    192.0.2.2
  }
  virtual_ipaddress {
    192.0.2.130/24
  }'

capture v3-ipv4-unicast-old-checksum '  version 3
  virtual_router_id 56
  priority 140
  advert_int 1
  old_unicast_checksum
  unicast_src_ip 192.0.2.1
  unicast_peer {
    192.0.2.2
  }
  virtual_ipaddress {
    192.0.2.140/24
  }'

capture v3-ipv4-unicast-old-checksum-group4 '  version 3
  virtual_router_id 61
  priority 145
  advert_int 1
  old_unicast_checksum
  unicast_src_ip 192.0.2.1
  unicast_peer {
    192.0.2.2
  }
  virtual_ipaddress {
    192.0.2.145/24
  }' '  vrrp_mcast_group4 224.0.0.19'

capture v2-ipv4-unicast-pass '  version 2
  virtual_router_id 57
  priority 100
  advert_int 2
  authentication {
    auth_type PASS
    auth_pass 12345678
  }
  unicast_src_ip 192.0.2.1
  unicast_peer {
    192.0.2.2
  }
  virtual_ipaddress {
    192.0.2.150/24
    192.0.2.151/24
  }'

capture v3-ipv4-mcast-dst-ip '  version 3
  virtual_router_id 58
  priority 160
  advert_int 1
  mcast_dst_ip 224.0.0.19
  virtual_ipaddress {
    192.0.2.160/24
  }'

capture v3-ipv6-mcast-dst-ip '  version 3
  virtual_router_id 59
  priority 170
  advert_int 1
  mcast_dst_ip ff02::13
  virtual_ipaddress {
    2001:db8::170/64
  }'

# auth_type AH: keepalived clears state MASTER to BACKUP, so the first advert comes after the
# master down interval; the IP header (id, TOS, TTL) is part of the ICV
capture v2-ipv4-ah '  version 2
  virtual_router_id 62
  priority 180
  advert_int 1
  authentication {
    auth_type AH
    auth_pass vigilAH1
  }
  virtual_ipaddress {
    192.0.2.180/24
    192.0.2.181/24
  }'

# unicast AH: the TTL is zeroed in the ICV too
capture v2-ipv4-unicast-ah '  version 2
  virtual_router_id 63
  priority 190
  advert_int 1
  authentication {
    auth_type AH
    auth_pass ah
  }
  unicast_src_ip 192.0.2.1
  unicast_peer {
    192.0.2.2
  }
  virtual_ipaddress {
    192.0.2.190/24
  }'
