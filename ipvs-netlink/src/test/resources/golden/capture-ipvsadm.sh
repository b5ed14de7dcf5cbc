#!/usr/bin/env bash
# Captures what ipvsadm sends to the kernel and what the kernel answers, as golden bytes for the
# codec tests. Run inside the lab VM (its kernel has IPVS), from the repository root:
#   VIGIL_LAB_CACHE=... tests/lab/vm --out /tmp/nlcap -- \
#     ipvs-netlink/src/test/resources/golden/capture-ipvsadm.sh /tmp/nlcap
# Each NAME.hex file holds one ipvsadm run, traced with
#   strace -f -e trace=sendmsg,recvmsg,sendto,recvfrom -e write=all -e read=all -x -s 4096
# and turned into "send"/"recv" blocks of hex by strace2hex.awk.
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")" && pwd)
cap() {
  local name=$1; shift
  {
    echo "# captured in the lab VM ($(uname -r), $(ipvsadm -v 2>&1 | head -1)) with"
    echo "#   strace -f -e trace=sendmsg,recvmsg,sendto,recvfrom -e write=all -e read=all -x -s 4096 $*"
    echo "# by ipvs-netlink/src/test/resources/golden/capture-ipvsadm.sh; hex by strace2hex.awk"
    echo "# exit status of the command: $( (strace -f -e trace=sendmsg,recvmsg,sendto,recvfrom \
        -e write=all -e read=all -x -s 4096 -o "$out/$name.strace" "$@" >"$out/$name.stdout" 2>&1) && echo 0 || echo $?)"
    awk -f "$here/strace2hex.awk" "$out/$name.strace"
  } >"$out/$name.hex"
}
ipvsadm -C
cap ipvsadm-add-service ipvsadm -A -t 192.0.2.10:80 -s wrr
cap ipvsadm-add-dest-masq ipvsadm -a -t 192.0.2.10:80 -r 203.0.113.5:8080 -m -w 3
cap ipvsadm-add-dest-droute ipvsadm -a -t 192.0.2.10:80 -r 203.0.113.6:80 -g -w 0 -x 100 -y 10
cap ipvsadm-add-service-persistent ipvsadm -A -u 192.0.2.10:53 -s sh -p 300 -M 255.255.255.0 -b sh-fallback,sh-port
cap ipvsadm-add-dest-tunnel ipvsadm -a -u 192.0.2.10:53 -r 203.0.113.7:53 -i -w 1
cap ipvsadm-add-service-v6 ipvsadm -A -t [2001:db8::10]:443 -s mh -p 60 -M 64
cap ipvsadm-add-dest-v6 ipvsadm -a -t [2001:db8::10]:443 -r [2001:db8::5]:443 -m -w 2
cap ipvsadm-add-service-fwmark ipvsadm -A -f 7 -s lc
cap ipvsadm-edit-dest ipvsadm -e -t 192.0.2.10:80 -r 203.0.113.5:8080 -m -w 5
cap ipvsadm-list ipvsadm -Ln
cap ipvsadm-error-exists ipvsadm -A -t 192.0.2.10:80 -s wrr
cap ipvsadm-error-no-service ipvsadm -D -t 192.0.2.99:80
cap ipvsadm-error-no-scheduler ipvsadm -A -t 192.0.2.12:80 -s nosuch
cap ipvsadm-delete-dest ipvsadm -d -t 192.0.2.10:80 -r 203.0.113.6:80
cap ipvsadm-delete-service ipvsadm -D -t 192.0.2.10:80
cap ipvsadm-flush ipvsadm -C
# timeouts, zero and the sync daemon (on a dummy interface of the VM)
ip link add name sync0 type dummy && ip link set sync0 up
cap ipvsadm-set-timeouts ipvsadm --set 901 121 301
cap ipvsadm-list-timeouts ipvsadm -L --timeout
cap ipvsadm-zero ipvsadm -Z
cap ipvsadm-start-daemon ipvsadm --start-daemon master --mcast-interface sync0 --syncid 9
cap ipvsadm-list-daemon ipvsadm -L --daemon
cap ipvsadm-stop-daemon ipvsadm --stop-daemon master
