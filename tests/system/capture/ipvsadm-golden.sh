#!/bin/sh
# Captures ipvsadm's own text for a fixed rich IPVS table, as golden files for the unit tests of
# io.vigil.netlink.ipvs.text (ipvs-netlink/src/test/resources/ipvsadm/). Run it inside the lab VM:
#   VIGIL_LAB_CACHE=... tests/lab/vm --out /tmp/golden -- sh tests/system/capture/ipvsadm-golden.sh /tmp/golden
# It builds the table in a fresh network namespace whose /etc/hosts (ip netns exec bind-mounts
# /etc/netns/NAME/hosts) names some of the addresses, so the -L/-S output without -n shows names.
set -eu
out=$1
ns=vigilcap
ip netns add $ns
mkdir -p /etc/netns/$ns
cat > /etc/netns/$ns/hosts <<'HOSTS'
127.0.0.1 localhost
192.0.2.10 web.example
203.0.113.5 rs1.example
203.0.113.6 a-very-long-real-server-name.example
192.0.2.13 a-really-long-virtual-service-name.example
2001:db8::5 rs6.example
HOSTS
nsx() { ip netns exec $ns "$@"; }
nsx ip link add dummy0 type dummy
nsx ip link set dummy0 up
nsx ip addr add 192.0.2.15/32 dev dummy0
nsx sh -e -x <<'RULES' 2> "$out/commands.txt"
ipvsadm -A -t 192.0.2.10:80 -s wrr
ipvsadm -a -t 192.0.2.10:80 -r 203.0.113.6:80 -g -w 0 -x 100 -y 10
ipvsadm -a -t 192.0.2.10:80 -r 203.0.113.5:8080 -m -w 3
ipvsadm -a -t 192.0.2.10:80 -r 198.51.100.20 -m
ipvsadm -A -t 192.0.2.10:22 -s nq
ipvsadm -A -u 192.0.2.10:53 -s sh -p 300 -M 255.255.255.0 -b sh-fallback,sh-port
ipvsadm -a -u 192.0.2.10:53 -r 203.0.113.7:53 -i -w 1
ipvsadm -a -u 192.0.2.10:53 -r 203.0.113.8 -i --tun-type gue --tun-port 6080 --tun-csum
ipvsadm -a -u 192.0.2.10:53 -r 203.0.113.9 -i --tun-type gre --tun-nocsum -w 4
ipvsadm -A -f 7 -s lc
ipvsadm -a -f 7 -r 203.0.113.10:0 -g
ipvsadm -A -f 8 -6 -s rr
ipvsadm -A -f 2882430849 -s wlc
ipvsadm -A -t [2001:db8::10]:443 -s mh -p 60 -M 64 -b mh-port
ipvsadm -a -t [2001:db8::10]:443 -r [2001:db8::5]:443 -m -w 2
ipvsadm -a -t [2001:db8::10]:443 -r [2001:db8:0:1::5]:8443 -m -w 2
ipvsadm -a -t [2001:db8::10]:443 -r 203.0.113.11 -i
ipvsadm -A -u 192.0.2.11:5060 -s rr -p 180 --pe sip
ipvsadm -A -u 192.0.2.12:0 -s dh -p
ipvsadm -A -u 192.0.2.13:514 -s rr -o
ipvsadm -A --sctp-service 192.0.2.14:9999 -s sed
ipvsadm -a --sctp-service 192.0.2.14:9999 -r 198.51.100.30:9999 -m -w 5
ipvsadm -A -t 192.0.2.15:8080 -s fo
ipvsadm -a -t 192.0.2.15:8080 -r 192.0.2.15:8080 -m -w 7
ipvsadm -A -t 192.0.2.16:443 -s lblcr -p 3600 -M 255.255.0.0
ipvsadm -A -t 192.0.2.17:8443 -s ovf
ipvsadm -a -t 192.0.2.17:8443 -r 198.51.100.40:8443 -m -w 65535 -x 2147483647 -y 1
RULES
cap() { name=$1; shift; nsx ipvsadm "$@" > "$out/$name.txt" 2>&1 || echo "exit $?" >> "$out/$name.txt"; }
cap L -L
cap Ln -Ln
cap Ln-stats -Ln --stats
cap Ln-rate -Ln --rate
cap Ln-thresholds -Ln --thresholds
cap Ln-persistent-conn -Ln --persistent-conn
cap Ln-tun-info -Ln --tun-info
cap Ln-exact-stats -Ln --stats --exact
cap Ln-nosort -Ln --nosort
cap L-stats -L --stats
cap L-thresholds -L --thresholds
cap S -S
cap Sn -Sn
cap Ln-t -Ln -t 192.0.2.10:80
cap L-t-names -L -t web.example:http
cap Ln-u -Ln -u 192.0.2.10:53
cap Ln-sctp -Ln --sctp-service 192.0.2.14:9999
cap Ln-f -Ln -f 7
cap Ln-f6 -Ln -f 8 -6
cap Ln-t6 -Ln -t [2001:db8::10]:443
cap Ln-missing -Ln -t 192.0.2.99:80
ipvsadm --version > "$out/version.txt" 2>&1
cat /proc/net/ip_vs > "$out/proc-net-ip_vs.txt" 2>&1 || true
ip netns del $ns
