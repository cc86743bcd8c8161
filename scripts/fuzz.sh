#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, clang with ASan + UBSan) and runs each for
# the given seconds, one after the other, under nice. Usage:
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 60 s, all targets)
# Each run starts from tests/fuzz/corpus/<target> and keeps what it finds in
# build/fuzz/corpus/<target>; crashes land in build/fuzz/artifacts/. Exits non-zero on the
# first target that crashes, leaks, times out or trips a sanitizer. FUZZ_JOBS sets -j of
# the build (default 2).
set -euo pipefail
NEWSNLP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$NEWSNLP_ROOT"
seconds=${1:-60}
shift || true
build=build/fuzz

CXX=${FUZZ_CXX:-clang++} cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DNEWSNLP_BUILD_FUZZERS=ON -DNEWSNLP_BUILD_TESTS=OFF -DNEWSNLP_INSTALL=OFF >/dev/null
nice -n 10 cmake --build "$build" -j "${FUZZ_JOBS:-2}"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(sed -n 's/^  \([a-z0-9_]*_fuzzer\)$/\1/p' tests/fuzz/CMakeLists.txt)
fi
mkdir -p "$build/artifacts"
"$build/tests/fuzz/write_model_seeds" "$build/corpus/model_loader_fuzzer"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for target in "${targets[@]}"; do
  corpus="$build/corpus/$target"
  mkdir -p "$corpus"
  seeds=()
  [ -d "tests/fuzz/corpus/$target" ] && seeds=("tests/fuzz/corpus/$target")
  echo "[fuzz] $target for ${seconds}s"
  log="$build/$target.log"
  # -rss_limit_mb / -malloc_limit_mb: a runaway allocation is a finding, not an OOM kill.
  if ! nice -n 10 "$build/tests/fuzz/$target" "$corpus" "${seeds[@]}" \
      -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2560 -malloc_limit_mb=2048 \
      -max_len=8192 -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" \
      >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "[fuzz] $target FAILED (log: $log)"
    exit 1
  fi
  # The last status line and the run's totals.
  grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -n 1
  grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$log" | tr '\n' ' '
  echo
done
echo "[fuzz] ${seconds}s per target"
echo "fuzz: ${#targets[@]} passed, 0 failed"
