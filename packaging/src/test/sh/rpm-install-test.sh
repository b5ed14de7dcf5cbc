#!/bin/bash
# rpm-install-test.sh RPM: installs the .rpm for real with rpm into the lab VM's root (thrown away
# with the VM; run it after systemd-test.sh, with systemd as PID 1, so that the scriptlets'
# systemctl calls reach a running systemd) and checks what an administrator would: the
# scriptlets ran (%pre made the user, %post the class-data archive and the enablement), rpm -V
# finds every file as packaged (digest, size, mode, owner, group), the unit is skipped while the
# configuration is the example, and rpm -e disables the unit and leaves nothing behind.
#
# What a Debian host cannot do: resolve the .rpm's dependencies (the rpm database here is empty:
# nothing provides java-headless, /usr/sbin/useradd or /bin/sh, so --nodeps; the Java runtime
# and useradd are Debian's), and Debian's rpm wants --force-debian to install at all.
# Prints "check: ..." per check; exits 1 on the first failure.
set -euo pipefail
rpmfile=$(readlink -f "$1")
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "check: $*"; }
[ "$(id -u)" = 0 ] || fail "run as root (in the lab VM)"
[ -n "${VIGIL_IN_VM:-}" ] || fail "refusing to install packages outside the lab VM"
[ -z "$(dpkg-query -W -f='${Status}' vigil 2>/dev/null | grep ' installed')" ] ||
  fail "the .deb is installed: purge it first"
rm -f /var/lib/man-db/auto-update
# %pre must create the user: a .deb purged before leaves it (Debian policy), so remove it here.
if getent passwd vigil >/dev/null; then userdel vigil; fi
if getent group vigil >/dev/null; then groupdel vigil; fi
systemd=0
[ "$(cat /proc/1/comm)" = systemd ] && systemd=1

now_s() { cut -d' ' -f1 /proc/uptime; }
t=$(now_s)
out=$(rpm -i --nodeps --force-debian -v "$rpmfile" 2>&1) || fail "rpm -i: $out"
ok "rpm -i --nodeps --force-debian took $(awk -v a="$t" -v b="$(now_s)" 'BEGIN { printf "%.1f", b - a }')s" \
  "(scriptlets included); rpm said: $(echo "$out" | tr '\n' ' ')"
rpm -q vigil >/dev/null || fail "rpm -q vigil: not installed"
ok "rpm -q: $(rpm -q vigil)"

# %pre: the system user
pw=$(getent passwd vigil) || fail "%pre made no vigil user"
IFS=: read -r _ _ uid gid _ home shell <<<"$pw"
[ "$uid" -lt 1000 ] || fail "vigil is not a system user (uid $uid)"
[ "$home" = /nonexistent ] && [ ! -e /nonexistent ] || fail "vigil's home is $home"
[ "$shell" = /sbin/nologin ] || fail "vigil's shell is $shell"
getent group vigil >/dev/null || fail "%pre made no vigil group"
ok "%pre: system user vigil uid $uid gid $gid home $home shell $shell"

# every file as packaged: digest, size, mode, owner, group, and the configuration files marked
verify=$(rpm -V --nodeps vigil 2>&1 || true)
[ -z "$verify" ] || fail "rpm -V --nodeps vigil: $verify"
n=$(rpm -ql vigil | wc -l)
ok "rpm -V --nodeps vigil: all $n paths as packaged (digest, size, mode, owner, group)"
mode() { stat -c '%a %U:%G' "$1"; }
[ "$(mode /usr/sbin/vigil)" = "755 root:root" ] || fail "/usr/sbin/vigil: $(mode /usr/sbin/vigil)"
[ "$(mode /etc/vigil/vigil.conf)" = "640 root:vigil" ] || fail "vigil.conf: $(mode /etc/vigil/vigil.conf)"
[ "$(mode /usr/lib/systemd/system/vigil.service)" = "644 root:root" ] || fail "unit mode"
[ "$(rpm -qc vigil | sort | tr '\n' ' ')" = "/etc/default/vigil /etc/vigil/vigil.conf " ] ||
  fail "configuration files: $(rpm -qc vigil)"
ok "modes: /usr/sbin/vigil 755, /etc/vigil/vigil.conf 640 root:vigil; rpm -qc: $(rpm -qc vigil | tr '\n' ' ')"

# %post: the class-data sharing archive and the enablement
[ -s /var/cache/vigil/vigil.jsa ] || fail "%post made no class-data sharing archive"
ls /var/cache/vigil/jni/libjnidispatch-*.so >/dev/null || fail "%post did not unpack JNA's stub"
ok "%post: /var/cache/vigil/vigil.jsa ($(stat -c %s /var/cache/vigil/vigil.jsa) bytes), JNA's stub"
if [ $systemd = 1 ]; then
  systemctl daemon-reload
  [ "$(systemctl is-enabled vigil.service)" = enabled ] ||
    fail "%post did not enable the unit: $(systemctl is-enabled vigil.service)"
  # (Debian's /lib is /usr/lib: systemctl may name the unit by either path)
  [ "$(readlink -f /etc/systemd/system/multi-user.target.wants/vigil.service)" = \
    /usr/lib/systemd/system/vigil.service ] ||
    fail "enablement link: $(readlink /etc/systemd/system/multi-user.target.wants/vigil.service)"
  systemctl start vigil.service || fail "systemctl start with the example configuration"
  [ "$(systemctl show -p ActiveState --value vigil.service)" = inactive ] ||
    fail "started with the example configuration"
  ok "%post enabled the unit (/usr/lib/systemd/system); systemctl start skips the example"
fi

# rpm -e: %preun disables and stops, %postun drops the cache; nothing of the package stays
paths=$(rpm -ql vigil)
out=$(rpm -e vigil 2>&1) || fail "rpm -e: $out"
left=""
for p in $paths /var/cache/vigil /etc/systemd/system/multi-user.target.wants/vigil.service; do
  [ -d "$p" ] && [ "$p" != /etc/vigil ] && [ "$p" != /usr/share/vigil ] &&
    [ "$p" != /usr/share/doc/vigil ] && continue # shared folders stay
  [ -e "$p" ] || [ -L "$p" ] && left="$left $p"
done
[ -z "$left" ] || fail "rpm -e left:$left"
rpm -q vigil >/dev/null 2>&1 && fail "rpm -q still finds vigil"
if [ $systemd = 1 ]; then
  systemctl daemon-reload
  state=$(systemctl is-enabled vigil.service 2>&1 || true)
  [ "$state" != enabled ] || fail "rpm -e left the unit enabled"
fi
ok "rpm -e: %preun disabled the unit, files, unmodified configuration and cache removed"
echo "rpm install test: all checks passed"
