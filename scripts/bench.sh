#!/usr/bin/env bash
# Runs every Python benchmark (benchmarks/python/bench_*.py) on the shared corpora, after
# the same setup as scripts/test.sh plus the `bench` extra of pyproject.toml (spaCy, the
# baseline the tokenizer is compared with). Arguments go to every benchmark, e.g.
#   bash scripts/bench.sh --max-mb 2 --repeat 3      # a quick run
#   bash scripts/bench.sh --json /tmp/bench.json     # each script appends its own suffix
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$NEWSNLP_ROOT"

# The `bench` extra of pyproject.toml, installed unless every requirement already is
# (a quick check, so a second run starts at once).
install_bench_dependencies() {
  local deps
  deps=$("$VENV/bin/python" - "$NEWSNLP_ROOT/pyproject.toml" <<'PY'
import sys, tomllib
print("\n".join(tomllib.load(open(sys.argv[1], "rb"))["project"]["optional-dependencies"]["bench"]))
PY
)
  mapfile -t deps <<<"$deps"
  if ! "$VENV/bin/python" - "${deps[@]}" <<'PY' 2>/dev/null; then
import sys
from importlib.metadata import version
from packaging.requirements import Requirement
for spec in sys.argv[1:]:
    req = Requirement(spec)
    if not req.specifier.contains(version(req.name), prereleases=True):
        sys.exit(1)
PY
    log "installing benchmark dependencies: ${deps[*]}"
    "$VENV/bin/python" -m pip install -q "${deps[@]}"
  fi
}

install_bench_dependencies

load=$(cut -d' ' -f1 /proc/loadavg)
log "load average $load on $(nproc) CPUs$(awk -v l="$load" 'BEGIN { if (l > 0.5) print " — timings will be noisy" }')"

status=0
for bench in benchmarks/python/bench_*.py; do
  args=("$@")
  # --json OUT: one file per benchmark, OUT with the benchmark's name before the suffix.
  for i in "${!args[@]}"; do
    if [ "${args[$i]}" = "--json" ] && [ $((i + 1)) -lt ${#args[@]} ]; then
      out=${args[$((i + 1))]}
      args[$((i + 1))]="${out%.json}.$(basename "$bench" .py).json"
    fi
  done
  log "running $bench"
  "$VENV/bin/python" "$bench" "${args[@]}" || status=1
done
exit $status
