#!/usr/bin/env bash
# Bytes over loopback for a fresh full sync (`tokendeck list --all` into a fresh cache), once
# against `tokendeck sandbox` and once against `tokendeck sandbox --gzip`, with the sync times.
#
# What it counts: the delta of the `lo` line of /proc/net/dev around each sync. On loopback every
# packet sent is also received, so rx = tx = all the traffic of the sync in both directions (the
# client's requests and the sandbox's answers), with TCP/IP headers and ACKs. The requests are the
# same in both runs (the client always says `Accept-Encoding: gzip`), so plain minus gzip is what
# compression saved on the answers.
#
# Other traffic on loopback would be counted too: when `unshare -n` works (root, or user
# namespaces) the script re-runs itself in a private network namespace whose loopback carries only
# this sandbox and this client; otherwise it measures on the shared one and says so.
#
# Env: as bench-common.sh (TOKENDECK_BIN, BENCH_TOKENS default 100000).
set -euo pipefail

if [[ -z "${BENCH_GZIP_IN_NETNS:-}" ]] && command -v unshare > /dev/null && unshare -n true 2> /dev/null; then
  BENCH_GZIP_IN_NETNS=1 exec unshare -n "$BASH" "$0" "$@"
fi
if [[ -n "${BENCH_GZIP_IN_NETNS:-}" ]]; then
  # A new namespace's loopback may start down.
  ip link set lo up 2> /dev/null || true
  bench_gzip_where="a private network namespace (only this sandbox and client on lo)"
else
  bench_gzip_where="the shared loopback (other loopback traffic would be counted too)"
fi

source "$(dirname "$0")/bench-common.sh"
echo "counting on $bench_gzip_where"

# lo_counters: "rx_bytes rx_packets tx_bytes tx_packets" of the loopback interface.
lo_counters() {
  awk -F'[: ]+' '{ sub(/^ +/, "") } $1 == "lo" { print $2, $3, $10, $11 }' /proc/net/dev
}

# measure LABEL [sandbox options…]: one fresh full sync; sets rx_LABEL, tx_LABEL, rxp_LABEL, ms_LABEL, count_LABEL.
measure() {
  local label="$1"; shift
  bench_start_sandbox "$@"
  sleep 0.5
  local before after start elapsed
  read -r -a before < <(lo_counters)
  start=$(bench_now_ms)
  "$TOKENDECK_BIN" list --all --format ndjson --config "$bench_work/config.toml" \
    --cache "$bench_work/fresh-$label.sqlite" > "$bench_work/list-$label.ndjson" \
    || bench_fail "tokendeck list --all failed against the $label sandbox"
  elapsed=$(( $(bench_now_ms) - start ))
  read -r -a after < <(lo_counters)
  bench_stop_sandbox
  printf -v "rx_$label" '%s' $(( after[0] - before[0] ))
  printf -v "rxp_$label" '%s' $(( after[1] - before[1] ))
  printf -v "tx_$label" '%s' $(( after[2] - before[2] ))
  printf -v "ms_$label" '%s' "$elapsed"
  printf -v "count_$label" '%s' "$(wc -l < "$bench_work/list-$label.ndjson")"
}

[[ -n "$(lo_counters)" ]] || bench_fail "no lo line in /proc/net/dev"
measure plain
measure gzip --gzip
[[ "$count_plain" == "$count_gzip" ]] || bench_fail "the two syncs listed $count_plain and $count_gzip tokens"

mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }
echo "plain: $rx_plain bytes received on lo ($(mib "$rx_plain"), $rxp_plain packets; transmitted $tx_plain), sync $ms_plain ms, $count_plain tokens"
echo "gzip:  $rx_gzip bytes received on lo ($(mib "$rx_gzip"), $rxp_gzip packets; transmitted $tx_gzip), sync $ms_gzip ms, $count_gzip tokens"
echo "saved: $(( rx_plain - rx_gzip )) bytes ($(mib $(( rx_plain - rx_gzip )))), $(awk -v p="$rx_plain" -v g="$rx_gzip" 'BEGIN { printf "%.1f%%", 100 * (p - g) / (p > 0 ? p : 1) }') of the plain traffic"
# No target is set for this figure (issue 14 asks for it to be reported), so no met/MISSED.
echo "loopback bytes plain/gzip: $(awk -v p="$rx_plain" -v g="$rx_gzip" 'BEGIN { printf "%.1f", p / (g > 0 ? g : 1) }')x, sync time gzip/plain: $(awk -v p="$ms_plain" -v g="$ms_gzip" 'BEGIN { printf "%.2f", g / (p > 0 ? p : 1) }') [$bench_build, $(date -u +%Y-%m-%d)]"
