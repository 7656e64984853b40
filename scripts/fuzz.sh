#!/usr/bin/env bash
# Fuzzing: builds libFuzzer targets with `swiftc -sanitize=fuzzer,address` straight from the
# sources (Sources/TokenDeckCore as one instrumented module) — one per vendor decoder
# (Fuzz/DecoderFuzz.swift + Tests/TestSupport/FuzzReplay.swift, the harness the regression tests
# share) and one for the config parser (Fuzz/ConfigFuzz.swift with the config files, plus TOMLKit
# from .build when `swift build` has built it) — and runs each for a bounded time.
#
# Seeds are the NAME-* files of Tests/TokenDeckCoreTests/FuzzRegressions/. A crashing input is
# copied there as NAME-crash-HASH (FuzzRegressionTests and ConfigFuzzRegressionTests replay every
# file there on each `swift test`) and the script fails.
#
#   scripts/fuzz.sh [--seconds N] [--only NAME]     NAME: provisionr prefactor metokens truefoundry config
#   default 20 s a target; exit 0 no crash, 1 a crash or a build failure, 2 bad usage
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=20 only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) echo "fuzz: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$seconds" in ''|*[!0-9]*|0) echo "fuzz: --seconds must be a whole number above 0, not '$seconds'" >&2; exit 2 ;; esac
case "$only" in ''|provisionr|prefactor|metokens|truefoundry|config) ;;
  *) echo "fuzz: --only must be one of provisionr prefactor metokens truefoundry config, not '$only'" >&2; exit 2 ;; esac

out=${FUZZ_BUILD_DIR:-$PWD/.build/fuzz}
regressions=$PWD/Tests/TokenDeckCoreTests/FuzzRegressions
mkdir -p "$out" "$regressions"
core=$(find Sources/TokenDeckCore -name '*.swift' | sort)
replay=Tests/TestSupport/FuzzReplay.swift
config_files="Sources/TokenDeckSync/Config/ConfigError.swift Sources/TokenDeckSync/Config/KeyLocator.swift
  Sources/TokenDeckSync/Config/ShellWords.swift Sources/TokenDeckSync/Config/BaseURLRule.swift
  Sources/TokenDeckSync/Config/ConfigFileSecurity.swift"
flags=(-sanitize=fuzzer,address -parse-as-library -Onone -g -module-name TokenDeckFuzz -swift-version 5)
# (Swift 5 mode: the fuzz entry points are plain C callbacks, and Core builds the same either way.)

# The config parser proper needs TOMLKit (Swift over the C++ toml++). When the package build has
# produced its objects, link them; otherwise fuzz the TOML-free parts only and say so.
tomlkit_flags=()
tomlkit_note="config: TOMLKit not built (run swift build first) — fuzzing the TOML-free config code only"
modules=""
for candidate in .build/debug/Modules .build/debug; do
  [ -e "$candidate/TOMLKit.swiftmodule" ] && { modules=$candidate; break; }
