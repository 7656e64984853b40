# Sourced by scripts/bench-*.sh: the binary to measure, a scratch directory, a sandbox child
# process and a pre-synced cache, and a clock in milliseconds.
#
# Env: TOKENDECK_BIN (default .build-release/release/tokendeck if built, else .build/debug/tokendeck),
#      BENCH_TOKENS (default 100000), BENCH_RUNS (repetitions where a script takes a median, default 5).
set -euo pipefail

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_TOKENS="${BENCH_TOKENS:-100000}"
BENCH_RUNS="${BENCH_RUNS:-5}"

bench_fail() { echo "$(basename "$0"): cannot measure: $*" >&2; exit 1; }

# The binary, and which build it is, said once.
if [[ -z "${TOKENDECK_BIN:-}" ]]; then
  if [[ -x "$bench_root/.build-release/release/tokendeck" ]]; then
    TOKENDECK_BIN="$bench_root/.build-release/release/tokendeck"
  else
    TOKENDECK_BIN="$bench_root/.build/debug/tokendeck"
  fi
fi
[[ -x "$TOKENDECK_BIN" ]] || bench_fail "no tokendeck binary at $TOKENDECK_BIN (build it, or set TOKENDECK_BIN)"
case "$TOKENDECK_BIN" in
  */release/*) bench_build=release ;;
  */debug/*) bench_build=debug ;;
  *) bench_build="unknown build" ;;
esac
echo "measuring $TOKENDECK_BIN ($bench_build), $BENCH_TOKENS tokens, $(nproc) cores"

bench_work="$(mktemp -d "${TMPDIR:-/tmp}/tokendeck-bench.XXXXXX")"
bench_sandbox_pid=""
bench_cleanup() {
  if [[ -n "$bench_sandbox_pid" ]]; then
    kill "$bench_sandbox_pid" 2>/dev/null || true
    wait "$bench_sandbox_pid" 2>/dev/null || true
  fi
  rm -rf "$bench_work"
}
trap bench_cleanup EXIT

# Milliseconds on a monotonic-enough clock.
bench_now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# bench_start_sandbox [extra sandbox options…]: starts `tokendeck sandbox` on a free port with
# $BENCH_TOKENS tokens and a config for its accounts at $bench_work/config.toml; sets
# $bench_origin and exports the tokens the config reads.
bench_start_sandbox() {
  rm -f "$bench_work/sandbox.out" "$bench_work/sandbox.err"
  "$TOKENDECK_BIN" sandbox --port 0 --tokens "$BENCH_TOKENS" --write-config "$bench_work/config.toml" "$@" \
    > "$bench_work/sandbox.out" 2> "$bench_work/sandbox.err" &
  bench_sandbox_pid=$!
  local waited=0
  until grep -q "Press Ctrl-C" "$bench_work/sandbox.out" 2>/dev/null; do
    kill -0 "$bench_sandbox_pid" 2>/dev/null || bench_fail "the sandbox exited: $(cat "$bench_work/sandbox.err")"
    (( waited++ < 1200 )) || bench_fail "the sandbox did not start within 120 s"
    sleep 0.1
  done
  bench_origin="$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$bench_work/sandbox.out" | head -n 1)"
  [[ -n "$bench_origin" ]] || bench_fail "no URL in the sandbox's output: $(cat "$bench_work/sandbox.out")"
  local line
  while read -r line; do export "${line#export }"; done < <(grep '^export ' "$bench_work/sandbox.out")
}

# bench_sync_cache PATH: fills a cache at PATH with every sandbox token (`tokendeck list --all`).
bench_sync_cache() {
  "$TOKENDECK_BIN" list --all --format ndjson --config "$bench_work/config.toml" --cache "$1" > /dev/null \
    || bench_fail "tokendeck list --all could not fill the cache $1"
}

# bench_median N…: the median of integers.
bench_median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

# bench_verdict NAME MEASURED TARGET OP: prints the line every script ends with; OP is le or ge.
bench_verdict() {
  local name="$1" measured="$2" target="$3" op="$4" met
  met="$(awk -v m="$measured" -v t="$target" -v op="$op" 'BEGIN { print ((op == "le" && m <= t) || (op == "ge" && m >= t)) ? "met" : "MISSED" }')"
  echo "$name: $measured (target $( [[ $op == le ]] && echo "≤" || echo "≥" ) $target) $met [$bench_build, $(date -u +%Y-%m-%d)]"
}

bench_stop_sandbox() {
  if [[ -n "$bench_sandbox_pid" ]]; then
    kill "$bench_sandbox_pid" 2>/dev/null || true
    wait "$bench_sandbox_pid" 2>/dev/null || true
    bench_sandbox_pid=""
  fi
}

# bench_dashboard_setup: a cache at $bench_work/cache.sqlite full of every sandbox token, then a
# sandbox answering after $BENCH_SYNC_LATENCY_MS (default 60000) so the dashboard's background
# sync does not run during the measurement (set it to 0 to measure with the sync competing).
bench_dashboard_setup() {
  bench_start_sandbox
  bench_sync_cache "$bench_work/cache.sqlite"
  bench_stop_sandbox
  bench_start_sandbox --latency "${BENCH_SYNC_LATENCY_MS:-60000}"
  bench_dashboard=("$TOKENDECK_BIN" --config "$bench_work/config.toml" --cache "$bench_work/cache.sqlite")
}
