#!/usr/bin/env bash
# Benchmark (not a test): VRRP failover time, a Vigil pair against a keepalived pair, on the host in
# network namespaces (no IPVS needed). Both pairs run the same keepalived.conf (one VRRP instance,
# one VIP, keepalived's defaults for everything else): `keepalived -P` and `vigil run --vrrp-only`.
#
#   benchmarks/failover.sh ROUNDS OUT.json      (as root, after mvn -DskipTests package)
#
# Per round and per case (VRRPv2 advert 1 s, VRRPv3 advert 0.1 s), each implementation in turn
# (who goes first alternates): fresh namespaces a (priority 200), b (priority 100) and a client on
# one bridge; a becomes master, b settles as backup, the client pings the VIP every 5 ms and
# tcpdump watches the client's wire. Then a dies: its bridge port goes down (a dead host answers
# nothing, its kernel included) and its whole process group gets SIGKILL (keepalived's VRRP child
# would otherwise get SIGTERM from its parent and hand over gracefully). From the capture:
#   garp_ms    a's death → b's first gratuitous ARP for the VIP
#   answer_ms  a's death → the first echo reply from the VIP with b's MAC (the VIP answers again)
#   after_advert_ms  a's last advert → b's first gratuitous ARP: RFC 5798 says a backup takes over
#              Master_Down_Interval (3 × advert + skew) after the last advert it heard; that floor
#              is floor_ms, and excess_ms = after_advert_ms - floor_ms
# Takeover time from death depends on where in the advert interval a died (uniform over one
# interval); after_advert_ms does not.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-3}
out=${2:-/dev/stdout}
vip=192.0.2.100
P=vbf$$
work=$(mktemp -d /tmp/vigil-failover.XXXXXX)
samples=$work/samples.tsv
: > "$samples"

log() { echo "failover: $*" >&2; }
now() { date +%s.%N; }

# shellcheck source=benchmarks/vrrp-pair.sh
. "$root/benchmarks/vrrp-pair.sh"
cleanup() { cleanup_namespaces; }
trap 'cleanup; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

conf() { pair_conf bench "$@"; } # version advert priority

capture_has() { grep -q "$1" "$work/cap.txt"; }

# one failover; appends a sample line to $samples
failover() { # impl version advert round
  local impl=$1 version=$2 advert=$3 round=$4
  topology a:192.0.2.1 b:192.0.2.2 c:192.0.2.3
  local pa pb ping tcpd t0 floor
  pa=$(start "$impl" a "$version" "$advert" 200)
  wait_for 60 "a ($impl) to hold the VIP" holds_vip a || return 1
  pb=$(start "$impl" b "$version" "$advert" 100)
  wait_for 60 "b ($impl) to be backup" in_log b "$(backup_pattern "$impl")" || return 1
  # let b hear a few adverts; it must not hold the VIP
  sleep "$(awk -v a="$advert" 'BEGIN { print 4 * a }')"
  if holds_vip b || ! holds_vip a; then log "$impl: no stable master/backup pair"; return 1; fi
  local amac bmac
  amac=$(mac a); bmac=$(mac b)
  ip netns exec $P-c tcpdump -i eth0 -n -e -tt -l 'arp or icmp or ip proto 112' \
    > "$work/cap.txt" 2> "$work/tcpdump.err" &
  tcpd=$!
  wait_for 10 "tcpdump" grep -q "listening on" "$work/tcpdump.err" || return 1
  ip netns exec $P-c ping -n -q -i 0.005 -c 4000 -w 30 $vip > /dev/null 2>&1 &
  ping=$!
  wait_for 10 "an advert from a on the wire" capture_has "$amac > .*VRRP" || return 1
  wait_for 10 "the VIP to answer" capture_has "$amac > .*$vip > 192.0.2.3: ICMP echo reply" || return 1
  sleep "$advert" # pings answered for a while; where in the advert interval a dies is random
  t0=$(now)
  ip -n $P-sw link set pa down
  kill -KILL -- -"$pa"
  floor=$(awk -v v="$version" -v a="$advert" 'BEGIN {
    skew = v == 2 ? (256 - 100) / 256 : (256 - 100) * a / 256
    printf "%.1f", (3 * a + skew) * 1000 }')
  wait_for 30 "b's echo reply for the VIP" capture_has "$bmac > .*$vip > 192.0.2.3: ICMP echo reply" || true
  kill "$ping" 2>/dev/null || true
  sleep 0.2
  kill "$tcpd" 2>/dev/null || true
  wait "$tcpd" "$ping" 2>/dev/null || true
  kill -KILL -- -"$pb" 2>/dev/null || true
  # timestamps from the capture: a's last advert before t0, b's first GARP and echo reply after
  awk -v t0="$t0" -v amac="$amac" -v bmac="$bmac" -v vip="$vip" -v impl="$impl" -v v="$version" \
    -v adv="$advert" -v round="$round" -v floor="$floor" '
    $2 == amac && /VRRP/ && $1 < t0 { last = $1 }
    $2 == bmac && /ARP/ && index($0, vip) && $1 >= t0 && !garp { garp = $1 }
    $2 == bmac && /ICMP echo reply/ && index($0, vip " > ") && $1 >= t0 && !answer { answer = $1 }
    END {
      if (!garp || !answer || !last) { print "incomplete" > "/dev/stderr"; exit 1 }
      printf "%s\t%d\t%s\t%d\t%.1f\t%.1f\t%.1f\t%.1f\n", impl, v, adv, round,
        (garp - t0) * 1000, (answer - t0) * 1000, (garp - last) * 1000, floor
    }' "$work/cap.txt" >> "$samples" || { log "$impl v$version: capture incomplete"; return 1; }
  log "$(tail -1 "$samples" | awk -F'\t' '{ printf "%s v%d advert %ss round %d: GARP %s ms, answers %s ms after death; GARP %s ms after the last advert (floor %s ms)", $1, $2, $3, $4, $5, $6, $7, $8 }')"
  cleanup
}

