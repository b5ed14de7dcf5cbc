#!/usr/bin/env bash
# Captures `ip -d link show` of a namespace holding a VRF device (IFLA_LINKINFO kind "vrf", its
# table in IFLA_INFO_DATA's IFLA_VRF_TABLE) as golden bytes for the link decoder. The host's kernel
# has no vrf driver, so this runs in the lab VM (whose kernel has it), from the repository root:
#   tests/lab/vm --out ipvs-netlink/src/test/resources/golden -- \
#     bash ipvs-netlink/src/test/resources/golden/capture-ip-vrf.sh ipvs-netlink/src/test/resources/golden
# The namespace holds lo (1), the VM's tunl0 and ip6tnl0 (2, 3), blue (4: a VRF of table 10) and
# the veth pair v1/v0 (5 and 6), v0 enslaved to blue.
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")" && pwd)
ns=vigil-vrfcap-$$
ip netns add $ns
trap 'ip netns delete $ns' EXIT
ip -n $ns link add blue type vrf table 10
ip -n $ns link add v0 type veth peer name v1
ip -n $ns link set v0 master blue
ip -n $ns link set blue up
ip -n $ns link set v0 up
tmp=$(mktemp)
{
  echo "# captured in the lab VM ($(uname -r), $(ip -V)) in a fresh namespace, with"
  echo "#   ip netns exec NS strace -f -e trace=sendmsg,recvmsg,sendto,recvfrom -e write=all -e read=all -x -s 4096 ip -d link show"
  echo "# by ipvs-netlink/src/test/resources/golden/capture-ip-vrf.sh; hex by strace2hex.awk"
  echo "# exit status of the command: $( (ip netns exec $ns strace -f -e trace=sendmsg,recvmsg,sendto,recvfrom \
      -e write=all -e read=all -x -s 4096 -o "$tmp" ip -d link show >/dev/null 2>&1) && echo 0 || echo $?)"
  awk -f "$here/strace2hex.awk" "$tmp"
} >"$out/ip-link-show-vrf.hex"
rm -f "$tmp"
ip -n $ns -d link show
