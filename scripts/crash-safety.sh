#!/usr/bin/env bash
# Crash safety: 20 runs of `tokendeck list --all` against a sandbox with latency, each killed
# with SIGKILL at a random moment. Before each run a new token is created at Provisionr, so
# each account's "old" and "new" sets differ where they can. After each kill:
#   - `sqlite3 CACHE 'pragma integrity_check'` says ok,
#   - `tokendeck list --offline --all` exits 0, and every account holds exactly its old set or
#     its new full set (never a mix, never duplicates),
# and at the end an unkilled sync completes and the cache equals the server's truth.
#
#   scripts/crash-safety.sh [--runs N] [--seed S]      (TOKENDECK_BINARY overrides the binary)
set -euo pipefail
cd "$(dirname "$0")/.."

runs=20 seed=${CRASH_SEED:-$RANDOM}
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    *) echo "crash-safety: unknown option $1" >&2; exit 2 ;;
  esac
done
RANDOM=$seed

binary=${TOKENDECK_BINARY:-$PWD/.build/debug/tokendeck}
[ -x "$binary" ] || { echo "crash-safety: no binary at $binary (run swift build)" >&2; exit 2; }
for tool in sqlite3 jq; do command -v $tool >/dev/null || { echo "crash-safety: $tool is not installed" >&2; exit 2; }; done

work=$(mktemp -d)
sandbox_pid=""
cleanup() {
  [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "crash-safety: FAIL: $* (seed $seed)" >&2; exit 1; }

config=$work/config.toml cache=$work/cache.sqlite
"$binary" sandbox --port 0 --tokens 4000 --latency 10 --write-config "$config" > "$work/sandbox.out" 2>&1 &
sandbox_pid=$!
for _ in $(seq 200); do grep -q "Press Ctrl-C" "$work/sandbox.out" 2>/dev/null && break; sleep 0.05; done
grep -q "Press Ctrl-C" "$work/sandbox.out" || fail "the sandbox did not start: $(cat "$work/sandbox.out")"
eval "$(grep '^export ' "$work/sandbox.out")"
export HOME=$work XDG_CONFIG_HOME=$work XDG_CACHE_HOME=$work

td() { "$binary" "$@" --config "$config"; }
# "account<TAB>id" lines, sorted, of whatever `list` printed as ndjson.
pairs() { jq -r '[.account, .id] | @tsv' | LC_ALL=C sort; }
# The server's full set now, through a sync into a throwaway cache.
truth() {
  rm -f "$work/truth.sqlite"*
  td list --all --trashed with --format ndjson --cache "$work/truth.sqlite" | pairs
}
accounts=$(grep '^name = ' "$config" | cut -d'"' -f2)

td list --all --format ndjson --cache "$cache" > /dev/null || fail "the first sync failed"
td list --offline --all --trashed with --format ndjson --cache "$cache" | pairs > "$work/old"
[ -s "$work/old" ] || fail "the first sync cached nothing"
truth > "$work/truth"
cmp -s "$work/old" "$work/truth" || fail "the first sync did not cache the server's set"

started=$(date +%s)
kills_mid=0
for run in $(seq "$runs"); do
  created=$(td create --account sandbox-provisionr --name "crash $run" --description "crash-safety run $run" \
    --cache "$work/create.sqlite" --format json | jq -r '.id') || fail "run $run: create failed"
  # The server's set now is the last one plus the token just created.
  { cat "$work/truth"; printf 'sandbox-provisionr\t%s\n' "$created"; } | LC_ALL=C sort > "$work/new"
  cp "$work/new" "$work/truth"

  # The binary itself, not the td function: a SIGKILL must land on tokendeck, not on a subshell.
  "$binary" list --all --format ndjson --cache "$cache" --config "$config" > /dev/null 2>&1 &
  pid=$!
  # 0–1.8 s: a sync of 4,000 tokens at 10 ms a request lasts about 1.2 s, so kills land
  # before, during and after the cache writes.
  delay_ms=$(( RANDOM % 1800 ))
  sleep "$(printf '%d.%03d' $(( delay_ms / 1000 )) $(( delay_ms % 1000 )))"
  if kill -KILL "$pid" 2>/dev/null; then kills_mid=$(( kills_mid + 1 )); fi
  wait "$pid" 2>/dev/null || true

  check=$(sqlite3 "$cache" 'pragma integrity_check' 2>&1) || fail "run $run: sqlite3 could not open the cache: $check"
  [ "$check" = ok ] || fail "run $run: integrity_check says: $check"
  td list --offline --all --trashed with --format ndjson --cache "$cache" > "$work/offline.json" 2> "$work/offline.err" \
    || fail "run $run: list --offline exited $?: $(cat "$work/offline.err")"
  pairs < "$work/offline.json" > "$work/now"
  [ -z "$(cut -f2 "$work/now" | sort | uniq -d)" ] || fail "run $run: duplicate ids in the cache"

  outcome=""
  for account in $accounts; do
    grep -P "^\Q$account\E\t" "$work/now" > "$work/now.a" || true
    grep -P "^\Q$account\E\t" "$work/old" > "$work/old.a" || true
    grep -P "^\Q$account\E\t" "$work/new" > "$work/new.a" || true
    if cmp -s "$work/now.a" "$work/new.a"; then outcome+=" $account=new"
    elif cmp -s "$work/now.a" "$work/old.a"; then outcome+=" $account=old"
    else
      fail "run $run (killed after ${delay_ms} ms): $account holds $(wc -l < "$work/now.a") tokens, neither the old $(wc -l < "$work/old.a") nor the new $(wc -l < "$work/new.a")"
    fi
  done
  echo "crash-safety: run $run killed after ${delay_ms} ms: integrity ok;$outcome"
  cp "$work/now" "$work/old"
done

td list --all --format ndjson --cache "$cache" > /dev/null || fail "the final sync failed"
td list --offline --all --trashed with --format ndjson --cache "$cache" | pairs > "$work/now"
truth > "$work/new"
cmp -s "$work/now" "$work/new" || fail "after the final sync the cache differs from the server"
echo "crash-safety: $runs runs (SIGKILL sent to $kills_mid live processes), final sync complete: $(wc -l < "$work/now") tokens; $(( $(date +%s) - started )) s"
