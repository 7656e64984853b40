#!/usr/bin/env bash
# Every whole-process figure of issue 7, then the in-process benchmarks when tokendeck-bench is
# built. Exits non-zero if any script could not measure (a missed target is reported, not fatal).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
status=0
for script in bench-startup bench-keys bench-sync bench-list-offline bench-terminal-bytes bench-memory; do
  echo "== $script"
  "$here/$script.sh" || { echo "$script: could not measure" >&2; status=1; }
done
bench="${TOKENDECK_BENCH_BIN:-$here/../.build-release/release/tokendeck-bench}"
if [[ -x "$bench" ]]; then
  echo "== tokendeck-bench"
  "$bench" || status=1
else
  echo "== tokendeck-bench: not built ($bench); swift build -c release --scratch-path .build-release --product tokendeck-bench"
fi
exit "$status"
