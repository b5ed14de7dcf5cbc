#!/bin/bash
# install-test.sh DEB: installs the .deb into a throwaway root (the lab VM: the host's / read-only
# under a tmpfs overlay) and checks what an administrator would: the launcher runs, as root and as
# the vigil user; files, modes and the user are right; the unit verifies and is enabled but skips
# the commented example; a reinstall keeps an edited conffile; remove, then purge, leave nothing
# but what Debian policy allows (the vigil user). Prints "check: ..." per check; exit 1 on the
# first failure. Run by InstallIT: tests/lab/vm -- packaging/src/test/sh/install-test.sh DEB
set -euo pipefail
deb=$(readlink -f "$1")
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "check: $*"; }
[ "$(id -u)" = 0 ] || fail "run as root (in the lab VM)"
[ -n "${VIGIL_IN_VM:-}" ] || fail "refusing to install packages outside the lab VM"

# This root is thrown away: skip man-db's index rebuild, which takes minutes over the VM's 9p share.
rm -f /var/lib/man-db/auto-update

marker=$(mktemp /tmp/vigil-install-marker.XXXXXX)
sleep 1 # ctime granularity: everything after this is newer than the marker

# --- install ---------------------------------------------------------------------------------
home_before=$(ls -A /root)
dpkg -i "$deb" || fail "dpkg -i"
[ "$(ls -A /root)" = "$home_before" ] || fail "the package scripts wrote into root's home"
dpkg-query -W -f='${Status}\n' vigil | grep -qx 'install ok installed' || fail "not installed"
ok "dpkg -i installed vigil $(dpkg-query -W -f='${Version}' vigil)"

# (Every JVM start costs tens of seconds under the VM's emulation: each run checks several things.)
out=$(VIGIL_JAVA_OPTS=-Xlog:cds vigil --version) || fail "vigil --version: $out"
echo "$out" | grep -q '^vigil [0-9]' || fail "vigil --version said: $out"
echo "$out" | grep -q '^java 1[7-9]\|^java [2-9][0-9]' || fail "not on Java 17+: $out"
ok "vigil --version: $(echo "$out" | grep -v '^\[' | tr '\n' ' ')"
[ -s /var/cache/vigil/vigil.jsa ] || fail "no class-data sharing archive"
echo "$out" | grep -q 'Opened archive /var/cache/vigil/vigil.jsa' ||
  fail "the launcher does not use /var/cache/vigil/vigil.jsa"
ok "class-data sharing archive made and used ($(stat -c %s /var/cache/vigil/vigil.jsa) bytes)"
# mapped where it was made for: the JDK's default (1) moves the archives at every start
! echo "$out" | grep -q 'ArchiveRelocationMode == 1' ||
  fail "the launcher lets the JVM move the archives at every start: $(echo "$out" | grep -i reloc)"
ok "the archives are mapped at the address they were made for (ArchiveRelocationMode=0)"
# an empty restore applies nothing: it shows where the restore path's classes and JNA come from
out=$(VIGIL_JAVA_OPTS=-Xlog:class+load vigil ipvs restore </dev/null) || fail "vigil ipvs restore: $out"
echo "$out" | grep -q 'io.vigil.netlink.ipvs.text.RuleParser source: shared objects file' ||
  fail "the archive does not hold the rule parser: $(echo "$out" | grep RuleParser)"
stub=$(ls /var/cache/vigil/jni/libjnidispatch-*.so) || fail "JNA's stub is not in /var/cache/vigil/jni"
[ "$(stat -c %a "$stub")" = 644 ] || fail "$stub: mode $(stat -c %a "$stub")"
ok "vigil ipvs restore maps its classes from the archive; JNA's stub is $stub"
# a JDK upgraded after the package made the archive (here: its release file replaced) is not
# offered the old archive, which it would refuse with a warning at every command
jdk=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && jdk=$JAVA_HOME
sleep 1 # whole seconds: the release file's change time after the archive's
cp -p "$jdk/release" "$jdk/release.new" && mv "$jdk/release.new" "$jdk/release"
out=$(VIGIL_JAVA_OPTS=-Xlog:cds vigil --version 2>&1) || fail "vigil --version, JDK newer: $out"
echo "$out" | grep -q '^vigil [0-9]' || fail "vigil --version, JDK newer, said: $out"
! echo "$out" | grep -q 'Opened archive /var/cache/vigil/vigil.jsa' ||
  fail "an archive older than the runtime's files is still used"
touch /var/cache/vigil/vigil.jsa # as made again (the rest of this test uses it)
ok "an archive older than the runtime (its release file replaced) is left aside"
out=$(vigil check-config -f /etc/vigil/vigil.conf) || fail "vigil check-config on the example: $out"
echo "$out" | grep -q 'configuration OK' || fail "vigil check-config said: $out"
ok "vigil check-config -f /etc/vigil/vigil.conf: $out"

# the user the unit runs as
pw=$(getent passwd vigil) || fail "no vigil user"
IFS=: read -r _ _ uid gid _ home shell <<<"$pw"
[ "$uid" -lt 1000 ] || fail "vigil is not a system user (uid $uid)"
[ "$shell" = /usr/sbin/nologin ] || fail "vigil's shell is $shell"
[ "$home" = /nonexistent ] && [ ! -e /nonexistent ] || fail "vigil's home is $home"
getent group vigil >/dev/null || fail "no vigil group"
ok "system user vigil: uid $uid gid $gid home $home shell $shell"
out=$(setpriv --reuid=vigil --regid=vigil --init-groups vigil --help) ||
  fail "vigil --help as the vigil user: $out"