cases=${FAILOVER_CASES:-"2:1 3:0.1"}
failures=0
for round in $(seq 1 "$rounds"); do
  for c in $cases; do
    if [ $((round % 2)) = 1 ]; then order="vigil keepalived"; else order="keepalived vigil"; fi
    for impl in $order; do
      if ! failover "$impl" "${c%%:*}" "${c#*:}" "$round"; then
        # keep what shows why, go on with the next one; the JSON counts the failures
        keep=$(mktemp -d /tmp/vigil-failover-failed.XXXXXX)
        cp "$work"/*.log "$work"/*.conf "$work"/cap.txt "$keep"/ 2>/dev/null || true
        log "$impl v${c%%:*} round $round failed; logs in $keep"
        failures=$((failures + 1))
        cleanup
      fi
    done
  done
done

# JSON: the samples, and per case the medians and the ratios vigil / keepalived
[ -s "$samples" ] || { log "no failover completed"; exit 1; }
awk -F'\t' -v rounds="$rounds" -v failures="$failures" '
  function median(key, n,   i, j, t, arr) {
    n = cnt[key]; for (i = 1; i <= n; i++) arr[i] = val[key, i]
    for (i = 2; i <= n; i++) for (j = i; j > 1 && arr[j - 1] > arr[j]; j--) { t = arr[j]; arr[j] = arr[j - 1]; arr[j - 1] = t }
    return n % 2 ? arr[(n + 1) / 2] : (arr[n / 2] + arr[n / 2 + 1]) / 2
  }
  function add(key, x) { val[key, ++cnt[key]] = x }
  {
    c = "v" $2 "_" $3 "s"; cases[c] = 1; floor[c] = $8
    add(c SUBSEP $1 SUBSEP "garp", $5); add(c SUBSEP $1 SUBSEP "answer", $6); add(c SUBSEP $1 SUBSEP "after", $7)
    s = sprintf("{\"impl\": \"%s\", \"version\": %d, \"advert_s\": %s, \"round\": %d, \"garp_ms\": %s, \"answer_ms\": %s, \"after_advert_ms\": %s}", $1, $2, $3, $4, $5, $6, $7)
    samples = samples (samples ? ",\n    " : "") s
  }
  END {
    printf "{\n  \"benchmark\": \"failover\",\n  \"rounds\": %d,\n  \"failed_runs\": %d,\n  \"cases\": {", rounds, failures
    sep = ""
    for (c in cases) {
      printf "%s\n    \"%s\": {\"floor_ms\": %s", sep, c, floor[c]; sep = ","
      split("garp answer after", ms, " ")
      for (k = 1; k <= 3; k++) {
        m = ms[k]; vg = median(c SUBSEP "vigil" SUBSEP m); ka = median(c SUBSEP "keepalived" SUBSEP m)
        printf ", \"vigil_%s_ms\": %.1f, \"keepalived_%s_ms\": %.1f, \"ratio_%s\": %.3f", m, vg, m, ka, m, ka ? vg / ka : 0
      }
      printf ", \"vigil_excess_over_floor_ms\": %.1f, \"keepalived_excess_over_floor_ms\": %.1f}", \
        median(c SUBSEP "vigil" SUBSEP "after") - floor[c], median(c SUBSEP "keepalived" SUBSEP "after") - floor[c]
    }
    printf "\n  },\n  \"samples\": [\n    %s\n  ]\n}\n", samples
  }' "$samples" > "$out"
