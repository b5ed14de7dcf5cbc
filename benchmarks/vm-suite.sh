#!/bin/sh
# The benchmarks that need IPVS, in one boot of the lab VM (benchmarks/run starts it):
#   tests/lab/vm --out PARTS -- sh benchmarks/vm-suite.sh PARTS quick|full [NAME...]
# Each writes PARTS/NAME.json; a failing one is reported and the others still run.
set -u
here=$(cd "$(dirname "$0")" && pwd)
parts=$1
mode=$2
shift 2
names=${*:-"restore footprint reaction checks"}
status=0
uptime > "$parts/vm-uptime.txt"
# should a JVM die, its crash report stays with the parts (the VM's own files vanish with it)
export VIGIL_JAVA_OPTS="-XX:ErrorFile=$parts/hs_err_pid%p.log${VIGIL_JAVA_OPTS:+ $VIGIL_JAVA_OPTS}"
for name in $names; do
  echo "vm-suite: $name ($mode)" >&2
  case "$name:$mode" in
    restore:quick) sh "$here/ipvs-restore.sh" 1 "$parts/restore.json" 100 ;;
    restore:full) sh "$here/ipvs-restore.sh" 3 "$parts/restore.json" 1000 ;;
    footprint:quick) sh "$here/footprint.sh" 1 "$parts/footprint.json" 10 ;;
    footprint:full) sh "$here/footprint.sh" 3 "$parts/footprint.json" 100 ;;
    reaction:quick) sh "$here/reaction.sh" 1 "$parts/reaction.json" 4 ;;
    reaction:full) sh "$here/reaction.sh" 3 "$parts/reaction.json" 20 ;;
    # HTTP_GET real servers, delay_loop, warmup after Vigil's first check, window (seconds)
    checks:quick) sh "$here/checks-vs-keepalived.sh" http 100 5 30 60 "$parts/checks.json" ;;
    checks:full) sh "$here/checks-vs-keepalived.sh" http 1000 30 120 120 "$parts/checks.json" ;;
    *) echo "vm-suite: unknown benchmark $name" >&2; false ;;
  esac || { echo "vm-suite: $name failed" >&2; status=1; }
done
exit $status
