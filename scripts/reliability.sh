#!/usr/bin/env bash
# Reliability and security, all of it in one command (issue 8):
#   1. the swift tests that prove it: fault matrix, endless paging, kill-during-sync, config
#      parsing/permissions/credentials, the fuzz regressions, logging and redaction, the cache,
#      the sanitiser and hostile names in every view, bad input from people, the raw bytes of
#      `list --format table` and the dashboard, secrets end to end;
#   2. scripts/chaos.sh — 10,000 random keys and 200 resizes through tmux to the demo;
#   3. scripts/crash-safety.sh — 20 syncs SIGKILLed at random moments;
#   4. scripts/fuzz.sh — libFuzzer on the four decoders and the config parser, bounded.
# Every step runs even when an earlier one failed; the summary names each with its time.
#
#   scripts/reliability.sh [--quick] [--fuzz-seconds N]
#     --quick: 2,000 keys / 50 resizes, 5 killed syncs, 5 s of fuzzing a target (a smoke run)
#     default: the issue's figures, and 20 s of fuzzing a target
# Exit status: 0 every step passed, 1 a step failed, 2 bad usage.
set -uo pipefail
cd "$(dirname "$0")/.."

keys=10000 resizes=200 runs=20 fuzz_seconds=20
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) keys=2000 resizes=50 runs=5 fuzz_seconds=5; shift ;;
    --fuzz-seconds) fuzz_seconds=${2:-}; shift 2 ;;
    *) echo "reliability: unknown option $1 (use --quick or --fuzz-seconds N)" >&2; exit 2 ;;
  esac
done
case "$fuzz_seconds" in ''|*[!0-9]*|0) echo "reliability: --fuzz-seconds must be a whole number above 0" >&2; exit 2 ;; esac

export LANG=C.UTF-8 LC_ALL=C.UTF-8
suites=(
  # faults, losing nothing
  FaultMatrixTests EndlessPagingTests KillDuringSyncTests SyncAgainstSandboxTests TokenCacheTests RetryPolicyTests TransportTests
  # exact syncs while the data changes, and filters that never change the cache
  ExactWalkTests ChurnSyncTests ChurnTests FiltersKeepTheCacheTests RealWorldHTTPTests HTTPDateTests RateLimitStatusTests GzipTests GzipSyncTests
  # config and credentials
  ConfigParsingTests ConfigPermissionsTests ConfigCredentialTests ConfigTypoTests ConfigFuzzRegressionTests
  # fuzz regressions and decoders refusing bad bodies
  FuzzRegressionTests TOMLHeaderCheckTests MalformedBodyTests ErrorFallbackTests JSONParserTests
  # hostile text: the sanitiser and every place that draws vendor text
  SanitizerTests TableRenderingTests CreateFormRenderTests ScreenTests OutputTableTests OutputFormatTests
  # logs and secrets
  LoggingTests LoggingCommandTests SecretsEndToEndTests
  # people's input and the raw bytes on the terminal
  BadInputTests CreateCommandTests TerminalInjectionTests
)
filter=$(IFS='|'; echo "${suites[*]}")

names=() results=() times=()
step() { # name command...
  local name=$1; shift
  local started=$(date +%s)
  echo
  echo "=== reliability: $name"
  if "$@"; then results+=(PASS); else results+=(FAIL); fi
  names+=("$name")
  times+=("$(( $(date +%s) - started )) s")
}

build() { swift build --build-tests 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]' ; return "${PIPESTATUS[0]}"; }
tests() {
  local log
  log=$(mktemp)
  swift test --skip-build --filter "$filter" > "$log" 2>&1
  local status=$?
  grep -E '^(✘|✔ Suite|✔ Test run|✘ Test run)|error:' "$log" | grep -v '^✔ Test [^r]' | tail -60
  # A filter that matched nothing would pass vacuously.
  grep -qE 'Test run with [1-9][0-9]* tests' "$log" || { echo "reliability: no test ran (filter: $filter)" >&2; status=1; }
  rm -f "$log"
  return $status
}

step "swift build --build-tests" build
if [ "${results[0]}" = PASS ]; then
  step "swift test (${#suites[@]} suites)" tests
  step "chaos.sh --keys $keys --resizes $resizes" scripts/chaos.sh --keys "$keys" --resizes "$resizes"
  step "crash-safety.sh --runs $runs" scripts/crash-safety.sh --runs "$runs"
fi
step "fuzz.sh --seconds $fuzz_seconds" scripts/fuzz.sh --seconds "$fuzz_seconds"

echo
echo "=== reliability: summary"
failed=0
for i in "${!names[@]}"; do
  printf '  %-4s  %-40s %s\n' "${results[$i]}" "${names[$i]}" "${times[$i]}"
  [ "${results[$i]}" = PASS ] || failed=1
done
exit $failed
