#!/usr/bin/env bash
# `tokendeck list --offline --all --format ndjson` against `sqlite3 -json` reading the same cache
# table (`token`), median of $BENCH_RUNS each, output to /dev/null. Targets (issue 15): within 1.5x,
# and a peak RSS of `list --offline --all` of at most 100 MB (GNU time).
source "$(dirname "$0")/bench-common.sh"
command -v sqlite3 > /dev/null || bench_fail "needs sqlite3 (apt-get install sqlite3)"
bench_start_sandbox
cache="$bench_work/cache.sqlite"
bench_sync_cache "$cache"
bench_stop_sandbox
rows="$(sqlite3 "$cache" 'select count(*) from token')"
listed="$("$TOKENDECK_BIN" list --offline --all --trashed with --format ndjson --config "$bench_work/config.toml" --cache "$cache" | wc -l)"
echo "cache rows: $rows; tokendeck list --offline --trashed with prints $listed"
ours=() theirs=()
for _ in $(seq "$BENCH_RUNS"); do
  start=$(bench_now_ms)
  "$TOKENDECK_BIN" list --offline --all --format ndjson --config "$bench_work/config.toml" --cache "$cache" > /dev/null \
    || bench_fail "tokendeck list --offline failed"
  ours+=($(( $(bench_now_ms) - start )))
  start=$(bench_now_ms)
  sqlite3 -json "$cache" 'select * from token' > /dev/null || bench_fail "sqlite3 failed"
  theirs+=($(( $(bench_now_ms) - start )))
done
ours_ms="$(bench_median "${ours[@]}")" theirs_ms="$(bench_median "${theirs[@]}")"
rss_kb=0
if [[ -x /usr/bin/time ]]; then
  /usr/bin/time -f "%M" -o "$bench_work/rss" "$TOKENDECK_BIN" list --offline --all --trashed with --format ndjson \
    --config "$bench_work/config.toml" --cache "$cache" > /dev/null || bench_fail "tokendeck list --offline failed"
  rss_kb="$(tail -n 1 "$bench_work/rss")"
fi
echo "tokendeck list --offline --all --format ndjson: ${ours[*]} ms (median $ours_ms)"
echo "sqlite3 -json cache.sqlite 'select * from token': ${theirs[*]} ms (median $theirs_ms)"
bench_verdict "offline list / sqlite3 -json (ratio)" "$(awk -v a="$ours_ms" -v b="$theirs_ms" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 1) }')" 1.5 le
if (( rss_kb > 0 )); then bench_verdict "peak RSS of list --offline --all (MB)" "$(( rss_kb / 1024 ))" 100 le; fi
