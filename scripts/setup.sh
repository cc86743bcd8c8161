#!/usr/bin/env bash
# Installs what newsnlp needs on Debian 12/13 — Debian packages, a virtual environment in
# .venv, the Python package built from this checkout — and does nothing that is already
# done. Sourced by scripts/run.sh and scripts/test.sh; safe to run on its own.
set -euo pipefail

NEWSNLP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$NEWSNLP_ROOT/.venv"
STAMPS="$VENV/.newsnlp-stamps"
log() { printf '[setup] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_debian_packages() {
  local wanted=(g++ pkg-config libicu-dev libeigen3-dev libgtest-dev libgmock-dev chromium)
  # clang and its runtimes (libFuzzer, sanitizers) for scripts/fuzz.sh and sanitize.sh.
  wanted+=(clang libclang-rt-dev)
  # Debian's own python3 needs these to make a venv and build extensions.
  if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then wanted+=(python3-venv); fi
  if [ ! -f "$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["include"])')/Python.h" ]; then
    wanted+=(python3-dev)
  fi
  local missing=()
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Content hash of the given paths (files that exist), for "already done" checks.
hash_of() {
  (cd "$NEWSNLP_ROOT" && find "$@" -type f ! -path '*/__pycache__/*' -print0 2>/dev/null \
    | sort -z | xargs -0 sha1sum | sha1sum | cut -d' ' -f1)
}

install_python_dependencies() {
  [ -x "$VENV/bin/python" ] || { log "creating $VENV"; python3 -m venv "$VENV"; }
  mkdir -p "$STAMPS"
  local want
  want=$(hash_of pyproject.toml scripts/setup.sh)
  if [ "$(cat "$STAMPS/deps" 2>/dev/null)" != "$want" ]; then
    log "installing Python build and test dependencies"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    # Build requirements (installed here: the build runs without isolation, incrementally)
    # and runtime + test + dask extras (the suite tests newsnlp.dask), all read from
    # pyproject.toml.
    local deps
    deps=$("$VENV/bin/python" - "$NEWSNLP_ROOT/pyproject.toml" <<'PY'
import sys, tomllib
meta = tomllib.load(open(sys.argv[1], "rb"))
deps = meta["build-system"]["requires"] + meta["project"]["dependencies"]
extras = meta["project"]["optional-dependencies"]
deps += extras["test"] + extras["dask"] + ["cmake>=3.21", "ninja"]
print("\n".join(deps))
PY
)
    mapfile -t deps <<<"$deps"
    "$VENV/bin/python" -m pip install -q "${deps[@]}"
    echo "$want" >"$STAMPS/deps"
  fi
}

install_newsnlp() {
  local want
  want=$(hash_of CMakeLists.txt pyproject.toml cmake cpp python)
  if [ "$(cat "$STAMPS/package" 2>/dev/null)" != "$want" ] || ! "$VENV/bin/python" -c 'import newsnlp' 2>/dev/null; then
    log "building and installing newsnlp into $VENV (incremental in build/)"
    (cd "$NEWSNLP_ROOT" && "$VENV/bin/python" -m pip install -q --no-build-isolation --no-deps .)
    echo "$want" >"$STAMPS/package"
  fi
}

install_debian_packages
install_python_dependencies
export PATH="$VENV/bin:$PATH"
install_newsnlp
