#!/usr/bin/env bash
# Bytes the dashboard writes to a 120x40 terminal for a one-row move (`j`) with every token
# loaded: median of 20 moves, each read until the output is quiet for 150 ms. Target ≤ 1 KB.
source "$(dirname "$0")/bench-common.sh"
bench_dashboard_setup
out="$(python3 "$bench_root/scripts/bench-pty.py" bytes "${bench_dashboard[@]}")" || bench_fail "could not drive the dashboard"
echo "$out" | sed -n 's/^bytes_per_move_all=/bytes per move: /p'
bench_verdict "terminal bytes per one-row move (median of 20)" "$(echo "$out" | sed -n 's/^bytes_per_move_median=//p')" 1024 le
