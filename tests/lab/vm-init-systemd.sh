# Sourced by the lab VM's /init (vm-init.sh) for `tests/lab/vm --init systemd`: the root is ready
# (host / read-only under a tmpfs overlay, /proc /sys /dev /run moved in, the control share at
# /run/vigil-vm, the --out shares mounted). Load the lab's modules, write a boot target that runs
# the command as a service, and switch to that root with the host's systemd as PID 1. The
# command's output goes to the console (qemu's serial port, which tests/lab/vm prints); when it
# exits, its code is written to the control share and the VM powers off at once.
# What systemd starts: basic.target (journald, udev, tmpfiles, sysusers, ...) and the command;
# not multi-user.target, so none of the host's own enabled services (and no getty).
chroot $R /bin/sh -c 'for m in $(cat /run/vigil-vm/modules); do
  modprobe -q "$m" || echo "lab-vm: modprobe $m failed" >&2; done'
U=$R/etc/systemd/system
mkdir -p $U $R/etc/vigil-lab $R/etc/systemd/system.conf.d $R/etc/tmpfiles.d
echo vigil-lab-vm >$R/etc/hostname
# Quiet boot: systemd prints only failures to the console the command writes to.
printf '[Manager]\nShowStatus=error\n' >$R/etc/systemd/system.conf.d/vigil-lab.conf
# systemd-tmpfiles --boot empties /tmp ("D /tmp"): slow over the host's /tmp, and fatal to an
# --out share under /tmp. Keep /tmp as it is.
echo 'd /tmp 1777 root root -' >$R/etc/tmpfiles.d/tmp.conf
# No timers: apt, man-db and friends would catch up on missed runs at boot.
ln -sf /dev/null $U/timers.target
# The host is a container: its marker would make systemd believe it runs in one (and skip udev).
rm -f $R/.dockerenv $R/run/.containerenv
cat >$R/etc/vigil-lab/command.sh <<EOS
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 VIGIL_IN_VM=1
# no pager (it would wait for a key on the console) and no colours
export SYSTEMD_PAGER= SYSTEMD_COLORS=0 PAGER=cat
. /run/vigil-vm/env
cut -d' ' -f1 /proc/uptime >/run/vigil-vm/boot-s
cd "\$(cat /run/vigil-vm/cwd)" || { echo "cannot enter \$(cat /run/vigil-vm/cwd) in the VM" >/run/vigil-vm/error; exit 0; }
echo "VIGIL-VM-READY-$NONCE"
# through a pipe, so that the command's output is not a terminal (no pagers, no job control)
bash -c "\$(cat /run/vigil-vm/cmd)" </dev/null 2>&1 | cat
rc=\${PIPESTATUS[0]}
sync
echo \$rc >/run/vigil-vm/rc
echo "VIGIL-VM-EXIT-$NONCE:\$rc"
EOS
cat >$U/vigil-lab-command.service <<EOS
[Unit]
Description=Lab VM command (tests/lab/vm --init systemd)
After=basic.target
SuccessAction=poweroff-immediate
FailureAction=poweroff-immediate
[Service]
Type=exec
ExecStart=/bin/bash /etc/vigil-lab/command.sh
StandardInput=null
StandardOutput=tty
StandardError=inherit
TTYPath=/dev/console
TTYReset=no
TTYVHangup=no
EOS
cat >$U/vigil-lab.target <<EOS
[Unit]
Description=Lab VM (tests/lab/vm --init systemd)
Requires=basic.target
Wants=vigil-lab-command.service
After=basic.target
AllowIsolate=yes
EOS
ln -sf vigil-lab.target $U/default.target
exec switch_root $R /lib/systemd/systemd
