#!/usr/bin/env bash
# A full sync of the four vendors (`tokendeck list --all` into a fresh cache) against the plain
# sequential curl+jq walk of scripts/sandbox-walk.sh, both against the same sandbox in one run.
# tokendeck: median of $BENCH_RUNS; the walk: $BENCH_WALK_RUNS (default 1; it takes long). Target ≥ 3x.
source "$(dirname "$0")/bench-common.sh"
for tool in curl jq; do command -v "$tool" > /dev/null || bench_fail "needs $tool"; done
bench_start_sandbox
ours=()
for run in $(seq "$BENCH_RUNS"); do
  start=$(bench_now_ms)
  "$TOKENDECK_BIN" list --all --trashed with --format ndjson --config "$bench_work/config.toml" \
    --cache "$bench_work/fresh-$run.sqlite" > "$bench_work/list.ndjson" || bench_fail "tokendeck list --all failed"
  ours+=($(( $(bench_now_ms) - start )))
done
walks=()
for _ in $(seq "${BENCH_WALK_RUNS:-1}"); do
  start=$(bench_now_ms)
  "$bench_root/scripts/sandbox-walk.sh" "$bench_origin" > "$bench_work/walk.out" || bench_fail "scripts/sandbox-walk.sh failed"
  walks+=($(( $(bench_now_ms) - start )))
done
ours_ms="$(bench_median "${ours[@]}")" walk_ms="$(bench_median "${walks[@]}")"
echo "tokendeck list --all: ${ours[*]} ms (median $ours_ms), $(wc -l < "$bench_work/list.ndjson") tokens"
echo "scripts/sandbox-walk.sh: ${walks[*]} ms (median $walk_ms), $(tail -n 1 "$bench_work/walk.out")"
bench_verdict "full sync speed-up over the curl+jq walk (x)" "$(awk -v a="$walk_ms" -v b="$ours_ms" 'BEGIN { printf "%.1f", a / (b > 0 ? b : 1) }')" 3 ge
