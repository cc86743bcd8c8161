#!/usr/bin/env bash
# The main job: sets everything up (quick when done), then runs the newsnlp command.
# With no arguments it analyses the built-in sample corpus.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
exec "$VENV/bin/newsnlp" "$@"
