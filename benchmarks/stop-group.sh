# Sourced by the benchmarks (sh or bash): stops a daemon started under setsid, its whole process
# group. stop_group PGID [TENTHS]: SIGTERM to the group, up to TENTHS tenths of a second (100 by
# default) for its leader to exit, SIGKILL to whatever is left, then a wait for the leader (when it
# is the caller's child: its exit status is not wanted).
stop_group() {
  env kill -TERM -- -"$1" 2> /dev/null || true
  _stop_n=0
  while kill -0 "$1" 2> /dev/null && [ $_stop_n -lt "${2:-100}" ]; do
    sleep 0.1
    _stop_n=$((_stop_n + 1))
  done
  env kill -KILL -- -"$1" 2> /dev/null || true
  wait "$1" 2> /dev/null || true
}
