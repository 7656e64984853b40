#!/usr/bin/env bash
# Key press to finished frame in the real dashboard (120x40 pty, every token loaded, the sync held
# off): the dashboard's own per-frame timings (TOKENDECK_FRAME_LOG: update + render + draw) for
# moving, paging, typing a search and taking it back, and each filter key, $BENCH_KEY_ROUNDS rounds
# of each group (default 20: with 5, a group's "p99" was just its slowest frame).
# Frames a tick draws while a key is being answered count too. Target: p99 ≤ 5 ms.
source "$(dirname "$0")/bench-common.sh"
bench_dashboard_setup
export TOKENDECK_FRAME_LOG="$bench_work/frames.log"
out="$(python3 "$bench_root/scripts/bench-pty.py" keys "${bench_dashboard[@]}")" || bench_fail "could not drive the dashboard"
echo "$out" | grep -E '^(frame_ms\[|  phases\[)'
bench_verdict "key press to finished frame, p99 over every group (ms)" "$(echo "$out" | sed -n 's/^frame_ms_p99_all=//p')" 5 le
