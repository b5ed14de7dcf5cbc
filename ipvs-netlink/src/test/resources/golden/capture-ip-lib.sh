# The shared part of capture-ip.sh, capture-ip-route.sh, capture-ip-mpls.sh and capture-ip-encap.sh
# (sourced, with $out set, and $where: "on the host" or "in the lab VM"): a throwaway namespace $ns
# holding one veth pair (v0, MAC 02:00:00:00:00:01, and its peer v1, both up; no addresses: the
# scripts add theirs), removed on exit, and cap NAME COMMAND..., which runs COMMAND in it traced with
#   strace -f -e trace=sendmsg,recvmsg,sendto,recvfrom -e write=all -e read=all -x -s 4096
# and writes its exit status and the trace as "send"/"recv" blocks of hex (strace2hex.awk) to
# $out/NAME.hex.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ns=vigil-ipcap-$$
ip netns add $ns
trap 'ip netns delete $ns' EXIT
ip -n $ns link add v0 type veth peer name v1
ip -n $ns link set v0 address 02:00:00:00:00:01
ip -n $ns link set v1 address 02:00:00:00:00:02
ip -n $ns link set v1 up
ip -n $ns link set v0 up
cap() { # NAME COMMAND...
  local name=$1; shift
  local tmp; tmp=$(mktemp)
  {
    echo "# captured $where ($(uname -r), $(ip -V)) in a fresh namespace, with"
    echo "#   ip netns exec NS strace -f -e trace=sendmsg,recvmsg,sendto,recvfrom -e write=all -e read=all -x -s 4096 $*"
    echo "# by ipvs-netlink/src/test/resources/golden/$(basename "$0"); hex by strace2hex.awk"
    echo "# exit status of the command: $( (ip netns exec $ns strace -f -e trace=sendmsg,recvmsg,sendto,recvfrom \
        -e write=all -e read=all -x -s 4096 -o "$tmp" "$@" >/dev/null 2>&1) && echo 0 || echo $?)"
    awk -f "$here/strace2hex.awk" "$tmp"
  } >"$out/$name.hex"
  rm -f "$tmp"
}