done
ctoml_objects=$(find .build/debug/CTOML.build -name '*.o' 2>/dev/null | tr '\n' ' ')
if [ -n "$modules" ] && [ -n "$ctoml_objects" ] && ls .build/debug/TOMLKit.build/*.o > /dev/null 2>&1; then
  tomlkit_flags=(-D FUZZ_WITH_TOMLKIT -I "$modules" -Xcc -fmodule-map-file=.build/debug/CTOML.build/module.modulemap
                 .build/debug/TOMLKit.build/*.o $ctoml_objects -lstdc++)
  tomlkit_note="config: whole parser, TOMLKit linked from .build"
fi

# Every target imports TokenDeckCore, built once as its own (instrumented) module.
build_core_module() {
  mkdir -p "$out/core"
  echo "fuzz: building TokenDeckCore as a module"
  swiftc -sanitize=fuzzer,address -parse-as-library -Onone -swift-version 5 -wmo -module-name TokenDeckCore \
    -emit-module -emit-module-path "$out/core/TokenDeckCore.swiftmodule" -emit-object -o "$out/core/TokenDeckCore.o" \
    $core 2> "$out/build-core.log" || { echo "fuzz: building TokenDeckCore failed:" >&2; tail -30 "$out/build-core.log" >&2; return 1; }
}

build() { # name sources... -- extra flags...
  local name=$1; shift
  echo "fuzz: building $name"
  swiftc "${flags[@]}" "$@" -o "$out/fuzz-$name" 2> "$out/build-$name.log" || {
    echo "fuzz: building $name failed:" >&2; tail -30 "$out/build-$name.log" >&2; return 1; }
}

run() { # name
  local name=$1 corpus=$out/corpus-$1 artifacts=$out/artifacts-$1
  mkdir -p "$corpus" "$artifacts"
  rm -f "$artifacts"/*   # only this run's findings are copied
  seed_corpus "$name" "$corpus"
  echo "fuzz: running $name for ${seconds}s"
  # TOMLKit leaks a little per parse (TOMLTable(string:) on a syntax error, tableGetKeys in
  # CTOML's Table.cpp): a known fault of the dependency, harmless for a one-shot config load, so
  # leak detection is off for the config target only; every other ASan finding still fails.
  local leaks=1
  [ "$name" = config ] && leaks=0
  # The Swift runtime's backtracer would trip ASan while it reads the crashed process's memory;
  # off, a trap or abort is reported by libFuzzer itself ("deadly signal") with the input saved.
  if SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="detect_leaks=$leaks${ASAN_OPTIONS:+:$ASAN_OPTIONS}" "$out/fuzz-$name" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -detect_leaks=$leaks \
       -artifact_prefix="$artifacts/" -print_final_stats=1 > "$out/run-$name.log" 2>&1; then
    echo "fuzz: $name ok — $(grep -E 'stat::number_of_executed_units' "$out/run-$name.log" | awk '{print $2}') inputs"
    return 0
  fi
  echo "fuzz: $name CRASHED:" >&2
  grep -E 'ERROR|Fatal error|precondition|Assertion|deadly signal|SUMMARY' "$out/run-$name.log" | head -10 >&2
  for crash in "$artifacts"/crash-* "$artifacts"/timeout-* "$artifacts"/oom-*; do
    [ -e "$crash" ] || continue
    local target=$regressions/$name-$(basename "$crash")
    cp "$crash" "$target"
    echo "fuzz: copied $crash to $target; FuzzRegressionTests now replays it" >&2
  done
  return 1
}

# Seeds: the target's files in the regression directory (spec-shaped bodies, earlier crashers),
# added to the working corpus on every run.
seed_corpus() {
  local name=$1 corpus=$2 seed
  for seed in "$regressions/$name"-*; do
    [ -e "$seed" ] && cp "$seed" "$corpus/"
  done
  return 0
}

failed=()
started=$(date +%s)
if ! build_core_module; then
  echo "fuzz: FAIL: TokenDeckCore did not build" >&2
  exit 1
fi
for vendor in provisionr prefactor metokens truefoundry; do
  [ -z "$only" ] || [ "$only" = "$vendor" ] || continue
  upper=$(echo "$vendor" | tr a-z A-Z)
  if build "$vendor" -D "FUZZ_$upper" -I "$out/core" "$out/core/TokenDeckCore.o" $replay Fuzz/DecoderFuzz.swift; then
    run "$vendor" || failed+=("$vendor")
  else
    failed+=("$vendor (build)")
  fi
done
if [ -z "$only" ] || [ "$only" = config ]; then
  echo "fuzz: $tomlkit_note"
  config_sources=$config_files
  [ ${#tomlkit_flags[@]} -gt 0 ] && config_sources="$config_sources Sources/TokenDeckSync/Config/ConfigParser.swift Sources/TokenDeckSync/Config/Configuration.swift Sources/TokenDeckSync/Config/ConfiguredAccount.swift"
  if build config -I "$out/core" "$out/core/TokenDeckCore.o" $config_sources Fuzz/ConfigFuzz.swift ${tomlkit_flags[@]+"${tomlkit_flags[@]}"}; then run config || failed+=(config); else failed+=("config (build)"); fi
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAIL: ${failed[*]} ($(( $(date +%s) - started )) s)" >&2
  exit 1
fi
echo "fuzz: all targets ran ${seconds}s without a crash ($(( $(date +%s) - started )) s)"
