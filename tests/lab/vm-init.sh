#!/bin/busybox sh
# PID 1 of the lab VM (see tests/lab/vm): mount the host's / read-only with a tmpfs overlay, load
# the lab's modules with the host's kmod, run the command from the control share, record its exit
# code there, power off.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
fail() { echo "$*" >/ctl/error 2>/dev/null; echo "lab-vm init: $*"; poweroff -f; }
for m in virtio_pci 9pnet_virtio 9p overlay; do modprobe -q $m 2>/dev/null; done
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 ctl /ctl || fail "cannot mount the control share"
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144 host /host || fail "cannot mount the host's /"
mount -t tmpfs -o size=75% upper /upper && mkdir -p /upper/u /upper/w
mount -t overlay root -o lowerdir=/host,upperdir=/upper/u,workdir=/upper/w /newroot || fail "overlay mount failed"
R=/newroot
mount --move /proc $R/proc
mount --move /sys $R/sys
mount --move /dev $R/dev
# /tmp stays the overlay (writable, in memory): a tmpfs there would hide a working tree under /tmp
mount -t tmpfs run $R/run && mkdir -p $R/run/netns $R/run/vigil-vm
mount --move /ctl $R/run/vigil-vm || fail "cannot move the control share"
mkdir -p $R/dev/pts $R/dev/shm && mount -t devpts devpts $R/dev/pts && mount -t tmpfs shm $R/dev/shm
# writable shares at the same path as on the host (last, so no tmpfs above hides them)
while read -r tag path; do
  [ -n "$tag" ] || continue
  mkdir -p "$R$path" && mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 "$tag" "$R$path" ||
    fail "cannot mount $tag at $path"
done <$R/run/vigil-vm/outs
rm -rf $R/lib/modules && mkdir -p $R/lib/modules && cp -a /lib/modules/* $R/lib/modules/
NONCE=$(cat $R/run/vigil-vm/nonce)
BOOT_S=$(cut -d' ' -f1 $R/proc/uptime)
# `tests/lab/vm --init systemd`: the same root, but with the host's systemd as PID 1 (see there).
[ "$(cat $R/run/vigil-vm/init 2>/dev/null)" = systemd ] && . /init-systemd
chroot $R /bin/bash -c '
  set -u
  export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 VIGIL_IN_VM=1
  . /run/vigil-vm/env
  for m in $(cat /run/vigil-vm/modules); do modprobe -q "$m" || echo "lab-vm: modprobe $m failed" >&2; done
  hostname vigil-lab-vm
  ip link set lo up
  echo "'"$BOOT_S"'" >/run/vigil-vm/boot-s
  cd "$(cat /run/vigil-vm/cwd)" || { echo "cannot enter $(cat /run/vigil-vm/cwd) in the VM" >/run/vigil-vm/error; exit 125; }
  echo "VIGIL-VM-READY-'"$NONCE"'"
  bash -c "$(cat /run/vigil-vm/cmd)" </dev/null
  rc=$?
  sync
  echo $rc >/run/vigil-vm/rc
  echo "VIGIL-VM-EXIT-'"$NONCE"':$rc"
'
sync
poweroff -f
