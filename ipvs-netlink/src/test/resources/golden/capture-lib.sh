# The shared part of capture-keepalived.sh and capture-keepalived-nft.sh (sourced, with $out set):
# a throwaway namespace holding one veth pair (v0 is ifindex 3 there, 192.0.2.1/24), removed on
# exit, and capture NAME DESCRIPTION SECONDS, which runs keepalived's VRRP process on $dir/k.conf
# for SECONDS (then SIGINT) traced with
#   strace -f -e trace=sendmsg,recvmsg,sendto,recvfrom -e write=all -e read=all -x -s 4096
# and writes the trace as "send"/"recv" blocks of hex (strace2hex.awk) to $out/NAME.hex.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ns=vigil-kacap-$$
dir=$(mktemp -d)
ip netns add $ns
trap 'ip netns delete $ns; rm -rf "$dir"' EXIT
ip -n $ns link add v0 type veth peer name v1
ip -n $ns link set v1 up
ip -n $ns link set v0 up
ip -n $ns addr add 192.0.2.1/24 dev v0
capture() { # NAME DESCRIPTION SECONDS
  {
    echo "# captured on the host ($(uname -r), $(keepalived --version 2>&1 | head -1)) in a fresh namespace, with"
    echo "#   ip netns exec NS timeout -s INT $3 strace -f -e trace=sendmsg,recvmsg,sendto,recvfrom -e write=all -e read=all -x -s 4096 keepalived -P -n -l -f k.conf"
    echo "# (k.conf: $2) by $(basename "$0"); hex by strace2hex.awk"
    ip netns exec $ns timeout -s INT "$3" strace -f -e trace=sendmsg,recvmsg,sendto,recvfrom \
      -e write=all -e read=all -x -s 4096 -o "$dir/trace" \
      keepalived -P -n -l -f "$dir/k.conf" -p "$dir/k.pid" -r "$dir/v.pid" >/dev/null 2>&1 || true
    awk -f "$here/strace2hex.awk" "$dir/trace"
  } >"$out/$1.hex"
}
