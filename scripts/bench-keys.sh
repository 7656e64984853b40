#!/usr/bin/env bash
# Key press to finished frame in the real dashboard (120x40 pty, every token loaded, the sync held
# off): the dashboard's own per-frame timings (TOKENDECK_FRAME_LOG: update + render + draw) for
# moving, paging, typing a search and taking it back, and each filter key, $BENCH_KEY_ROUNDS rounds
# of each group (default 20: with 5, a group's "p99" was just its slowest frame).
# Frames a tick draws while a key is being answered count too. Target: p99 ≤ 5 ms.
# The sync is held off for the whole run: the dashboard's accounts point at a port nothing listens
# on, so its one sync fails at once. (Behind the latency sandbox of bench_dashboard_setup, requests
# time out after 30 s and are retried, and that work landed in whichever key group was running.)
# BENCH_KEYS_WITH_SYNC=1 keeps the latency sandbox instead.
source "$(dirname "$0")/bench-common.sh"
bench_dashboard_setup
if [[ "${BENCH_KEYS_WITH_SYNC:-0}" != 1 ]]; then
  sed "s#$bench_origin#http://127.0.0.1:9#g" "$bench_work/config.toml" > "$bench_work/offline.toml"
  grep -q "127.0.0.1:9/" "$bench_work/offline.toml" || bench_fail "could not point the config away from $bench_origin"
  bench_dashboard=("$TOKENDECK_BIN" --config "$bench_work/offline.toml" --cache "$bench_work/cache.sqlite")
fi
export TOKENDECK_FRAME_LOG="$bench_work/frames.log"
out="$(python3 "$bench_root/scripts/bench-pty.py" keys "${bench_dashboard[@]}")" || bench_fail "could not drive the dashboard"
echo "$out" | grep -E '^(frame_ms\[|  phases\[)'
bench_verdict "key press to finished frame, p99 over every group (ms)" "$(echo "$out" | sed -n 's/^frame_ms_p99_all=//p')" 5 le
