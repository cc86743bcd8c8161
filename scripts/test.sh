#!/usr/bin/env bash
# Runs every test: the C++ suite (GoogleTest under CTest, including the find_package
# consumer in examples/cpp) and the Python suite (pytest). Sets everything up first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$NEWSNLP_ROOT"

status=0
build=build/cpp-tests
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DNEWSNLP_BUILD_TESTS=ON >/dev/null
cmake --build "$build"
(cd "$build" && ctest --output-on-failure -j "$(nproc)") || status=1

"$VENV/bin/python" -m pytest "$@" || status=1

# Hardening: the C++ suite and Python tests under ASan + UBSan, the concurrency tests under
# TSan, a few seconds of each fuzzer (scripts/sanitize.sh; NEWSNLP_SKIP_SANITIZERS=1 skips).
if [ "${NEWSNLP_SKIP_SANITIZERS:-0}" != 1 ]; then
  PYTHON="$VENV/bin/python" bash scripts/sanitize.sh || status=1
fi
exit $status
