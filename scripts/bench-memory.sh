#!/usr/bin/env bash
# Peak resident memory (VmHWM) of the dashboard with every token loaded, twice: from the cache with
# the background sync held off, and after a full background sync against an instant sandbox (a real
# start always syncs). The verdict is on the larger. Target ≤ 150 MB.
source "$(dirname "$0")/bench-common.sh"
bench_dashboard_setup
held="$(python3 "$bench_root/scripts/bench-pty.py" memory "${bench_dashboard[@]}")" || bench_fail "could not drive the dashboard"
held_kb="${held#peak_rss_kb=}"
bench_stop_sandbox
bench_start_sandbox
synced="$(python3 "$bench_root/scripts/bench-pty.py" memory-after-sync "${bench_dashboard[@]}")" || bench_fail "could not drive the dashboard through a sync"
synced_kb="${synced#peak_rss_kb=}"
echo "peak RSS, cache loaded, sync held off: $((held_kb / 1024)) MB"
echo "peak RSS, cache loaded, then a full sync: $((synced_kb / 1024)) MB"
peak_kb=$(( held_kb > synced_kb ? held_kb : synced_kb ))
bench_verdict "peak RSS of the dashboard with $BENCH_TOKENS tokens (MB)" "$((peak_kb / 1024))" 150 le