echo "$out" | grep -q 'status' || fail "vigil --help lists no status command: $out"
ok "the vigil user runs the launcher (jars readable); --help lists the commands"

# files and modes
mode() { stat -c '%a %U:%G' "$1"; }
[ "$(mode /usr/sbin/vigil)" = "755 root:root" ] || fail "/usr/sbin/vigil: $(mode /usr/sbin/vigil)"
[ "$(mode /etc/vigil/vigil.conf)" = "640 root:vigil" ] || fail "vigil.conf: $(mode /etc/vigil/vigil.conf)"
[ "$(mode /lib/systemd/system/vigil.service)" = "644 root:root" ] || fail "unit mode"
for f in /usr/share/man/man8/vigil.8.gz /usr/share/man/man5/vigil.conf.5.gz \
  /usr/share/bash-completion/completions/vigil /usr/share/doc/vigil/copyright \
  /usr/share/doc/vigil/changelog.gz /etc/default/vigil /usr/lib/sysusers.d/vigil.conf; do
  [ "$(mode "$f")" = "644 root:root" ] || fail "$f: $(mode "$f")"
done
[ -n "$(find /usr/share/vigil -name 'vigil-director-*.jar')" ] || fail "no director jar"
[ -z "$(find /usr/share/vigil ! -perm -0444)" ] || fail "unreadable files in /usr/share/vigil"
dpkg-query -W -f='${Conffiles}\n' vigil | grep -q '/etc/vigil/vigil.conf ' || fail "not a conffile"
ok "files and modes (/usr/sbin/vigil 755, vigil.conf 640 root:vigil conffile, docs 644)"
man -w vigil >/dev/null && man -w 5 vigil.conf >/dev/null || fail "man pages not found"
ok "man -w finds vigil(8) and vigil.conf(5)"
# the unit: clean, enabled, and skipped while the configuration is the example
out=$(systemd-analyze verify /lib/systemd/system/vigil.service 2>&1) || fail "verify: $out"
[ -z "$out" ] || fail "systemd-analyze verify said: $out"
ok "systemd-analyze verify: clean (ExecStart, man pages found)"
[ "$(readlink /etc/systemd/system/multi-user.target.wants/vigil.service)" = \
  /lib/systemd/system/vigil.service ] || fail "unit not enabled"
ok "unit enabled (multi-user.target.wants)"
cond=$(sed -n 's/^ExecCondition=//p' /lib/systemd/system/vigil.service)
if sh -c "$cond" 2>/dev/null; then fail "ExecCondition passes the commented example"; fi
ok "ExecCondition skips the commented example"

# --- reinstall (upgrade path): an edited conffile stays ----------------------------------------
echo "global_defs {" >>/etc/vigil/vigil.conf
echo "}" >>/etc/vigil/vigil.conf
dpkg -i --force-confold "$deb" >/dev/null || fail "reinstall"
grep -q '^global_defs {' /etc/vigil/vigil.conf || fail "reinstall lost the edited vigil.conf"
[ "$(mode /etc/vigil/vigil.conf)" = "640 root:vigil" ] || fail "reinstall changed vigil.conf's mode"
sh -c "$cond" || fail "ExecCondition refuses a live configuration"
ok "reinstall keeps the edited vigil.conf (and ExecCondition now passes)"

# --- remove, then purge ------------------------------------------------------------------------
paths=$(dpkg -L vigil)
dpkg --remove vigil >/dev/null || fail "dpkg --remove"
[ ! -e /usr/sbin/vigil ] && [ ! -e /usr/share/vigil ] || fail "remove left program files"
[ -e /etc/vigil/vigil.conf ] || fail "remove deleted the conffile (only purge may)"
ok "dpkg --remove: program gone, conffiles kept"
dpkg --purge vigil >/dev/null || fail "dpkg --purge"
left=""
for p in $paths; do
  [ -d "$p" ] && continue # shared folders such as /usr/share/doc stay
  [ -e "$p" ] || [ -L "$p" ] && left="$left $p"
done
for d in /etc/vigil /usr/share/vigil /usr/share/doc/vigil /var/cache/vigil; do
  [ -e "$d" ] && left="$left $d"
done
[ -z "$left" ] || fail "purge left:$left"
# Anything else created or changed since the install began where the package or its scripts could
# write, other than what policy allows: the user and group databases (the vigil user stays),
# man-db's cache of formatted pages (systemd-analyze verify ran man), and
# root's ~/.cache, where JNA unpacked its native library when this test ran `vigil --version` as
# root (the package scripts do not write there: checked right after dpkg -i). Only these folders:
# the VM's lower layer is the live host, whose /tmp and /var change under other processes.
allowed='^/var/cache/man/|^/root/\.cache$|^/etc/(passwd|group|shadow|gshadow)-?$|^/etc/\.pwd\.lock$|^/var/lib/systemd/deb-systemd-helper-(enabled|masked)$'
extra=$({
  find /etc /var/cache /var/lib/systemd /usr/lib/systemd \
    -xdev -path /var/cache/apt -prune -o \( -type f -o -type l \) -cnewer "$marker" -print
  find /root -xdev -mindepth 1 -maxdepth 1 -cnewer "$marker"
} 2>/dev/null | grep -Ev "$allowed" || true)
[ -z "$extra" ] || fail "purge left behind: $extra"
getent passwd vigil >/dev/null || fail "purge removed the vigil user (policy: keep it)"
ok "dpkg --purge: no file of the package, no enablement link, no cache left; the vigil user stays"
rm -f "$marker"
echo "install test: all checks passed"
