#!/usr/bin/env bash
# The hardening checks of the test suite (scripts/test.sh runs them; safe on its own once
# scripts/setup.sh has run):
#   1. the C++ suite built with AddressSanitizer + UndefinedBehaviorSanitizer (build/asan),
#      and the Python suite against a module built the same way, the runtime preloaded;
#   2. the concurrency tests built with ThreadSanitizer (build/tsan);
#   3. each libFuzzer target for a few seconds (scripts/fuzz.sh).
# Each step stops at its first failure (functions run under `||` ignore set -e, hence the
# explicit returns). Usage: bash scripts/sanitize.sh [asan|tsan|fuzz]...   (default: all three)
# FUZZ_SMOKE_SECONDS sets the seconds per fuzzer (default 10); SANITIZE_PYTEST_ARGS the
# Python tests run under ASan (default: all of tests/python, the slow ones included).
set -euo pipefail
NEWSNLP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$NEWSNLP_ROOT"
PYTHON=${PYTHON:-$NEWSNLP_ROOT/.venv/bin/python}
jobs=${SANITIZE_JOBS:-$(nproc)}
log() { printf '[sanitize] %s\n' "$*" >&2; }

# GTest filter of the tests that run threads: the thread pool, and every test that calls a
# batch API (tokenize_batch, find_batch, the vectorizers and similarity search) with
# n_jobs > 1 or shares one object between threads.
TSAN_FILTER='Parallel.*:ThreadPool.*:WordSegmenter.SharedBetweenThreads:StopWords.*Threads'
TSAN_FILTER+=':CountVectorizer.ResultsDoNotDependOnThreads:CountVectorizer.VocabularyMergedByKeyRanges*:CountVectorizer.CountsRepeatsAsAPlainMapDoes'
TSAN_FILTER+=':Hashing.ThreadsAndModelFiles'
TSAN_FILTER+=':Matcher.Batch*:Matcher.OneMatcherSharedByManyThreads:Similarity.*'
TSAN_FILTER+=':Tokenizer.AssumeValidSkipsOnlyTheCheck:Tokenizer.InvalidUtf8NamesTheByte'
TSAN_FILTER+=':HostileInput.EveryClassOfInvalidUtf8NamesDocumentAndByte:SharedData/CorpusTest.*'

configure() {  # configure BUILD_DIR SANITIZERS EXTRA_CMAKE_ARGS...
  local build=$1 sanitizers=$2
  shift 2
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSNLP_SANITIZE="$sanitizers" \
    -DNEWSNLP_BUILD_TESTS=ON -DNEWSNLP_INSTALL=OFF "$@" >/dev/null
}

run_asan() {
  log "C++ tests and Python module with address,undefined (build/asan)"
  configure build/asan address,undefined -DNEWSNLP_BUILD_PYTHON=ON \
    -Dpybind11_DIR="$("$PYTHON" -m pybind11 --cmakedir)" -DPython_EXECUTABLE="$PYTHON" || return 1
  cmake --build build/asan -j "$jobs" || return 1
  ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    build/asan/tests/cpp/newsnlp_tests --gtest_brief=1 || return 1

  log "Python tests on the ASan module (python itself is not instrumented: runtime preloaded)"
  # libasan first, and libstdc++ with it: python does not link libstdc++, so without it
  # ASan finds no __cxa_throw to intercept and aborts at the first C++ exception.
  local asan stdcxx
  asan=$(${CXX:-c++} -print-file-name=libasan.so) || return 1
  stdcxx=$(${CXX:-c++} -print-file-name=libstdc++.so) || return 1
  [ -f "$asan" ] || { log "no libasan.so next to ${CXX:-c++}"; return 1; }
  # Reports go to files (pytest captures file descriptor 2, and a dying test takes the
  # capture with it); any report fails the step and is printed. Child processes inherit
  # all of this, so the CLI runs, examples, notebook kernels and Dask workers load the ASan
  # module too (the PYTHONPATH is absolute: they start in other folders) and report into
  # the same files; tests that start other programs (Chromium) drop LD_PRELOAD for them.
  local reports=$NEWSNLP_ROOT/build/asan/python-sanitizer
  rm -f "$reports".*
  local pytest_status=0
  # shellcheck disable=SC2086  # SANITIZE_PYTEST_ARGS is a list of arguments
  LD_PRELOAD="$asan $stdcxx" ASAN_OPTIONS=detect_leaks=0:log_path=$reports \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$reports \
    PYTHONPATH=$NEWSNLP_ROOT/build/asan/python "$PYTHON" -m pytest -q -p no:cacheprovider \
    ${SANITIZE_PYTEST_ARGS:-tests/python} || pytest_status=1
  if compgen -G "$reports.*" >/dev/null; then
    cat "$reports".* >&2
    return 1
  fi
  return $pytest_status
}

run_tsan() {
  log "concurrency tests with thread (build/tsan): $TSAN_FILTER"
  configure build/tsan thread -DNEWSNLP_BUILD_PYTHON=OFF || return 1
  cmake --build build/tsan -j "$jobs" --target newsnlp_tests || return 1
  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
    build/tsan/tests/cpp/newsnlp_tests --gtest_brief=1 --gtest_filter="$TSAN_FILTER"
}

run_fuzz() {
  log "libFuzzer smoke run, ${FUZZ_SMOKE_SECONDS:-10} s per target"
  FUZZ_JOBS=$jobs bash scripts/fuzz.sh "${FUZZ_SMOKE_SECONDS:-10}"
}

steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(asan tsan fuzz)
status=0
for step in "${steps[@]}"; do
  case $step in
    asan | tsan | fuzz) "run_$step" || { log "$step FAILED"; status=1; } ;;
    *) log "unknown step '$step' (asan, tsan, fuzz)"; exit 2 ;;
  esac
done
exit $status
